"""The way back after cable TV was physically disconnected for debt.

Paying only the debt brings Internet back but not cable TV: an installer has to walk to the tap again,
and the operator charges a reconnection fee for that. A payment reconnects when, after it, the balance
covers the fee (down to minus the credit limit): the fee is charged and a reconnect order is queued in
the payment's own transaction (`debt_policy.after_payment`).

What to pay is shown on the card, in the payment dialog and on the receipt, and the rule is that
paying the amount shown always reconnects, on any day until the date shown. So the amount is not
just "debt + fee" (the next night's Internet charge would eat part of it, and a payment of exactly
the fee would then do nothing): it is

    the debt (down to the credit limit) + the reconnection fee + what the nightly runs will charge
    the contract's services from today to `QUOTE_VALID_DAYS` days ahead,

counted per service and period (a day, or a month for monthly tariffs) not yet charged, at the
prices in force on each of those days, for every service that is or may come back on (working,
blocked, disconnect pending, disconnected). Whatever is charged before the payment comes out of that
last part, so the balance after the payment still covers the fee. The promise assumes nothing else
changes the balance meanwhile (a new service, a tariff change, a manual charge); the quote is
recomputed on every view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.models import (
    ChargingMode,
    Contract,
    ContractStatus,
    Discount,
    FixedPrice,
    LedgerEntry,
    Service,
    ServiceKind,
    ServiceState,
    Tariff,
    TariffPrice,
    WorkOrderKind,
)
from app.services.admin.tariffs import price_on
from app.services.billing.discounts import discounted_fee
from app.services.billing.prices import charge_of_day, period_of
from app.services.dispatch.orders import open_orders
from app.services.kernel.documents import ReconnectQuote
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today, read_settings

QUOTE_VALID_DAYS = 30
MAY_COME_BACK = (
    ServiceState.ACTIVE,
    ServiceState.BLOCKED,
    ServiceState.DISCONNECT_PENDING,
    ServiceState.DISCONNECTED,
)


def reconnection_fee(session: Session, service: Service, day: dt.date, settings: Mapping[str, str]) -> int:
    """The fee for sending an installer back: the setting, or one monthly fee of the service."""
    configured = settings.get(Key.RECONNECTION_FEE, "")
    if configured:
        return int(configured)
    return price_on(session, service.tariff_id, day)


def _cut_cable_tv(session: Session, contract_id: int) -> list[Service]:
    """The contract's cable TV services cut by an installer."""
    return list(
        session.scalars(
            select(Service)
            .where(
                Service.contract_id == contract_id,
                Service.kind == ServiceKind.CATV,
                Service.state == ServiceState.DISCONNECTED,
            )
            .order_by(Service.id)
        )
    )


def waiting_for_reconnection(session: Session, contract_id: int) -> list[Service]:
    """Cable TV services cut for debt with no reconnect order yet."""
    return [
        service
        for service in _cut_cable_tv(session, contract_id)
        if not open_orders(session, service.id, WorkOrderKind.RECONNECT_CATV)
    ]


def charges_ahead(session: Session, contract_id: int, start: dt.date, days: int) -> int:
    """Kopecks the runs of `start` … `start + days` will charge this contract's services that may
    come back on, for periods not charged yet, by the run's own rules: each day's tariff fee less the
    discount in force that day, capped by a price held on that tariff (an overestimate only for
    services still off: they are counted from `start`)."""
    until = start + dt.timedelta(days=days)
    services = session.execute(
        select(Service.id, Service.tariff_id, Service.started_on, Service.ended_on, Tariff.charging_mode)
        .join(Tariff, Tariff.id == Service.tariff_id)
        .where(
            Service.contract_id == contract_id,
            Service.state.in_(MAY_COME_BACK),
            Service.started_on <= until,
            (Service.ended_on.is_(None)) | (Service.ended_on >= start),
        )
    ).all()
    if not services:
        return 0
    tariff_ids = {s.tariff_id for s in services}
    prices: dict[int, list[tuple[dt.date, int]]] = {}
    for tariff_id, since, fee in session.execute(
        select(TariffPrice.tariff_id, TariffPrice.effective_from, TariffPrice.monthly_fee)
        .where(TariffPrice.tariff_id.in_(tariff_ids))
        .order_by(TariffPrice.effective_from)
    ):
        prices.setdefault(tariff_id, []).append((since, fee))
    discounts = session.execute(
        select(
            Discount.service_id, Discount.percent, Discount.amount, Discount.valid_from, Discount.valid_until
        )
        .where(
            Discount.contract_id == contract_id,
            Discount.valid_from <= until,
            (Discount.valid_until.is_(None)) | (Discount.valid_until >= start),
        )
        .order_by(Discount.id)
    ).all()
    held = session.execute(
        select(FixedPrice.service_id, FixedPrice.tariff_id, FixedPrice.monthly_fee, FixedPrice.first_day)
        .add_columns(FixedPrice.last_day)
        .where(
            FixedPrice.contract_id == contract_id, FixedPrice.first_day <= until, FixedPrice.last_day >= start
        )
    ).all()

    def month_fee(service: Any, fee: int, day: dt.date) -> int:
        """The day's monthly fee as the run reckons it (discounts.charge_amount)."""
        in_force = [
            d for d in discounts if d.valid_from <= day and (d.valid_until is None or d.valid_until >= day)
        ]
        own = [d for d in in_force if d.service_id == service.id]
        whole = [d for d in in_force if d.service_id is None]
        for discount in (own or whole)[:1]:
            fee = discounted_fee(fee, discount.percent, discount.amount)
        kept = [
            h.monthly_fee
            for h in held
            if h.service_id == service.id
            and h.tariff_id == service.tariff_id
            and h.first_day <= day <= h.last_day
        ]
        return min([fee, *kept])

    charged = {
        (service_id, period)
        for service_id, period in session.execute(
            select(LedgerEntry.service_id, LedgerEntry.charge_period).where(
                LedgerEntry.service_id.in_([s.id for s in services]),
                LedgerEntry.charge_period >= start.replace(day=1),
            )
        )
    }
    total = 0
    for service in services:
        mode = ChargingMode(service.charging_mode)
        counted: set[dt.date] = set()
        for n in range(days + 1):
            day = start + dt.timedelta(days=n)
            if day < service.started_on or (service.ended_on is not None and day > service.ended_on):
                continue
            period = period_of(mode, day)
            if period in counted or (service.id, period) in charged:
                continue
            fees = [fee for since, fee in prices.get(service.tariff_id, []) if since <= day]
            if fees:
                counted.add(period)
                total += charge_of_day(month_fee(service, fees[-1], day), mode, day)
    return total


def quote(session: Session, contract_id: int, day: dt.date) -> ReconnectQuote | None:
    """What to pay on `day` so that cable TV comes back; None when nothing is waiting for it."""
    contract = session.get_one(Contract, contract_id)
    if contract.status != ContractStatus.ACTIVE:
        return None
    waiting = waiting_for_reconnection(session, contract_id)
    if not waiting:
        return None
    settings = read_settings(session)
    fee = sum(reconnection_fee(session, service, day, settings) for service in waiting)
    ahead = charges_ahead(session, contract_id, day, QUOTE_VALID_DAYS)
    available = contract.balance + contract.credit_limit  # negative: the debt
    return ReconnectQuote(
        amount=max(0, fee + ahead - available),
        debt=max(0, -available),
        fee=fee,
        charges_ahead=ahead,
        on_account=max(0, available),
        valid_until=day + dt.timedelta(days=QUOTE_VALID_DAYS),
    )


def reconnection_queued(session: Session, contract_id: int) -> bool:
    """Cable TV is cut and an installer is on the way back (an open reconnect order)."""
    return any(
        open_orders(session, service.id, WorkOrderKind.RECONNECT_CATV)
        for service in _cut_cable_tv(session, contract_id)
    )


def reconnect_quote(db: Database, actor: Actor, contract_id: int) -> ReconnectQuote | None:
    """The quote for today in the company's time zone (for the card and the payment dialog)."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        return quote(session, contract_id, business_today(read_settings(session)))
