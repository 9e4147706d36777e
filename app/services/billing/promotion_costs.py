"""What promotions cost the company (docs/promotions.md, docs/revenue.md), in kopecks:

- a **bonus**: the sum credited, in the month it was booked;
- a **prepayment for fewer months** («3 for 2.5»): the same months at the fees of the day of the
  payment (less discounts) minus what the period cost, in the month of the payment — and back out in
  the month the payment was cancelled;
- a **first-months price**: for every charge it held down, what the fee it stood in for (less its
  discount, as of the day it was given) would have charged that day minus what was charged, in the
  month of the charge.

Summed by month for the revenue report (`costs_by_month`) and per promotion for Administration →
Promotions (`costs_by_promotion`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, select, true
from sqlalchemy.engine import Connection

from app.models import (
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


def _costs(
    conn: Connection, first: dt.date | None, last: dt.date | None
) -> Iterable[tuple[dt.date, int, int]]:
    """(the business date it counts on, the promotion, kopecks) for every piece of promotion cost
    booked from `first` to `last` (None: from the start / to now)."""

    def within(column: Any) -> Any:
        conditions = []
        if first is not None:
            conditions.append(column >= first)
        if last is not None:
            conditions.append(column <= last)
        return and_(*conditions) if conditions else true()

    for day, promotion, amount in conn.execute(
        select(LedgerEntry.business_date, PromotionAttachment.promotion_id, LedgerEntry.amount)
        .join(PromotionAttachment, PromotionAttachment.ledger_entry_id == LedgerEntry.id)
        .where(within(LedgerEntry.business_date))
    ):
        yield day, int(promotion), int(amount)
    paid = (
        select(
            Payment.business_date,
            PromotionAttachment.promotion_id,
            PrepaidPeriod.full_amount - PrepaidPeriod.amount,
        )
        .join(PrepaidPeriod, PrepaidPeriod.payment_id == Payment.id)
        .join(PromotionAttachment, PromotionAttachment.id == PrepaidPeriod.attachment_id)
        .where(within(Payment.business_date))
    )
    for day, promotion, amount in conn.execute(paid):
        yield day, int(promotion), int(amount)
    cancelled = (
        select(
            LedgerEntry.business_date,
            PromotionAttachment.promotion_id,
            PrepaidPeriod.full_amount - PrepaidPeriod.amount,
        )
        .join(PaymentCancellation, PaymentCancellation.reversal_entry_id == LedgerEntry.id)
        .join(PrepaidPeriod, PrepaidPeriod.payment_id == PaymentCancellation.payment_id)
        .join(PromotionAttachment, PromotionAttachment.id == PrepaidPeriod.attachment_id)
        .where(within(LedgerEntry.business_date))
    )
    for day, promotion, amount in conn.execute(cancelled):
        yield day, int(promotion), -int(amount)
    held = (
        select(
            LedgerEntry.business_date,
            LedgerEntry.charge_period,
            LedgerEntry.amount,
            FixedPrice.full_fee,
            Tariff.charging_mode,
            PromotionAttachment.promotion_id,
        )
        .join(
            FixedPrice,
            and_(
                FixedPrice.service_id == LedgerEntry.service_id,
                FixedPrice.attachment_id.is_not(None),
                FixedPrice.first_day <= LedgerEntry.charge_period,
                FixedPrice.last_day >= LedgerEntry.charge_period,
            ),
        )
        .join(PromotionAttachment, PromotionAttachment.id == FixedPrice.attachment_id)
        .join(Service, Service.id == LedgerEntry.service_id)
        .join(Tariff, Tariff.id == Service.tariff_id)
        .where(LedgerEntry.kind == LedgerKind.CHARGE, within(LedgerEntry.business_date))
    )
    for day, period, amount, full_fee, mode, promotion in conn.execute(held):
        would = charge_of_day(int(full_fee), ChargingMode(mode), period or day)
        if would > -int(amount):
            yield day, int(promotion), would + int(amount)


def costs_by_month(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    """Kopecks promotions cost in each month (year × 12 + month − 1) from `first` to `last`."""
    months: dict[int, int] = defaultdict(int)
    for day, _promotion, amount in _costs(conn, first, last):
        months[_key(day)] += amount
    return dict(months)


def bonuses_by_month(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    """Kopecks credited as promotions' bonuses in each month (money given, like compensation)."""
    months: dict[int, int] = defaultdict(int)
    for day, amount in conn.execute(
        select(LedgerEntry.business_date, LedgerEntry.amount)
        .join(PromotionAttachment, PromotionAttachment.ledger_entry_id == LedgerEntry.id)
        .where(LedgerEntry.business_date >= first, LedgerEntry.business_date <= last)
    ):
        months[_key(day)] += int(amount)
    return dict(months)


def costs_by_promotion(conn: Connection) -> dict[int, int]:
    """Kopecks each promotion has cost so far."""
    costs: dict[int, int] = defaultdict(int)
    for _day, promotion, amount in _costs(conn, None, None):
        costs[promotion] += amount
    return dict(costs)
