"""What a payment made the debt policy do, kept so that cancelling the payment undoes exactly that.

A payment that clears a debt unblocks Internet, cancels the disconnect order as «paid» and may charge
the reconnection fee and queue a reconnect order — all in its own transaction. Each of these is stored
as a `PaymentEffect` row of that payment. Cancelling the payment (a reversal entry) then, in the
cancellation's transaction:

- cancels the reconnect order it queued and reverses its fee, if the installer has not been yet; if
  the reconnection is already done, it stays (the work was done) and an event asks an administrator
  to decide;
- if the contract is back below its credit limit: restores the debt with its original start date
  (the grace period does not start over), blocks the services the payment had unblocked again, and
  puts cable TV back to «to be disconnected» with a new disconnect order carrying the cancelled one's
  due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Contract,
    ContractStatus,
    LedgerEntry,
    LedgerKind,
    PaymentEffect,
    Service,
    ServiceState,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from app.money import format_money
from app.services.billing.effects import Effect, EffectKind
from app.services.billing.exemptions import exemption_of
from app.services.dispatch.orders import OPEN_STATUSES, cancel_order, create_order, open_orders
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor

REASON_PAYMENT_CANCELLED = "payment_cancelled"


def record_effects(session: Session, payment_id: int, effects: Sequence[Effect]) -> None:
    session.add_all(
        PaymentEffect(
            payment_id=payment_id,
            kind=e.kind.value,
            debt_since=e.debt_since,
            service_id=e.service_id,
            work_order_id=e.work_order_id,
            ledger_entry_id=e.ledger_entry_id,
        )
        for e in effects
    )


@dataclass
class Undone:
    reconnect_orders_cancelled: int = 0
    fees_reversed: int = 0
    reconnections_kept: int = 0  # already done: left to an administrator
    debt_restored: bool = False
    services_blocked: int = 0
    disconnect_orders_restored: int = 0


def undo_payment_effects(
    session: Session,
    payment_id: int,
    contract_id: int,
    day: dt.date,
    *,
    actor: Actor,
    settings: Mapping[str, str],
) -> Undone:
    """Undo what the payment caused; call after its reversal entry moved the balance, with the
    contract's row locked (the reversal's balance update holds it)."""
    undone = Undone()
    effects = session.scalars(
        select(PaymentEffect).where(PaymentEffect.payment_id == payment_id).order_by(PaymentEffect.id)
    ).all()
    if not effects:
        return undone
    contract = session.get_one(Contract, contract_id)
    for effect in effects:
        if effect.kind == EffectKind.RECONNECTION:
            _undo_reconnection(session, contract, effect, day, actor, undone)
    session.flush()
    session.refresh(contract)
    cleared = next((e for e in effects if e.kind == EffectKind.DEBT_CLEARED), None)
    in_debt = (
        contract.status == ContractStatus.ACTIVE
        and contract.balance < -contract.credit_limit
        and exemption_of(contract, day) is None
    )
    if cleared is None or not in_debt or contract.debt_since is not None:
        return undone
    contract.debt_since = cleared.debt_since
    undone.debt_restored = True
    record_event(
        session,
        actor=actor,
        kind=EventKind.DEBT_RESTORED,
        subscriber_id=contract.subscriber_id,
        contract_id=contract.id,
        debt=format_money(-contract.balance),
        date=(cleared.debt_since or day).isoformat(),
    )
    for effect in effects:
        service = session.get(Service, effect.service_id) if effect.service_id else None
        if service is None or service.state != ServiceState.ACTIVE:
            continue
        if effect.kind == EffectKind.SERVICE_UNBLOCKED:
            service.state = ServiceState.BLOCKED
            service.state_since = day
            undone.services_blocked += 1
            record_event(
                session,
                actor=actor,
                kind=EventKind.SERVICE_BLOCKED,
                subscriber_id=contract.subscriber_id,
                contract_id=contract.id,
                service=service.kind,
            )
        elif effect.kind == EffectKind.DISCONNECT_CANCELLED and effect.work_order_id is not None:
            if open_orders(session, service.id, WorkOrderKind.DISCONNECT_CATV):
                continue
            cancelled = session.get_one(WorkOrder, effect.work_order_id)
            service.state = ServiceState.DISCONNECT_PENDING
            service.state_since = day
            create_order(
                session,
                actor=actor,
                kind=WorkOrderKind.DISCONNECT_CATV,
                contract_id=contract.id,
                service_id=service.id,
                due_on=cancelled.due_on,
                note=cancelled.note,
            )
            undone.disconnect_orders_restored += 1
            record_event(
                session,
                actor=actor,
                kind=EventKind.SERVICE_DISCONNECT_PENDING,
                subscriber_id=contract.subscriber_id,
                contract_id=contract.id,
                service=service.kind,
                days=(day - (cleared.debt_since or day)).days,
            )
    session.flush()
    return undone


def _undo_reconnection(
    session: Session, contract: Contract, effect: PaymentEffect, day: dt.date, actor: Actor, undone: Undone
) -> None:
    order = session.get(WorkOrder, effect.work_order_id) if effect.work_order_id else None
    if order is not None and order.status == WorkOrderStatus.DONE:
        undone.reconnections_kept += 1
        record_event(
            session,
            actor=actor,
            kind=EventKind.RECONNECTION_KEPT,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            order=order.id,
        )
        return
    if order is not None and order.status in OPEN_STATUSES:
        cancel_order(session, order, actor=actor, reason=REASON_PAYMENT_CANCELLED)
        undone.reconnect_orders_cancelled += 1
    fee = session.get(LedgerEntry, effect.ledger_entry_id) if effect.ledger_entry_id else None
    if fee is None:
        return
    session.add(
        LedgerEntry(
            contract_id=contract.id,
            kind=LedgerKind.REVERSAL,
            amount=-fee.amount,
            business_date=day,
            service_id=fee.service_id,
            reverses_id=fee.id,
            staff_id=actor.staff_id,
            comment="reconnection fee: its payment was cancelled",
        )
    )
    session.flush()  # the reversal moves the balance (the ledger's trigger)
    undone.fees_reversed += 1
    record_event(
        session,
        actor=actor,
        kind=EventKind.RECONNECTION_FEE_REVERSED,
        subscriber_id=contract.subscriber_id,
        contract_id=contract.id,
        fee=format_money(-fee.amount),
    )
