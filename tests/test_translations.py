"""The Russian catalog is complete, matches the source strings and is compiled."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
assert _spec and _spec.loader
i18n_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_tool)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def translated(message) -> str:
    """The translation; a plural's forms joined by " | "."""
    forms = message.findall("translation/numerusform")
    if forms:
        return " | ".join((form.text or "").strip() for form in forms)
    return message.findtext("translation") or ""


def catalog(ts: Path) -> dict[tuple[str, str], str]:
    return {
        (context, message.findtext("source") or ""): translated(message)
        for context, message in i18n_tool.messages(ts)
    }


def test_no_entry_is_unfinished() -> None:
    assert i18n_tool.todo() == {}
    assert "unfinished" not in i18n_tool.TS.read_text(encoding="utf-8")


def test_catalog_holds_exactly_the_strings_of_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    i18n_tool.lupdate(fresh)
    missing = set(catalog(fresh)) - set(catalog(i18n_tool.TS))
    assert not missing, f"run `make translations` and translate: {sorted(missing)[:5]}"
    stale = set(catalog(i18n_tool.TS)) - set(catalog(fresh))
    assert not stale, f"entries no longer in the source: {sorted(stale)[:5]}"


def test_compiled_catalog_is_current(tmp_path: Path) -> None:
    compiled = tmp_path / "ru.qm"
    i18n_tool.lrelease(i18n_tool.TS, compiled)
    assert compiled.read_bytes() == i18n_tool.QM.read_bytes(), "run `make translations`"


@pytest.mark.parametrize(("key", "translation"), sorted(catalog(i18n_tool.TS).items()))
def test_translation_keeps_placeholders_and_accelerators(key: tuple[str, str], translation: str) -> None:
    source = key[1]
    assert translation.strip(), key
    if "%n" in source:  # a plural: every form says the number
        assert all(form and "%n" in form for form in translation.split(" | ")), key
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), key
    assert ("&" in source) == ("&" in translation), key
