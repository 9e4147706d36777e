"""Every report that leaves the program with people's names, phones or addresses in it — a CSV file,
a printed PDF, a command-line report — is recorded: who, which report, how many records, in what form
(152-FZ: the operator must be able to say who took personal data out, and how much)."""

from __future__ import annotations

import enum

from app.db import Database
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor


class Report(enum.StrEnum):
    PAYMENTS = "payments"  # the payments journal: payers' names
    DEBTORS = "debtors"  # names, addresses, phones
    DEBT_NOTICES = "debt_notices"  # names and addresses, on paper
    ORDERS = "orders"  # work orders: names, addresses, phones


class Form(enum.StrEnum):
    CSV = "csv"
    JSON = "json"
    PDF = "pdf"


def record_export(
    db: Database,
    actor: Actor | None,
    report: Report,
    records: int,
    form: Form,
    *,
    scope: str = "",
    login: str = "",
) -> None:
    """Record that `actor` (None: a scheduled task's login, named by `login`) took `records` records of
    `report` out as `form`; `scope` says which (a period, a date, a building)."""
    person = actor if actor is not None and actor.staff_id > 0 else None
    with db.transaction(person) as session:
        record_event(
            session,
            actor=person,
            kind=EventKind.PERSONAL_DATA_EXPORTED,
            report=report.value,
            records=records,
            form=form.value,
            scope=scope,
            login=person.login if person is not None else login,
        )
