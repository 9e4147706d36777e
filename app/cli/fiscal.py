"""`subscriber-desk fiscal send|status|check`: the desks' fiscal receipts from the command line — on a
desk's PC (the register's driver answers there) to push what is queued or to ask the register how it is
(its shift, fiscal drive, documents unsent to the fiscal data operator), anywhere to see what waits."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, console_actor, open_current_database
from app.errors import DomainError

if TYPE_CHECKING:
    from app.db import Database
    from app.services.cashdesk.desks import CashDeskRow
    from app.services.kernel.permissions import Actor


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fiscal = commands.add_parser("fiscal", help="fiscal receipts on the desks' online cash registers")
    actions = fiscal.add_subparsers(dest="fiscal_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="hand a desk's queued receipts to its register (on that desk's PC)"
    )
    add_database_option(send)
    send.add_argument("--desk", required=True, metavar="NAME", help="the cash desk, by name")
    send.add_argument("--login", metavar="LOGIN", help="who sends (as for the reports)")
    send.set_defaults(handler=send_receipts)
    status = actions.add_parser("status", help="receipts by state, and the ones still waiting (JSON)")
    add_database_option(status)
    status.add_argument("--login", metavar="LOGIN", help="who asks (as for the reports)")
    status.set_defaults(handler=receipts_status)
    check = actions.add_parser(
        "check",
        help="the desk's register: its shift, fiscal drive and unsent documents, with warnings (JSON)",
    )
    add_database_option(check)
    check.add_argument("--desk", required=True, metavar="NAME", help="the cash desk, by name")
    check.add_argument("--login", metavar="LOGIN", help="who asks (as for the reports)")
    check.set_defaults(handler=check_register)


def _desk(db: Database, actor: Actor, name: str) -> CashDeskRow:
    from app.services.cashdesk.desks import list_cash_desks

    for desk in list_cash_desks(db, actor):
        if desk.name.casefold() == name.strip().casefold():
            return desk
    raise DomainError(f"no cash desk named {name!r}")


def send_receipts(args: argparse.Namespace) -> int:
    from app.bootstrap import fiscal_register
    from app.services.cashdesk.fiscal import deliver

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    desk = _desk(db, actor, args.desk)
    if not desk.register_url:
        raise DomainError(f"the desk {desk.name!r} has no cash register (Administration → Cash desks)")
    outcome = deliver(db, actor, desk.id, fiscal_register(desk.register_url), everything=True, limit=1000)
    print(
        f"{outcome.done} printed, {outcome.waiting} still waiting, {outcome.withdrawn} withdrawn"
        + (f" (last error: {outcome.last_error})" if outcome.last_error else "")
    )
    return EXIT_OK if outcome.waiting == 0 else EXIT_FAILED


def receipts_status(args: argparse.Namespace) -> int:
    from app.services.cashdesk.desks import list_cash_desks
    from app.services.cashdesk.fiscal import count_by_state, waiting_receipts

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    waiting = {
        desk.name: [
            {
                "receipt": w.receipt_number,
                "kind": w.kind,
                "state": w.state,
                "attempts": w.attempts,
                "error": w.last_error,
            }
            for w in waiting_receipts(db, actor, desk.id)
        ]
        for desk in list_cash_desks(db, actor)
        if desk.register_url
    }
    print(
        json.dumps({"by_state": count_by_state(db, actor), "waiting": waiting}, ensure_ascii=False, indent=1)
    )
    return EXIT_OK


def check_register(args: argparse.Namespace) -> int:
    """Exit 0 when the register has nothing to warn of, 1 when it has (or does not answer)."""
    from app import clock
    from app.bootstrap import fiscal_register
    from app.services.cashdesk.register_shift import SHIFT_NOT_OPEN, read_state, warnings_for

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    desk = _desk(db, actor, args.desk)
    if not desk.register_url:
        raise DomainError(f"the desk {desk.name!r} has no cash register (Administration → Cash desks)")
    state = read_state(fiscal_register(desk.register_url))
    # Whose the register's shift is needs a cashier's shift to compare with: not asked here.
    warnings = [w for w in warnings_for(state, clock.now(), ours=True, held=None) if w.code != SHIFT_NOT_OPEN]

    def plain(value: object) -> object:
        return value.isoformat() if hasattr(value, "isoformat") else value

    print(
        json.dumps(
            {
                "desk": desk.name,
                "shift": {
                    "state": state.shift_state,
                    "number": state.shift_number,
                    "ends_at": plain(state.shift_ends_at),
                },
                "fiscal_drive": {"flags": sorted(state.fn_flags), "valid_until": plain(state.fn_valid_until)},
                "unsent": {"count": state.unsent_count, "since": plain(state.unsent_since)},
                "warnings": [
                    {"code": w.code, **{k: plain(v) for k, v in w.params.items()}} for w in warnings
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return EXIT_OK if not warnings else EXIT_FAILED
