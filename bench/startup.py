"""Start to the sign-in window: the frozen build (dist/subscriber-desk, `make dist`) next to the same
program run from the source checkout, and a bare PySide6 dialog as the floor — each started as a new
process with `gui --smoke` (it quits as soon as the sign-in window is up), alternating, on a prepared
embedded database of `--subscribers` demo subscribers. Wall-clock time of the whole process (imports,
Qt's start, the database opened and its schema checked, the window shown, the exit).

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
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


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
    if not FROZEN.exists():
        raise SystemExit(f"{FROZEN} is not built: make dist")
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
            "frozen (dist/subscriber-desk)": [str(FROZEN), *smoke],
        }
        for command in commands.values():  # warm the file cache: every process starts "second time"
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        os.environ.update({"QT_QPA_PLATFORM": "offscreen", "SUBSCRIBER_DESK_DATA_DIR": str(work / "data")})
        sign_in_to_main_window(args.database or database, args.runs)
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["bare PySide6 dialog"]
    source = medians["source (python -m app)"]
    print(f"start to the sign-in window, median of {args.runs} runs ({args.subscribers} subscribers):")
    for name, median in medians.items():
        spread = f"{min(times[name]):.2f}–{max(times[name]):.2f}"
        print(
            f"  {name:32} {median:6.2f} s  ({spread} s)  ×{median / floor:.1f} the bare dialog,"
            f" ×{median / source:.2f} the source run"
        )


if __name__ == "__main__":
    main()
