"""Work orders: created by the debt policy (CaTV disconnects and reconnects) or by a dispatcher,
cancelled automatically when the subscriber pays first, closed with the installer's outcome.

An outcome feeds back into the service: a done disconnect makes the CaTV service `disconnected`
(no longer charged), a done reconnect makes it `active` again."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import (
    Contract,
    Premises,
    Service,
    ServiceState,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
    utcnow,
)
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy

OPEN_STATUSES = (WorkOrderStatus.NEW, WorkOrderStatus.ASSIGNED)
REASON_PAID = "paid"
REASON_CREDITED = "credited"  # an outage's credit paid the debt (app/services/billing/outages.py)
# the debt is gone: a disconnect visit cancelled for either saved a trip
DEBT_GONE_REASONS = (REASON_PAID, REASON_CREDITED)
REASON_EXEMPT = "exempt"  # the contract was marked «never block»


class Outcome(enum.StrEnum):
    DONE = "done"
    NO_ACCESS = "no_access"
    REFUSED = "refused"
    POSTPONED = "postponed"


@dataclass(frozen=True)
class OrderOutcome:
    order_id: int
    status: WorkOrderStatus
    service_state: ServiceState | None


def create_order(
    session: Session,
    *,
    actor: Actor | None,
    kind: WorkOrderKind,
    contract_id: int,
    service_id: int | None,
    due_on: dt.date,
    note: str = "",
) -> WorkOrder:
    """Add a work order inside the caller's transaction, placed at the contract's building."""
    contract = session.get_one(Contract, contract_id)
    premises = session.get(Premises, contract.premises_id) if contract.premises_id else None
    order = WorkOrder(
        kind=kind,
        status=WorkOrderStatus.NEW,
        contract_id=contract_id,
        service_id=service_id,
        building_id=premises.building_id if premises else None,
        premises_id=premises.id if premises else None,
        due_on=due_on,
        note=note,
        created_by=actor.staff_id if actor else None,
    )
    session.add(order)
    session.flush()
    record_event(
        session,
        actor=actor,
        kind=EventKind.WORK_ORDER_CREATED,
        subscriber_id=contract.subscriber_id,
        contract_id=contract_id,
        order=order.id,
        what=kind.value,
    )
    return order


def open_orders(session: Session, service_id: int, kind: WorkOrderKind) -> list[WorkOrder]:
    return list(
        session.scalars(
            select(WorkOrder).where(
                WorkOrder.service_id == service_id,
                WorkOrder.kind == kind,
                WorkOrder.status.in_(OPEN_STATUSES),
            )
        )
    )


def cancel_order(session: Session, order: WorkOrder, *, actor: Actor | None, reason: str) -> None:
    """Cancel inside the caller's transaction (e.g. the payment that made the visit unnecessary)."""
    order.status = WorkOrderStatus.CANCELLED
    order.cancel_reason = reason
    order.closed_at = utcnow()
    order.closed_by = actor.staff_id if actor else None
    contract = session.get(Contract, order.contract_id) if order.contract_id else None
    record_event(
        session,
        actor=actor,
        kind=EventKind.WORK_ORDER_CANCELLED,
        subscriber_id=contract.subscriber_id if contract else None,
        contract_id=order.contract_id,
        order=order.id,
        reason=reason,
    )


def record_outcome(
    db: Database,
    actor: Actor,
    order_id: int,
    outcome: Outcome,
    *,
    version: int,
    note: str = "",
    postponed_to: dt.date | None = None,
) -> OrderOutcome:
    """The installer's result as the dispatcher records it. Done orders change the service; orders
    not done go back to the queue (unassigned, or due on the postponed date) with the reason kept."""
    require(actor, Permission.DISPATCH)
    note = tidy(note)[:1000]
    with db.transaction(actor) as session:
        # The contract's row first, as a payment takes it (its balance update) and the billing run's
        # policy does: a payment and this outcome then take turns on the contract, and neither fails
        # on the other's change (the payment sees the disconnection, or this sees the cancellation).
        contract_id = session.scalar(select(WorkOrder.contract_id).where(WorkOrder.id == order_id))
        if contract_id is not None:
            session.execute(select(Contract.id).where(Contract.id == contract_id).with_for_update())
        order = session.get(WorkOrder, order_id, populate_existing=True)
        if order is None:
            raise NotFound()
        if order.status == WorkOrderStatus.CANCELLED:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "This order was cancelled ({reason}): nothing must be done at the address."
                ),
                field="outcome",
                reason=order.cancel_reason,
            )
        if order.status not in OPEN_STATUSES:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "This order is already closed."), field="outcome"
            )
        if order.version != version:
            raise ConcurrentEdit()
        contract = session.get(Contract, order.contract_id) if order.contract_id else None
        subscriber_id = contract.subscriber_id if contract else None
        today = business_today(read_settings(session))
        if outcome is Outcome.DONE:
            order.status = WorkOrderStatus.DONE
            order.outcome_note = note
            order.closed_at = utcnow()
            order.closed_by = actor.staff_id
            state = _apply_done(session, order, actor, today, subscriber_id)
            record_event(
                session,
                actor=actor,
                kind=EventKind.WORK_ORDER_DONE,
                subscriber_id=subscriber_id,
                contract_id=order.contract_id,
                order=order.id,
                what=order.kind,
            )
            session.flush()
            return OrderOutcome(order.id, order.status, state)
        if outcome is Outcome.POSTPONED:
            if postponed_to is None or postponed_to < today:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Choose the date the visit is postponed to: today or later."),
                    field="postponed_to",
                )
            order.due_on = postponed_to
        # Not done: back to the queue, unassigned, with what happened kept in the note and history.
        order.status = WorkOrderStatus.NEW
        order.installer_id = None
        order.planned_on = None
        order.printed_at = None
        order.outcome_note = f"{order.outcome_note}\n{outcome.value}: {note}".strip()
        record_event(
            session,
            actor=actor,
            kind=EventKind.WORK_ORDER_FAILED,
            subscriber_id=subscriber_id,
            contract_id=order.contract_id,
            order=order.id,
            outcome=outcome.value,
        )
        session.flush()
        return OrderOutcome(order.id, order.status, None)


def _apply_done(
    session: Session, order: WorkOrder, actor: Actor, today: dt.date, subscriber_id: int | None
) -> ServiceState | None:
    service = session.get(Service, order.service_id) if order.service_id else None
    if service is None:
        return None
    if order.kind == WorkOrderKind.DISCONNECT_CATV and service.state == ServiceState.DISCONNECT_PENDING:
        service.state = ServiceState.DISCONNECTED
        service.state_since = today
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_DISCONNECTED,
            subscriber_id=subscriber_id,
            contract_id=service.contract_id,
            service=service.kind,
        )
    elif order.kind == WorkOrderKind.RECONNECT_CATV and service.state == ServiceState.DISCONNECTED:
        service.state = ServiceState.ACTIVE
        service.state_since = today
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_RECONNECTED,
            subscriber_id=subscriber_id,
            contract_id=service.contract_id,
            service=service.kind,
        )
    return ServiceState(service.state)
