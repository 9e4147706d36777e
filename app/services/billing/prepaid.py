"""Prepaid periods: a payment marked as paying N whole months ahead (docs/promotions.md).

- The period is N whole calendar months from the first day of next month, or from the day after the
  contract's last prepaid period when one is already paid (a second prepayment extends the first).
- Each charged service's price is fixed for the period at its monthly fee today, less today's discount:
  a tariff price rise does not touch it; a lower fee (a price cut, a new discount, a promotion's first
  months) still charges the lower one. The period costs N × those prices.
- A prepayment promotion attached to the contract («3 months for the price of 2.5») fixes each price
  at fee × paid months ÷ N, rounded down to the kopeck, so the period costs N × that price.
- The payment must cover the period plus what the contract owes until it starts: its debt, the rest
  of this month's charges and a reconnection fee due; more is kept on the account.
- In its period the contract is left alone by the debt policy (`prepaid_on`).
- Cancelling the payment cancels the period: days not charged yet are charged at the tariff again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import (
    Contract,
    Discount,
    FixedPrice,
    PrepaidPeriod,
    Promotion,
    PromotionAttachment,
    Service,
    Tariff,
    TariffPrice,
    utcnow,
)
from app.money import format_money
from app.services.billing.discounts import discounted_fee
from app.services.billing.reconnection import MAY_COME_BACK, charges_ahead, quote
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings

MAX_MONTHS = 24
PREPAY = "prepay"


def prepaid_on(day: dt.date) -> Any:
    """Contracts in a prepaid period on `day` (the debt policy leaves them alone)."""
    return exists(
        select(PrepaidPeriod.id).where(
            PrepaidPeriod.contract_id == Contract.id,
            PrepaidPeriod.first_day <= day,
            PrepaidPeriod.last_day >= day,
            PrepaidPeriod.cancelled_at.is_(None),
        )
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month (day is a first day)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class PrepayQuote:
    """What a prepayment of `months` months costs today, and what it buys."""

    contract_id: int
    months: int
    first_day: dt.date
    last_day: dt.date
    prices: Mapping[int, int]  # service id → the fixed monthly price
    full_fees: Mapping[int, int]  # service id → its fee today, less its discount (no promotion)
    tariffs: Mapping[int, int]  # service id → its tariff (a price is held on it only)
    period_amount: int  # months × the prices
    owed_before: int  # debt, the rest of this month, a reconnection fee: paid first
    attachment_id: int | None = None
    promotion: str = ""
    names: Mapping[int, str] = field(default_factory=dict)  # service id → tariff name

    @property
    def required(self) -> int:
        return self.period_amount + self.owed_before


@dataclass(frozen=True)
class MonthFee:
    """What a month of a service costs: its tariff's fee less its discount."""

    fee: int
    tariff_id: int
    tariff: str  # the tariff's name


def fees_today(
    session: Session, contract_id: int, day: dt.date, *, discount_day: dt.date | None = None
) -> dict[int, MonthFee]:
    """Each service of the contract that is or may come back on, with what a month costs it: its
    tariff's fee on `day`, less the discount in force on `discount_day` (default `day`). A price held
    by a promotion or an earlier prepayment is not carried on: a promotion's first months are not
    prepaid at their price for a year (where it is lower, the run still charges it and the rest stays
    on the account)."""
    discount_day = discount_day or day
    services = session.execute(
        select(Service.id, Service.tariff_id, Tariff.name)
        .join(Tariff, Tariff.id == Service.tariff_id)
        .where(
            Service.contract_id == contract_id,
            Service.state.in_(MAY_COME_BACK),
            or_(Service.ended_on.is_(None), Service.ended_on > day),
        )
        .order_by(Service.id)
    ).all()
    result: dict[int, MonthFee] = {}
    for service_id, tariff_id, name in services:
        fee = session.scalar(
            select(TariffPrice.monthly_fee)
            .where(TariffPrice.tariff_id == tariff_id, TariffPrice.effective_from <= day)
            .order_by(TariffPrice.effective_from.desc())
            .limit(1)
        )
        if fee is None:
            continue
        discount = session.execute(
            select(Discount.percent, Discount.amount)
            .where(
                Discount.contract_id == contract_id,
                or_(Discount.service_id == service_id, Discount.service_id.is_(None)),
                Discount.valid_from <= discount_day,
                or_(Discount.valid_until.is_(None), Discount.valid_until >= discount_day),
            )
            .order_by(Discount.service_id.is_(None))  # the service's own first
            .limit(1)
        ).first()
        if discount is not None:
            fee = discounted_fee(fee, discount.percent, discount.amount)
        if fee > 0:
            result[service_id] = MonthFee(fee, tariff_id, name)
    return result


def _prepay_offer(session: Session, contract_id: int, attachment_id: int) -> tuple[int, int, str]:
    """The attached prepayment promotion's months, paid tenths and name; refused when it is not an
    unused prepayment offer of this contract."""
    offer = session.execute(
        select(Promotion.months, Promotion.paid_tenths, Promotion.name)
        .join(PromotionAttachment, PromotionAttachment.promotion_id == Promotion.id)
        .where(
            PromotionAttachment.id == attachment_id,
            PromotionAttachment.contract_id == contract_id,
            PromotionAttachment.ended_at.is_(None),
            PromotionAttachment.ends_on.is_(None),
            Promotion.kind == PREPAY,
        )
        .with_for_update(of=PromotionAttachment)  # ending it at the card waits, or is waited for
    ).one_or_none()
    if offer is None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "This prepayment offer is used or ended: choose another."),
            field="promotion",
        )
    return int(offer.months), int(offer.paid_tenths), offer.name


def quote_prepay(
    session: Session,
    contract_id: int,
    today: dt.date,
    months: int,
    *,
    attachment_id: int | None = None,
    balance: int | None = None,
) -> PrepayQuote:
    """What paying `months` months ahead costs on `today` (`balance`: the contract's balance before the
    payment, when the payment is already booked)."""
    promotion = ""
    paid_tenths = months * 10
    if attachment_id is not None:
        months, paid_tenths, promotion = _prepay_offer(session, contract_id, attachment_id)
    if not 1 <= months <= MAX_MONTHS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Prepay from 1 to {limit} months."), field="months", limit=MAX_MONTHS
        )
    latest = session.scalar(
        select(func.max(PrepaidPeriod.last_day)).where(
            PrepaidPeriod.contract_id == contract_id,
            PrepaidPeriod.cancelled_at.is_(None),
            PrepaidPeriod.last_day >= today,
        )
    )
    first_day = latest + dt.timedelta(days=1) if latest is not None else add_months(today.replace(day=1), 1)
    # today's tariffs, less the discounts in force when the period starts (one ending before it is
    # not carried into it)
    fees = fees_today(session, contract_id, today, discount_day=first_day)
    if not fees:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The contract has no paid service to prepay."), field="months"
        )
    prices = {sid: f.fee * paid_tenths // (months * 10) for sid, f in fees.items()}
    if balance is None:
        balance = int(session.scalar(select(Contract.balance).where(Contract.id == contract_id)) or 0)
    if latest is not None:
        owed = max(0, -balance)
    else:
        ahead = charges_ahead(session, contract_id, today, (first_day - today).days - 1)
        reconnect = quote(session, contract_id, today)
        owed = max(0, ahead + (reconnect.fee if reconnect else 0) - balance)
    return PrepayQuote(
        contract_id=contract_id,
        months=months,
        first_day=first_day,
        last_day=add_months(first_day, months) - dt.timedelta(days=1),
        prices=prices,
        full_fees={sid: f.fee for sid, f in fees.items()},
        tariffs={sid: f.tariff_id for sid, f in fees.items()},
        period_amount=months * sum(prices.values()),
        owed_before=owed,
        attachment_id=attachment_id,
        promotion=promotion,
        names={sid: f.tariff for sid, f in fees.items()},
    )


def prepay_quote(
    db: Database, actor: Actor, contract_id: int, months: int, *, attachment_id: int | None = None
) -> PrepayQuote:
    """The quote for today in the company's time zone (for the payment dialog)."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        today = business_today(read_settings(session))
        return quote_prepay(session, contract_id, today, months, attachment_id=attachment_id)


@dataclass(frozen=True)
class PrepayRequest:
    """A payment marked as prepaying: `months` months, or an attached prepayment promotion's."""

    months: int
    attachment_id: int | None = None


def book_prepaid_period(
    session: Session,
    actor: Actor,
    *,
    payment_id: int,
    contract_id: int,
    subscriber_id: int,
    amount: int,
    balance_after: int,
    today: dt.date,
    request: PrepayRequest,
) -> PrepaidPeriod:
    """Record the months a payment just booked prepays, in the payment's transaction; refused (and the
    payment with it) when the payment does not cover the period and what is owed before it."""
    priced = quote_prepay(
        session,
        contract_id,
        today,
        request.months,
        attachment_id=request.attachment_id,
        balance=balance_after - amount,
    )
    if amount < priced.required:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "To prepay {months} months take at least {amount}: the period and what is owed."
            ),
            field="amount",
            months=priced.months,
            amount=format_money(priced.required),
        )
    period = PrepaidPeriod(
        contract_id=contract_id,
        payment_id=payment_id,
        attachment_id=request.attachment_id,
        first_day=priced.first_day,
        last_day=priced.last_day,
        months=priced.months,
        amount=priced.period_amount,
        full_amount=priced.months * sum(priced.full_fees.values()),
    )
    session.add(period)
    session.flush()
    session.add_all(
        FixedPrice(
            contract_id=contract_id,
            service_id=service_id,
            tariff_id=priced.tariffs[service_id],
            monthly_fee=price,
            full_fee=priced.full_fees[service_id],
            first_day=priced.first_day,
            last_day=priced.last_day,
            prepaid_period_id=period.id,
        )
        for service_id, price in priced.prices.items()
    )
    if request.attachment_id is not None:
        session.execute(
            update(PromotionAttachment)
            .where(PromotionAttachment.id == request.attachment_id)
            .values(ends_on=priced.last_day)
        )  # locked and checked unused by the quote above
    record_event(
        session,
        actor=actor,
        kind=EventKind.PREPAID,
        subscriber_id=subscriber_id,
        contract_id=contract_id,
        months=priced.months,
        first_day=priced.first_day.isoformat(),
        last_day=priced.last_day.isoformat(),
        amount=format_money(priced.period_amount),
    )
    session.flush()
    return period


def cancel_prepaid_period(session: Session, payment_id: int, today: dt.date) -> bool:
    """The payment is cancelled: so is its period. Days already charged stay charged; from today on
    the services are charged at their tariffs. Returns whether the payment prepaid a period."""
    period = session.scalar(
        select(PrepaidPeriod).where(
            PrepaidPeriod.payment_id == payment_id, PrepaidPeriod.cancelled_at.is_(None)
        )
    )
    if period is None:
        return False
    later = session.scalar(
        select(PrepaidPeriod.id).where(
            PrepaidPeriod.contract_id == period.contract_id,
            PrepaidPeriod.cancelled_at.is_(None),
            PrepaidPeriod.first_day > period.last_day,
        )
    )
    if later is not None:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "A later prepayment follows the months this payment paid: cancel the later one first.",
            ),
            field="payment",
        )
    period.cancelled_at = utcnow()
    ends = max(period.first_day, today) - dt.timedelta(days=1)
    session.execute(
        update(FixedPrice)
        .where(FixedPrice.prepaid_period_id == period.id, FixedPrice.last_day > ends)
        .values(last_day=ends)
    )
    if period.attachment_id is not None:
        # the offer may be used again
        session.execute(
            update(PromotionAttachment)
            .where(PromotionAttachment.id == period.attachment_id)
            .values(ends_on=None)
        )
    session.flush()
    return True


@dataclass(frozen=True)
class PrepaidRow:
    """A prepaid period, for the card and the receipt."""

    first_day: dt.date
    last_day: dt.date
    months: int
    amount: int
    promotion: str
    payment_id: int


def _period_rows(*conditions: Any) -> Any:
    """Prepaid periods with the promotion they used, as PrepaidRow's fields."""
    return (
        select(
            PrepaidPeriod.first_day,
            PrepaidPeriod.last_day,
            PrepaidPeriod.months,
            PrepaidPeriod.amount,
            func.coalesce(Promotion.name, ""),
            PrepaidPeriod.payment_id,
        )
        .outerjoin(PromotionAttachment, PromotionAttachment.id == PrepaidPeriod.attachment_id)
        .outerjoin(Promotion, Promotion.id == PromotionAttachment.promotion_id)
        .where(*conditions)
    )


def prepaid_periods(session: Session, contract_id: int, since: dt.date) -> list[PrepaidRow]:
    """The contract's periods not cancelled that end on `since` or later, the earliest first."""
    query = _period_rows(
        PrepaidPeriod.contract_id == contract_id,
        PrepaidPeriod.cancelled_at.is_(None),
        PrepaidPeriod.last_day >= since,
    ).order_by(PrepaidPeriod.first_day)
    return [PrepaidRow(*row) for row in session.execute(query)]


def period_of_payment(session: Session, payment_id: int) -> PrepaidRow | None:
    """The period a payment prepaid (cancelled or not), for its receipt."""
    row = session.execute(_period_rows(PrepaidPeriod.payment_id == payment_id)).first()
    return None if row is None else PrepaidRow(*row)


def contract_prepaid_periods(db: Database, actor: Actor, contract_id: int) -> list[PrepaidRow]:
    """The contract's prepaid periods that run today or later (what the card shows)."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        return prepaid_periods(session, contract_id, business_today(read_settings(session)))
