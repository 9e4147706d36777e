"""The import arrows of docs/architecture.md, checked over every module of the program: a module of a
lower layer or group that imports a higher one fails here, with the offending line named."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# The parts of the program, outermost last. A part may import itself and the parts listed for it.
FOUNDATION = {
    "app",
    "app.clock",
    "app.errors",
    "app.money",
    "app.models",
    "app.db",
    "app.schema",
    "app.backup",
    "app.secrets",
    "app.resources",
}
PARTS: dict[str, set[str]] = {
    "foundation": set(),
    "app.migrations": {"foundation"},
    "app.services": {"foundation"},
    "app.adapters": {"foundation", "app.services"},
    "app.demo": {"foundation", "app.services"},
    "app.printing": {"foundation", "app.services"},
    "app.views": {"foundation", "app.services", "app.printing", "app.bootstrap", "app.demo"},
    "app.bootstrap": {"foundation", "app.services", "app.adapters"},
    # The command line prints documents too (a receipt reprinted as PDF), as the views do.
    "app.cli": {
        "foundation",
        "app.services",
        "app.adapters",
        "app.demo",
        "app.bootstrap",
        "app.views",
        "app.printing",
    },
    "app.__main__": {"app.cli"},
}

# Capability groups inside the domain (app/services/<group>/): the arrows go one way only.
GROUPS: dict[str, set[str]] = {
    "kernel": set(),
    "admin": {"kernel"},
    "notifications": {"kernel", "admin"},
    "dispatch": {"kernel", "admin"},
    "billing": {"kernel", "admin", "notifications", "dispatch"},
    "cashdesk": {"kernel", "admin", "notifications", "dispatch", "billing"},
    # The card shows what the network holds (provisioning); the outbox itself is filled by the
    # database's triggers, so the groups that change services need not import it.
    "frontdesk": {"kernel", "admin", "notifications", "dispatch", "billing", "provisioning"},
    "provisioning": {"kernel"},
}

# The domain talks to nothing outside the process (adapters do) and knows no GUI.
DOMAIN_FORBIDDEN = ("PySide6", "smtplib", "socket", "ssl", "http", "urllib.request", "urllib.error", "ftplib")
# Widgets never hold SQL: what a view may take from SQLAlchemy is a database URL.
VIEW_SQLALCHEMY_ALLOWED = {"URL", "make_url"}


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(
    source: str, module: str, *, is_package: bool = False
) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, imported module, names) for every import, in functions and TYPE_CHECKING blocks too."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, (), False
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = tuple(a.name for a in node.names)
            yield node.lineno, base, names, False
            for name in names:  # `from app.services import cashdesk` imports the group
                yield node.lineno, f"{base}.{name}", (), True


def part_of(module: str) -> str | None:
    if not module.startswith("app"):
        return None
    if any(module == f or module.startswith(f + ".") for f in FOUNDATION - {"app"}) or module == "app":
        return "foundation"
    for part in sorted(PARTS, key=len, reverse=True):
        if module == part or module.startswith(part + "."):
            return part
    return None


def group_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 3 and parts[:2] == ["app", "services"]:
        return parts[2]
    return None


def wrong_way(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """Every import of `module` (its text `source`) that goes against the arrows."""
    problems: list[str] = []
    here = part_of(module)
    group = group_of(module)
    for line, target, names, is_name in imports(source, module, is_package=is_package):
        where = f"{module}:{line} imports {target}"
        if here == "app.services" and any(
            target == f or target.startswith(f + ".") for f in DOMAIN_FORBIDDEN
        ):
            problems.append(f"{where}: the domain does no network I/O and knows no Qt (use a port)")
        if here == "app.views" and target == "sqlalchemy" and set(names) - VIEW_SQLALCHEMY_ALLOWED:
            problems.append(f"{where}: views call domain functions, never SQL")
        if here == "app.views" and target.startswith("sqlalchemy.") and not is_name:
            problems.append(f"{where}: views call domain functions, never SQL")
        there = part_of(target)
        if there is None or here is None:
            continue
        if there != here and there not in PARTS[here]:
            problems.append(
                f"{where}: {here} may import only {sorted(PARTS[here]) or 'nothing'} of the program"
            )
            continue
        target_group = group_of(target)
        if here == there == "app.services" and group and target_group and target_group != group:
            if target_group not in GROUPS:
                problems.append(f"{where}: {target_group} is not a known domain group")
            elif target_group not in GROUPS[group]:
                problems.append(f"{where}: the {group} group may import only {sorted(GROUPS[group])}")
    return problems


def program_modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "versions" not in p.parts)


def test_every_import_goes_the_allowed_way() -> None:
    problems = [
        problem
        for path in program_modules()
        for problem in wrong_way(
            module_name(path), path.read_text("utf-8"), is_package=path.name == "__init__.py"
        )
    ]
    assert problems == []


def test_every_domain_group_is_known_and_has_a_docstring() -> None:
    groups = {p.name for p in (APP / "services").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert groups == set(GROUPS)
    for name in groups:
        assert ast.get_docstring(ast.parse((APP / "services" / name / "__init__.py").read_text("utf-8")))


@pytest.mark.parametrize(
    ("module", "source", "complaint"),
    [
        ("app.services.kernel.history", "from app.services.billing.run import run_day", "kernel group"),
        ("app.services.dispatch.orders", "from app.services.cashdesk import payments", "dispatch group"),
        (
            "app.services.billing.run",
            "def f():\n    from app.services.frontdesk.card import x",
            "billing group",
        ),
        ("app.services.admin.staff", "from ..cashdesk.shifts import open_shift", "admin group"),
        (
            "app.services.cashdesk.payments",
            "from app.adapters.smtp_email import SmtpTransport",
            "app.services may",
        ),
        ("app.services.cashdesk.payments", "from app.demo.data import DEMO_PASSWORD", "app.services may"),
        ("app.services.billing.run", "import urllib.request", "network I/O"),
        ("app.services.billing.run", "from PySide6.QtCore import QObject", "knows no Qt"),
        ("app.models.ledger", "from app.services.kernel.text import tidy", "foundation may"),
        ("app.printing.receipt", "from app.views.printing import preview", "app.printing may"),
        ("app.views.main_window", "from sqlalchemy import select", "never SQL"),
        ("app.views.main_window", "from sqlalchemy.orm import Session", "never SQL"),
        ("app.demo.data", "from app.views.application import run_gui", "app.demo may"),
    ],
)
def test_the_check_catches_a_wrong_way_import(module: str, source: str, complaint: str) -> None:
    problems = wrong_way(module, source)
    assert problems, f"{module}: {source!r} was let through"
    assert complaint in problems[0]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("app.services.cashdesk.payments", "from app.services.billing.debt_policy import after_payment"),
        ("app.services.frontdesk.signing", "from app.services.admin.tariffs import price_on"),
        ("app.services.kernel.history", "from app.services.kernel.permissions import Actor"),
        ("app.views.main_window", "from sqlalchemy import URL"),
        ("app.bootstrap", "from app.adapters.reminder_transports import transports_from_settings"),
    ],
)
def test_the_check_lets_the_allowed_arrows_through(module: str, source: str) -> None:
    assert wrong_way(module, source) == []
