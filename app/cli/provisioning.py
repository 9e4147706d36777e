"""`subscriber-desk provisioning run|status|retry|check`: deliver what the network (RADIUS) and the TV
platform should hold from the outbox the database fills, on the scheduler's PC (safe on several at once),
see what waits, and compare what they hold with ours (the sync report, into the history)."""

from __future__ import annotations

import argparse
import json
import time

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, console_actor, open_current_database


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("provisioning", help="Internet (RADIUS) and IPTV kept in step with services")
    actions = group.add_subparsers(dest="provisioning_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="deliver every change due (once, or --watch every few seconds)")
    add_database_option(run)
    run.add_argument("--watch", type=float, metavar="SECONDS", help="keep delivering, this long apart")
    run.add_argument("--batch", type=int, default=2000, help="services per delivery (default 2000)")
    run.add_argument(
        "--stop-after", type=float, metavar="SECONDS", help="with --watch: stop after this long"
    )
    run.set_defaults(handler=run_provisioning)
    status = actions.add_parser("status", help="what waits and what failed, with the errors (JSON)")
    add_database_option(status)
    status.add_argument("--login", metavar="LOGIN", help="who asks (an administrator)")
    status.set_defaults(handler=provisioning_status)
    retry = actions.add_parser("retry", help="make failed deliveries due now")
    add_database_option(retry)
    retry.add_argument("--login", metavar="LOGIN", help="who asks (an administrator)")
    retry.set_defaults(handler=retry_failed)
    check = actions.add_parser(
        "check", help="compare what RADIUS and the TV platform hold with ours (JSON; exit 1 on differences)"
    )
    add_database_option(check)
    check.add_argument("--login", metavar="LOGIN", help="who asks (an administrator)")
    check.add_argument("--apply", action="store_true", help="then make them hold ours («apply ours» for all)")
    check.set_defaults(handler=sync_check)


def run_provisioning(args: argparse.Namespace) -> int:
    from app.bootstrap import provisioning_targets
    from app.services.provisioning.outbox import deliver_due
    from app.services.provisioning.ports import NothingTurnedOn

    db = open_current_database(args.database)
    targets = provisioning_targets(db)
    if not targets:
        raise NothingTurnedOn()
    stop_at = time.monotonic() + args.stop_after if args.stop_after else None
    while True:
        outcome = deliver_due(db, targets, batch=args.batch)
        if outcome.delivered or outcome.failed or not args.watch:
            print(
                f"{outcome.delivered} delivered, {outcome.failed} failed"
                + (f" (unreachable: {', '.join(outcome.unavailable)})" if outcome.unavailable else "")
                + (f"; last error: {outcome.last_error}" if outcome.last_error else ""),
                flush=True,
            )
        if not args.watch or (stop_at is not None and time.monotonic() + args.watch > stop_at):
            return EXIT_OK if outcome.failed == 0 else EXIT_FAILED
        time.sleep(args.watch)


def provisioning_status(args: argparse.Namespace) -> int:
    from app.services.kernel.settings import read_settings
    from app.services.provisioning.network import sides_on
    from app.services.provisioning.outbox import counts, waiting

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    with db.reading() as conn:
        sides = sides_on(read_settings(conn))
    numbers = counts(db, actor, sides)
    failing = waiting(db, actor, failing_only=True, limit=100, targets=sides)
    print(
        json.dumps(
            {
                "waiting": numbers.waiting,
                "failing": numbers.failing,
                "delivered": numbers.delivered,
                "failures": [
                    {
                        "contract": w.contract_number,
                        "service": w.service_id,
                        "target": w.target,
                        "access": w.access,
                        "login": w.login,
                        "attempts": w.attempts,
                        "error": w.last_error,
                        "next_attempt_at": w.next_attempt_at.isoformat() if w.next_attempt_at else None,
                    }
                    for w in failing
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return EXIT_OK if numbers.failing == 0 else EXIT_FAILED


def retry_failed(args: argparse.Namespace) -> int:
    from app.services.provisioning.outbox import retry_now

    db = open_current_database(args.database)
    print(f"{retry_now(db, console_actor(db, args.login))} made due now")
    return EXIT_OK


def sync_check(args: argparse.Namespace) -> int:
    from app.bootstrap import provisioning_targets
    from app.services.provisioning import sync
    from app.services.provisioning.ports import NothingTurnedOn

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    targets = provisioning_targets(db)
    if not targets:
        raise NothingTurnedOn()
    readers = {name: target for name, target in targets.items() if isinstance(target, sync.TargetReader)}
    # A scheduled task's login is not a person: its check goes into the history as the system's.
    report = sync.check(db, actor if actor.staff_id else None, readers.values())
    print(
        json.dumps(
            {
                "checked_at": report.checked_at.isoformat(),
                "compared": report.compared,
                "unreachable": list(report.unreachable),
                "differences": [
                    {
                        "target": d.target,
                        "kind": d.kind,
                        "login": d.login,
                        "contract": d.contract_number,
                        "ours": sync.describe(d.ours),
                        "theirs": sync.describe(d.theirs),
                    }
                    for d in report.differences
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    if args.apply and report.differences:
        outcome = sync.apply_ours(db, actor, report.differences, targets, readers)
        print(f"applied ours: {outcome.delivered} delivered, {outcome.failed} failed")
    return EXIT_OK if not report.differences and not report.unreachable else EXIT_FAILED
