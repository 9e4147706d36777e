"""The subscriber card: everything the front desk sees about one contract and its subscriber, read in
plain rows (header, services, money ledger with running balance, history, work orders, notes), plus
the two actions the card itself offers: adding a note and revealing the passport (an audited event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.errors import NotFound
from app.models import (
    Building,
    Contract,
    ContractStatus,
    Event,
    Installer,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentCancellation,
    Premises,
    Provisioning,
    Service,
    ServiceKind,
    ServiceState,
    Staff,
    Subscriber,
    Tariff,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from app.services.billing.exemptions import Exemption, exemption_of
from app.services.billing.reconnection import quote
from app.services.frontdesk.personal_data import has_personal_data
from app.services.kernel.addresses import full_address
from app.services.kernel.documents import ReconnectQuote
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import format_phone
from app.services.provisioning.network import sides_on
from app.services.provisioning.outbox import tv_login


@dataclass(frozen=True)
class ContractRef:
    """One of the subscriber's contracts (the header lists them all)."""

    id: int
    number: str
    status: ContractStatus


@dataclass(frozen=True)
class CardData:
    """The card's header for one contract."""

    contract_id: int
    contract_number: str
    subscriber_id: int
    subscriber_name: str
    contracts: tuple[ContractRef, ...]  # all the subscriber's contracts, this one included
    address: str
    phones: tuple[str, ...]  # formatted, «+7 (916) 123-45-67»
    email: str
    balance: int  # kopecks
    credit_limit: int
    debt_since: dt.date | None
    status: ContractStatus
    signed_on: dt.date
    version: int  # the contract's, for optimistic locking of edits made from the card
    subscriber_version: int
    has_personal_data: bool  # a passport (or birth date) is on file
    reconnect: ReconnectQuote | None = None  # cable TV cut for debt: what to pay to get it back
    exemption: Exemption | None = None  # «never block» in force

    @property
    def in_debt(self) -> bool:
        return self.balance < 0


@dataclass(frozen=True)
class ServiceRow:
    id: int
    kind: ServiceKind
    tariff: str
    state: ServiceState
    since: dt.date  # the date of the current state (or the start)
    started_on: dt.date
    identifier: str
    scheduled_tariff: str | None  # a scheduled tariff change, when there is one
    scheduled_on: dt.date | None
    # The network side (Internet, IPTV): the login it knows the service by (IPTV: the phone), the
    # device limit (IPTV: the contract's own or the tariff's, and whether it is the contract's own) and
    # whether the last change reached it: "" (not provisioned), "delivered", "waiting" or "failing".
    network_login: str = ""
    device_limit: int | None = None
    own_device_limit: bool = False
    network: str = ""
    network_error: str = ""
    password: str = ""  # the Internet login's, to read out to the subscriber


@dataclass(frozen=True)
class LedgerRow:
    """One money movement with the balance right after it."""

    id: int
    business_date: dt.date
    created_at: dt.datetime
    kind: LedgerKind
    amount: int
    balance_after: int
    comment: str
    service_kind: ServiceKind | None
    tariff: str | None
    charge_period: dt.date | None
    receipt_number: int | None  # payments: their receipt; reversals: the receipt they cancel
    cancelled: bool  # a payment that was cancelled later
    cancel_reason: str
    reverses_id: int | None
    staff_name: str | None  # None = the system


@dataclass(frozen=True)
class HistoryRow:
    id: int
    occurred_at: dt.datetime
    kind: str
    summary: str  # the English summary as stored (the view translates from `kind` and `details`)
    details: Mapping[str, object]
    actor_name: str | None  # None = the system
    note: str


@dataclass(frozen=True)
class WorkOrderRow:
    id: int
    kind: WorkOrderKind
    status: WorkOrderStatus
    service_kind: ServiceKind | None
    due_on: dt.date
    planned_on: dt.date | None
    installer: str | None
    note: str
    outcome_note: str
    cancel_reason: str
    created_at: dt.datetime
    closed_at: dt.datetime | None


def card(db: Database, actor: Actor, contract_id: int) -> CardData:
    """The header of the card: who, where, how to reach them, the money and the status."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    query = (
        select(Contract, Subscriber, Building, Premises.apartment)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(Premises, Premises.id == Contract.premises_id)
        .outerjoin(Building, Building.id == Premises.building_id)
        .where(Contract.id == contract_id)
    )
    # A read: on SQLite a transaction() would take the write lock; a read connection does not.
    with db.reading(actor) as conn, Session(bind=conn) as session:
        row = session.execute(query).one_or_none()
        if row is None:
            raise NotFound()
        contract, subscriber, building, apartment = row
        today = business_today(read_settings(session))
        others = session.execute(
            select(Contract.id, Contract.number, Contract.status)
            .where(Contract.subscriber_id == subscriber.id)
            .order_by(Contract.signed_on, Contract.id)
        ).all()
        address = (
            full_address(building.city, building.street, building.house, building.block, apartment or "")
            if building is not None
            else ""
        )
        return CardData(
            contract_id=contract.id,
            contract_number=contract.number,
            subscriber_id=subscriber.id,
            subscriber_name=subscriber.full_name,
            contracts=tuple(ContractRef(i, n, ContractStatus(s)) for i, n, s in others),
            address=address,
            phones=tuple(format_phone(p) for p in (subscriber.phone, subscriber.phone2) if p),
            email=subscriber.email,
            balance=contract.balance,
            credit_limit=contract.credit_limit,
            debt_since=contract.debt_since,
            status=ContractStatus(contract.status),
            signed_on=contract.signed_on,
            version=contract.version,
            subscriber_version=subscriber.version,
            has_personal_data=has_personal_data(session, subscriber.id),
            reconnect=quote(session, contract.id, today),
            exemption=exemption_of(contract, today),
        )


def services(db: Database, actor: Actor, contract_id: int) -> list[ServiceRow]:
    """The contract's services, open ones first, each with its tariff and state."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    scheduled = aliased(Tariff)
    query = (
        select(
            Service.id,
            Service.kind,
            Tariff.name,
            Service.state,
            func.coalesce(Service.state_since, Service.started_on),
            Service.started_on,
            Service.identifier,
            scheduled.name,
            Service.scheduled_on,
            Service.device_limit,
            Tariff.device_limit,
            Subscriber.phone,
            Provisioning.version,
            Provisioning.delivered_version,
            Provisioning.attempts,
            Provisioning.last_error,
            Service.password,
            Provisioning.target,
        )
        .join(Tariff, Tariff.id == Service.tariff_id)
        .join(Contract, Contract.id == Service.contract_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(Provisioning, Provisioning.service_id == Service.id)
        .outerjoin(scheduled, scheduled.id == Service.scheduled_tariff_id)
        .where(Service.contract_id == contract_id)
        .order_by((Service.state == ServiceState.CLOSED.value), Service.id)
    )
    with db.reading(actor) as conn:
        # a side of the network that is not turned on gets nothing: «on its way» would never end
        on = sides_on(read_settings(conn))
        return [
            ServiceRow(
                id=r[0],
                kind=ServiceKind(r[1]),
                tariff=r[2],
                state=ServiceState(r[3]),
                since=_as_date(r[4]),
                started_on=_as_date(r[5]),
                identifier=r[6] or "",
                scheduled_tariff=r[7],
                scheduled_on=r[8],
                network_login=tv_login(r[6] or "", r[11] or "") if r[1] == ServiceKind.IPTV else r[6] or "",
                device_limit=r[9] if r[9] is not None else r[10],
                own_device_limit=r[9] is not None,
                network=_network_state(r[12], r[13], r[14]) if r[17] in on else "",
                network_error=(r[15] or "") if r[17] in on else "",
                password=r[16] or "",
            )
            for r in conn.execute(query)
        ]


def _network_state(version: int | None, delivered: int | None, attempts: int | None) -> str:
    if version is None:
        return ""
    if delivered is not None and delivered >= version:
        return "delivered"
    return "failing" if attempts else "waiting"


def _as_date(value: object) -> dt.date:
    # coalesce() loses the column type on SQLite, which then hands back the ISO string.
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def ledger(
    db: Database, actor: Actor, contract_id: int, *, limit: int = 100, before_id: int | None = None
) -> list[LedgerRow]:
    """The contract's money movements, newest first, each with the balance right after it.

    Keyset paging: pass the last row's id as `before_id` for the next (older) page."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    paid = aliased(Payment)  # the payment this entry is
    reversed_payment = aliased(Payment)  # the payment a reversal cancels
    query = (
        select(
            LedgerEntry.id,
            LedgerEntry.business_date,
            LedgerEntry.created_at,
            LedgerEntry.kind,
            LedgerEntry.amount,
            LedgerEntry.comment,
            Service.kind,
            Tariff.name,
            LedgerEntry.charge_period,
            func.coalesce(paid.receipt_number, reversed_payment.receipt_number),
            PaymentCancellation.id.is_not(None),
            func.coalesce(PaymentCancellation.reason, ""),
            LedgerEntry.reverses_id,
            Staff.full_name,
        )
        .outerjoin(Service, Service.id == LedgerEntry.service_id)
        .outerjoin(Tariff, Tariff.id == Service.tariff_id)
        .outerjoin(paid, paid.ledger_entry_id == LedgerEntry.id)
        .outerjoin(PaymentCancellation, PaymentCancellation.payment_id == paid.id)
        .outerjoin(reversed_payment, reversed_payment.ledger_entry_id == LedgerEntry.reverses_id)
        .outerjoin(Staff, Staff.id == LedgerEntry.staff_id)
        .where(LedgerEntry.contract_id == contract_id)
        .order_by(LedgerEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(LedgerEntry.id < before_id)
    with db.reading(actor) as conn:
        rows = conn.execute(query).all()
        if not rows:
            return []
        # The balance after the newest entry of the page is the sum of everything up to it.
        balance = int(
            conn.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                    LedgerEntry.contract_id == contract_id, LedgerEntry.id <= rows[0][0]
                )
            ).scalar_one()
        )
    result: list[LedgerRow] = []
    for r in rows:
        result.append(
            LedgerRow(
                id=r[0],
                business_date=r[1],
                created_at=r[2],
                kind=LedgerKind(r[3]),
                amount=int(r[4]),
                balance_after=balance,
                comment=r[5] or "",
                service_kind=ServiceKind(r[6]) if r[6] else None,
                tariff=r[7],
                charge_period=r[8],
                receipt_number=r[9],
                cancelled=bool(r[10]),
                cancel_reason=r[11] or "",
                reverses_id=r[12],
                staff_name=r[13],
            )
        )
        balance -= int(r[4])
    return result


def history(
    db: Database,
    actor: Actor,
    subscriber_id: int,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> list[HistoryRow]:
    """The subscriber's timeline, newest first, optionally only the given event kinds.

    Keyset paging on (time, id): pass the last row's id as `before_id` for the next (older) page."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    query = (
        select(
            Event.id,
            Event.occurred_at,
            Event.kind,
            Event.summary,
            Event.details,
            Staff.full_name,
            Event.note,
        )
        .outerjoin(Staff, Staff.id == Event.actor_staff_id)
        .where(Event.subscriber_id == subscriber_id)
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(limit)
    )
    if kinds is not None:
        query = query.where(Event.kind.in_(list(kinds)))
    with db.reading(actor) as conn:
        if before_id is not None:
            cursor = conn.execute(select(Event.occurred_at).where(Event.id == before_id)).scalar_one_or_none()
            if cursor is None:
                return []
            query = query.where(
                or_(Event.occurred_at < cursor, and_(Event.occurred_at == cursor, Event.id < before_id))
            )
        return [
            HistoryRow(
                id=r[0],
                occurred_at=r[1],
                kind=r[2],
                summary=r[3],
                details=dict(r[4] or {}),
                actor_name=r[5],
                note=r[6] or "",
            )
            for r in conn.execute(query)
        ]


def work_orders(db: Database, actor: Actor, contract_id: int, *, limit: int = 200) -> list[WorkOrderRow]:
    """The contract's field work, newest first."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    query = (
        select(
            WorkOrder.id,
            WorkOrder.kind,
            WorkOrder.status,
            Service.kind,
            WorkOrder.due_on,
            WorkOrder.planned_on,
            Installer.full_name,
            WorkOrder.note,
            WorkOrder.outcome_note,
            WorkOrder.cancel_reason,
            WorkOrder.created_at,
            WorkOrder.closed_at,
        )
        .outerjoin(Service, Service.id == WorkOrder.service_id)
        .outerjoin(Installer, Installer.id == WorkOrder.installer_id)
        .where(WorkOrder.contract_id == contract_id)
        .order_by(WorkOrder.id.desc())
        .limit(limit)
    )
    with db.reading(actor) as conn:
        return [
            WorkOrderRow(
                id=r[0],
                kind=WorkOrderKind(r[1]),
                status=WorkOrderStatus(r[2]),
                service_kind=ServiceKind(r[3]) if r[3] else None,
                due_on=r[4],
                planned_on=r[5],
                installer=r[6],
                note=r[7] or "",
                outcome_note=r[8] or "",
                cancel_reason=r[9] or "",
                created_at=r[10],
                closed_at=r[11],
            )
            for r in conn.execute(query)
        ]
