"""The command line beside the GUI, for admins and schedulers: one module per command group.

Exit codes: 0 done; 1 the action failed (one line on stderr says why); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import (
    billing,
    database,
    demo,
    fiscal,
    gui,
    imports,
    notifications,
    privacy,
    provisioning,
    reports,
    schedule,
    staff,
)
from app.cli.common import EXIT_FAILED
from app.errors import DomainError

COMMAND_GROUPS = (
    gui,
    database,
    demo,
    billing,
    reports,
    notifications,
    staff,
    privacy,
    imports,
    schedule,
    fiscal,
    provisioning,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="subscriber-desk", description="Subscriber Desk")
    parser.add_argument("--version", action="version", version=f"subscriber-desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", gui.open_gui)  # no command: open the program
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
