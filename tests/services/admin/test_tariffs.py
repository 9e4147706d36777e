"""Tariffs and their dated prices through the domain layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationError
from app.models import (
    ChargingMode,
    Contract,
    Event,
    Role,
    Service,
    ServiceKind,
    ServiceState,
    Subscriber,
    Tariff,
    TariffPrice,
)
from app.services.admin import tariff_editing, tariffs
from app.services.admin.tariffs import NoPriceOnDate, PriceStatus
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key, business_date, business_today, write_settings
from tests.factories import make_staff

DAY = dt.timedelta(days=1)


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_staff(db, "boss", Role.ADMIN)


@pytest.fixture
def today(db: Database) -> dt.date:
    return business_date(db)


def new_internet(db: Database, admin: Actor, today: dt.date, name: str = "Интернет 300", fee: int = 500_00):
    return tariff_editing.create_tariff(
        db,
        admin,
        name=name,
        kind=ServiceKind.INTERNET,
        charging_mode=ChargingMode.DAILY,
        monthly_fee=fee,
        valid_from=today,
        speed_kbps=300_000,
    )


def put_service_on(db: Database, tariff_id: int, today: dt.date, state: ServiceState = ServiceState.ACTIVE):
    with db.transaction() as session:
        subscriber = Subscriber(full_name="Иванов Иван")
        session.add(subscriber)
        session.flush()
        number = f"C-{tariff_id}-{state.value}"
        contract = Contract(number=number, subscriber_id=subscriber.id, signed_on=today)
        session.add(contract)
        session.flush()
        session.add(
            Service(
                contract_id=contract.id,
                kind=ServiceKind.INTERNET,
                tariff_id=tariff_id,
                state=state,
                started_on=today,
            )
        )


def counts(db: Database) -> tuple[int, int, int]:
    with db.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Tariff)) or 0,
            session.scalar(select(func.count()).select_from(TariffPrice)) or 0,
            session.scalar(select(func.count()).select_from(Event)) or 0,
        )


def events(db: Database, kind: str) -> list[Event]:
    with db.transaction() as session:
        return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_price_valid_on_a_date_before_and_after_a_change(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today)
    change = today + 30 * DAY
    after = tariff_editing.set_price(db, admin, row.id, 550_00, change, version=row.version)

    assert tariffs.price_on(db, row.id, today) == 500_00
    assert tariffs.price_on(db, row.id, change - DAY) == 500_00
    assert tariffs.price_on(db, row.id, change) == 550_00
    assert tariffs.price_on(db, row.id, change + 400 * DAY) == 550_00
    with db.transaction() as session:  # the billing run asks inside its own unit of work
        assert tariffs.price_on(session, row.id, change) == 550_00
    with pytest.raises(NoPriceOnDate) as caught:
        tariffs.price_on(db, row.id, today - DAY)
    assert "has no price on" in str(caught.value)
    with pytest.raises(NotFound):
        tariffs.price_on(db, 9999, today)

    assert (after.price_now, after.next_price, after.next_price_from) == (500_00, 550_00, change)
    history = tariffs.price_history(db, admin, row.id)
    assert [(p.effective_from, p.monthly_fee, p.status) for p in history] == [
        (change, 550_00, PriceStatus.SCHEDULED),
        (today, 500_00, PriceStatus.CURRENT),
    ]


def test_create_records_one_event_with_the_admin(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today, name="  Интернет   300 ")
    assert (row.name, row.kind, row.speed_kbps, row.price_now, row.services) == (
        "Интернет 300",
        ServiceKind.INTERNET,
        300_000,
        500_00,
        0,
    )
    assert not row.retired
    (created,) = events(db, "tariff_created")
    assert created.actor_staff_id == admin.staff_id
    assert created.summary == "Tariff Интернет 300 created"
    assert created.details is not None and created.details["kopecks"] == 500_00


def test_past_price_is_refused_and_nothing_saved(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        tariff_editing.set_price(db, admin, row.id, 600_00, today - DAY, version=row.version)
    assert caught.value.field == "effective_from"
    assert "charges already made are never rewritten" in str(caught.value)
    assert counts(db) == before
    assert tariffs.price_on(db, row.id, today) == 500_00
    assert tariffs.get_tariff(db, admin, row.id).version == row.version


def test_a_scheduled_price_is_replaced_but_one_in_effect_is_not(
    db: Database, admin: Actor, today: dt.date
) -> None:
    row = new_internet(db, admin, today)
    later = today + 10 * DAY
    row = tariff_editing.set_price(db, admin, row.id, 550_00, later, version=row.version)
    row = tariff_editing.set_price(db, admin, row.id, 540_00, later, version=row.version)  # a typo corrected
    assert [p.monthly_fee for p in tariffs.price_history(db, admin, row.id)] == [540_00, 500_00]
    assert tariffs.price_on(db, row.id, later) == 540_00

    with pytest.raises(ValidationError, match="from tomorrow"):
        tariff_editing.set_price(db, admin, row.id, 510_00, today, version=row.version)
    with pytest.raises(ValidationError, match="nothing to change") as caught:
        tariff_editing.set_price(db, admin, row.id, 500_00, today + DAY, version=row.version)
    assert caught.value.field == "monthly_fee"
    assert tariffs.price_on(db, row.id, today) == 500_00
    assert len(events(db, "tariff_price_set")) == 2


def test_price_set_event_carries_the_figures(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today)
    tariff_editing.set_price(db, admin, row.id, 1200_50, today + DAY, version=row.version)
    (event,) = events(db, "tariff_price_set")
    assert event.actor_staff_id == admin.staff_id
    assert event.details == {
        "name": "Интернет 300",
        "fee": "1\u202f200,50\u00a0₽",
        "kopecks": 1200_50,
        "date": (today + DAY).isoformat(),
    }


def test_retire_keeps_the_tariff_and_hides_it_from_new_services(
    db: Database, admin: Actor, today: dt.date
) -> None:
    row = new_internet(db, admin, today)
    other = new_internet(db, admin, today, name="Интернет 500")
    put_service_on(db, row.id, today)
    assert [o.name for o in tariffs.tariffs_for_new_service(db, ServiceKind.INTERNET, today)] == [
        "Интернет 300",
        "Интернет 500",
    ]
    assert tariffs.tariffs_for_new_service(db, ServiceKind.CATV, today) == []

    retire_on = today + 5 * DAY
    retired = tariff_editing.retire_tariff(db, admin, row.id, retire_on, version=row.version)
    assert retired.retired_on == retire_on and not retired.retired  # scheduled, not yet in effect
    assert [o.id for o in tariffs.tariffs_for_new_service(db, ServiceKind.INTERNET, retire_on - DAY)] == [
        row.id,
        other.id,
    ]
    assert [o.id for o in tariffs.tariffs_for_new_service(db, ServiceKind.INTERNET, retire_on)] == [other.id]

    retired = tariff_editing.retire_tariff(
        db, admin, row.id, today, version=retired.version
    )  # moved to today
    assert retired.retired and retired.services == 1
    assert [o.id for o in tariffs.tariffs_for_new_service(db, ServiceKind.INTERNET, today)] == [other.id]
    assert tariffs.price_on(db, row.id, today + 60 * DAY) == 500_00  # its services are still charged
    assert [r.name for r in tariffs.list_tariffs(db, admin)] == ["Интернет 300", "Интернет 500"]
    with pytest.raises(ValidationError, match="already retired"):
        tariff_editing.retire_tariff(db, admin, row.id, today + DAY, version=retired.version)
    assert [e.details for e in events(db, "tariff_retired")][-1] == {
        "name": "Интернет 300",
        "date": today.isoformat(),
    }
    assert not hasattr(tariffs, "delete_tariff")


def test_tariff_not_started_yet_is_not_offered(db: Database, admin: Actor, today: dt.date) -> None:
    start = today + 7 * DAY
    row = tariff_editing.create_tariff(
        db,
        admin,
        name="КТВ Базовый",
        kind=ServiceKind.CATV,
        charging_mode=ChargingMode.MONTHLY,
        monthly_fee=350_00,
        valid_from=start,
    )
    assert (row.price_now, row.next_price, row.next_price_from) == (None, 350_00, start)
    assert tariffs.tariffs_for_new_service(db, ServiceKind.CATV, today) == []
    (option,) = tariffs.tariffs_for_new_service(db, ServiceKind.CATV, start)
    assert (option.name, option.monthly_fee) == ("КТВ Базовый", 350_00)
    with pytest.raises(ValidationError, match="cannot take effect before"):
        tariff_editing.set_price(db, admin, row.id, 300_00, today, version=row.version)


BAD_INPUT = [  # (what the form holds differently from a good Internet tariff, the field at fault)
    ({"name": "   "}, "name"),
    ({"name": "интернет  300"}, "name"),  # the existing name in other case and spacing
    ({"name": "x" * 151}, "name"),
    ({"monthly_fee": -1}, "monthly_fee"),
    ({"monthly_fee": 1_000_000_01}, "monthly_fee"),
    ({"speed_kbps": None}, "speed_kbps"),
    ({"speed_kbps": 0}, "speed_kbps"),
    ({"device_limit": 2}, "device_limit"),  # IPTV only
    ({"kind": ServiceKind.CATV}, "speed_kbps"),  # CaTV has no speed
    ({"kind": ServiceKind.IPTV, "speed_kbps": None}, "device_limit"),  # IPTV needs a device limit
    ({"valid_from": -DAY}, "valid_from"),  # relative to today
]


def test_bad_tariff_input_is_refused_and_nothing_saved(db: Database, admin: Actor, today: dt.date) -> None:
    new_internet(db, admin, today)
    before = counts(db)
    good = {
        "name": "Интернет 500",
        "kind": ServiceKind.INTERNET,
        "charging_mode": ChargingMode.DAILY,
        "monthly_fee": 700_00,
        "valid_from": today,
        "speed_kbps": 500_000,
        "device_limit": None,
    }
    for changes, field in BAD_INPUT:  # one database set-up for all cases keeps the suite fast
        values = good | changes
        if isinstance(values["valid_from"], dt.timedelta):
            values["valid_from"] = today + values["valid_from"]
        with pytest.raises(ValidationError) as caught:
            tariff_editing.create_tariff(db, admin, **values)
        assert caught.value.field == field, changes
    assert counts(db) == before


def test_free_tariff_and_iptv_devices_are_accepted(db: Database, admin: Actor, today: dt.date) -> None:
    row = tariff_editing.create_tariff(
        db,
        admin,
        name="IPTV Сотрудники",
        kind=ServiceKind.IPTV,
        charging_mode=ChargingMode.MONTHLY,
        monthly_fee=0,
        valid_from=today,
        device_limit=3,
    )
    assert (row.price_now, row.device_limit, row.speed_kbps) == (0, 3, None)


def test_update_renames_and_changes_attributes(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today)
    new_internet(db, admin, today, name="Интернет 500")
    with pytest.raises(ValidationError) as caught:
        tariff_editing.update_tariff(
            db,
            admin,
            row.id,
            version=row.version,
            name="ИНТЕРНЕТ 500",
            kind=row.kind,
            charging_mode=row.charging_mode,
            speed_kbps=row.speed_kbps,
        )
    assert caught.value.field == "name"
    changed = tariff_editing.update_tariff(
        db,
        admin,
        row.id,
        version=row.version,
        name="Интернет 350",
        kind=row.kind,
        charging_mode=ChargingMode.MONTHLY,
        speed_kbps=350_000,
    )
    assert (changed.name, changed.charging_mode, changed.speed_kbps) == (
        "Интернет 350",
        ChargingMode.MONTHLY,
        350_000,
    )
    assert changed.version > row.version
    (event,) = events(db, "tariff_changed")
    assert event.summary == "Tariff Интернет 350 changed" and event.actor_staff_id == admin.staff_id
    # Saving the same values again changes nothing and records nothing.
    same = tariff_editing.update_tariff(
        db,
        admin,
        row.id,
        version=changed.version,
        name="Интернет 350",
        kind=row.kind,
        charging_mode=ChargingMode.MONTHLY,
        speed_kbps=350_000,
    )
    assert same.version == changed.version and len(events(db, "tariff_changed")) == 1


def test_kind_of_a_tariff_in_use_is_fixed(db: Database, admin: Actor, today: dt.date) -> None:
    row = new_internet(db, admin, today)
    put_service_on(db, row.id, today, ServiceState.CLOSED)  # even a closed service was charged on it
    with pytest.raises(ValidationError, match="create a new tariff instead") as caught:
        tariff_editing.update_tariff(
            db,
            admin,
            row.id,
            version=row.version,
            name=row.name,
            kind=ServiceKind.CATV,
            charging_mode=row.charging_mode,
        )
    assert caught.value.field == "kind"
    assert tariffs.get_tariff(db, admin, row.id).services == 0  # closed services are not "in use"


def test_a_stale_version_is_refused(db: Database, admin: Actor, today: dt.date) -> None:
    seen = new_internet(db, admin, today)
    tariff_editing.set_price(db, admin, seen.id, 550_00, today + DAY, version=seen.version)
    with pytest.raises(ConcurrentEdit):
        tariff_editing.set_price(db, admin, seen.id, 600_00, today + 2 * DAY, version=seen.version)
    with pytest.raises(ConcurrentEdit):
        tariff_editing.update_tariff(
            db,
            admin,
            seen.id,
            version=seen.version,
            name="Другое имя",
            kind=seen.kind,
            charging_mode=seen.charging_mode,
            speed_kbps=seen.speed_kbps,
        )
    with pytest.raises(ConcurrentEdit):
        tariff_editing.retire_tariff(db, admin, seen.id, today, version=seen.version)
    now = tariffs.get_tariff(db, admin, seen.id)
    assert (now.name, now.next_price, now.retired_on) == ("Интернет 300", 550_00, None)
    assert len(events(db, "tariff_price_set")) == 1


@pytest.mark.parametrize("role", [Role.CASHIER, Role.FRONT_DESK])
def test_only_admins_manage_tariffs(db: Database, admin: Actor, today: dt.date, role: Role) -> None:
    row = new_internet(db, admin, today)
    someone = make_staff(db, "someone", role)
    before = counts(db)
    with pytest.raises(PermissionDenied):
        new_internet(db, someone, today, name="Чужой")
    with pytest.raises(PermissionDenied):
        tariff_editing.set_price(db, someone, row.id, 1_00, today + DAY, version=row.version)
    with pytest.raises(PermissionDenied):
        tariff_editing.retire_tariff(db, someone, row.id, today, version=row.version)
    with pytest.raises(PermissionDenied):
        tariff_editing.update_tariff(
            db,
            someone,
            row.id,
            version=row.version,
            name="x",
            kind=row.kind,
            charging_mode=row.charging_mode,
            speed_kbps=1,
        )
    with pytest.raises(PermissionDenied):
        tariffs.list_tariffs(db, someone)
    assert counts(db) == before


def test_today_follows_the_operators_time_zone(db: Database) -> None:
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11: never the same day
        with db.transaction() as session:
            write_settings(session, {Key.TIMEZONE: zone})
        assert business_date(db) == business_today({Key.TIMEZONE: zone})


def test_the_networks_attributes_upload_and_tv_packets(db: Database, admin: Actor, today: dt.date) -> None:
    row = tariff_editing.create_tariff(
        db,
        admin,
        name="ТВ 24 Оптимальный",
        kind=ServiceKind.IPTV,
        charging_mode=ChargingMode.DAILY,
        monthly_fee=300_00,
        valid_from=today,
        device_limit=3,
        tv_packets=" 101; 205,101 ",
    )
    assert row.tv_packets == "101,205" and row.upload_kbps is None
    internet = new_internet(db, admin, today)
    changed = tariff_editing.update_tariff(
        db,
        admin,
        internet.id,
        version=internet.version,
        name=internet.name,
        kind=internet.kind,
        charging_mode=internet.charging_mode,
        speed_kbps=300_000,
        upload_kbps=100_000,
    )
    assert changed.upload_kbps == 100_000
    before = counts(db)
    for bad in (
        {"kind": ServiceKind.IPTV, "device_limit": 2, "tv_packets": "101, пакет"},
        {"kind": ServiceKind.CATV, "tv_packets": "101"},
        {"kind": ServiceKind.INTERNET, "speed_kbps": 1000, "upload_kbps": 0},
        {"kind": ServiceKind.IPTV, "device_limit": 2, "upload_kbps": 1000},
    ):
        field = "upload_kbps" if "upload_kbps" in bad else "tv_packets"
        with pytest.raises(ValidationError) as caught:
            tariff_editing.create_tariff(
                db, admin, name="Новый", charging_mode=ChargingMode.DAILY, monthly_fee=1, valid_from=today,
                **bad,
            )  # fmt: skip
        assert caught.value.field == field, bad
    assert counts(db) == before
