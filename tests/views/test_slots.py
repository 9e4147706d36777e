"""A button's `clicked(bool)` (and an action's `triggered(bool)`) hands `checked` to a slot that has
any parameter: `take_payment(contract=None)` once received False and failed on every click. Every
such slot in the views takes no parameter (a lambda in between when it needs one)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"
CHECKED_SIGNALS = ("clicked", "triggered", "toggled")
CONNECT = re.compile(r"\.(" + "|".join(CHECKED_SIGNALS) + r")\.connect\(self\.(\w+)\)")


def slots_taking_checked(source: str) -> list[str]:
    tree = ast.parse(source)
    methods: dict[str, list[ast.FunctionDef]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            methods.setdefault(node.name, []).append(node)
    found = []
    for signal, name in CONNECT.findall(source):
        for method in methods.get(name, []):
            parameters = method.args.args[1:] + method.args.kwonlyargs
            if parameters or method.args.vararg:
                found.append(f"{signal} → {name}({', '.join(a.arg for a in parameters)})")
    return found


def test_no_slot_of_a_checked_signal_takes_a_parameter() -> None:
    problems = {
        str(path.relative_to(VIEWS)): found
        for path in sorted(VIEWS.rglob("*.py"))
        if (found := slots_taking_checked(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_check_finds_the_cash_desk_bug() -> None:
    source = (
        "class Page:\n"
        "    def build(self):\n"
        "        self.pay_button.clicked.connect(self.take_payment)\n"
        "    def take_payment(self, contract=None):\n"
        "        pass\n"
    )
    assert slots_taking_checked(source) == ["clicked → take_payment(contract)"]
