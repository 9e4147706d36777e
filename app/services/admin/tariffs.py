"""Tariffs and their dated prices, read: the administration list, price history, `price_on` (the price
valid on any date, for the billing run) and `tariffs_for_new_service` (what the front desk may choose
from). Changing them is in `tariff_editing`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, NotFound
from app.models import ChargingMode, Service, ServiceKind, ServiceState, Setting, Tariff, TariffPrice
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today

_Reader = Session | Connection


class PriceStatus(enum.StrEnum):
    PAST = "past"  # replaced by a later price
    CURRENT = "current"  # the price valid today
    SCHEDULED = "scheduled"  # takes effect later


@dataclass(frozen=True)
class TariffRow:
    """A tariff as the administration list shows it, computed for `today` (the business date)."""

    id: int
    name: str
    kind: ServiceKind
    charging_mode: ChargingMode
    speed_kbps: int | None
    device_limit: int | None
    valid_from: dt.date
    retired_on: dt.date | None
    upload_kbps: int | None
    tv_packets: str  # the TV platform's packet ids, comma-separated
    price_now: int | None  # kopecks; None while the tariff has not started yet
    next_price: int | None  # the next scheduled price, if any
    next_price_from: dt.date | None
    services: int  # services on the tariff that are not closed
    retired: bool  # retired as of today (a later `retired_on` is only scheduled)
    version: int


@dataclass(frozen=True)
class PriceRow:
    effective_from: dt.date
    monthly_fee: int  # kopecks
    status: PriceStatus


@dataclass(frozen=True)
class TariffOption:
    """A tariff a new service may be put on, with its price on the chosen date."""

    id: int
    name: str
    kind: ServiceKind
    charging_mode: ChargingMode
    monthly_fee: int
    speed_kbps: int | None
    device_limit: int | None


class NoPriceOnDate(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "The tariff {name} has no price on {date}: its first price starts on {first}."
    )


def shown_date(day: dt.date) -> str:
    """A date inside a message for people (events keep ISO dates in their details)."""
    return day.strftime("%d.%m.%Y")


def _today(reader: _Reader) -> dt.date:
    zone = reader.execute(select(Setting.value).where(Setting.key == Key.TIMEZONE)).scalar()
    return business_today({Key.TIMEZONE: zone or ""})


def prices_by_tariff(
    reader: _Reader, tariff_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[dt.date, int]]]:
    query = select(TariffPrice.tariff_id, TariffPrice.effective_from, TariffPrice.monthly_fee).order_by(
        TariffPrice.tariff_id, TariffPrice.effective_from
    )
    if tariff_ids is not None:
        query = query.where(TariffPrice.tariff_id.in_(tariff_ids))
    prices: dict[int, list[tuple[dt.date, int]]] = {}
    for tariff_id, effective_from, fee in reader.execute(query):
        prices.setdefault(tariff_id, []).append((effective_from, fee))
    return prices


def valid_price(prices: Sequence[tuple[dt.date, int]], on_date: dt.date) -> int | None:
    fee = None
    for effective_from, monthly_fee in prices:  # ordered by date
        if effective_from > on_date:
            break
        fee = monthly_fee
    return fee


_TARIFF_COLUMNS = (
    Tariff.id,
    Tariff.name,
    Tariff.kind,
    Tariff.charging_mode,
    Tariff.speed_kbps,
    Tariff.device_limit,
    Tariff.valid_from,
    Tariff.retired_on,
    Tariff.version,
    Tariff.upload_kbps,
    Tariff.tv_packets,
)


def tariff_rows(reader: _Reader, tariff_id: int | None = None) -> list[TariffRow]:
    today = _today(reader)
    query = select(*_TARIFF_COLUMNS).order_by(Tariff.name)
    usage_query = (
        select(Service.tariff_id, func.count())
        .where(Service.state != ServiceState.CLOSED)
        .group_by(Service.tariff_id)
    )
    if tariff_id is not None:
        query = query.where(Tariff.id == tariff_id)
        usage_query = usage_query.where(Service.tariff_id == tariff_id)
    tariffs = reader.execute(query).all()
    usage: dict[int, int] = {tid: count for tid, count in reader.execute(usage_query)}
    prices = prices_by_tariff(reader, None if tariff_id is None else [tariff_id])
    rows = []
    for t in tariffs:
        history = prices.get(t.id, [])
        upcoming = [(day, fee) for day, fee in history if day > today]
        rows.append(
            TariffRow(
                id=t.id,
                name=t.name,
                kind=t.kind,
                charging_mode=t.charging_mode,
                speed_kbps=t.speed_kbps,
                device_limit=t.device_limit,
                valid_from=t.valid_from,
                retired_on=t.retired_on,
                upload_kbps=t.upload_kbps,
                tv_packets=t.tv_packets,
                price_now=valid_price(history, today),
                next_price=upcoming[0][1] if upcoming else None,
                next_price_from=upcoming[0][0] if upcoming else None,
                services=usage.get(t.id, 0),
                retired=t.retired_on is not None and t.retired_on <= today,
                version=t.version,
            )
        )
    return rows


def list_tariffs(db: Database, actor: Actor) -> list[TariffRow]:
    """Every tariff, retired ones included, by name (an operator keeps dozens, not thousands)."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading(actor) as conn:
        return tariff_rows(conn)


def get_tariff(db: Database, actor: Actor, tariff_id: int) -> TariffRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading(actor) as conn:
        rows = tariff_rows(conn, tariff_id)
    if not rows:
        raise NotFound()
    return rows[0]


def price_history(db: Database, actor: Actor, tariff_id: int) -> list[PriceRow]:
    """The tariff's prices, newest first, each marked past / current / scheduled."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading(actor) as conn:
        today = _today(conn)
        history = prices_by_tariff(conn, [tariff_id]).get(tariff_id, [])
    current = max((day for day, _fee in history if day <= today), default=None)
    rows = []
    for day, fee in reversed(history):
        if day > today:
            status = PriceStatus.SCHEDULED
        elif day == current:
            status = PriceStatus.CURRENT
        else:
            status = PriceStatus.PAST
        rows.append(PriceRow(day, fee, status))
    return rows


def price_on(session_or_db: Session | Connection | Database, tariff_id: int, on_date: dt.date) -> int:
    """The monthly fee (kopecks) valid on `on_date`: the latest price that took effect on or before it.

    Raises NoPriceOnDate before the tariff's first price, NotFound for an unknown tariff.
    """
    if isinstance(session_or_db, Database):
        with session_or_db.reading() as conn:
            return _price_on(conn, tariff_id, on_date)
    return _price_on(session_or_db, tariff_id, on_date)


def priced_from(reader: Session | Connection, tariff_id: int, on_date: dt.date) -> tuple[dt.date, int]:
    """(day, monthly fee): the price valid on `on_date`, or — when the tariff had no price yet — its
    first price and the day it took effect (a document shows that day beside it)."""
    try:
        return on_date, _price_on(reader, tariff_id, on_date)
    except NoPriceOnDate:
        first = reader.execute(
            select(TariffPrice.effective_from, TariffPrice.monthly_fee)
            .where(TariffPrice.tariff_id == tariff_id)
            .order_by(TariffPrice.effective_from)
            .limit(1)
        ).one_or_none()
        if first is None:  # no price at all: nothing to print
            raise
        return first[0], int(first[1])


def _price_on(reader: _Reader, tariff_id: int, on_date: dt.date) -> int:
    fee = reader.execute(
        select(TariffPrice.monthly_fee)
        .where(TariffPrice.tariff_id == tariff_id, TariffPrice.effective_from <= on_date)
        .order_by(TariffPrice.effective_from.desc())
        .limit(1)
    ).scalar()
    if fee is not None:
        return int(fee)
    name = reader.execute(select(Tariff.name).where(Tariff.id == tariff_id)).scalar()
    if name is None:
        raise NotFound()
    first = reader.execute(
        select(func.min(TariffPrice.effective_from)).where(TariffPrice.tariff_id == tariff_id)
    ).scalar()
    raise NoPriceOnDate(name=name, date=shown_date(on_date), first=shown_date(first) if first else "—")


def tariffs_for_new_service(db: Database, kind: ServiceKind, on_date: dt.date) -> list[TariffOption]:
    """Tariffs of `kind` a service starting on `on_date` may be put on: started, not retired by then,
    with a price on that date. Read-only; the front desk's permission is checked by its caller."""
    with db.reading() as conn:
        tariffs = conn.execute(
            select(*_TARIFF_COLUMNS)
            .where(
                Tariff.kind == kind,
                Tariff.valid_from <= on_date,
                or_(Tariff.retired_on.is_(None), Tariff.retired_on > on_date),
            )
            .order_by(Tariff.name)
        ).all()
        prices = prices_by_tariff(conn, [t.id for t in tariffs])
    options = []
    for t in tariffs:
        fee = valid_price(prices.get(t.id, []), on_date)
        if fee is not None:
            options.append(
                TariffOption(t.id, t.name, t.kind, t.charging_mode, fee, t.speed_kbps, t.device_limit)
            )
    return options
