"""`subscriber-desk schedule`: the scheduled tasks an office needs, ready to paste — crontab lines on
Linux, `schtasks` commands on Windows. The program prints them and never registers anything itself
(no shell-outs): the administrator reads, adjusts and runs them once on the PC or server that hosts
the night jobs (docs/deploy.md)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass

from app.cli.common import EXIT_OK


@dataclass(frozen=True)
class Task:
    name: str  # also the Windows task's name
    arguments: str  # after the program, before --database
    why: str
    cron: str  # minute hour day month weekday
    windows: str  # schtasks' /sc … /st … (or /mo) part


TASKS = (
    Task(
        "SubscriberDesk-Billing",
        "billing run --json",
        "the nightly charges and the debt policy (catches up missed days by itself)",
        "30 1 * * *",
        "/sc DAILY /st 01:30",
    ),
    Task(
        "SubscriberDesk-Seal",
        "db seal",
        "seal the day's ledger and history rows after the billing run",
        "30 3 * * *",
        "/sc DAILY /st 03:30",
    ),
    Task(
        "SubscriberDesk-Notifications",
        "notifications send",
        "send the due SMS, e-mail and Telegram reminders, linking the chats that sent the bot a code "
        "(safe from several PCs)",
        "*/5 * * * *",
        "/sc MINUTE /mo 5",
    ),
    Task(
        "SubscriberDesk-Registries",
        "import watch",
        "post the bank registries waiting in the agents' watched folders",
        "*/10 * * * *",
        "/sc MINUTE /mo 10",
    ),
    Task(
        "SubscriberDesk-Provisioning",
        "provisioning run --watch 3 --stop-after 55",
        "hand the services' changes to RADIUS and the TV platform within seconds (only where one is on; "
        "safe from several PCs)",
        "* * * * *",
        "/sc MINUTE /mo 1",
    ),
    Task(
        "SubscriberDesk-NetworkCheck",
        "provisioning check",
        "compare what RADIUS and the TV platform hold with ours; the result goes into the history",
        "0 5 * * *",
        "/sc DAILY /st 05:00",
    ),
    Task(
        "SubscriberDesk-Backup",
        "db backup",
        "a dated backup in the task's working folder (copy it off the machine)",
        "0 4 * * *",
        "/sc DAILY /st 04:00",
    ),
)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schedule = commands.add_parser(
        "schedule", help="print the scheduled tasks an office needs (cron or Windows)"
    )
    schedule.add_argument(
        "--format",
        choices=["cron", "windows"],
        default="windows" if os.name == "nt" else "cron",
        help="crontab lines or schtasks commands (default: this system's)",
    )
    schedule.add_argument(
        "--database",
        metavar="URL",
        help="the database the tasks work in, e.g. postgresql://billing_scheduler@db-server/billing "
        "(its password is never printed: keep it in the task account's keyring or environment)",
    )
    schedule.set_defaults(handler=print_schedule)


def program_path() -> str:
    """How a scheduler starts this very program: the frozen executable, or the installed command."""
    if getattr(sys, "frozen", False):
        return sys.executable
    return shutil.which("subscriber-desk") or "subscriber-desk"


def command_line(task: Task, database: str | None) -> str:
    program = program_path()
    quoted = f'"{program}"' if " " in program else program
    where = f' --database "{database}"' if database else ""
    return f"{quoted} {task.arguments}{where}"


def without_password(url: str) -> str:
    """The URL as the task will use it, minus its password (kept in the task account's keyring)."""
    from sqlalchemy import make_url

    from app.db import without_login

    parsed = make_url(url)
    return without_login(parsed).set(username=parsed.username).render_as_string()  # set() skips None


def print_schedule(args: argparse.Namespace) -> int:
    database = without_password(args.database) if args.database else None
    if args.format == "cron":
        print("# Subscriber Desk: `crontab -e` as the account that runs the tasks. Times are this machine's;")
        print("# set them to the night of the company's time zone. Output goes to the system log.")
        for task in TASKS:
            print(f"# {task.why}")
            print(f"{task.cron} {command_line(task, database)} 2>&1 | logger -t {task.name.lower()}")
    else:
        print(":: Subscriber Desk: run once in an administrator's command prompt on the PC that hosts the")
        print(
            ":: night jobs; /ru names the Windows account the tasks run as (its keyring holds the password)."
        )
        for task in TASKS:
            print(f":: {task.why}")
            line = command_line(task, database).replace('"', '\\"')
            print(f'schtasks /create /f /tn "{task.name}" {task.windows} /ru "%USERNAME%" /tr "{line}"')
    return EXIT_OK
