"""Maintain the Russian catalog: `update` re-extracts strings (pyside6-lupdate) and compiles the .qm
(pyside6-lrelease); `todo` lists unfinished entries as JSON; `fill FILE` takes a JSON object
{"context": {"source": "translation"}} and writes those translations into the catalog (a plural —
`tr("%n …", "", n)` — takes a list of the three Russian forms: one, few, many).

usage: .venv/bin/python tools/i18n.py update | todo | fill translations.json
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "subscriber_desk_ru.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    """The program's Python files known to git (`git add` a new file before `make translations`), so
    work in progress beside the checkout does not leak into the catalog."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "app/*.py"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = [str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py")]
    return sorted(name for name in listed if "/migrations/" not in name)


def lupdate(target: Path) -> None:
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            "ru_RU",
            *sources(),
            "-ts",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def lrelease(source: Path, target: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(source), "-qm", str(target)], check=True, capture_output=True
    )


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    tree = ET.parse(ts)
    return [
        (context.findtext("name") or "", message)
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    ]


def todo() -> dict[str, dict[str, str]]:
    pending: dict[str, dict[str, str]] = {}
    for context, message in messages(TS):
        translation = message.find("translation")
        if translation is None:
            continue
        forms = translation.findall("numerusform")
        empty = any(not (form.text or "").strip() for form in forms) if forms else not translation.text
        if translation.get("type") == "unfinished" or empty:
            pending.setdefault(context, {})[message.findtext("source") or ""] = ""
    return pending


def fill(path: Path) -> int:
    wanted: dict[str, dict[str, str | list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    filled = 0
    for context in tree.getroot().iter("context"):
        table = wanted.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            text = table.get(message.findtext("source") or "")
            translation = message.find("translation")
            if not text or translation is None:
                continue
            forms = translation.findall("numerusform")
            if isinstance(text, list) != bool(forms) or (forms and len(text) != len(forms)):
                raise SystemExit(f"{message.findtext('source')!r}: give {len(forms) or 'no'} plural forms")
            if isinstance(text, list):
                for form, value in zip(forms, text, strict=True):
                    form.text = value
            else:
                translation.text = text
            translation.attrib.pop("type", None)
            filled += 1
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        lupdate(TS)
        lrelease(TS, QM)
        print(f"{TS.name}: {sum(len(v) for v in todo().values())} unfinished")
    elif command == "todo":
        print(json.dumps(todo(), ensure_ascii=False, indent=1))
    elif command == "fill":
        print(f"{fill(Path(sys.argv[2]))} filled")
        lupdate(TS)
        lrelease(TS, QM)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
