"""`subscriber-desk db upgrade|status`: the database schema."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_FAILED, EXIT_OK, add_database_option, open_database


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="database schema")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="migrate the database to this program's schema")
    add_database_option(upgrade)
    upgrade.set_defaults(handler=upgrade_schema)
    status = actions.add_parser("status", help="show the schema")
    add_database_option(status)
    status.set_defaults(handler=schema_status)


def upgrade_schema(args: argparse.Namespace) -> int:
    from app.schema import current_revision, head_revision, upgrade

    db = open_database(args.database)
    before = current_revision(db)
    upgrade(db)
    print(f"database {db.display_name}: schema {before or 'empty'} -> {head_revision()}")
    return EXIT_OK


def schema_status(args: argparse.Namespace) -> int:
    from app.schema import head_revision, schema_state

    db = open_database(args.database)
    state, revision = schema_state(db)
    print(f"database {db.display_name}: {state.value} (at {revision or 'none'}, program {head_revision()})")
    return EXIT_OK if state.value == "current" else EXIT_FAILED
