"""Posted registry files: the list, one file's payments, and cancelling a whole file.

Cancelling a batch is what cancelling each of its payments would be, in one transaction: a reversal
entry and a cancellation per payment (payments cancelled one by one before are left as they are), and
what the payments made the debt policy do is undone (payment_effects) — the debt back with its date,
services blocked again, disconnect orders back, reconnection fees reversed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.models import (
    Contract,
    Event,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentAgent,
    PaymentCancellation,
    PaymentEffect,
    RegistryBatch,
    Staff,
    utcnow,
)
from app.money import format_money
from app.services.billing.payment_effects import Undone, undo_payment_effects
from app.services.cashdesk.payments import MAX_COMMENT
from app.services.cashdesk.registries import LOOKUP_CHUNK, Verdict
from app.services.kernel.bulk import insert_rows, reserve_ids
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy


@dataclass(frozen=True)
class BatchRow:
    id: int
    agent_name: str
    file_name: str
    first_date: dt.date
    last_date: dt.date
    payments: int
    amount: int
    commission: int
    left_aside: int  # lines naming unknown contracts, posted without them
    posted_at: dt.datetime
    posted_by: str  # "" = the scheduled task
    cancelled_at: dt.datetime | None
    cancel_reason: str


@dataclass
class CancelledBatch:
    """What cancelling a batch did: its payments reversed, and the debt policy's work undone."""

    batch_id: int
    payments: int
    amount: int
    debts_restored: int = 0
    services_blocked: int = 0
    disconnect_orders_restored: int = 0
    reconnect_orders_cancelled: int = 0
    fees_reversed: int = 0
    reconnections_kept: int = 0

    def add(self, undone: Undone) -> None:
        self.debts_restored += int(undone.debt_restored)
        self.services_blocked += undone.services_blocked
        self.disconnect_orders_restored += undone.disconnect_orders_restored
        self.reconnect_orders_cancelled += undone.reconnect_orders_cancelled
        self.fees_reversed += undone.fees_reversed
        self.reconnections_kept += undone.reconnections_kept


class BatchAlreadyCancelled(ValidationError):
    message = QT_TRANSLATE_NOOP("Errors", "This registry is already cancelled.")

    def __init__(self) -> None:
        super().__init__(self.message, field="reason")


def list_batches(db: Database, actor: Actor, *, limit: int = 200) -> list[BatchRow]:
    """The latest posted files, newest first."""
    require(actor, Permission.IMPORT_PAYMENTS)
    with db.reading(actor) as conn:
        rows = conn.execute(
            select(
                RegistryBatch.id,
                PaymentAgent.name,
                RegistryBatch.file_name,
                RegistryBatch.first_date,
                RegistryBatch.last_date,
                RegistryBatch.payments,
                RegistryBatch.amount,
                RegistryBatch.commission,
                RegistryBatch.left_aside,
                RegistryBatch.posted_at,
                Staff.full_name,
                RegistryBatch.cancelled_at,
                RegistryBatch.cancel_reason,
            )
            .join(PaymentAgent, PaymentAgent.id == RegistryBatch.agent_id)
            .outerjoin(Staff, Staff.id == RegistryBatch.staff_id)
            .order_by(RegistryBatch.id.desc())
            .limit(limit)
        ).all()
    return [
        BatchRow(
            id=r[0],
            agent_name=r[1],
            file_name=r[2],
            first_date=r[3],
            last_date=r[4],
            payments=r[5],
            amount=int(r[6]),
            commission=int(r[7]),
            left_aside=sum(1 for line in r[8] or [] if line.get("verdict") == Verdict.UNKNOWN_CONTRACT),
            posted_at=r[9],
            posted_by=r[10] or "",
            cancelled_at=r[11],
            cancel_reason=r[12],
        )
        for r in rows
    ]


def cancel_batch(db: Database, actor: Actor, batch_id: int, reason: str) -> CancelledBatch:
    """Cancel every payment of a posted registry file (an administrator, with a reason)."""
    require(actor, Permission.IMPORT_PAYMENTS)
    require(actor, Permission.CANCEL_ANY_PAYMENT)
    if not actor.staff_id:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "A registry is cancelled by a person, not a scheduled task: sign in as yourself."
            ),
            field="reason",
        )
    reason = tidy(reason)
    if len(reason) < 3:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Write why the registry is cancelled."), field="reason"
        )
    reason = reason[:MAX_COMMENT]
    with db.transaction(actor) as session:
        batch = session.scalar(select(RegistryBatch).where(RegistryBatch.id == batch_id).with_for_update())
        if batch is None:
            raise NotFound()
        if batch.cancelled_at is not None:
            raise BatchAlreadyCancelled()
        agent_name = session.scalar(select(PaymentAgent.name).where(PaymentAgent.id == batch.agent_id)) or ""
        cancelled = _reverse_payments(session, actor, batch, agent_name, reason)
        batch.cancelled_at = utcnow()
        batch.cancelled_by_id = actor.staff_id
        batch.cancel_reason = reason
        record_event(
            session,
            actor=actor,
            kind=EventKind.REGISTRY_CANCELLED,
            file=batch.file_name,
            agent=agent_name,
            payments=cancelled.payments,
            amount=format_money(cancelled.amount),
            kopecks=cancelled.amount,
            batch=batch.id,
            reason=reason,
        )
        return cancelled


def _reverse_payments(
    session: Session, actor: Actor, batch: RegistryBatch, agent_name: str, reason: str
) -> CancelledBatch:
    already = select(PaymentCancellation.id).where(PaymentCancellation.payment_id == Payment.id)
    payments = session.execute(
        select(Payment.id, Payment.contract_id, Payment.amount, Payment.ledger_entry_id, Payment.external_ref)
        .where(Payment.registry_batch_id == batch.id, ~already.exists())
        .order_by(Payment.contract_id, Payment.id)  # the contracts' rows in the order everyone locks them
    ).all()
    result = CancelledBatch(batch.id, len(payments), sum(int(p.amount) for p in payments))
    if not payments:
        return result
    settings = read_settings(session)
    today = business_today(settings)
    reversal_ids = reserve_ids(session, LedgerEntry, len(payments))
    insert_rows(
        session,
        LedgerEntry,
        [
            {
                "id": reversal_id,
                "contract_id": p.contract_id,
                "kind": LedgerKind.REVERSAL.value,
                "amount": -p.amount,
                "business_date": today,
                "reverses_id": p.ledger_entry_id,
                "staff_id": actor.staff_id,
                "comment": reason,
            }
            for reversal_id, p in zip(reversal_ids, payments, strict=True)
        ],
    )
    insert_rows(
        session,
        PaymentCancellation,
        [
            {
                "payment_id": p.id,
                "reversal_entry_id": reversal_id,
                "shift_id": None,
                "staff_id": actor.staff_id,
                "reason": reason,
                "amount": p.amount,
            }
            for reversal_id, p in zip(reversal_ids, payments, strict=True)
        ],
    )
    subscribers = _subscribers(session, sorted({int(p.contract_id) for p in payments}))
    template = EVENT_TEMPLATES[EventKind.REGISTRY_PAYMENT_CANCELLED]
    events = []
    for p in payments:
        params: dict[str, object] = {
            "amount": format_money(p.amount),
            "kopecks": p.amount,
            "agent": agent_name,
            "operation": p.external_ref,
            "reason": reason,
            "payment": p.id,
        }
        events.append(
            {
                "actor_staff_id": actor.staff_id,
                "kind": EventKind.REGISTRY_PAYMENT_CANCELLED,
                "summary": template.format(**params)[:500],
                "subscriber_id": subscribers.get(int(p.contract_id)),
                "contract_id": p.contract_id,
                "details": params,
            }
        )
    insert_rows(session, Event, events)
    contract_of = {int(p.id): int(p.contract_id) for p in payments}
    ids = sorted(contract_of)
    with_effects: set[int] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        with_effects.update(
            int(pid)
            for pid in session.scalars(
                select(PaymentEffect.payment_id).where(PaymentEffect.payment_id.in_(chunk)).distinct()
            )
        )
    for payment_id in sorted(with_effects, key=lambda pid: (contract_of[pid], pid)):
        contract_id = contract_of[payment_id]
        result.add(
            undo_payment_effects(session, payment_id, contract_id, today, actor=actor, settings=settings)
        )
    session.flush()
    return result


def _subscribers(session: Session, contract_ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(contract_ids), LOOKUP_CHUNK):
        chunk = contract_ids[start : start + LOOKUP_CHUNK]
        found.update(
            (int(cid), int(sid))
            for cid, sid in session.execute(
                select(Contract.id, Contract.subscriber_id).where(Contract.id.in_(chunk))
            )
        )
    return found


def batch_totals(db: Database, actor: Actor, batch_id: int) -> tuple[int, int]:
    """(payments still standing, their amount) of a batch: what cancelling it would take back."""
    require(actor, Permission.IMPORT_PAYMENTS)
    with db.reading(actor) as conn:
        already = select(PaymentCancellation.id).where(PaymentCancellation.payment_id == Payment.id)
        count, amount = conn.execute(
            select(func.count(), func.coalesce(func.sum(Payment.amount), 0)).where(
                Payment.registry_batch_id == batch_id, ~already.exists()
            )
        ).one()
    return int(count), int(amount)
