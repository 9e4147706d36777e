"""`subscriber-desk import …`: payment registries from banks and agents (docs/registries.md).

import agent CODE --name N --format sberbank|columns [--columns MAPPING.json] [--watch DIR]
import agents
import payments FILE --agent CODE [--dry-run] [--leave-unknown-aside] [--report FILE.csv]
import watch                      the scheduled task: every agent's watched folder
import batches
import cancel BATCH --reason TEXT
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, console_actor, open_current_database
from app.errors import DomainError

_LOGIN_HELP = (
    "the administrator who does it (required on the embedded database; on a server default: the URL's login)"
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imports = commands.add_parser("import", help="payment registries from banks and agents")
    actions = imports.add_subparsers(dest="import_command", metavar="ACTION", required=True)

    agent = actions.add_parser("agent", help="add a payment agent or change one (by its code)")
    agent.add_argument("code", help="a short Latin code, e.g. sber")
    agent.add_argument("--name", required=True, help="as people call it, e.g. «Сбербанк»")
    agent.add_argument("--format", dest="file_format", choices=["sberbank", "columns"], required=True)
    agent.add_argument(
        "--columns", type=Path, metavar="MAPPING.json", help="the column mapping (format columns)"
    )
    agent.add_argument("--watch", default="", metavar="DIR", help="a folder the scheduled task imports from")
    agent.add_argument(
        "--inactive", action="store_true", help="keep the agent but stop watching and offering it"
    )
    _common(agent, handler=save_agent_command)

    agents = actions.add_parser("agents", help="list the payment agents")
    _common(agents, handler=list_agents_command)

    payments = actions.add_parser("payments", help="import one registry file")
    payments.add_argument("file", type=Path)
    payments.add_argument("--agent", required=True, metavar="CODE")
    payments.add_argument("--dry-run", action="store_true", help="judge every line, post nothing")
    payments.add_argument(
        "--leave-unknown-aside",
        action="store_true",
        help="post the file although some lines name unknown contracts; those lines stay listed with it",
    )
    payments.add_argument(
        "--report", type=Path, metavar="FILE.csv", help="every line's verdict (default: standard output)"
    )
    _common(payments, handler=import_payments_command)

    watch = actions.add_parser("watch", help="import the files waiting in the agents' watched folders")
    _common(watch, handler=watch_command)

    batches = actions.add_parser("batches", help="the registries posted lately")
    _common(batches, handler=list_batches_command)

    cancel = actions.add_parser("cancel", help="cancel every payment of a posted registry")
    cancel.add_argument("batch", type=int)
    cancel.add_argument("--reason", required=True)
    _common(cancel, handler=cancel_batch_command)

    legacy = actions.add_parser(
        "legacy", help="move subscribers, contracts and balances in from an old billing"
    )
    legacy.add_argument("folder", type=Path, help="the export: subscribers.csv, contracts.csv, …")
    legacy.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    legacy.add_argument(
        "--report", type=Path, metavar="FILE.csv", help="every finding (default: standard output)"
    )
    legacy.add_argument(
        "--create-missing", action="store_true", help="add the buildings (and streets) we do not have yet"
    )
    _common(legacy, handler=import_legacy_command)

    rollback = actions.add_parser("legacy-rollback", help="undo a legacy import nothing has touched since")
    rollback.add_argument("batch", type=int)
    _common(rollback, handler=rollback_legacy_command)


def _common(parser: argparse.ArgumentParser, *, handler: object) -> None:
    add_database_option(parser)
    parser.add_argument("--login", metavar="LOGIN", help=_LOGIN_HELP)
    parser.set_defaults(handler=handler)


def save_agent_command(args: argparse.Namespace) -> int:
    from app.services.cashdesk.payment_agents import list_agents, save_agent

    columns = None
    if args.columns is not None:
        try:
            columns = json.loads(args.columns.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DomainError(f"cannot read the column mapping {args.columns}: {exc}") from exc
    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    existing = {a.code: a for a in list_agents(db, actor)}.get(args.code.strip().lower())
    agent_id = save_agent(
        db,
        actor,
        code=args.code,
        name=args.name,
        file_format=args.file_format,
        columns=columns,
        watch_folder=args.watch,
        active=not args.inactive,
        agent_id=existing.id if existing else None,
        version=existing.version if existing else None,
    )
    print(f"agent {args.code}: {'changed' if existing else 'added'} (id {agent_id})", file=sys.stderr)
    return EXIT_OK


def list_agents_command(args: argparse.Namespace) -> int:
    from app.services.cashdesk.payment_agents import list_agents

    db = open_current_database(args.database)
    for agent in list_agents(db, console_actor(db, args.login)):
        state = "" if agent.active else "\tinactive"
        print(f"{agent.code}\t{agent.name}\t{agent.file_format}\t{agent.watch_folder or '-'}{state}")
    return EXIT_OK


def import_payments_command(args: argparse.Namespace) -> int:
    from app.bootstrap import read_registry_file
    from app.money import format_money
    from app.services.cashdesk.payment_agents import agent_by_code
    from app.services.cashdesk.registries import RegistryRefused, Verdict, post_registry, preview_registry

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    agent = agent_by_code(db, actor, args.agent)
    registry = read_registry_file(args.file, agent)
    preview = preview_registry(db, actor, agent.id, registry)
    if args.report is not None:
        with args.report.open("w", encoding="utf-8", newline="") as out:
            _write_verdicts(out, preview)
    elif args.dry_run:
        _write_verdicts(sys.stdout, preview)
    for verdict in Verdict:
        tally = preview.tally(verdict)
        print(f"{verdict.value}: {tally.lines} lines, {format_money(tally.amount)}", file=sys.stderr)
    refusals = preview.refusals(leave_unknown_aside=args.leave_unknown_aside)
    for problem in refusals:
        print(f"cannot be posted: {problem.english()}", file=sys.stderr)
    if args.dry_run:
        return EXIT_FAILED if refusals else EXIT_OK
    try:
        posted = post_registry(db, actor, agent.id, registry, leave_unknown_aside=args.leave_unknown_aside)
    except RegistryRefused:
        return EXIT_FAILED
    from app.adapters.registry_folder import posted_summary

    print(posted_summary(posted), file=sys.stderr)
    return EXIT_OK


def _write_verdicts(out: TextIO, preview: object) -> None:
    from app.services.cashdesk.registries import RegistryPreview

    assert isinstance(preview, RegistryPreview)
    writer = csv.writer(out)
    writer.writerow(
        ["line", "verdict", "date", "operation", "contract", "amount_kopecks", "payer", "problem"]
    )
    for judged in preview.lines:
        line = judged.line
        writer.writerow(
            [
                line.number,
                judged.verdict.value,
                line.paid_on.isoformat() if line.paid_on else "",
                line.operation,
                line.account,
                "" if line.amount is None else line.amount,
                line.payer,
                judged.problem.english() if judged.problem else "",
            ]
        )
    for problem in preview.file_problems:
        writer.writerow(["", "file", "", "", "", "", "", problem.english()])


def watch_command(args: argparse.Namespace) -> int:
    from app.adapters.registry_folder import import_watched_folders

    db = open_current_database(args.database)
    results = import_watched_folders(db, console_actor(db, args.login))
    for result in results:
        print(f"{result.agent_code}\t{result.file_name}\t{result.outcome}\t{result.summary}")
    return EXIT_FAILED if any(r.outcome in ("kept", "missing folder") for r in results) else EXIT_OK


def list_batches_command(args: argparse.Namespace) -> int:
    from app.money import format_money
    from app.services.cashdesk.registry_batches import list_batches

    db = open_current_database(args.database)
    for batch in list_batches(db, console_actor(db, args.login)):
        state = f"cancelled: {batch.cancel_reason}" if batch.cancelled_at else "posted"
        print(
            f"{batch.id}\t{batch.posted_at:%Y-%m-%d %H:%M}\t{batch.agent_name}\t{batch.file_name}\t"
            f"{batch.payments}\t{format_money(batch.amount)}\t{state}"
        )
    return EXIT_OK


def cancel_batch_command(args: argparse.Namespace) -> int:
    from app.money import format_money
    from app.services.cashdesk.registry_batches import cancel_batch

    db = open_current_database(args.database)
    done = cancel_batch(db, console_actor(db, args.login), args.batch, args.reason)
    print(
        f"batch {done.batch_id}: {done.payments} payments cancelled ({format_money(done.amount)}); "
        f"{done.debts_restored} debts restored, {done.services_blocked} services blocked again, "
        f"{done.disconnect_orders_restored} disconnect orders back, {done.fees_reversed} fees reversed, "
        f"{done.reconnections_kept} reconnections already done left to you",
        file=sys.stderr,
    )
    return EXIT_OK


def import_legacy_command(args: argparse.Namespace) -> int:
    from app.adapters.legacy_csv import read_legacy_export
    from app.money import format_money
    from app.services.admin.legacy_import import LegacyRefused, check_legacy_export, import_legacy_export
    from app.services.admin.legacy_plan import ERROR, FIXED, MISSING, WARNING

    db = open_current_database(args.database)
    actor = console_actor(db, args.login)
    started = time.monotonic()

    def progress(stage: str) -> None:
        print(f"{time.monotonic() - started:7.1f} s  {stage}…", file=sys.stderr, flush=True)

    progress("reading the export")
    export = read_legacy_export(args.folder)
    plan = check_legacy_export(db, actor, export, progress)
    out = args.report.open("w", encoding="utf-8-sig", newline="") if args.report else sys.stdout
    try:
        writer = csv.writer(out)
        writer.writerow(["file", "line", "column", "severity", "problem", "value"])
        for f in plan.findings:
            writer.writerow([f.file, f.line or "", f.column, f.severity, f.problem.english(), f.value])
    finally:
        if args.report:
            out.close()
    print(
        f"subscribers {len(plan.subscribers)}, contracts {len(plan.contracts)}, "
        f"services {len(plan.services)}, payments {len(plan.payments)}; "
        f"findings: {plan.count(ERROR)} errors, {plan.count(MISSING)} missing, "
        f"{plan.count(WARNING)} warnings, {plan.count(FIXED)} fixed",
        file=sys.stderr,
    )
    refusals = plan.refusals(create_missing=args.create_missing)
    for problem in refusals:
        print(f"cannot be imported: {problem.english()}", file=sys.stderr)
    if args.dry_run:
        return EXIT_FAILED if refusals else EXIT_OK
    try:
        done = import_legacy_export(db, actor, export, create_missing=args.create_missing, progress=progress)
    except LegacyRefused:
        return EXIT_FAILED
    print(
        f"import {done.batch_id}: {done.subscribers} subscribers, {done.contracts} contracts, "
        f"{done.services} services, {done.payments} payments, {done.buildings_created} buildings added; "
        f"balances {format_money(done.opening_total)}",
        file=sys.stderr,
    )
    return EXIT_OK


def rollback_legacy_command(args: argparse.Namespace) -> int:
    from app.services.admin.legacy_rollback import rollback_legacy_import

    db = open_current_database(args.database)
    done = rollback_legacy_import(db, console_actor(db, args.login), args.batch)
    print(
        f"import {done.batch_id} rolled back: {done.contracts} contracts, {done.subscribers} subscribers",
        file=sys.stderr,
    )
    return EXIT_OK
