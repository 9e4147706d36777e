"""`subscriber-desk gui` (the default without a command): open the program."""

from __future__ import annotations

import argparse

from app.cli.common import add_database_option

SECTIONS = ["subscribers", "cashdesk", "dispatch", "reports", "administration"]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gui = commands.add_parser("gui", help="open the program (the default without a command)")
    add_database_option(gui)
    gui.add_argument(
        "--demo", action="store_true", help="open the embedded demo database (filled on first start)"
    )
    gui.add_argument("--language", choices=["ru", "en"], help="override the system language")
    gui.add_argument(
        "--section",
        choices=SECTIONS,
        help="the section to show after signing in (e.g. cashdesk on a cashier's PC)",
    )
    gui.add_argument(
        "--smoke",
        action="store_true",
        help="start, print what the first window says, and quit (exit 0 if it is the sign-in window)",
    )
    gui.set_defaults(handler=open_gui)


def open_gui(args: argparse.Namespace) -> int:
    from app.views.application import run_gui

    return run_gui(
        database=getattr(args, "database", None),
        demo=getattr(args, "demo", False),
        language=getattr(args, "language", None),
        section=getattr(args, "section", None),
        smoke=getattr(args, "smoke", False),
    )
