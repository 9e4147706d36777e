"""What promotions cost the company (docs/promotions.md, docs/revenue.md), in kopecks:

- a **bonus**: the sum credited, in the month it was booked;
- a **prepayment for fewer months** («3 for 2.5»): the same months at the fees of the day of the
  payment (less discounts) minus what the period cost, in the month of the payment — and back out in
  the month the payment was cancelled;
- a **first-months price**: for every charge it set (the charge equals the held price's share of
  that day, on the tariff it was held on), what the fee it stood in for (less its discount, as of the
  day it was given) would have charged that day minus what was charged, in the month of the charge;
  each charge once, by the lowest price held that day. A price of 0 books no charge, so its cost is
  the full fee's share of each day of its span up to `until` (the last day run), counted whatever the
  service's state on that day.

Summed by month for the revenue report (`costs_by_month`) and per promotion for Administration →
Promotions (`costs_by_promotion`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.engine import Connection

from app.models import (
    BillingRun,
    BillingRunStatus,
    ChargingMode,
    FixedPrice,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentCancellation,
    PrepaidPeriod,
    PromotionAttachment,
    Service,
    Tariff,
)
from app.services.billing.prices import charge_of_day


def _key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _bonuses() -> Any:
    """(business date, promotion, kopecks) of the bonuses promotions credited."""
    return select(LedgerEntry.business_date, PromotionAttachment.promotion_id, LedgerEntry.amount).join(
        PromotionAttachment, PromotionAttachment.ledger_entry_id == LedgerEntry.id
    )


def _costs(
    conn: Connection, first: dt.date | None, last: dt.date | None, until: dt.date | None
) -> Iterable[tuple[dt.date, int, int]]:
    """(the business date it counts on, the promotion, kopecks) for every piece of promotion cost
    booked from `first` to `last` (None: from the start / to now); `until`: the last day run."""

    def within(column: Any) -> Any:
        conditions = []
        if first is not None:
            conditions.append(column >= first)
        if last is not None:
            conditions.append(column <= last)
        return and_(*conditions) if conditions else true()

    for day, promotion, amount in conn.execute(_bonuses().where(within(LedgerEntry.business_date))):
        yield day, int(promotion), int(amount)

    def prepay_discounts(booked_on: Any) -> Any:
        """A «3 for 2.5» prepayment's discount, by the day `booked_on` (its payment's, its cancellation's)."""
        return (
            select(
                booked_on, PromotionAttachment.promotion_id, PrepaidPeriod.full_amount - PrepaidPeriod.amount
            )
            .select_from(PrepaidPeriod)
            .join(PromotionAttachment, PromotionAttachment.id == PrepaidPeriod.attachment_id)
            .where(within(booked_on))
        )

    paid = prepay_discounts(Payment.business_date).join(Payment, Payment.id == PrepaidPeriod.payment_id)
    for day, promotion, amount in conn.execute(paid):
        yield day, int(promotion), int(amount)
    cancelled = (
        prepay_discounts(LedgerEntry.business_date)
        .join(PaymentCancellation, PaymentCancellation.payment_id == PrepaidPeriod.payment_id)
        .join(LedgerEntry, LedgerEntry.id == PaymentCancellation.reversal_entry_id)
    )
    for day, promotion, amount in conn.execute(cancelled):
        yield day, int(promotion), -int(amount)
    # each charge by the lowest first-months price held that day on its tariff
    held_then = and_(  # a promotion's price held on the charge's service for its period
        FixedPrice.service_id == LedgerEntry.service_id,
        FixedPrice.attachment_id.is_not(None),
        FixedPrice.first_day <= LedgerEntry.charge_period,
        FixedPrice.last_day >= LedgerEntry.charge_period,
    )
    lowest = (
        select(
            LedgerEntry.id.label("entry"),
            func.min(FixedPrice.monthly_fee).label("price"),
        )
        .join(
            FixedPrice,
            held_then,
        )
        .where(LedgerEntry.kind == LedgerKind.CHARGE, within(LedgerEntry.business_date))
        .group_by(LedgerEntry.id)
        .subquery()
    )
    held = (
        select(
            LedgerEntry.business_date,
            LedgerEntry.charge_period,
            LedgerEntry.amount,
            FixedPrice.monthly_fee,
            FixedPrice.full_fee,
            Tariff.charging_mode,
            PromotionAttachment.promotion_id,
            LedgerEntry.id,
        )
        .join(lowest, lowest.c.entry == LedgerEntry.id)
        .join(
            FixedPrice,
            and_(held_then, FixedPrice.monthly_fee == lowest.c.price),
        )
        .join(PromotionAttachment, PromotionAttachment.id == FixedPrice.attachment_id)
        .join(Tariff, Tariff.id == FixedPrice.tariff_id)
        .order_by(LedgerEntry.id, FixedPrice.id)
    )
    counted: set[int] = set()  # ledger entries: two prices held at the same lowest fee count once
    for day, period, amount, price, full_fee, mode, promotion, entry in conn.execute(held):
        if entry in counted:
            continue
        counted.add(entry)
        charge_day = period or day
        mode = ChargingMode(mode)
        charged = -int(amount)
        # only a charge the held price set (a discount that went lower is the discounts' figure)
        if charged != charge_of_day(int(price), mode, charge_day):
            continue
        would = charge_of_day(int(full_fee), mode, charge_day)
        if would > charged:
            yield day, int(promotion), would - charged
    # free months book no charge: the full fee's share of each day they held, up to the last day run
    if until is not None:
        free = conn.execute(
            select(
                FixedPrice.first_day,
                FixedPrice.last_day,
                FixedPrice.full_fee,
                Tariff.charging_mode,
                PromotionAttachment.promotion_id,
                Service.started_on,
            )
            .join(PromotionAttachment, PromotionAttachment.id == FixedPrice.attachment_id)
            .join(Tariff, Tariff.id == FixedPrice.tariff_id)
            .join(Service, Service.id == FixedPrice.service_id)
            .where(FixedPrice.monthly_fee == 0, FixedPrice.full_fee > 0, FixedPrice.first_day <= until)
        ).all()
        for first_day, last_day, full_fee, mode, promotion, started in free:
            mode = ChargingMode(mode)
            day = max(first_day, first or first_day)
            end = min(last_day, until, last or until)
            while day <= end:
                # a monthly tariff charges its month on the 1st, or on the service's first day
                if mode is ChargingMode.DAILY or day.day == 1 or day == started:
                    yield day, int(promotion), charge_of_day(int(full_fee), mode, day)
                day += dt.timedelta(days=1)


def _last_run(conn: Connection) -> dt.date | None:
    """The last business date a billing run finished (free days after it were not yet given)."""
    return conn.scalar(
        select(func.max(BillingRun.business_date)).where(BillingRun.status == BillingRunStatus.FINISHED)
    )


def costs_by_month(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    """Kopecks promotions cost in each month (year × 12 + month − 1) from `first` to `last`."""
    months: dict[int, int] = defaultdict(int)
    for day, _promotion, amount in _costs(conn, first, last, _last_run(conn)):
        months[_key(day)] += amount
    return dict(months)


def bonuses_by_month(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    """Kopecks credited as promotions' bonuses in each month (money given, like compensation)."""
    months: dict[int, int] = defaultdict(int)
    for day, _promotion, amount in conn.execute(
        _bonuses().where(LedgerEntry.business_date >= first, LedgerEntry.business_date <= last)
    ):
        months[_key(day)] += int(amount)
    return dict(months)


def costs_by_promotion(conn: Connection) -> dict[int, int]:
    """Kopecks each promotion has cost so far."""
    costs: dict[int, int] = defaultdict(int)
    for _day, promotion, amount in _costs(conn, None, None, _last_run(conn)):
        costs[promotion] += amount
    return dict(costs)
