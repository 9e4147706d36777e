"""Start to the sign-in window: the frozen build (dist/subscriber-desk, `make dist`) next to the same
program run from the source checkout, and a bare PySide6 dialog as the floor — each started as a new
process with `gui --smoke`, alternating, on a prepared embedded database of `--subscribers` demo
subscribers. Two wall-clock times from the moment the process is started:
- "window up": the sign-in window shown and painted (the line `smoke: window up` on its output) —
  the bare dialog prints the same line once it is shown and painted;
- "ready": the whole process, until it quits with the database opened and its schema checked behind
  the window (the sign-in goes to the database from then on).

Then, in this process, sign-in to a usable main window: the password checked, the main window built,
shown and painted with the role's first section — for each demo role, next to building and showing a
bare QMainWindow.

usage: .venv/bin/python bench/startup.py [--runs 9] [--subscribers 3000] [--database URL]
(`--database`: sign in on that database instead, e.g. a large PostgreSQL one made with `demo-data`;
its demo logins and password must exist there.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "subscriber-desk" / ("subscriber-desk" + (".exe" if os.name == "nt" else ""))
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication(sys.argv)
dialog = QDialog(); dialog.setWindowTitle("bare"); dialog.show()
app.processEvents()
print("smoke: window up", flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `command` to its "window up" line, and to its exit."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env
    )
    assert process.stdout is not None
    up = None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if up is None and line.startswith("smoke: window up"):
            up = time.perf_counter() - started
    process.wait(timeout=300)
    done = time.perf_counter() - started
    if process.returncode != 0 or up is None:
        errors = process.stderr.read() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{''.join(lines)}\n{errors}")
    return up, done


def sign_in_to_main_window(database: str, runs: int) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.bootstrap import open_database
    from app.demo.data import DEMO_LOGINS, DEMO_PASSWORD
    from app.services.admin.auth import authenticator_for
    from app.views.main_window import MainWindow

    app = QApplication.instance() or QApplication([])

    def shown(window: QMainWindow) -> None:
        window.show()
        window.repaint()
        app.processEvents()

    def bare() -> None:
        window = QMainWindow()
        shown(window)
        window.close()

    db = open_database(database)
    results: dict[str, list[float]] = {"bare QMainWindow": []}
    for _ in range(runs):
        started = time.perf_counter()
        bare()
        results["bare QMainWindow"].append(time.perf_counter() - started)
        for login in DEMO_LOGINS:
            started = time.perf_counter()
            actor = authenticator_for(db, default=True).authenticate(login, DEMO_PASSWORD)
            window = MainWindow(db, actor)
            shown(window)
            results.setdefault(login, []).append(time.perf_counter() - started)
            window.close()
            window.deleteLater()
            app.processEvents()
    floor = statistics.median(results["bare QMainWindow"])
    print(f"sign-in to the main window on {db.display_name}, median of {runs} runs:")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"  {name:32} {median * 1000:7.0f} ms  ×{median / floor:.0f} the bare window")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--subscribers", type=int, default=3000)
    parser.add_argument("--database", help="sign in on this database instead of the prepared one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        work = Path(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SUBSCRIBER_DESK_DATA_DIR": str(work / "data")}
        database = f"sqlite:///{(work / 'office.sqlite3').as_posix()}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "demo-data",
                "--subscribers",
                str(args.subscribers),
                "--database",
                database,
            ],
            check=True,
            env=env,
            capture_output=True,
            cwd=ROOT,
        )
        smoke = ["gui", "--smoke", "--language", "ru", "--database", database]
        commands = {
            "bare PySide6 dialog": [sys.executable, "-c", BARE],
            "source (python -m app)": [sys.executable, "-m", "app", *smoke],
        }
        if FROZEN.exists():
            commands["frozen (dist/subscriber-desk)"] = [str(FROZEN), *smoke]
        else:
            print(f"{FROZEN} is not built (make dist): the source run only")
        for command in commands.values():  # warm the file cache: every process starts "second time"
            timed(command, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        os.environ.update({"QT_QPA_PLATFORM": "offscreen", "SUBSCRIBER_DESK_DATA_DIR": str(work / "data")})
        sign_in_to_main_window(args.database or database, args.runs)
    print(f"start to the sign-in window, median of {args.runs} runs ({args.subscribers} subscribers):")
    floor = statistics.median(up for up, _done in times["bare PySide6 dialog"])
    for name, values in times.items():
        ups = [up for up, _done in values]
        up = statistics.median(ups)
        ready = statistics.median(done for _up, done in values)
        print(
            f"  {name:32} window up {up:5.2f} s ({min(ups):.2f}–{max(ups):.2f}) ×{up / floor:.1f} the bare"
            f" dialog;  whole process, database open {ready:5.2f} s"
        )


if __name__ == "__main__":
    main()
