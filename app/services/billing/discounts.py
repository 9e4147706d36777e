"""Discounts: a percent or a fixed sum off a service's monthly fee — or off every service of a contract —
from one day until another, with the reason and who granted it. The rules (docs/discounts.md):

- The discounted fee is the monthly fee less the percent (rounded down to the kopeck, in the
  subscriber's favour) or less the fixed sum (never below zero).
- A monthly tariff is charged the discounted fee of the day that charges the month; a daily tariff is
  charged each day its share of the discounted fee of that day, so a whole month under one discount
  sums to the discounted fee exactly (`prices.daily_charge`, computed here in SQL).
- One discount at a time applies to a service: a new one whose days overlap one that applies to the
  same service (its own, or its contract's) is refused. Ending a discount sets its last day.
- A 100 % discount charges nothing (no ledger entry for a zero sum).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, and_, case, cast, func, literal, or_, select, true, update
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.models import ChargingMode, Contract, Discount, FixedPrice, Service, ServiceState, Staff, utcnow
from app.money import format_money
from app.services.billing.prices import charge_of_day
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings

MAX_REASON = 200


def discounted_fee(fee: int, percent: int | None, amount: int | None) -> int:
    """The monthly fee under a discount (the same arithmetic as `charge_amount` in SQL)."""
    if percent is not None:
        return fee * (100 - percent) // 100
    if amount is not None:
        return max(fee - amount, 0)
    return fee


def _active_on(discount: Any, day: dt.date) -> Any:
    return and_(discount.valid_from <= day, or_(discount.valid_until.is_(None), discount.valid_until >= day))


def charge_amount(
    session: Session, fees: Mapping[int, tuple[int, ChargingMode]], day: dt.date
) -> tuple[Any, list[Any]]:
    """The charge of `day` for each service, in SQL, with its discount applied and capped by a fixed
    price in force (a prepaid period's, a promotion's: docs/promotions.md); and the outer joins the
    select needs (none when neither applies on `day`, the common night). Without either it equals
    `prices.charge_of_day`."""
    discounted = session.scalar(select(Discount.id).where(_active_on(Discount, day)).limit(1)) is not None
    held = session.scalar(select(FixedPrice.id).where(_held_on(FixedPrice, day)).limit(1)) is not None
    if not discounted and not held:
        # nothing off tonight: each tariff's charge of the day, worked out once here
        return case(
            {t: charge_of_day(f, m, day) for t, (f, m) in fees.items()}, value=Service.tariff_id, else_=0
        ), []
    # bigint: a fee times 100 or times 31 outgrows PostgreSQL's integer
    fee = cast(case({t: f for t, (f, _m) in fees.items()}, value=Service.tariff_id, else_=0), BigInteger)
    joins: list[Any] = []
    reduced: Any = fee
    if discounted:
        own = aliased(Discount, name="own_discount")
        whole = aliased(Discount, name="contract_discount")
        joins = [
            (own, and_(own.service_id == Service.id, _active_on(own, day))),
            (
                whole,
                and_(
                    whole.contract_id == Service.contract_id,
                    whole.service_id.is_(None),
                    _active_on(whole, day),
                ),
            ),
        ]
        percent = case((own.id.is_not(None), own.percent), else_=whole.percent)
        off = case((own.id.is_not(None), own.amount), else_=whole.amount)
        reduced = case(
            (percent.is_not(None), fee * (literal(100) - percent) // literal(100)),
            (off.is_not(None), case((fee > off, fee - off), else_=literal(0))),
            else_=fee,
        )
    if held:
        # the lowest fixed price the service holds that day on its tariff: one grouped row per service
        # (two may meet), joined once
        lowest = (
            select(
                FixedPrice.service_id,
                FixedPrice.tariff_id,
                cast(func.min(FixedPrice.monthly_fee), BigInteger).label("fee"),
            )
            .where(_held_on(FixedPrice, day))
            .group_by(FixedPrice.service_id, FixedPrice.tariff_id)
            .subquery("held_price")
        )
        # a change of tariff leaves the held price behind
        joins.append(
            (lowest, and_(lowest.c.service_id == Service.id, lowest.c.tariff_id == Service.tariff_id))
        )
        reduced = case((lowest.c.fee < reduced, lowest.c.fee), else_=reduced)
    days = calendar.monthrange(day.year, day.month)[1]
    daily = reduced * literal(day.day) // literal(days) - reduced * literal(day.day - 1) // literal(days)
    monthly = [t for t, (_f, m) in fees.items() if m is ChargingMode.MONTHLY]
    amount = case((Service.tariff_id.in_(monthly), reduced), else_=daily) if monthly else daily
    return amount, joins


def _held_on(fixed: Any, day: dt.date) -> Any:
    return and_(fixed.first_day <= day, fixed.last_day >= day)


@dataclass(frozen=True)
class DiscountRow:
    id: int
    service_id: int | None  # None: every service of the contract
    percent: int | None
    amount: int | None
    valid_from: dt.date
    valid_until: dt.date | None
    reason: str
    granted_by: str


def _clean(
    percent: int | None, amount: int | None, valid_from: dt.date, valid_until: dt.date | None, reason: str
) -> str:
    if (percent is None) == (amount is None):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Give either a percent or a sum off the monthly fee."),
            field="percent",
        )
    if percent is not None and not 0 < percent <= 100:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A discount is from 1 to 100 percent."), field="percent"
        )
    if amount is not None and amount <= 0:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The sum off the fee must be more than zero."), field="amount"
        )
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The discount must end on or after the day it starts."),
            field="valid_until",
        )
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Say why the discount is given."), field="reason")
    if len(cleaned) > MAX_REASON:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The reason is too long: at most {limit} characters."),
            field="reason",
            limit=MAX_REASON,
        )
    return cleaned


def _overlapping(
    session: Session,
    contract_id: int,
    service_id: int | None,
    valid_from: dt.date,
    valid_until: dt.date | None,
) -> bool:
    """Whether a discount that would apply to the same service on some of these days exists."""
    open_services = select(Service.id).where(
        Service.contract_id == contract_id, Service.state != ServiceState.CLOSED
    )
    same_services = (
        # a contract's discount meets the contract's and those of its open services
        and_(
            Discount.contract_id == contract_id,
            or_(Discount.service_id.is_(None), Discount.service_id.in_(open_services)),
        )
        if service_id is None
        else and_(
            Discount.contract_id == contract_id,
            or_(Discount.service_id.is_(None), Discount.service_id == service_id),
        )
    )
    days_meet = or_(Discount.valid_until.is_(None), Discount.valid_until >= valid_from)
    if valid_until is not None:
        days_meet = and_(days_meet, Discount.valid_from <= valid_until)
    return session.scalar(select(Discount.id).where(same_services, days_meet).limit(1)) is not None


def grant_discount(
    db: Database,
    actor: Actor,
    contract_id: int,
    *,
    service_id: int | None,
    percent: int | None,
    amount: int | None,
    valid_from: dt.date,
    valid_until: dt.date | None,
    reason: str,
) -> int:
    """Give a discount on one service (or, `service_id` None, on every service of the contract);
    returns its id. Refused when another discount applies to the same service on any of its days."""
    require(actor, Permission.GRANT_DISCOUNTS)
    cleaned = _clean(percent, amount, valid_from, valid_until, reason)
    with db.transaction(actor) as session:
        # the contract's row lock keeps two overlapping grants from passing the check at once
        contract = session.execute(
            select(Contract.id, Contract.subscriber_id).where(Contract.id == contract_id).with_for_update()
        ).one_or_none()
        if contract is None:
            raise NotFound()
        if service_id is not None:
            owner = session.scalar(
                select(Service.contract_id).where(
                    Service.id == service_id, Service.state != ServiceState.CLOSED
                )
            )
            if owner != contract_id:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Choose an open service of this contract."), field="service"
                )
        if valid_from < business_today(read_settings(session)):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A discount starts today or later: charges made are not redone."),
                field="valid_from",
            )
        if _overlapping(session, contract_id, service_id, valid_from, valid_until):
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Another discount applies to this service on some of these days: end it first."
                ),
                field="valid_from",
            )
        discount = Discount(
            contract_id=contract_id,
            service_id=service_id,
            percent=percent,
            amount=amount,
            valid_from=valid_from,
            valid_until=valid_until,
            reason=cleaned,
            granted_by=actor.staff_id,
            created_at=utcnow(),
        )
        session.add(discount)
        session.flush()
        record_event(
            session,
            actor=actor,
            kind=EventKind.DISCOUNT_GRANTED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract_id,
            size=f"{percent} %" if percent is not None else format_money(amount or 0),
            since=valid_from.isoformat(),
            reason=cleaned,
        )
        return discount.id


def end_discount(db: Database, actor: Actor, discount_id: int, last_day: dt.date) -> None:
    """The discount's last day becomes `last_day` (not before today: what was charged stays)."""
    require(actor, Permission.GRANT_DISCOUNTS)
    with db.transaction(actor) as session:
        found = session.execute(
            select(Discount.contract_id, Discount.valid_from, Discount.valid_until, Contract.subscriber_id)
            .join(Contract, Contract.id == Discount.contract_id)
            .where(Discount.id == discount_id)
        ).one_or_none()
        if found is None:
            raise NotFound()
        today = business_today(read_settings(session))
        if last_day < today - dt.timedelta(days=1) or last_day < found.valid_from - dt.timedelta(days=1):
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "A discount ends yesterday at the earliest: charges made are not redone."
                ),
                field="valid_until",
            )
        if found.valid_until is not None and found.valid_until <= last_day:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "This discount ends on {date} already."),
                field="valid_until",
                date=found.valid_until.strftime("%d.%m.%Y"),
            )
        session.execute(update(Discount).where(Discount.id == discount_id).values(valid_until=last_day))
        record_event(
            session,
            actor=actor,
            kind=EventKind.DISCOUNT_ENDED,
            subscriber_id=found.subscriber_id,
            contract_id=found.contract_id,
            last_day=last_day.isoformat(),
        )


def contract_discounts(
    db: Database, actor: Actor, contract_id: int, *, current_only: bool = False
) -> list[DiscountRow]:
    """The contract's discounts, the latest first; `current_only`: those that apply today or later
    (what the card shows)."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.reading(actor) as conn:
        still = Discount.valid_until.is_(None) | (Discount.valid_until >= business_today(read_settings(conn)))
        rows = conn.execute(
            select(
                Discount.id,
                Discount.service_id,
                Discount.percent,
                Discount.amount,
                Discount.valid_from,
                Discount.valid_until,
                Discount.reason,
                Staff.full_name,
            )
            .outerjoin(Staff, Staff.id == Discount.granted_by)
            .where(Discount.contract_id == contract_id, still if current_only else true())
            .order_by(Discount.valid_from.desc(), Discount.id.desc())
        ).all()
    return [DiscountRow(*r[:7], granted_by=r[7] or "") for r in rows]
