"""The command line beside the GUI, for admins and schedulers: one module per command group.

Exit codes: 0 done; 1 the action failed (one line on stderr says why); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.cli.common import EXIT_FAILED
from app.errors import DomainError

# The modules of app/cli, in the order `--help` lists them (the frozen build collects them by name).
COMMAND_GROUPS = (
    "gui",
    "database",
    "demo",
    "billing",
    "reports",
    "notifications",
    "staff",
    "privacy",
    "imports",
    "schedule",
    "fiscal",
    "provisioning",
)


def build_parser(groups: Sequence[str] = COMMAND_GROUPS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="subscriber-desk", description="Subscriber Desk")
    parser.add_argument("--version", action="version", version=f"subscriber-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in groups:
        importlib.import_module(f"app.cli.{group}").add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # The window (no command, or `gui`) reads its own options only: its sign-in shows sooner without
    # loading every other command group (docs/architecture.md, "Start-up").
    opens_window = not arguments or arguments[0] == "gui"
    args = build_parser(("gui",) if opens_window else COMMAND_GROUPS).parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:  # no command: open the program
        from app.cli.gui import open_gui

        handler = open_gui
    try:
        return int(handler(args))
    except DomainError as exc:
        cause = (
            f" ({str(exc.__cause__).strip().splitlines()[0]})" if exc.__cause__ and str(exc.__cause__) else ""
        )
        print(f"subscriber-desk: {exc.english()}{cause}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a scheduler needs one line, not a traceback
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"subscriber-desk: {type(exc).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED
