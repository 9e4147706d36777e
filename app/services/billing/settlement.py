"""Settling many paid-off debts at once (a bank registry of thousands of payments): the same changes,
history events and effects as `debt_policy.settle_contract` one contract at a time, in set-based
steps of POLICY_BATCH contracts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Contract, Service, ServiceState, WorkOrder, WorkOrderKind, WorkOrderStatus, utcnow
from app.services.billing.debt_policy import bulk_events, policy_batches
from app.services.billing.effects import Effect, EffectKind
from app.services.dispatch.orders import OPEN_STATUSES, REASON_PAID
from app.services.kernel.history import EventKind
from app.services.kernel.permissions import Actor


def settle_contracts(
    session: Session,
    contract_ids: Iterable[int],
    day: dt.date,
    *,
    actor: Actor | None,
    reason: str = REASON_PAID,
) -> dict[int, list[Effect]]:
    """`settle_contract` for many contracts at once (a registry of thousands of payments), in set-based
    steps of POLICY_BATCH contracts: the same changes, history events and effects (returned per
    contract). The caller holds the contracts' rows (their balance updates took them)."""
    effects: dict[int, list[Effect]] = {}
    staff_id = actor.staff_id if actor else None
    for batch in policy_batches(sorted(set(contract_ids))):
        contracts = session.execute(
            select(Contract.id, Contract.subscriber_id, Contract.debt_since).where(Contract.id.in_(batch))
        ).all()
        subscriber_of = {c.id: c.subscriber_id for c in contracts}
        for c in contracts:
            effects[c.id] = [Effect(EffectKind.DEBT_CLEARED, debt_since=c.debt_since)]
        session.execute(
            update(Contract)
            .where(Contract.id.in_(batch))
            .values(debt_since=None, version=Contract.version + 1)
            .execution_options(synchronize_session=False)
        )
        bulk_events(
            session,
            EventKind.DEBT_CLEARED,
            [{"subscriber_id": subscriber_of[c.id], "contract_id": c.id, "params": {}} for c in contracts],
            actor,
        )
        services = session.execute(
            select(Service.id, Service.contract_id, Service.kind, Service.state)
            .where(
                Service.contract_id.in_(batch),
                Service.state.in_((ServiceState.BLOCKED, ServiceState.DISCONNECT_PENDING)),
            )
            .order_by(Service.id)
        ).all()
        pending = [s.id for s in services if s.state == ServiceState.DISCONNECT_PENDING]
        orders = session.execute(
            select(WorkOrder.id, WorkOrder.service_id, WorkOrder.contract_id)
            .where(
                WorkOrder.service_id.in_(pending),
                WorkOrder.kind == WorkOrderKind.DISCONNECT_CATV,
                WorkOrder.status.in_(OPEN_STATUSES),
            )
            .order_by(WorkOrder.id)
        ).all()
        if orders:
            session.execute(
                update(WorkOrder)
                .where(WorkOrder.id.in_([o.id for o in orders]))
                .values(
                    status=WorkOrderStatus.CANCELLED,
                    cancel_reason=reason,
                    closed_at=utcnow(),
                    closed_by=staff_id,
                    version=WorkOrder.version + 1,
                )
                .execution_options(synchronize_session=False)
            )
            bulk_events(
                session,
                EventKind.WORK_ORDER_CANCELLED,
                [
                    {
                        "subscriber_id": subscriber_of.get(o.contract_id),
                        "contract_id": o.contract_id,
                        "params": {"order": o.id, "reason": reason},
                    }
                    for o in orders
                ],
                actor,
            )
        orders_of: dict[int, list[int]] = {}
        for order in orders:
            orders_of.setdefault(order.service_id, []).append(order.id)
        for service in services:  # in the order settle_contract records them
            done = effects[service.contract_id]
            if service.state == ServiceState.BLOCKED:
                done.append(Effect(EffectKind.SERVICE_UNBLOCKED, service_id=service.id))
            for order_id in orders_of.get(service.id, []):
                done.append(
                    Effect(EffectKind.DISCONNECT_CANCELLED, service_id=service.id, work_order_id=order_id)
                )
        if services:
            session.execute(
                update(Service)
                .where(Service.id.in_([s.id for s in services]))
                .values(state=ServiceState.ACTIVE, state_since=day, version=Service.version + 1)
                .execution_options(synchronize_session=False)
            )
            bulk_events(
                session,
                EventKind.SERVICE_UNBLOCKED,
                [
                    {
                        "subscriber_id": subscriber_of[s.contract_id],
                        "contract_id": s.contract_id,
                        "params": {"service": s.kind},
                    }
                    for s in services
                ],
                actor,
            )
    return effects
