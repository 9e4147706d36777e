"""`subscriber-desk staff create-admin`: the first administrator of a new database."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, add_database_option, open_current_database, read_password


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staff = commands.add_parser("staff", help="staff accounts")
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    admin = actions.add_parser("create-admin", help="add an administrator (the first one of a new database)")
    add_database_option(admin)
    admin.add_argument("--login", required=True)
    admin.add_argument("--full-name", required=True)
    admin.set_defaults(handler=create_admin)


def create_admin(args: argparse.Namespace) -> int:
    from app.services.admin.staff import create_admin_from_console

    db = open_current_database(args.database)
    password = read_password("New password: ", repeat=True)
    row = create_admin_from_console(db, login=args.login, full_name=args.full_name, password=password)
    print(f"administrator {row.login} added")
    return EXIT_OK
