"""Promotions: offers an administrator defines and the front desk gives to a contract, at signing or
later (docs/promotions.md).

- «first_months»: the first N months at a price — each open service of the contract (of one kind, if
  the promotion says so) holds that monthly price from the day it is given (or the service's first
  day, if later) for N months; a lower fee (a discount, a cheaper tariff) still charges the lower one.
- «prepay»: N months paid ahead for the price of fewer («3 months for the price of 2.5»): the offer
  waits on the contract until the cashier takes the prepayment (app/services/billing/prepaid.py).
- «bonus»: a sum credited to the account when given.

Each ends by itself: the price after its months, the offer with its prepaid period, the bonus at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.models import (
    Contract,
    ContractStatus,
    FixedPrice,
    LedgerEntry,
    LedgerKind,
    PrepaidPeriod,
    Promotion,
    PromotionAttachment,
    Service,
    ServiceKind,
    ServiceState,
    Staff,
    utcnow,
)
from app.money import MAX_AMOUNT, format_money
from app.services.billing.prepaid import MAX_MONTHS, PREPAY, add_months, fees_today
from app.services.billing.promotion_costs import costs_by_promotion
from app.services.billing.settlement import settle_contracts
from app.services.dispatch.orders import REASON_CREDITED
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today, read_settings
from app.services.kernel.text import tidy
from app.services.notifications.reminders import Reminder, queue_reminders

FIRST_MONTHS = "first_months"
BONUS = "bonus"
KINDS = (FIRST_MONTHS, PREPAY, BONUS)
MAX_NAME = 100


@dataclass(frozen=True)
class PromotionTerms:
    """What an administrator defines (kopecks; `paid_tenths`: months paid, in tenths)."""

    name: str
    kind: str
    months: int | None = None
    price: int | None = None
    paid_tenths: int | None = None
    bonus: int | None = None
    service_kind: ServiceKind | None = None
    offered_until: dt.date | None = None


@dataclass(frozen=True)
class PromotionRow:
    id: int
    terms: PromotionTerms
    retired: bool
    given: int  # contracts it was given to
    cost: int = 0  # kopecks it has cost so far (app/services/billing/promotion_costs.py)


def terms_text(terms: PromotionTerms) -> str:
    """The terms in a few words, for the history (Russian, as printed documents are)."""
    if terms.kind == FIRST_MONTHS:
        return f"первые {terms.months} мес. по {format_money(terms.price or 0)} в месяц"
    if terms.kind == PREPAY:
        paid = f"{(terms.paid_tenths or 0) // 10},{(terms.paid_tenths or 0) % 10}".replace(",0", "")
        return f"{terms.months} мес. по цене {paid}"
    return f"бонус {format_money(terms.bonus or 0)}"


def _cleaned(terms: PromotionTerms) -> PromotionTerms:
    name = tidy(terms.name)
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Name the promotion."), field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The name is too long: at most {limit} characters."),
            field="name",
            limit=MAX_NAME,
        )
    if terms.kind not in KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose what the promotion gives."), field="kind")
    if terms.kind in (FIRST_MONTHS, PREPAY) and not (terms.months and 1 <= terms.months <= MAX_MONTHS):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The months must be from 1 to {limit}."),
            field="months",
            limit=MAX_MONTHS,
        )
    if terms.kind == FIRST_MONTHS:
        if terms.price is None or not 0 <= terms.price <= MAX_AMOUNT:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Give the monthly price for those months (0 for free)."),
                field="price",
            )
        return PromotionTerms(name, FIRST_MONTHS, terms.months, terms.price, None, None, terms.service_kind,
                              terms.offered_until)  # fmt: skip
    if terms.kind == PREPAY:
        months = terms.months or 0
        if terms.paid_tenths is None or not 0 < terms.paid_tenths < months * 10:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The months paid must be more than 0 and fewer than the months given."
                ),
                field="paid",
            )
        return PromotionTerms(name, PREPAY, months, None, terms.paid_tenths, None, None, terms.offered_until)
    if terms.bonus is None or not 0 < terms.bonus <= MAX_AMOUNT:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The bonus must be more than zero."), field="bonus")
    return PromotionTerms(name, BONUS, None, None, None, terms.bonus, None, terms.offered_until)


def define_promotion(db: Database, actor: Actor, terms: PromotionTerms) -> int:
    """A new promotion; returns its id. Its terms never change once given to anyone: retire it and
    define another."""
    require(actor, Permission.MANAGE_SETTINGS)
    clean = _cleaned(terms)
    with db.transaction(actor) as session:
        if clean.offered_until is not None and clean.offered_until < business_today(read_settings(session)):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "«Offered until» cannot be in the past."), field="offered_until"
            )
        if session.scalar(select(Promotion.id).where(func.lower(Promotion.name) == clean.name.lower())):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A promotion with this name exists: choose another name."),
                field="name",
            )
        return int(
            session.execute(
                insert(Promotion)
                .values(
                    name=clean.name,
                    kind=clean.kind,
                    months=clean.months,
                    price=clean.price,
                    paid_tenths=clean.paid_tenths,
                    bonus=clean.bonus,
                    service_kind=clean.service_kind.value if clean.service_kind else None,
                    offered_until=clean.offered_until,
                    created_by=actor.staff_id,
                    created_at=utcnow(),
                )
                .returning(Promotion.id)
            ).scalar_one()
        )


def retire_promotion(db: Database, actor: Actor, promotion_id: int) -> None:
    """No longer given; what was given runs its course."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        promotion = session.get(Promotion, promotion_id, with_for_update=True)
        if promotion is None:
            raise NotFound()
        if promotion.retired_at is None:
            promotion.retired_at = utcnow()


def _terms(p: Promotion) -> PromotionTerms:
    return PromotionTerms(
        p.name,
        p.kind,
        p.months,
        p.price,
        p.paid_tenths,
        p.bonus,
        ServiceKind(p.service_kind) if p.service_kind else None,
        p.offered_until,
    )


def promotions(
    db: Database, actor: Actor, *, offered_only: bool = False, with_costs: bool = False
) -> list[PromotionRow]:
    """Every promotion, the newest first (`offered_only`: those that may be given today; `with_costs`:
    what each has cost so far, which reads their charges — Administration's list only)."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        today = business_today(read_settings(session))
        given = (
            select(PromotionAttachment.promotion_id, func.count().label("n"))
            .group_by(PromotionAttachment.promotion_id)
            .subquery()
        )
        query = select(Promotion, given.c.n).outerjoin(given, given.c.promotion_id == Promotion.id)
        if offered_only:
            query = query.where(
                Promotion.retired_at.is_(None),
                (Promotion.offered_until.is_(None)) | (Promotion.offered_until >= today),
            )
        rows = session.execute(query.order_by(Promotion.id.desc())).all()
        costs = costs_by_promotion(session.connection()) if rows and with_costs else {}
        return [
            PromotionRow(p.id, _terms(p), p.retired_at is not None, int(n or 0), costs.get(p.id, 0))
            for p, n in rows
        ]


def attach_in(session: Session, actor: Actor, contract_id: int, promotion_id: int, today: dt.date) -> int:
    """Give the promotion to the contract in the caller's transaction (signing, or the card); returns
    the attachment's id."""
    promotion = session.get(Promotion, promotion_id)
    if promotion is None:
        raise NotFound()
    if promotion.retired_at is not None or (
        promotion.offered_until is not None and promotion.offered_until < today
    ):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "This promotion is no longer offered."), field="promotion"
        )
    contract = session.execute(
        select(Contract.id, Contract.subscriber_id, Contract.status)
        .where(Contract.id == contract_id)
        .with_for_update()
    ).one_or_none()
    if contract is None:
        raise NotFound()
    if contract.status == ContractStatus.TERMINATED:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The contract is terminated."), field="promotion")
    already = session.scalar(
        select(PromotionAttachment.id).where(
            PromotionAttachment.contract_id == contract_id, PromotionAttachment.promotion_id == promotion_id
        )
    )
    if already is not None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The contract already has this promotion: it is given once."),
            field="promotion",
        )
    terms = _terms(promotion)
    # (service, tariff, first day, last day) of each price a first-months promotion holds
    held: list[tuple[int, int, dt.date, dt.date]] = []
    if terms.kind == FIRST_MONTHS:
        query = select(Service.id, Service.tariff_id, Service.started_on).where(
            Service.contract_id == contract_id, Service.state != ServiceState.CLOSED
        )
        if terms.service_kind is not None:
            query = query.where(Service.kind == terms.service_kind)
        for service_id, tariff_id, started in session.execute(query.order_by(Service.id)):
            first_day = max(started, today)
            held.append((service_id, tariff_id, first_day, months_on(first_day, terms.months or 0)))
        if not held:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The contract has no open service this promotion is for."),
                field="promotion",
            )
    entry_id = None
    if terms.kind == BONUS:
        entry_id = session.execute(
            insert(LedgerEntry)
            .values(
                contract_id=contract_id,
                kind=LedgerKind.ADJUSTMENT,
                amount=terms.bonus,
                business_date=today,
                staff_id=actor.staff_id,
                comment=f"Бонус по акции «{terms.name}»"[:500],
            )
            .returning(LedgerEntry.id)
        ).scalar_one()
    attachment = PromotionAttachment(
        contract_id=contract_id,
        promotion_id=promotion_id,
        attached_on=today,
        ends_on=max(h[3] for h in held) if held else (today if terms.kind == BONUS else None),
        ledger_entry_id=entry_id,
        attached_by=actor.staff_id,
        created_at=utcnow(),
    )
    session.add(attachment)
    session.flush()
    full = fees_today(session, contract_id, today) if held else {}
    session.add_all(
        FixedPrice(
            contract_id=contract_id,
            service_id=service_id,
            tariff_id=tariff_id,
            monthly_fee=terms.price or 0,
            full_fee=full[service_id].fee if service_id in full else 0,
            first_day=first_day,
            last_day=last_day,
            attachment_id=attachment.id,
        )
        for service_id, tariff_id, first_day, last_day in held
    )
    session.flush()
    record_event(
        session,
        actor=actor,
        kind=EventKind.PROMOTION_ATTACHED,
        subscriber_id=contract.subscriber_id,
        contract_id=contract_id,
        promotion=terms.name,
        terms=terms_text(terms),
    )
    settings = read_settings(session)
    number = session.scalar(select(Contract.number).where(Contract.id == contract_id)) or ""
    queue_reminders(
        session,
        settings,
        [
            Reminder(
                template_key=Key.TEMPLATE_PROMOTION,
                dedupe_key=f"promotion:{attachment.id}",
                subscriber_id=contract.subscriber_id,
                contract_id=contract_id,
                contract_number=number,
                debt=terms.bonus or 0,
                disconnect_on=attachment.ends_on if terms.kind == FIRST_MONTHS else None,
                offer=terms.name,
                terms=terms_text(terms),
            )
        ],
    )
    if terms.kind == BONUS:
        paid_off = session.scalars(
            select(Contract.id).where(
                Contract.id == contract_id,
                Contract.debt_since.is_not(None),
                Contract.balance >= -Contract.credit_limit,
            )
        ).all()
        settle_contracts(session, paid_off, today, actor=actor, reason=REASON_CREDITED)
    return attachment.id


def months_on(first_day: dt.date, months: int) -> dt.date:
    """The last day of `months` months from `first_day`: the day before the same date that many months
    on (15 March + 2 → 14 May), or that month's last day when it has no such date (31 January + 1 →
    28 February)."""
    month = add_months(first_day.replace(day=1), months)
    last_of_month = add_months(month, 1) - dt.timedelta(days=1)
    if first_day.day > last_of_month.day:
        return last_of_month
    return month.replace(day=first_day.day) - dt.timedelta(days=1)


def attach_promotion(db: Database, actor: Actor, contract_id: int, promotion_id: int) -> int:
    """Give the promotion to the contract today (the card's «Акция…»)."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        return attach_in(session, actor, contract_id, promotion_id, business_today(read_settings(session)))


def end_attachment(db: Database, actor: Actor, attachment_id: int) -> None:
    """End a promotion given to a contract before its time: a first-months price charges the tariff
    from tomorrow (today's charge stays as the run made it); an unused prepayment offer can no longer
    be taken. A bonus credited, or a prepaid period paid, is not taken back here."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        found = session.execute(
            select(PromotionAttachment, Promotion.name, Promotion.kind, Contract.subscriber_id)
            .join(Promotion, Promotion.id == PromotionAttachment.promotion_id)
            .join(Contract, Contract.id == PromotionAttachment.contract_id)
            .where(PromotionAttachment.id == attachment_id)
            .with_for_update(of=PromotionAttachment)
        ).one_or_none()
        if found is None:
            raise NotFound()
        attachment, name, kind, subscriber_id = found
        today = business_today(read_settings(session))
        if (
            attachment.ended_at is not None
            or kind == BONUS
            or (attachment.ends_on is not None and (attachment.ends_on < today or kind == PREPAY))
        ):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "This promotion has nothing left to end."), field="promotion"
            )
        attachment.ended_at = utcnow()
        attachment.ends_on = today
        held = session.scalars(
            select(FixedPrice).where(FixedPrice.attachment_id == attachment_id, FixedPrice.last_day > today)
        ).all()
        for price in held:
            # today's charge stays as the run made it; days not begun yet end before their first
            price.last_day = max(today, price.first_day - dt.timedelta(days=1))
        record_event(
            session,
            actor=actor,
            kind=EventKind.PROMOTION_ENDED,
            subscriber_id=subscriber_id,
            contract_id=attachment.contract_id,
            promotion=name,
        )


@dataclass(frozen=True)
class GivenPromotion:
    """A promotion on a contract, for the card."""

    id: int
    name: str
    promotion: PromotionTerms
    attached_on: dt.date
    ends_on: dt.date | None
    state: str  # "active", "offered" (a prepayment offer not taken yet), "ended"
    kind: str
    months: int | None
    given_by: str


def contract_promotions(db: Database, actor: Actor, contract_id: int) -> list[GivenPromotion]:
    """The contract's promotions, the latest first."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        today = business_today(read_settings(session))
        rows = session.execute(
            select(PromotionAttachment, Promotion, Staff.full_name)
            .join(Promotion, Promotion.id == PromotionAttachment.promotion_id)
            .outerjoin(Staff, Staff.id == PromotionAttachment.attached_by)
            .where(PromotionAttachment.contract_id == contract_id)
            .order_by(PromotionAttachment.id.desc())
        ).all()
        used = set(
            session.scalars(
                select(PrepaidPeriod.attachment_id).where(
                    PrepaidPeriod.contract_id == contract_id, PrepaidPeriod.cancelled_at.is_(None)
                )
            )
        )
        given = []
        for attachment, promotion, staff in rows:
            if attachment.ended_at is not None or (
                attachment.ends_on is not None and attachment.ends_on < today
            ):
                state = "ended"
            elif promotion.kind == PREPAY and attachment.id not in used:
                state = "offered"
            elif promotion.kind == BONUS:
                state = "ended"
            else:
                state = "active"
            given.append(
                GivenPromotion(
                    attachment.id,
                    promotion.name,
                    _terms(promotion),
                    attachment.attached_on,
                    attachment.ends_on,
                    state,
                    promotion.kind,
                    promotion.months,
                    staff or "",
                )
            )
        return given


def prepay_offers(db: Database, actor: Actor, contract_id: int) -> list[GivenPromotion]:
    """The contract's prepayment offers not taken yet (the payment dialog offers them)."""
    return [p for p in contract_promotions(db, actor, contract_id) if p.state == "offered"]
