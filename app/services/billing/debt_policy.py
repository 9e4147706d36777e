"""The debt policy (docs/debt-policy.md), run without anyone remembering.

- Balance below minus the credit limit: the contract is in debt from that day; Internet and IPTV are
  blocked the same day and a reminder is queued.
- A second reminder goes out a few days before the disconnect date.
- After the grace period, still in debt: CaTV goes to `disconnect_pending` with a disconnect order.
- A payment that clears the debt unblocks in the same transaction, cancels the open disconnect order
  (reason "paid") and returns CaTV to `active`. A physically disconnected CaTV service needs the debt
  plus the reconnection fee: the fee is charged and a reconnect order is queued.
- Contracts that must never be blocked (institutions, until a date) and terminated contracts are
  left alone; voluntary suspension is not touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.models import (
    Contract,
    ContractStatus,
    Event,
    LedgerEntry,
    LedgerKind,
    Premises,
    Service,
    ServiceKind,
    ServiceState,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from app.money import format_money
from app.services.billing.effects import Effect, EffectKind
from app.services.billing.prepaid import prepaid_on
from app.services.billing.reconnection import reconnection_fee, waiting_for_reconnection
from app.services.dispatch.orders import OPEN_STATUSES, REASON_PAID, cancel_order, create_order, open_orders
from app.services.kernel.bulk import insert_rows
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key
from app.services.notifications.reminders import Reminder, queue_reminders

SOFTWARE_BLOCKED = (ServiceKind.INTERNET, ServiceKind.IPTV)
T = TypeVar("T")
# Contracts (or services) the policy handles at a time: a disconnect wave of hundreds of thousands is
# done in set-based steps of this size, holding one step's rows in memory, never one ORM object each.
POLICY_BATCH = 5_000


@dataclass
class PolicyCounts:
    debts_started: int = 0
    services_blocked: int = 0
    reminders_queued: int = 0
    disconnect_orders: int = 0
    debts_cleared: int = 0
    services_unblocked: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def grace_days(settings: Mapping[str, str]) -> int:
    return int(settings.get(Key.GRACE_DAYS) or 10)


def in_debt(day: dt.date) -> ColumnElement[bool]:
    """Contracts the policy acts on as debtors on `day`."""
    exempt = and_(
        Contract.never_block.is_(True),
        or_(Contract.never_block_until.is_(None), Contract.never_block_until >= day),
    )
    return and_(
        Contract.status == ContractStatus.ACTIVE,
        Contract.balance < -Contract.credit_limit,
        ~exempt,
        ~prepaid_on(day),
    )


def moves_after(session: Session, contract_ids: Sequence[int], day: dt.date) -> dict[int, int]:
    """Kopecks each contract's ledger moved on business dates after `day` (none for a nightly run)."""
    moved: dict[int, int] = {}
    for chunk in _chunks(list(contract_ids)):
        rows = session.execute(
            select(LedgerEntry.contract_id, func.sum(LedgerEntry.amount))
            .where(LedgerEntry.contract_id.in_(chunk), LedgerEntry.business_date > day)
            .group_by(LedgerEntry.contract_id)
        ).all()
        moved.update((int(contract_id), int(amount)) for contract_id, amount in rows)
    return moved


def bulk_events(
    session: Session, kind: str, rows: list[dict[str, object]], actor: Actor | None = None
) -> None:
    """Many events at once (the billing run records thousands on a busy day); `actor` None: the system."""
    template = EVENT_TEMPLATES[kind]
    insert_rows(
        session,
        Event,
        [
            {
                "actor_staff_id": actor.staff_id if actor else None,
                "kind": kind,
                "summary": template.format(**row["params"])[:500],  # type: ignore[arg-type]
                "subscriber_id": row["subscriber_id"],
                "contract_id": row["contract_id"],
                "details": row["params"],
            }
            for row in rows
        ],
    )


class _ContractLocks:
    """Row locks on the contracts the policy acts on, so that the run and a payment serialise per
    contract and the outcome equals some serial order.

    PostgreSQL: every contract in debt or marked in debt is locked (in id order) before the policy reads
    anything. A payment to one of them then waits for the policy's commit and undoes what the policy
    did (cancels the disconnect order as «paid»); a payment that committed first is seen by every
    statement after the lock. A contract that turns debtor after that first lock (a cancelled payment)
    is locked when a step picks it, and kept only if, locked, it still qualifies. SQLite serialises
    writers, so there is nothing to do there.
    """

    def __init__(self, session: Session, day: dt.date) -> None:
        self.session = session
        self.enabled = session.get_bind().dialect.name == "postgresql"
        self.held: set[int] = set()
        if self.enabled:
            self.held.update(
                session.scalars(
                    select(Contract.id)
                    .where(or_(Contract.debt_since.is_not(None), in_debt(day)))
                    .order_by(Contract.id)
                    .with_for_update()
                )
            )

    def still(self, ids: Iterable[int], condition: ColumnElement[bool]) -> set[int]:
        """Of `ids` (picked by a step), those now locked by this run and still meeting `condition`."""
        wanted = set(ids)
        if not self.enabled:
            return wanted
        for chunk in _chunks(sorted(wanted - self.held)):
            self.held.update(
                self.session.scalars(
                    select(Contract.id)
                    .where(Contract.id.in_(chunk), condition)
                    .order_by(Contract.id)
                    .with_for_update()
                )
            )
        return wanted & self.held


def apply_debt_policy(session: Session, day: dt.date, settings: Mapping[str, str]) -> PolicyCounts:
    """The policy's daily part, after the day's charges: new debts, blocks, reminders, disconnects,
    and debts that cleared other than by a payment (an adjustment, a cancelled charge)."""
    counts = PolicyCounts()
    locks = _ContractLocks(session, day)
    grace = grace_days(settings)
    before = int(settings.get(Key.REMINDER_DAYS_BEFORE) or 2)

    # 1. Debts that start today.
    started = session.execute(
        select(
            Contract.id, Contract.number, Contract.subscriber_id, Contract.balance, Contract.credit_limit
        ).where(in_debt(day), Contract.debt_since.is_(None))
    ).all()
    kept = locks.still((r.id for r in started), and_(in_debt(day), Contract.debt_since.is_(None)))
    later = moves_after(session, sorted(kept), day)
    # A run for an old date sees today's balance: a debt that the ledger says began after `day` starts
    # in the run of its own day, so its grace period and reminders are not skipped.
    started = [r for r in started if r.id in kept and r.balance - later.get(r.id, 0) < -r.credit_limit]
    counts.debts_started = len(started)
    for debtors in policy_batches(started):
        ids = [r.id for r in debtors]
        for chunk in _chunks(ids):
            session.execute(update(Contract).where(Contract.id.in_(chunk)).values(debt_since=day))
        bulk_events(
            session,
            EventKind.DEBT_STARTED,
            [
                {
                    "subscriber_id": r.subscriber_id,
                    "contract_id": r.id,
                    "params": {"debt": format_money(-r.balance)},
                }
                for r in debtors
            ],
        )
        catv = {
            cid
            for chunk in _chunks(ids)
            for cid in session.scalars(
                select(Service.contract_id).where(
                    Service.contract_id.in_(chunk),
                    Service.kind == ServiceKind.CATV,
                    Service.state == ServiceState.ACTIVE,
                )
            )
        }
        counts.reminders_queued += queue_reminders(
            session,
            settings,
            [
                Reminder(
                    template_key=Key.TEMPLATE_DEBT_STARTED,
                    dedupe_key=f"debt:{r.id}:{day.isoformat()}",
                    subscriber_id=r.subscriber_id,
                    contract_id=r.id,
                    contract_number=r.number,
                    debt=-r.balance,
                    disconnect_on=day + dt.timedelta(days=grace) if r.id in catv else None,
                )
                for r in debtors
            ],
        )

    # 2. Block Internet/IPTV of every debtor that still has them active (new debts and services
    # added while in debt alike).
    to_block = session.execute(
        select(Service.id, Service.contract_id, Service.kind, Contract.subscriber_id)
        .join(Contract, Contract.id == Service.contract_id)
        .where(
            in_debt(day),
            Contract.debt_since.is_not(None),
            Service.kind.in_(SOFTWARE_BLOCKED),
            Service.state == ServiceState.ACTIVE,
        )
    ).all()
    kept = locks.still((r.contract_id for r in to_block), in_debt(day))
    to_block = [r for r in to_block if r.contract_id in kept]
    counts.services_blocked = len(to_block)
    for blocks in policy_batches(to_block):
        for chunk in _chunks([r.id for r in blocks]):
            session.execute(
                update(Service)
                .where(Service.id.in_(chunk), Service.state == ServiceState.ACTIVE)
                .values(state=ServiceState.BLOCKED, state_since=day, version=Service.version + 1)
            )
        bulk_events(
            session,
            EventKind.SERVICE_BLOCKED,
            [
                {
                    "subscriber_id": r.subscriber_id,
                    "contract_id": r.contract_id,
                    "params": {"service": r.kind},
                }
                for r in blocks
            ],
        )

    # 3. The reminder before the disconnect date.
    remind_on_debt_since = day - dt.timedelta(days=max(grace - before, 1))
    reminded = session.execute(
        select(Contract.id, Contract.number, Contract.subscriber_id, Contract.balance, Contract.debt_since)
        .where(in_debt(day), Contract.debt_since == remind_on_debt_since)
        .where(
            Contract.id.in_(
                select(Service.contract_id).where(
                    Service.kind == ServiceKind.CATV, Service.state == ServiceState.ACTIVE
                )
            )
        )
    ).all()
    kept = locks.still((r.id for r in reminded), in_debt(day))
    reminded = [r for r in reminded if r.id in kept]
    counts.reminders_queued += queue_reminders(
        session,
        settings,
        [
            Reminder(
                template_key=Key.TEMPLATE_BEFORE_DISCONNECT,
                dedupe_key=f"before_disconnect:{r.id}:{r.debt_since.isoformat()}",
                subscriber_id=r.subscriber_id,
                contract_id=r.id,
                contract_number=r.number,
                debt=-r.balance,
                disconnect_on=r.debt_since + dt.timedelta(days=grace),
            )
            for r in reminded
        ],
    )

    # 4. Grace period over: CaTV to be disconnected, one order per service.
    to_disconnect = session.execute(
        select(
            Service.id,
            Service.contract_id,
            Service.kind,
            Contract.debt_since,
            Contract.subscriber_id,
            Contract.premises_id,
            Premises.building_id,
        )
        .join(Contract, Contract.id == Service.contract_id)
        .outerjoin(Premises, Premises.id == Contract.premises_id)
        .where(
            in_debt(day),
            Contract.debt_since <= day - dt.timedelta(days=grace),
            Service.kind == ServiceKind.CATV,
            Service.state == ServiceState.ACTIVE,
        )
        .order_by(Service.id)
    ).all()
    kept = locks.still(
        (r.contract_id for r in to_disconnect),
        and_(in_debt(day), Contract.debt_since <= day - dt.timedelta(days=grace)),
    )
    for wave in policy_batches([r for r in to_disconnect if r.contract_id in kept]):
        counts.disconnect_orders += _disconnect_pending(session, wave, day)
    # 5. Debts that cleared without a payment (adjustments, cancelled charges, a raised limit).
    cleared = session.scalars(
        select(Contract.id).where(Contract.debt_since.is_not(None), ~in_debt(day))
    ).all()
    for contract_id in sorted(locks.still(cleared, and_(Contract.debt_since.is_not(None), ~in_debt(day)))):
        settled = settle_contract(session, contract_id, day, actor=None, settings=settings)
        counts.debts_cleared += 1
        counts.services_unblocked += settled
    session.flush()
    return counts


def settle_contract(
    session: Session,
    contract_id: int,
    day: dt.date,
    *,
    actor: Actor | None,
    settings: Mapping[str, str],
    reason: str = REASON_PAID,
    effects: list[Effect] | None = None,
) -> int:
    """Undo the debt's consequences once it no longer applies; returns the services unblocked.
    Blocked services come back, a pending disconnect is cancelled (`reason`, "paid" unless said
    otherwise) and CaTV stays on. What was done is appended to `effects` when given."""
    contract = session.get_one(Contract, contract_id)
    if effects is not None:
        effects.append(Effect(EffectKind.DEBT_CLEARED, debt_since=contract.debt_since))
    contract.debt_since = None
    record_event(
        session,
        actor=actor,
        kind=EventKind.DEBT_CLEARED,
        subscriber_id=contract.subscriber_id,
        contract_id=contract.id,
    )
    unblocked = 0
    for service in session.scalars(
        select(Service)
        .where(
            Service.contract_id == contract_id,
            Service.state.in_((ServiceState.BLOCKED, ServiceState.DISCONNECT_PENDING)),
        )
        .order_by(Service.id)
    ):
        if service.state == ServiceState.DISCONNECT_PENDING:
            for order in open_orders(session, service.id, WorkOrderKind.DISCONNECT_CATV):
                cancel_order(session, order, actor=actor, reason=reason)
                if effects is not None:
                    effects.append(
                        Effect(EffectKind.DISCONNECT_CANCELLED, service_id=service.id, work_order_id=order.id)
                    )
        elif effects is not None:
            effects.append(Effect(EffectKind.SERVICE_UNBLOCKED, service_id=service.id))
        service.state = ServiceState.ACTIVE
        service.state_since = day
        unblocked += 1
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_UNBLOCKED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=service.kind,
        )
    return unblocked


def after_payment(
    session: Session, contract_id: int, day: dt.date, *, actor: Actor | None, settings: Mapping[str, str]
) -> list[Effect]:
    """The payment side of the policy, inside the payment's own transaction, so the receipt and
    the unblock are one fact. Returns what it did, for the payment to keep (see payment_effects)."""
    effects: list[Effect] = []
    contract = session.get_one(Contract, contract_id)
    session.refresh(contract, ["balance", "debt_since", "credit_limit", "status"])
    if contract.debt_since is not None and contract.balance >= -contract.credit_limit:
        settle_contract(session, contract_id, day, actor=actor, settings=settings, effects=effects)
    if contract.status != ContractStatus.ACTIVE:
        return effects
    for service in waiting_for_reconnection(session, contract_id):
        fee = reconnection_fee(session, service, day, settings)
        session.refresh(contract, ["balance"])
        if contract.balance - fee < -contract.credit_limit:
            continue
        fee_entry = None
        if fee > 0:
            fee_entry = LedgerEntry(
                contract_id=contract_id,
                kind=LedgerKind.FEE,
                amount=-fee,
                business_date=day,
                service_id=service.id,
                staff_id=actor.staff_id if actor else None,
                comment="reconnection",
            )
            session.add(fee_entry)
            session.flush()  # the fee moves the balance (the ledger's trigger)
            record_event(
                session,
                actor=actor,
                kind=EventKind.RECONNECTION_FEE_CHARGED,
                subscriber_id=contract.subscriber_id,
                contract_id=contract_id,
                fee=format_money(fee),
                kopecks=fee,
            )
        order = create_order(
            session,
            actor=actor,
            kind=WorkOrderKind.RECONNECT_CATV,
            contract_id=contract_id,
            service_id=service.id,
            due_on=day,
        )
        session.flush()
        effects.append(
            Effect(
                EffectKind.RECONNECTION,
                service_id=service.id,
                work_order_id=order.id,
                ledger_entry_id=fee_entry.id if fee_entry is not None else None,
            )
        )
    return effects


def _disconnect_pending(session: Session, batch: Sequence[Any], day: dt.date) -> int:
    """CaTV services of `batch` (rows of step 4) to `disconnect_pending`, each with a disconnect order
    unless one is open already, and their events — set-based. Returns the orders made."""
    ids = [r.id for r in batch]
    for chunk in _chunks(ids):
        session.execute(
            update(Service)
            .where(Service.id.in_(chunk), Service.state == ServiceState.ACTIVE)
            .values(state=ServiceState.DISCONNECT_PENDING, state_since=day, version=Service.version + 1)
            .execution_options(synchronize_session=False)
        )
    bulk_events(
        session,
        EventKind.SERVICE_DISCONNECT_PENDING,
        [
            {
                "subscriber_id": r.subscriber_id,
                "contract_id": r.contract_id,
                "params": {"service": r.kind, "days": (day - r.debt_since).days},
            }
            for r in batch
        ],
    )
    ordered = {
        service_id
        for chunk in _chunks(ids)
        for service_id in session.scalars(
            select(WorkOrder.service_id).where(
                WorkOrder.service_id.in_(chunk),
                WorkOrder.kind == WorkOrderKind.DISCONNECT_CATV,
                WorkOrder.status.in_(OPEN_STATUSES),
            )
        )
    }
    wanted = [r for r in batch if r.id not in ordered]
    if not wanted:
        return 0
    made = session.execute(
        insert(WorkOrder).returning(WorkOrder.id, WorkOrder.service_id, sort_by_parameter_order=True),
        [
            {
                "kind": WorkOrderKind.DISCONNECT_CATV,
                "status": WorkOrderStatus.NEW,
                "contract_id": r.contract_id,
                "service_id": r.id,
                "building_id": r.building_id,
                "premises_id": r.premises_id,
                "due_on": day,
                "note": "",
                "created_by": None,
            }
            for r in wanted
        ],
    ).all()
    bulk_events(
        session,
        EventKind.WORK_ORDER_CREATED,
        [
            {
                "subscriber_id": r.subscriber_id,
                "contract_id": r.contract_id,
                "params": {"order": order_id, "what": WorkOrderKind.DISCONNECT_CATV.value},
            }
            for r, (order_id, _service) in zip(wanted, made, strict=True)
        ],
    )
    return len(made)


def policy_batches(rows: Sequence[T]) -> list[Sequence[T]]:
    return [rows[i : i + POLICY_BATCH] for i in range(0, len(rows), POLICY_BATCH)]


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
