"""Changing tariffs: create, edit, schedule a new price, retire (never delete).

A price takes effect from a date that is today or later in the operator's time zone: charges already
made were computed from the prices of their days and are never rewritten. Reading tariffs and their
prices is in `tariffs`.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import ChargingMode, Service, ServiceKind, Tariff, TariffPrice
from app.money import format_money
from app.services.admin.tariffs import TariffRow, prices_by_tariff, shown_date, tariff_rows, valid_price
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import fix_lookalikes, tidy

NAME_MAX_LENGTH = 150


MAX_MONTHLY_FEE = 1_000_000_00  # a million rubles a month: anything above is a typo


MAX_SPEED_KBPS = 100_000_000  # 100 Gbit/s


MAX_DEVICE_LIMIT = 50


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


def _check_network(kind: ServiceKind, upload_kbps: int | None, tv_packets: str) -> tuple[int | None, str]:
    """The upload rate (Internet; None = as the download) and the TV platform's packet ids (IPTV)."""
    if upload_kbps is not None and (kind != ServiceKind.INTERNET or not 0 < upload_kbps <= MAX_SPEED_KBPS):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The upload speed is for Internet tariffs, above zero and at most 100 Gbit/s."
            ),
            field="upload_kbps",
        )
    packets = [p for p in re.split(r"[\s,;]+", tv_packets.strip()) if p]
    if packets and kind != ServiceKind.IPTV:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Only IPTV tariffs have TV platform packets: leave it empty."),
            field="tv_packets",
        )
    if any(not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", p) for p in packets) or len(",".join(packets)) > 200:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Give the platform's packet ids separated by commas, for example 101, 205."
            ),
            field="tv_packets",
        )
    return upload_kbps, ",".join(dict.fromkeys(packets))


def _not_in_past(day: dt.date, today: dt.date, field: str, message: str) -> None:
    if day < today:
        raise ValidationError(message, field=field, date=shown_date(day), today=shown_date(today))


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
    return tariff_rows(session, tariff_id)[0]


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
    upload_kbps: int | None = None,
    tv_packets: str = "",
) -> TariffRow:
    """A new tariff with its first price, valid from `valid_from` (today or later)."""
    require(actor, Permission.MANAGE_SETTINGS)
    kind, charging_mode = ServiceKind(kind), ChargingMode(charging_mode)
    _check_fee(monthly_fee)
    speed_kbps, device_limit = _check_attributes(kind, speed_kbps, device_limit)
    upload_kbps, tv_packets = _check_network(kind, upload_kbps, tv_packets)
    with db.transaction(actor) as session:
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
            upload_kbps=upload_kbps,
            tv_packets=tv_packets,
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
    upload_kbps: int | None = None,
    tv_packets: str = "",
) -> TariffRow:
    """Rename or change the attributes. Kind and charging mode are fixed once services use the tariff:
    the services and their past charges were made for them (make a new tariff instead)."""
    require(actor, Permission.MANAGE_SETTINGS)
    kind, charging_mode = ServiceKind(kind), ChargingMode(charging_mode)
    speed_kbps, device_limit = _check_attributes(kind, speed_kbps, device_limit)
    upload_kbps, tv_packets = _check_network(kind, upload_kbps, tv_packets)
    with db.transaction(actor) as session:
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
            "upload_kbps": upload_kbps,
            "tv_packets": tv_packets,
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
    with db.transaction(actor) as session:
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
                start=shown_date(tariff.valid_from),
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
                date=shown_date(effective_from),
            )
        if (
            valid_price(prices_by_tariff(session, [tariff_id]).get(tariff_id, []), effective_from)
            == monthly_fee
        ):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The price from {date} is already {fee}: nothing to change."),
                field="monthly_fee",
                date=shown_date(effective_from),
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
    with db.transaction(actor) as session:
        tariff = _load(session, tariff_id, version)
        today = business_today(read_settings(session))
        if tariff.retired_on is not None and tariff.retired_on <= today:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The tariff {name} is already retired since {date}."),
                field="retired_on",
                name=tariff.name,
                date=shown_date(tariff.retired_on),
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
