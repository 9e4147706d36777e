"""Tariffs and their dated prices: create, edit, schedule a new price, retire (never delete).

A price takes effect from a date that is today or later in the operator's time zone: charges already
made were computed from the prices of their days and are never rewritten. `price_on` answers the price
valid on any date; `tariffs_for_new_service` is what the front desk may choose from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, DomainError, NotFound, ValidationError
from app.models import ChargingMode, Service, ServiceKind, ServiceState, Setting, Tariff, TariffPrice
from app.money import format_money
from app.services.history import EventKind, record_event
from app.services.permissions import Actor, Permission, require
from app.services.settings import Key, business_today, read_settings
from app.services.text import fix_lookalikes, tidy

NAME_MAX_LENGTH = 150
MAX_MONTHLY_FEE = 1_000_000_00  # a million rubles a month: anything above is a typo
MAX_SPEED_KBPS = 100_000_000  # 100 Gbit/s
MAX_DEVICE_LIMIT = 50

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


# ---------------------------------------------------------------- reading


def _shown(day: dt.date) -> str:
    """A date inside a message for people (events keep ISO dates in their details)."""
    return day.strftime("%d.%m.%Y")


def _today(reader: _Reader) -> dt.date:
    zone = reader.execute(select(Setting.value).where(Setting.key == Key.TIMEZONE)).scalar()
    return business_today({Key.TIMEZONE: zone or ""})


def business_date(db: Database) -> dt.date:
    """Today in the operator's time zone: the earliest date a new price or a retirement may take."""
    with db.reading() as conn:
        return _today(conn)


def _prices(reader: _Reader, tariff_ids: Sequence[int] | None = None) -> dict[int, list[tuple[dt.date, int]]]:
    query = select(TariffPrice.tariff_id, TariffPrice.effective_from, TariffPrice.monthly_fee).order_by(
        TariffPrice.tariff_id, TariffPrice.effective_from
    )
    if tariff_ids is not None:
        query = query.where(TariffPrice.tariff_id.in_(tariff_ids))
    prices: dict[int, list[tuple[dt.date, int]]] = {}
    for tariff_id, effective_from, fee in reader.execute(query):
        prices.setdefault(tariff_id, []).append((effective_from, fee))
    return prices


def _valid_price(prices: Sequence[tuple[dt.date, int]], on_date: dt.date) -> int | None:
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
)


def _rows(reader: _Reader, tariff_id: int | None = None) -> list[TariffRow]:
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
    prices = _prices(reader, None if tariff_id is None else [tariff_id])
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
                price_now=_valid_price(history, today),
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
    with db.reading() as conn:
        return _rows(conn)


def get_tariff(db: Database, actor: Actor, tariff_id: int) -> TariffRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading() as conn:
        rows = _rows(conn, tariff_id)
    if not rows:
        raise NotFound()
    return rows[0]


def price_history(db: Database, actor: Actor, tariff_id: int) -> list[PriceRow]:
    """The tariff's prices, newest first, each marked past / current / scheduled."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.reading() as conn:
        today = _today(conn)
        history = _prices(conn, [tariff_id]).get(tariff_id, [])
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
    raise NoPriceOnDate(name=name, date=_shown(on_date), first=_shown(first) if first else "—")


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
        prices = _prices(conn, [t.id for t in tariffs])
    options = []
    for t in tariffs:
        fee = _valid_price(prices.get(t.id, []), on_date)
        if fee is not None:
            options.append(
                TariffOption(t.id, t.name, t.kind, t.charging_mode, fee, t.speed_kbps, t.device_limit)
            )
    return options


# ---------------------------------------------------------------- validation


def _name_key(name: str) -> str:
    return name.casefold().replace("ё", "е")


def _clean_name(session: Session, name: str, tariff_id: int | None) -> str:
    name = fix_lookalikes(tidy(name))
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter the tariff's name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The tariff's name is too long: at most {max} characters."),
            field="name",
            max=NAME_MAX_LENGTH,
        )
    # Case and ё/е are folded in Python: SQLite's lower() leaves Cyrillic as it is.
    for other_id, other_name in session.execute(select(Tariff.id, Tariff.name)):
        if other_id != tariff_id and _name_key(other_name) == _name_key(name):
            raise _name_taken(other_name)
    return name


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        QT_TRANSLATE_NOOP(
            "Errors", "A tariff named {name} already exists (perhaps retired). Choose another name."
        ),
        field="name",
        name=name,
    )


def _check_fee(monthly_fee: int) -> None:
    if monthly_fee < 0:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The monthly fee cannot be negative."), field="monthly_fee"
        )
    if monthly_fee > MAX_MONTHLY_FEE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The monthly fee is too large (over {max}): check the figure."),
            field="monthly_fee",
            max=format_money(MAX_MONTHLY_FEE),
        )


def _check_attributes(
    kind: ServiceKind, speed_kbps: int | None, device_limit: int | None
) -> tuple[int | None, int | None]:
    if kind == ServiceKind.INTERNET:
        if speed_kbps is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Enter the speed of the Internet tariff."), field="speed_kbps"
            )
        if not 0 < speed_kbps <= MAX_SPEED_KBPS:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The speed must be greater than zero and at most 100 Gbit/s."),
                field="speed_kbps",
            )
    elif speed_kbps is not None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Only Internet tariffs have a speed: leave it empty."),
            field="speed_kbps",
        )
    if kind == ServiceKind.IPTV:
        if device_limit is None or not 0 < device_limit <= MAX_DEVICE_LIMIT:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Enter how many devices an IPTV subscriber may use: from 1 to {max}."
                ),
                field="device_limit",
                max=MAX_DEVICE_LIMIT,
            )
    elif device_limit is not None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Only IPTV tariffs have a device limit: leave it empty."),
            field="device_limit",
        )
    return speed_kbps, device_limit


def _not_in_past(day: dt.date, today: dt.date, field: str, message: str) -> None:
    if day < today:
        raise ValidationError(message, field=field, date=_shown(day), today=_shown(today))


def _load(session: Session, tariff_id: int, version: int) -> Tariff:
    tariff = session.get(Tariff, tariff_id)
    if tariff is None:
        raise NotFound()
    if tariff.version != version:
        raise ConcurrentEdit()  # the form was filled from an older version
    return tariff


def _flush_unique_name(session: Session, name: str) -> None:
    """Flush; a name another workstation took meanwhile becomes the operator's message, not a crash."""
    try:
        session.flush()
    except IntegrityError as exc:  # the whole unit of work rolls back on the way out
        if any(s in str(exc.orig) for s in ("tariff.name", "uq_tariff_name")):
            raise _name_taken(name) from exc
        raise


def _row_of(session: Session, tariff_id: int) -> TariffRow:
    session.flush()
    return _rows(session, tariff_id)[0]


def _price_event(session: Session, actor: Actor, name: str, fee: int, day: dt.date) -> None:
    record_event(
        session,
        actor=actor,
        kind=EventKind.TARIFF_PRICE_SET,
        name=name,
        fee=format_money(fee),
        kopecks=fee,
        date=day.isoformat(),
    )


# ---------------------------------------------------------------- changes


def create_tariff(
    db: Database,
    actor: Actor,
    *,
    name: str,
    kind: ServiceKind,
    charging_mode: ChargingMode,
    monthly_fee: int,
    valid_from: dt.date,
    speed_kbps: int | None = None,
    device_limit: int | None = None,
) -> TariffRow:
    """A new tariff with its first price, valid from `valid_from` (today or later)."""
    require(actor, Permission.MANAGE_SETTINGS)
    kind, charging_mode = ServiceKind(kind), ChargingMode(charging_mode)
    _check_fee(monthly_fee)
    speed_kbps, device_limit = _check_attributes(kind, speed_kbps, device_limit)
    with db.transaction() as session:
        _not_in_past(
            valid_from,
            business_today(read_settings(session)),
            "valid_from",
            QT_TRANSLATE_NOOP(
                "Errors",
                "A new tariff cannot start in the past ({date}): charges already made are never "
                "rewritten. Choose today ({today}) or a later date.",
            ),
        )
        name = _clean_name(session, name, None)
        tariff = Tariff(
            name=name,
            kind=kind,
            charging_mode=charging_mode,
            speed_kbps=speed_kbps,
            device_limit=device_limit,
            valid_from=valid_from,
        )
        tariff.prices = [TariffPrice(effective_from=valid_from, monthly_fee=monthly_fee)]
        session.add(tariff)
        _flush_unique_name(session, name)
        # One event: the first price is part of creating the tariff (its details keep the figures).
        record_event(
            session,
            actor=actor,
            kind=EventKind.TARIFF_CREATED,
            name=name,
            fee=format_money(monthly_fee),
            kopecks=monthly_fee,
            date=valid_from.isoformat(),
        )
        return _row_of(session, tariff.id)


def update_tariff(
    db: Database,
    actor: Actor,
    tariff_id: int,
    *,
    version: int,
    name: str,
    kind: ServiceKind,
    charging_mode: ChargingMode,
    speed_kbps: int | None = None,
    device_limit: int | None = None,
) -> TariffRow:
    """Rename or change the attributes. Kind and charging mode are fixed once services use the tariff:
    the services and their past charges were made for them (make a new tariff instead)."""
    require(actor, Permission.MANAGE_SETTINGS)
    kind, charging_mode = ServiceKind(kind), ChargingMode(charging_mode)
    speed_kbps, device_limit = _check_attributes(kind, speed_kbps, device_limit)
    with db.transaction() as session:
        tariff = _load(session, tariff_id, version)
        name = _clean_name(session, name, tariff_id)
        if kind != tariff.kind or charging_mode != tariff.charging_mode:
            used = session.execute(
                select(func.count())
                .select_from(Service)
                .where(or_(Service.tariff_id == tariff_id, Service.scheduled_tariff_id == tariff_id))
            ).scalar_one()
            if used:
                field = "kind" if kind != tariff.kind else "charging_mode"
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Services on this tariff: {count}. Its kind and charging mode cannot change: "
                        "create a new tariff instead.",
                    ),
                    field=field,
                    count=used,
                )
        changes = {
            "name": name,
            "kind": kind,
            "charging_mode": charging_mode,
            "speed_kbps": speed_kbps,
            "device_limit": device_limit,
        }
        changed = [key for key, value in changes.items() if getattr(tariff, key) != value]
        if changed:
            for key in changed:
                setattr(tariff, key, changes[key])
            _flush_unique_name(session, name)
            record_event(session, actor=actor, kind=EventKind.TARIFF_CHANGED, name=name, changed=changed)
        return _row_of(session, tariff.id)


def set_price(
    db: Database, actor: Actor, tariff_id: int, monthly_fee: int, effective_from: dt.date, *, version: int
) -> TariffRow:
    """A new monthly fee from `effective_from` on (today or later).

    A price already scheduled for that same future date is replaced: that is how an administrator
    corrects a scheduled price before it takes effect. A price that is already in effect (its date is
    today or earlier) is never replaced: today's charges may have used it; set the new one from tomorrow.
    """
    require(actor, Permission.MANAGE_SETTINGS)
    _check_fee(monthly_fee)
    with db.transaction() as session:
        tariff = _load(session, tariff_id, version)
        today = business_today(read_settings(session))
        _not_in_past(
            effective_from,
            today,
            "effective_from",
            QT_TRANSLATE_NOOP(
                "Errors",
                "A price cannot take effect in the past ({date}): charges already made are never "
                "rewritten. Choose today ({today}) or a later date.",
            ),
        )
        if effective_from < tariff.valid_from:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The tariff starts on {start}: a price cannot take effect before that."
                ),
                field="effective_from",
                start=_shown(tariff.valid_from),
            )
        existing = session.scalars(
            select(TariffPrice).where(
                TariffPrice.tariff_id == tariff_id, TariffPrice.effective_from == effective_from
            )
        ).one_or_none()
        if existing is not None and effective_from <= today:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "A price already took effect on {date} and today's charges may use it. "
                    "Set the new price from tomorrow or later.",
                ),
                field="effective_from",
                date=_shown(effective_from),
            )
        if _valid_price(_prices(session, [tariff_id]).get(tariff_id, []), effective_from) == monthly_fee:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The price from {date} is already {fee}: nothing to change."),
                field="monthly_fee",
                date=_shown(effective_from),
                fee=format_money(monthly_fee),
            )
        # The tariff's version moves with its prices: two administrators cannot both set one unseen.
        flag_modified(tariff, "name")
        session.flush()
        if existing is not None:
            existing.monthly_fee = monthly_fee
        else:
            price = TariffPrice(tariff_id=tariff_id, effective_from=effective_from, monthly_fee=monthly_fee)
            session.add(price)
        _price_event(session, actor, tariff.name, monthly_fee, effective_from)
        return _row_of(session, tariff_id)


def retire_tariff(
    db: Database, actor: Actor, tariff_id: int, retired_on: dt.date, *, version: int
) -> TariffRow:
    """From `retired_on` (today or later) the tariff can no longer be chosen for new services.

    Services already on it keep it and go on being charged at its prices. Tariffs are never deleted:
    contracts, charges and history refer to them. A scheduled retirement may be moved to another date.
    """
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction() as session:
        tariff = _load(session, tariff_id, version)
        today = business_today(read_settings(session))
        if tariff.retired_on is not None and tariff.retired_on <= today:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The tariff {name} is already retired since {date}."),
                field="retired_on",
                name=tariff.name,
                date=_shown(tariff.retired_on),
            )
        _not_in_past(
            retired_on,
            today,
            "retired_on",
            QT_TRANSLATE_NOOP(
                "Errors",
                "A tariff cannot be retired in the past ({date}). Choose today ({today}) or a later date.",
            ),
        )
        tariff.retired_on = retired_on
        session.flush()
        record_event(
            session, actor=actor, kind=EventKind.TARIFF_RETIRED, name=tariff.name, date=retired_on.isoformat()
        )
        return _row_of(session, tariff_id)
