"""Outage compensation: when the network fails, every affected service is credited for the time it
was out, as one batch that can be cancelled as a batch, and its subscriber is told.

The rules (docs/compensation.md):
- The outage is a window [starts_at, ends_at) of at most MAX_OUTAGE, in the past.
- The affected services are those the administrator chose — by district, building, tariff and/or a
  list of contract numbers (each given choice narrows the others), optionally of some kinds only —
  that the company charges now (active, or TV still on until cut), on an active contract.
- A service is credited for the part of the window within its life (from its start day's midnight to
  the end of its last day, in the company's time zone). The credit is its tariff's monthly fee times
  the seconds lost in each calendar month over that month's seconds, with the fee valid on the day the
  outage began in that month; the exact sum is rounded once, half up, to kopecks. A daily tariff's
  days sum to the same monthly fee (app/services/billing/prices.py), so one rule serves both.
- Posting books one ADJUSTMENT per service (positive, on today's business date), records an
  `outage_credit` row for each, and records the batch in `outage`. A contract whose debt the credit
  pays off is settled exactly as a payment would (unblocked, disconnect order cancelled). Each
  subscriber is queued a message (the «compensation» text of Administration → Notifications).
- Cancelling the batch books a REVERSAL for every credit. Nothing else is undone: a contract back in
  debt is handled by the next night's debt policy like any other debtor.
- Posting and cancelling wait for no billing run: they take the run's lock, so a batch and a run
  never interleave, and they lock the contracts in id order (a payment to one of them waits).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, ValidationError
from app.models import (
    Building,
    Contract,
    ContractStatus,
    Discount,
    LedgerEntry,
    LedgerKind,
    Outage,
    OutageCredit,
    Premises,
    Service,
    ServiceKind,
    Subscriber,
    Tariff,
    utcnow,
)
from app.money import format_money
from app.services.billing.debt_policy import bulk_events, policy_batches
from app.services.billing.discounts import discounted_fee
from app.services.billing.run import CHARGED_STATES, fees_on
from app.services.billing.run_lock import run_lock
from app.services.billing.settlement import settle_contracts
from app.services.kernel.history import EventKind
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import DEFAULTS, Key, business_today, read_settings
from app.services.notifications.reminders import Reminder, queue_reminders

MAX_OUTAGE = dt.timedelta(days=62)
MAX_REASON = 200
REASON_CREDITED = "credited"  # a disconnect order cancelled because an outage credit paid the debt


@dataclass(frozen=True)
class OutageScope:
    """Which services an outage hit. Each non-empty choice narrows the others; `kinds` empty: every
    kind of service at those places."""

    district_ids: tuple[int, ...] = ()
    building_ids: tuple[int, ...] = ()
    tariff_ids: tuple[int, ...] = ()
    contract_numbers: tuple[str, ...] = ()
    kinds: tuple[ServiceKind, ...] = ()

    def chosen(self) -> bool:
        return bool(self.district_ids or self.building_ids or self.tariff_ids or self.contract_numbers)

    def as_json(self) -> dict[str, list[Any]]:
        return {
            "districts": sorted(self.district_ids),
            "buildings": sorted(self.building_ids),
            "tariffs": sorted(self.tariff_ids),
            "contracts": sorted(self.contract_numbers),
            "kinds": sorted(k.value for k in self.kinds),
        }


@dataclass(frozen=True)
class Credit:
    service_id: int
    contract_id: int
    contract_number: str
    subscriber_id: int
    subscriber: str
    kind: ServiceKind
    tariff: str
    seconds: int  # of the outage within the service's life
    amount: int  # kopecks, positive


@dataclass(frozen=True)
class CompensationPlan:
    """What posting would credit: one line per service, in contract order."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    scope: OutageScope
    credits: list[Credit] = field(default_factory=list)
    missing_numbers: tuple[str, ...] = ()  # listed contract numbers that do not exist
    credited_before: int = 0  # services left out: a batch not cancelled credited them for this time

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.credits)

    @property
    def contracts(self) -> int:
        return len({c.contract_id for c in self.credits})


@dataclass(frozen=True)
class OutageRow:
    id: int
    reason: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    credits: int
    total: int
    business_date: dt.date
    created_at: dt.datetime
    cancelled_at: dt.datetime | None
    cancel_reason: str


def month_starts(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> list[dt.datetime]:
    """The local midnights that begin each calendar month the window [start, end) touches, and the one
    after: the window cut at month boundaries."""
    local = start.astimezone(zone)
    first = dt.datetime(local.year, local.month, 1, tzinfo=zone)
    edges = [first]
    while edges[-1] < end:
        last = edges[-1]
        edges.append(dt.datetime(last.year + last.month // 12, last.month % 12 + 1, 1, tzinfo=zone))
    return edges


def credit_of(
    fees: Mapping[dt.date, int], start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> tuple[int, int]:
    """(seconds lost, kopecks) for a window [start, end): each calendar month's share of the fee valid
    in it (`fees` by the month's first day), summed exactly, rounded once half up. Times are subtracted
    in UTC, so a change of the clocks neither adds nor loses an hour."""
    if end <= start:
        return 0, 0
    exact = Fraction(0)
    seconds = 0
    for month_start, month_end in itertools.pairwise(month_starts(start, end, zone)):
        lost = _seconds(max(start, month_start), min(end, month_end))
        if lost <= 0:
            continue
        seconds += lost
        exact += Fraction(fees[month_start.date()]) * Fraction(lost, _seconds(month_start, month_end))
    return seconds, int(exact + Fraction(1, 2))


def _seconds(start: dt.datetime, end: dt.datetime) -> int:
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds())


def _checked_window(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("the outage window needs aware datetimes")
    if ends_at <= starts_at:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The outage must end after it began."), field="ends_at"
        )
    if ends_at - starts_at > MAX_OUTAGE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "An outage of more than {days} days is not compensated here."),
            field="ends_at",
            days=MAX_OUTAGE.days,
        )
    if ends_at > utcnow():
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The outage has not ended yet: compensate it once it is over."),
            field="ends_at",
        )


def _affected(scope: OutageScope, first_day: dt.date, last_day: dt.date) -> Any:
    query = (
        select(
            Service.id,
            Service.contract_id,
            Contract.number,
            Contract.subscriber_id,
            Subscriber.full_name,
            Service.kind,
            Service.tariff_id,
            Tariff.name,
            Service.started_on,
            Service.ended_on,
        )
        .join(Contract, Contract.id == Service.contract_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .join(Tariff, Tariff.id == Service.tariff_id)
        .where(
            Service.state.in_(CHARGED_STATES),
            Contract.status == ContractStatus.ACTIVE,
            Service.started_on <= last_day,
            (Service.ended_on.is_(None)) | (Service.ended_on >= first_day),
        )
        .order_by(Contract.number, Service.id)
    )
    if scope.district_ids or scope.building_ids:
        query = query.join(Premises, Premises.id == Contract.premises_id).join(
            Building, Building.id == Premises.building_id
        )
        if scope.district_ids:
            query = query.where(Building.district_id.in_(scope.district_ids))
        if scope.building_ids:
            query = query.where(Building.id.in_(scope.building_ids))
    if scope.tariff_ids:
        query = query.where(Service.tariff_id.in_(scope.tariff_ids))
    if scope.contract_numbers:
        query = query.where(Contract.number.in_(scope.contract_numbers))
    if scope.kinds:
        query = query.where(Service.kind.in_(scope.kinds))
    return query


def _plan(
    session: Session, scope: OutageScope, starts_at: dt.datetime, ends_at: dt.datetime
) -> CompensationPlan:
    if not scope.chosen():
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Choose the districts, buildings, tariffs or contracts the outage hit."
            ),
            field="scope",
        )
    _checked_window(starts_at, ends_at)
    zone = ZoneInfo(read_settings(session)[Key.TIMEZONE] or DEFAULTS[Key.TIMEZONE])
    # each month the outage touches: the day it began in that month, and the fees valid on that day
    fee_days = {
        month_start.date(): max(starts_at, month_start).astimezone(zone).date()
        for month_start in month_starts(starts_at, ends_at, zone)[:-1]
    }
    fees_of = {month: fees_on(session, day) for month, day in fee_days.items()}
    first_day, last_day = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
    rows = session.execute(_affected(scope, first_day, last_day)).all()
    credited_before = _credited_before(session, [r.id for r in rows], starts_at, ends_at)
    discounts = _discounts(session, sorted({r.contract_id for r in rows}))
    credits = []
    for row in rows:
        if row.id in credited_before or any(row.tariff_id not in fees for fees in fees_of.values()):
            continue  # compensated for this time already; or a tariff with no price then was not charged
        life_start = dt.datetime.combine(row.started_on, dt.time(), tzinfo=zone)
        life_end = (
            dt.datetime.combine(row.ended_on + dt.timedelta(days=1), dt.time(), tzinfo=zone)
            if row.ended_on
            else ends_at
        )
        # what the service was charged in each month: its fee there, less its discount on that day
        fees = {
            month: discounted_fee(
                fees_of[month][row.tariff_id][0], *_discount_on(discounts, row, fee_days[month])
            )
            for month in fees_of
        }
        seconds, amount = credit_of(fees, max(starts_at, life_start), min(ends_at, life_end), zone)
        if amount > 0:
            credits.append(
                Credit(
                    service_id=row.id,
                    contract_id=row.contract_id,
                    contract_number=row.number,
                    subscriber_id=row.subscriber_id,
                    subscriber=row.full_name,
                    kind=ServiceKind(row.kind),
                    tariff=row.name,
                    seconds=seconds,
                    amount=amount,
                )
            )
    missing: tuple[str, ...] = ()
    if scope.contract_numbers:
        found = set(
            session.scalars(select(Contract.number).where(Contract.number.in_(scope.contract_numbers)))
        )
        missing = tuple(sorted(set(scope.contract_numbers) - found))
    return CompensationPlan(starts_at, ends_at, scope, credits, missing, len(credited_before))


def _credited_before(
    session: Session, service_ids: list[int], starts_at: dt.datetime, ends_at: dt.datetime
) -> set[int]:
    """Of these services, those a batch not cancelled already credited for some of this time."""
    found: set[int] = set()
    for batch in policy_batches(service_ids):
        found.update(
            session.scalars(
                select(OutageCredit.service_id)
                .join(Outage, Outage.id == OutageCredit.outage_id)
                .where(
                    OutageCredit.service_id.in_(batch),
                    Outage.cancelled_at.is_(None),
                    Outage.starts_at < ends_at,
                    Outage.ends_at > starts_at,
                )
            )
        )
    return found


def _discounts(session: Session, contract_ids: list[int]) -> dict[int, list[Any]]:
    """The discounts of these contracts, by contract."""
    found: dict[int, list[Any]] = {}
    for batch in policy_batches(contract_ids):
        for discount in session.execute(select(Discount).where(Discount.contract_id.in_(batch))).scalars():
            found.setdefault(discount.contract_id, []).append(discount)
    return found


def _discount_on(
    discounts: Mapping[int, list[Any]], service: Any, day: dt.date
) -> tuple[int | None, int | None]:
    """(percent, sum) of the discount that applied to the service on `day` — its own before its
    contract's, as the billing run takes them — or (None, None)."""
    applying = [
        d
        for d in discounts.get(service.contract_id, [])
        if d.service_id in (service.id, None)
        and d.valid_from <= day
        and (d.valid_until is None or d.valid_until >= day)
    ]
    applying.sort(key=lambda d: d.service_id is None)  # the service's own first
    return (applying[0].percent, applying[0].amount) if applying else (None, None)


def plan_compensation(
    db: Database, actor: Actor, scope: OutageScope, starts_at: dt.datetime, ends_at: dt.datetime
) -> CompensationPlan:
    """The preview: what posting would credit, and to whom (nothing is written)."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        return _plan(session, scope, starts_at, ends_at)


def clean_reason(reason: str) -> str:
    """The reason as booked (spaces collapsed); refuses an empty or too long one."""
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Say what happened (it is shown with every credit)."), field="reason"
        )
    if len(cleaned) > MAX_REASON:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The reason is too long: at most {limit} characters."),
            field="reason",
            limit=MAX_REASON,
        )
    return cleaned


def _lock_contracts(session: Session, contract_ids: Iterable[int]) -> None:
    """Row locks in id order (PostgreSQL), so a payment to one of these contracts waits for the batch and
    two writers never take them in opposite orders. SQLite serialises writers by itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for batch in policy_batches(sorted(set(contract_ids))):
        session.execute(
            select(Contract.id).where(Contract.id.in_(batch)).order_by(Contract.id).with_for_update()
        )


def post_compensation(
    db: Database,
    actor: Actor,
    scope: OutageScope,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
) -> int:
    """Credit every affected service for the outage, as one batch; returns the outage's id. The credits
    are computed again inside the batch's transaction, so they are what the preview showed unless the
    services changed meanwhile."""
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned = clean_reason(reason)
    with run_lock(db), db.transaction(actor) as session:
        plan = _plan(session, scope, starts_at, ends_at)
        if not plan.credits:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "No service the company charges was hit: nothing to credit."),
                field="scope",
            )
        settings = read_settings(session)
        today = business_today(settings)
        _lock_contracts(session, (c.contract_id for c in plan.credits))
        outage = Outage(
            reason=cleaned,
            starts_at=starts_at,
            ends_at=ends_at,
            scope=scope.as_json(),
            credits=len(plan.credits),
            total=plan.total,
            business_date=today,
            created_by=actor.staff_id,
            cancel_reason="",
        )
        session.add(outage)
        session.flush()
        entries = (
            session.execute(
                insert(LedgerEntry).returning(LedgerEntry.id, sort_by_parameter_order=True),
                [
                    {
                        "contract_id": c.contract_id,
                        "kind": LedgerKind.ADJUSTMENT,
                        "amount": c.amount,
                        "business_date": today,
                        "created_at": utcnow(),
                        "service_id": c.service_id,
                        "staff_id": actor.staff_id,
                        "comment": cleaned[:500],
                    }
                    for c in plan.credits
                ],
            )
            .scalars()
            .all()
        )
        session.execute(
            insert(OutageCredit),
            [
                {
                    "outage_id": outage.id,
                    "contract_id": c.contract_id,
                    "service_id": c.service_id,
                    "seconds": c.seconds,
                    "amount": c.amount,
                    "ledger_entry_id": entry_id,
                }
                for c, entry_id in zip(plan.credits, entries, strict=True)
            ],
        )
        credited: dict[int, int] = {}
        for c in plan.credits:
            credited[c.contract_id] = credited.get(c.contract_id, 0) + c.amount
        subscriber_of = {c.contract_id: (c.subscriber_id, c.contract_number) for c in plan.credits}
        bulk_events(
            session,
            EventKind.OUTAGE_CREDITED,
            [
                {
                    "subscriber_id": subscriber_of[contract][0],
                    "contract_id": contract,
                    "params": {"amount": format_money(amount), "reason": cleaned, "outage": outage.id},
                }
                for contract, amount in sorted(credited.items())
            ],
            actor,
        )
        paid_off = session.scalars(
            select(Contract.id).where(
                Contract.id.in_(sorted(credited)), Contract.debt_since.is_not(None), Contract.balance >= 0
            )
        ).all()
        settle_contracts(session, paid_off, today, actor=actor, reason=REASON_CREDITED)
        queue_reminders(
            session,
            settings,
            [
                Reminder(
                    template_key=Key.TEMPLATE_COMPENSATION,
                    dedupe_key=f"outage:{outage.id}:{contract}",
                    subscriber_id=subscriber_of[contract][0],
                    contract_id=contract,
                    contract_number=subscriber_of[contract][1],
                    debt=amount,
                    disconnect_on=None,
                )
                for contract, amount in sorted(credited.items())
            ],
        )
        return outage.id


def cancel_compensation(db: Database, actor: Actor, outage_id: int, reason: str) -> int:
    """Reverse every credit of an outage's batch; returns how many were reversed. A batch already
    cancelled (by someone else meanwhile) is refused, and nothing is booked twice."""
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned = clean_reason(reason)
    with run_lock(db), db.transaction(actor) as session:
        today = business_today(read_settings(session))
        taken = session.execute(
            update(Outage)
            .where(Outage.id == outage_id, Outage.cancelled_at.is_(None))
            .values(cancelled_at=utcnow(), cancelled_by=actor.staff_id, cancel_reason=cleaned)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentEdit()
        credits = session.execute(
            select(OutageCredit, Contract.subscriber_id)
            .join(Contract, Contract.id == OutageCredit.contract_id)
            .where(OutageCredit.outage_id == outage_id)
            .order_by(OutageCredit.contract_id, OutageCredit.id)
        ).all()
        _lock_contracts(session, (credit.contract_id for credit, _s in credits))
        comment = cleaned[:500]
        session.execute(
            insert(LedgerEntry),
            [
                {
                    "contract_id": credit.contract_id,
                    "kind": LedgerKind.REVERSAL,
                    "amount": -credit.amount,
                    "business_date": today,
                    "created_at": utcnow(),
                    "service_id": credit.service_id,
                    "reverses_id": credit.ledger_entry_id,
                    "staff_id": actor.staff_id,
                    "comment": comment,
                }
                for credit, _subscriber in credits
            ],
        )
        totals: dict[int, tuple[int, int]] = {}
        for credit, subscriber in credits:
            amount = totals.get(credit.contract_id, (subscriber, 0))[1]
            totals[credit.contract_id] = (subscriber, amount + credit.amount)
        bulk_events(
            session,
            EventKind.OUTAGE_CREDIT_CANCELLED,
            [
                {
                    "subscriber_id": subscriber,
                    "contract_id": contract,
                    "params": {"amount": format_money(amount), "reason": cleaned, "outage": outage_id},
                }
                for contract, (subscriber, amount) in sorted(totals.items())
            ],
            actor,
        )
        return len(credits)


def list_outages(db: Database, actor: Actor, limit: int = 200) -> list[OutageRow]:
    """The compensated outages, newest first."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading(actor) as conn:
        rows = conn.execute(
            select(
                Outage.id,
                Outage.reason,
                Outage.starts_at,
                Outage.ends_at,
                Outage.credits,
                Outage.total,
                Outage.business_date,
                Outage.created_at,
                Outage.cancelled_at,
                Outage.cancel_reason,
            )
            .order_by(Outage.id.desc())
            .limit(limit)
        ).all()
    return [OutageRow(*row) for row in rows]  # type: ignore[call-arg]


def outage_credits_total(db: Database, actor: Actor, outage_id: int) -> int:
    """The kopecks an outage's credits hold now in the ledger (0 once cancelled)."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading(actor) as conn:
        credited = conn.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0))
            .join(OutageCredit, OutageCredit.ledger_entry_id == LedgerEntry.id)
            .where(OutageCredit.outage_id == outage_id)
        )
        reversed_ = conn.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0))
            .join(OutageCredit, OutageCredit.ledger_entry_id == LedgerEntry.reverses_id)
            .where(OutageCredit.outage_id == outage_id)
        )
    return int(credited or 0) + int(reversed_ or 0)
