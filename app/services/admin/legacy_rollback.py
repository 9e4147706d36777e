"""Rolling a legacy import back as a whole — only while nothing else has touched what it wrote.

The import is the one case where ledger entries and payments are deleted: the rollback switches their
append-only guards off for its own transaction (PostgreSQL: ALTER TABLE … DISABLE TRIGGER, which only
the tables' owner may do — so on a server it runs as the owner; SQLite: the guard triggers are dropped
and made again inside the transaction). It refuses when any of its contracts, subscribers or services
was changed, charged, paid, noted or written to since, or when its ledger entries have been sealed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, cast, delete, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, PermissionDenied, ValidationError
from app.models import (
    Building,
    ChainSeal,
    Contract,
    Event,
    LedgerEntry,
    LegacyContract,
    LegacyImport,
    Notification,
    Payment,
    Premises,
    Service,
    Subscriber,
    SubscriberNote,
    WorkOrder,
    utcnow,
)
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require

CHUNK = 900
GUARDED = ("ledger_entry", "payment")  # append-only tables the import wrote to


@dataclass(frozen=True)
class RolledBack:
    batch_id: int
    subscribers: int
    contracts: int


class ImportTouched(ValidationError):
    """Something has touched what the import wrote: it stays, and is corrected in the program."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="batch")


_CHARGED = QT_TRANSLATE_NOOP(
    "Errors", "The import cannot be rolled back: its contracts were charged, paid or adjusted since."
)
_PAID = QT_TRANSLATE_NOOP("Errors", "The import cannot be rolled back: its contracts took payments since.")
_ORDERS = QT_TRANSLATE_NOOP(
    "Errors", "The import cannot be rolled back: work orders were made for its contracts."
)
_HISTORY = QT_TRANSLATE_NOOP(
    "Errors", "The import cannot be rolled back: its contracts have history or reminders."
)
_CHANGED = QT_TRANSLATE_NOOP(
    "Errors", "The import cannot be rolled back: its contracts or services were changed."
)
_PEOPLE = QT_TRANSLATE_NOOP(
    "Errors",
    "The import cannot be rolled back: its subscribers were changed, noted or signed further contracts.",
)
_SEALED = QT_TRANSLATE_NOOP(
    "Errors", "The import cannot be rolled back: its ledger entries are sealed already."
)


def rollback_legacy_import(db: Database, actor: Actor, batch_id: int) -> RolledBack:
    require(actor, Permission.IMPORT_SUBSCRIBERS)
    try:
        with db.transaction(actor) as session:
            batch = session.scalar(select(LegacyImport).where(LegacyImport.id == batch_id).with_for_update())
            if batch is None:
                raise NotFound()
            if batch.rolled_back_at is not None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "This import is already rolled back."), field="batch"
                )
            return _roll_back(session, actor, batch)
    except PermissionDenied as exc:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP(
                "Errors",
                "On a server an import is rolled back by the tables' owner (the login that runs db upgrade).",
            )
        ) from exc


def _roll_back(session: Session, actor: Actor, batch: LegacyImport) -> RolledBack:
    """Set-based: every statement names the batch's contracts through `legacy_contract`, so a million
    contracts take one statement per table, not one per thousand ids."""
    mine = select(LegacyContract.contract_id).where(LegacyContract.legacy_import_id == batch.id)
    contracts = int(session.scalar(select(func.count()).select_from(mine.subquery())) or 0)
    subscribers = list(
        session.scalars(select(Contract.subscriber_id).where(Contract.id.in_(mine)).distinct())
    )
    premises: list[int] = list(
        session.scalars(
            select(Contract.premises_id)
            .where(Contract.id.in_(mine), Contract.premises_id.is_not(None))
            .distinct()
        )
    )
    _check_untouched(session, batch, mine, contracts)
    with _guards_off(session):
        for model in (Payment, LedgerEntry, WorkOrder, Service):
            session.execute(
                delete(model).where(model.contract_id.in_(mine)).execution_options(synchronize_session=False)
            )
        ids = list(session.scalars(mine))
        session.execute(
            delete(LegacyContract)
            .where(LegacyContract.legacy_import_id == batch.id)
            .execution_options(synchronize_session=False)
        )
        _delete(session, Contract, ids)
    first, last = batch.counts.get("premises_ids", [0, 0])
    made = sorted(p for p in premises if first <= p <= last)  # premises the import made (others were ours)
    used = select(Contract.id).where(Contract.premises_id == Premises.id)
    _delete(session, Premises, made, ~used.exists())
    _delete(session, Subscriber, sorted(subscribers))
    for building_id in batch.counts.get("buildings", []):
        if not session.scalar(select(func.count()).where(Premises.building_id == building_id)):
            session.execute(delete(Building).where(Building.id == building_id))
    batch.rolled_back_at = utcnow()
    batch.rolled_back_by_id = actor.staff_id or None
    record_event(
        session,
        actor=actor if actor.staff_id else None,
        kind=EventKind.LEGACY_ROLLED_BACK,
        source=batch.source,
        contracts=contracts,
        batch=batch.id,
    )
    return RolledBack(batch.id, len(subscribers), contracts)


def _delete(session: Session, model: Any, ids: Sequence[int], *more: ColumnElement[bool]) -> None:
    """Delete `model`'s rows with these ids: one statement on PostgreSQL (the ids as one array),
    a statement per CHUNK ids on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            delete(model)
            .where(model.id == any_(cast(list(ids), ARRAY(Integer))), *more)
            .execution_options(synchronize_session=False)
        )
        return
    for start in range(0, len(ids), CHUNK):
        session.execute(
            delete(model)
            .where(model.id.in_(ids[start : start + CHUNK]), *more)
            .execution_options(synchronize_session=False)
        )


def _count(session: Session, model: type, *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _check_untouched(session: Session, batch: LegacyImport, mine: Select[Any], contracts: int) -> None:
    counts = batch.counts
    of_mine = Contract.id.in_(mine)
    people = select(Contract.subscriber_id).where(of_mine)
    if _count(session, LedgerEntry, LedgerEntry.contract_id.in_(mine)) != counts.get("ledger_entries", 0):
        raise ImportTouched(_CHARGED)
    if _count(session, Payment, Payment.contract_id.in_(mine)) != counts.get("payments", 0):
        raise ImportTouched(_PAID)
    if _count(session, WorkOrder, WorkOrder.contract_id.in_(mine)) != counts.get("work_orders", 0):
        raise ImportTouched(_ORDERS)
    if _count(session, Event, Event.contract_id.in_(mine)) or _count(
        session, Notification, Notification.contract_id.in_(mine)
    ):
        raise ImportTouched(_HISTORY)
    if _count(session, Contract, of_mine, Contract.version != 1) or _count(
        session, Service, Service.contract_id.in_(mine), Service.version != 1
    ):
        raise ImportTouched(_CHANGED)
    if (
        _count(session, Subscriber, Subscriber.id.in_(people), Subscriber.version != 1)
        or _count(session, SubscriberNote, SubscriberNote.subscriber_id.in_(people))
        or _count(session, Contract, Contract.subscriber_id.in_(people)) != contracts
    ):
        raise ImportTouched(_PEOPLE)
    sealed = session.scalar(select(func.max(ChainSeal.last_id)).where(ChainSeal.chain == "ledger_entry"))
    first = session.scalar(select(func.min(LedgerEntry.id)).where(LedgerEntry.contract_id.in_(mine)))
    if first is not None and sealed is not None and sealed >= first:
        raise ImportTouched(_SEALED)


@contextmanager
def _guards_off(session: Session) -> Iterator[None]:
    """The append-only guards of the ledger and payments off, for this transaction only."""
    if session.get_bind().dialect.name == "postgresql":
        try:
            for table in GUARDED:
                session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "42501":  # must be owner of table
                raise PermissionDenied() from exc
            raise
        yield
        for table in GUARDED:
            session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"))
        return
    names = [f"{table}_no_delete" for table in GUARDED]
    saved = [
        session.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": name}
        ).scalar_one()
        for name in names
    ]
    for name in names:
        session.execute(text(f"DROP TRIGGER {name}"))
    yield
    for sql in saved:
        session.execute(text(sql))
