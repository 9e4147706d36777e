"""`subscriber-desk demo-data`: fill an empty database with synthetic subscribers."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import EXIT_OK, add_database_option, open_database
from app.errors import DomainError


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser("demo-data", help="fill an empty database with synthetic subscribers")
    add_database_option(demo)
    demo.add_argument("--subscribers", type=int, default=3000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--months", type=int, default=12, metavar="M", help="months of charges and payments")
    demo.set_defaults(handler=fill_demo_data)


def fill_demo_data(args: argparse.Namespace) -> int:
    from app.demo.data import generate_demo_data
    from app.schema import check_schema, schema_state, upgrade

    if args.subscribers < 1:
        raise DomainError("--subscribers must be at least 1")
    db = open_database(args.database)
    if schema_state(db)[0].value == "empty":
        upgrade(db)
    check_schema(db)

    def progress(stage: str, done: int, total: int) -> None:
        count = f": {done}/{total}" if total else "…"  # no count: a stage of one piece (the vacuum)
        print(f"\r{stage}{count}   ", end="", file=sys.stderr, flush=True)

    summary = generate_demo_data(
        db, subscribers=args.subscribers, seed=args.seed, months=args.months, progress=progress
    )
    print(file=sys.stderr)
    print(
        f"{summary.subscribers} subscribers, {summary.contracts} contracts, {summary.services} services, "
        f"{summary.ledger_entries} ledger entries, {summary.payments} payments, "
        f"{summary.work_orders} work orders in {summary.seconds:.1f} s"
    )
    return EXIT_OK
