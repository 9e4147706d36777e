"""`subscriber-desk db upgrade|status|verify|backup|restore`: the database's schema, its integrity and
its backups."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, open_database

if TYPE_CHECKING:
    from app.db import Database


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="database schema")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="migrate the database to this program's schema")
    add_database_option(upgrade)
    upgrade.set_defaults(handler=upgrade_schema)
    status = actions.add_parser("status", help="show the schema")
    add_database_option(status)
    status.set_defaults(handler=schema_status)
    verify = actions.add_parser("verify", help="check the money and the history; exit 1 on any problem")
    add_database_option(verify)
    verify.set_defaults(handler=verify_database)
    check = actions.add_parser("check", help="report what on a shared server is unsafe; exit 1 if anything")
    add_database_option(check)
    check.set_defaults(handler=check_database_server)
    scheduler = actions.add_parser(
        "add-scheduler",
        help="(run as the tables' owner) a server login for the scheduled tasks; password from stdin",
    )
    scheduler.add_argument("login", metavar="LOGIN")
    add_database_option(scheduler)
    scheduler.set_defaults(handler=add_scheduler)
    radius = actions.add_parser(
        "add-radius",
        help="(run as the tables' owner) FreeRADIUS's server login (reads its users, writes its "
        "accounting); password from stdin",
    )
    radius.add_argument("login", metavar="LOGIN")
    add_database_option(radius)
    radius.set_defaults(handler=add_radius)
    hand = actions.add_parser(
        "hand-over",
        help="(run as a superuser) give the tables to OWNER; the old shared login keeps no rights",
    )
    hand.add_argument("owner", metavar="OWNER")
    add_database_option(hand)
    hand.set_defaults(handler=hand_over_tables)
    seal = actions.add_parser("seal", help="seal the ledger and history rows written since the last seal")
    add_database_option(seal)
    seal.set_defaults(handler=seal_chains)
    backup = actions.add_parser("backup", help="write a consistent backup (the program may be running)")
    backup.add_argument("file", metavar="FILE", nargs="?", help="where (default: a dated file here)")
    add_database_option(backup)
    backup.set_defaults(handler=backup_database)
    restore = actions.add_parser(
        "restore", help="replace the database by a backup, after checking the backup (`db verify`)"
    )
    restore.add_argument("file", metavar="FILE")
    add_database_option(restore)
    restore.set_defaults(handler=restore_database)


def upgrade_schema(args: argparse.Namespace) -> int:
    from app.schema import current_revision, head_revision, upgrade

    db = open_database(args.database)
    before = current_revision(db)
    saved = upgrade(db)
    if saved is not None:
        print(f"backup of the database before the upgrade: {saved}")
    print(f"database {db.display_name}: schema {before or 'empty'} -> {head_revision()}")
    if not db.is_embedded:
        from app.services.admin.server_roles import setup_roles

        setup_roles(db)
        print(f"database {db.display_name}: job roles and their privileges granted")
    return EXIT_OK


def schema_status(args: argparse.Namespace) -> int:
    from app.schema import head_revision, schema_state

    db = open_database(args.database)
    state, revision = schema_state(db)
    print(f"database {db.display_name}: {state.value} (at {revision or 'none'}, program {head_revision()})")
    return EXIT_OK if state.value == "current" else EXIT_FAILED


def seal_chains(args: argparse.Namespace) -> int:
    from app.services.kernel.chains import seal

    db = open_database(args.database)
    for sealed in seal(db):
        print(f"{sealed.chain}: {sealed.rows} rows sealed in {sealed.blocks} blocks")
    return EXIT_OK


def verify_database(args: argparse.Namespace) -> int:
    from app.services.kernel.chains import heads, unsealed
    from app.services.kernel.integrity import verify

    db = open_database(args.database)
    problems = verify(db)
    if not problems:
        waiting = ", ".join(f"{n} {chain}" for chain, n in unsealed(db).items() if n)
        if waiting:
            print(f"not sealed yet (checked at the next seal): {waiting}")
        for chain, (last_id, head) in heads(db).items():
            print(f"{chain}: sealed through id {last_id}, chain head {head}")
    for line in problems:
        print(f"PROBLEM: {line}")
    if problems:
        print(f"database {db.display_name}: {len(problems)} problem(s) found")
        return EXIT_FAILED
    print(f"database {db.display_name}: verified, no problem found")
    return EXIT_OK


def backup_database(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.backup import backup, default_backup_name
    from app.errors import DomainError

    db = open_database(args.database)
    target = Path(args.file) if args.file else Path(default_backup_name(db))
    try:
        backup(db, target)
    except DomainError as exc:
        print(f"backup failed: {exc}")
        return EXIT_FAILED
    print(f"database {db.display_name}: backed up to {target} ({target.stat().st_size} bytes)")
    return EXIT_OK


def restore_database(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.backup import restore
    from app.errors import DomainError
    from app.services.kernel.integrity import verify

    db = open_database(args.database)
    try:
        restore(Path(args.file), db, verify)
    except DomainError as exc:
        print(f"restore refused: {exc}")
        return EXIT_FAILED
    print(f"database {db.display_name}: restored from {args.file} and verified")
    return EXIT_OK


def check_database_server(args: argparse.Namespace) -> int:
    from app.services.admin.server_check import check_server

    db = open_database(args.database)
    findings = check_server(db)
    for finding in findings:
        print(f"{'UNSAFE' if finding.unsafe else 'ok'}: {finding.text}")
    unsafe = sum(f.unsafe for f in findings)
    print(f"database {db.display_name}: {unsafe} unsafe finding(s)")
    return EXIT_FAILED if unsafe else EXIT_OK


def add_scheduler(args: argparse.Namespace) -> int:
    from app.services.admin.server_roles import add_scheduler_login

    done = "may run the scheduled tasks (as «system»)"
    return _add_login(args, "the scheduler's login", add_scheduler_login, done)


def add_radius(args: argparse.Namespace) -> int:
    from app.services.admin.server_roles import add_radius_login

    return _add_login(args, "FreeRADIUS's login", add_radius_login, "is FreeRADIUS's login (its tables only)")


def _add_login(
    args: argparse.Namespace, whose: str, add: Callable[[Database, str, str], None], done: str
) -> int:
    """A server login of a job (as the tables' owner), its password read from standard input."""
    from sqlalchemy import text

    from app.cli.common import read_password
    from app.services.admin.staff import scram_verifier

    db = open_database(args.database)
    password = read_password(f"Password of {whose}: ", repeat=True)
    with db.transaction() as session:
        session.execute(text("SELECT 1"))
        verifier = scram_verifier(session, args.login, password)
    add(db, args.login, verifier)
    print(f"database {db.display_name}: {args.login} {done}")
    return EXIT_OK


def hand_over_tables(args: argparse.Namespace) -> int:
    from app.services.admin.server_roles import hand_over

    db = open_database(args.database)
    old = hand_over(db, args.owner)
    print(
        f"database {db.display_name}: the tables now belong to {args.owner}; {old} keeps no rights. "
        "Staff sign in with their own logins: set their passwords in Administration → Staff."
    )
    return EXIT_OK
