"""`make dist-check`: run the frozen program (dist/subscriber-desk) the way an office would, and fail on
the first step that does not work — a missing hidden import, data file, Qt plugin or font shows here,
not at a customer's desk.

Steps: --version; `db upgrade` and `demo-data --subscribers 200` into a new SQLite file; `billing run
--json`; a receipt PDF read back with pdftotext (Cyrillic and the amount in words: the fonts are
bundled); the window started offscreen to the sign-in window in Russian and closed (`gui --smoke`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))
import bundle  # noqa: E402

DIST = ROOT / "dist" / bundle.NAME
PROGRAM = DIST / (bundle.NAME + (".exe" if os.name == "nt" else ""))
DEMO_PASSWORD = "demo"  # app/demo/data.py: every demo login's password


class CheckFailed(Exception):
    pass


def run(args: list[str], env: dict[str, str], *, stdin: str = "", timeout: float = 600) -> str:
    started = time.perf_counter()
    done = subprocess.run(
        [str(PROGRAM), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - started
    print(f"  $ {PROGRAM.name} {' '.join(args)}  ({seconds:.1f} s, exit {done.returncode})")
    if done.returncode != 0:
        raise CheckFailed(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"  ok: {what}")


def check(work: Path) -> None:
    env = {
        **os.environ,
        "SUBSCRIBER_DESK_DATA_DIR": str(work / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": "",  # nothing from the checkout: the build must carry everything
    }
    env.pop("SUBSCRIBER_DESK_DATABASE", None)
    database = f"sqlite:///{(work / 'office.sqlite3').as_posix()}"

    version = run(["--version"], env).strip()
    expect(version == f"subscriber-desk {bundle.version()}", f"--version says {version!r}")

    run(["db", "upgrade", "--database", database], env)
    status = run(["db", "status", "--database", database], env)
    expect("current" in status.lower(), "the migrations ran from the bundled scripts")

    run(["demo-data", "--subscribers", "200", "--database", database], env, timeout=900)
    with sqlite3.connect(work / "office.sqlite3") as conn:
        subscribers = conn.execute("SELECT count(*) FROM subscriber").fetchone()[0]
        payment = conn.execute(
            "SELECT id FROM payment WHERE receipt_number IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
    expect(subscribers == 200, f"demo data: {subscribers} subscribers")
    expect(payment is not None, "demo data has a cash payment with a receipt")

    outcome = json.loads(run(["billing", "run", "--json", "--database", database], env))
    expect(isinstance(outcome, dict), f"billing run --json answered {sorted(outcome)[:6]}")

    receipt = work / "receipt.pdf"
    print_receipt = ["report", "receipt", "--payment", str(payment[0]), "--output", str(receipt)]
    run(
        [*print_receipt, "--login", "admin", "--database", database],
        env,
        stdin=DEMO_PASSWORD + "\n",
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(receipt), "-"], capture_output=True, text=True, check=True
    ).stdout
    expect("Квитанция" in text or "КВИТАНЦИЯ" in text, "the receipt is in Russian (Cyrillic extracted)")
    expect("рубл" in text, "the receipt has the amount in words")
    expect("ДУБЛИКАТ" in text, "a reprint is marked «ДУБЛИКАТ»")

    shown = run(["gui", "--smoke", "--language", "ru", "--database", database], env, timeout=180)
    expect("sign-in window" in shown, "the window opened to the sign-in")
    expect("Войти" in shown or "Вход" in shown, "the sign-in window speaks Russian")


def main() -> int:
    if not PROGRAM.exists():
        print(f"dist-check: {PROGRAM} is not built (make dist)", file=sys.stderr)
        return 1
    size = sum(f.lstat().st_size for f in DIST.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"dist-check: {DIST} ({size / 1e6:.0f} MB unpacked)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dist-check-") as folder:
        try:
            check(Path(folder))
        except (CheckFailed, subprocess.SubprocessError, ValueError) as exc:
            print(f"dist-check FAILED: {exc}", file=sys.stderr)
            return 1
    print(f"dist-check: every step passed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
