"""Rolling a legacy import back as a whole — only while nothing else has touched what it wrote.

The import is the one case where ledger entries and payments are deleted: the rollback switches their
append-only guards off for its own transaction (PostgreSQL: ALTER TABLE … DISABLE TRIGGER, which only
the tables' owner may do — so on a server it runs as the owner; SQLite: the guard triggers are dropped
and made again inside the transaction). It refuses when any of its contracts, subscribers or services
was changed, charged, paid, noted or written to since, or when its ledger entries have been sealed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, text
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
            ids = list(
                session.scalars(
                    select(LegacyContract.contract_id).where(LegacyContract.legacy_import_id == batch_id)
                )
            )
            subscribers = sorted(
                set(_each(session, ids, lambda c: select(Contract.subscriber_id).where(Contract.id.in_(c))))
            )
            premises = sorted(
                set(_each(session, ids, lambda c: select(Contract.premises_id).where(Contract.id.in_(c))))
                - {None}
            )
            _check_untouched(session, batch, ids, subscribers)
            with _guards_off(session):
                for model in (Payment, LedgerEntry, WorkOrder, Service, LegacyContract):
                    column = model.contract_id
                    for chunk in _chunks(ids):
                        session.execute(
                            delete(model)
                            .where(column.in_(chunk))
                            .execution_options(synchronize_session=False)
                        )
                for chunk in _chunks(ids):
                    session.execute(
                        delete(Contract)
                        .where(Contract.id.in_(chunk))
                        .execution_options(synchronize_session=False)
                    )
            first, last = batch.counts.get("premises_ids", [0, 0])
            for chunk in _chunks([p for p in premises if first <= p <= last]):
                used = select(Contract.id).where(Contract.premises_id == Premises.id)
                session.execute(
                    delete(Premises)
                    .where(Premises.id.in_(chunk), ~used.exists())
                    .execution_options(synchronize_session=False)
                )
            for chunk in _chunks(subscribers):
                session.execute(
                    delete(Subscriber)
                    .where(Subscriber.id.in_(chunk))
                    .execution_options(synchronize_session=False)
                )
            for building_id in batch.counts.get("buildings", []):
                left = session.scalar(select(func.count()).where(Premises.building_id == building_id))
                if not left:
                    session.execute(delete(Building).where(Building.id == building_id))
            batch.rolled_back_at = utcnow()
            batch.rolled_back_by_id = actor.staff_id or None
            record_event(
                session,
                actor=actor if actor.staff_id else None,
                kind=EventKind.LEGACY_ROLLED_BACK,
                source=batch.source,
                contracts=len(ids),
                batch=batch.id,
            )
            return RolledBack(batch.id, len(subscribers), len(ids))
    except PermissionDenied as exc:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP(
                "Errors",
                "On a server an import is rolled back by the tables' owner (the login that runs db upgrade).",
            )
        ) from exc


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _each(session: Session, ids: Sequence[int], query: Callable[[Sequence[int]], Any]) -> list[Any]:
    found: list[Any] = []
    for chunk in _chunks(ids):
        found.extend(session.scalars(query(chunk)))
    return found


def _count(session: Session, ids: Sequence[int], model: type, column: Any, *more: ColumnElement[bool]) -> int:
    total = 0
    for chunk in _chunks(ids):
        total += int(
            session.scalar(select(func.count()).select_from(model).where(column.in_(chunk), *more)) or 0
        )
    return total


def _check_untouched(session: Session, batch: LegacyImport, ids: list[int], subscribers: list[int]) -> None:
    counts = batch.counts
    if _count(session, ids, LedgerEntry, LedgerEntry.contract_id) != counts.get("ledger_entries", 0):
        raise ImportTouched(_CHARGED)
    if _count(session, ids, Payment, Payment.contract_id) != counts.get("payments", 0):
        raise ImportTouched(_PAID)
    if _count(session, ids, WorkOrder, WorkOrder.contract_id) != counts.get("work_orders", 0):
        raise ImportTouched(_ORDERS)
    if _count(session, ids, Event, Event.contract_id) or _count(
        session, ids, Notification, Notification.contract_id
    ):
        raise ImportTouched(_HISTORY)
    if _count(session, ids, Contract, Contract.id, Contract.version != 1) or _count(
        session, ids, Service, Service.contract_id, Service.version != 1
    ):
        raise ImportTouched(_CHANGED)
    if _count(session, subscribers, Subscriber, Subscriber.id, Subscriber.version != 1) or _count(
        session, subscribers, SubscriberNote, SubscriberNote.subscriber_id
    ):
        raise ImportTouched(_PEOPLE)
    others = _count(session, subscribers, Contract, Contract.subscriber_id) - len(ids)
    if others:
        raise ImportTouched(_PEOPLE)
    sealed = session.scalar(select(func.max(ChainSeal.last_id)).where(ChainSeal.chain == "ledger_entry"))
    firsts = _each(
        session, ids, lambda c: select(func.min(LedgerEntry.id)).where(LedgerEntry.contract_id.in_(c))
    )
    entries = [e for e in firsts if e is not None]
    if entries and sealed is not None and sealed >= min(entries):
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
