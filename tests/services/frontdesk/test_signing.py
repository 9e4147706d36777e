"""Signing contracts and changing services: validation, duplicates, numbers, optimistic locking."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Role, ServiceKind
from app.services.admin.place_editing import create_building
from app.services.billing.run import run_day
from app.services.frontdesk.service_changes import (
    add_service,
    change_tariff,
    close_service,
    suspend_service,
    terminate_contract,
)
from app.services.frontdesk.signing import NewService, NewSubscriber, PossibleDuplicates, sign_contract
from app.services.kernel.settings import business_today
from tests.factories import make_staff, make_tariff

TODAY = business_today({})  # in the company's (default) time zone, by the program's clock


@pytest.fixture
def desk(db: Database):
    admin = make_staff(db, "boss", Role.ADMIN)
    operator = make_staff(db, "olga", Role.FRONT_DESK)
    building = create_building(db, admin, city="Тверь", street="ул. Ленина", house="12").id
    internet = make_tariff(db, "Интернет 300", "internet", 550_00)
    internet2 = make_tariff(db, "Интернет 500", "internet", 700_00)
    tv = make_tariff(db, "КТВ Базовый", "catv", 390_00)
    return db, operator, building, {"internet": internet, "internet2": internet2, "catv": tv}


def person(**changes: object) -> NewSubscriber:
    values: dict[str, object] = {"full_name": "Иванов Пётр Сергеевич", "phone": "+7 (916) 123-45-67"}
    values.update(changes)
    return NewSubscriber(**values)  # type: ignore[arg-type]


def sign(db, operator, building, tariffs, subscriber=None, apartment="5", **kwargs):
    return sign_contract(
        db,
        operator,
        subscriber=subscriber or person(),
        building_id=building,
        apartment=apartment,
        services=[
            # a login of its own each time: RADIUS knows a login once (tested in test_network_access)
            NewService(ServiceKind.INTERNET, tariffs["internet"], f"ivanov-{uuid.uuid4().hex[:8]}"),
            NewService(ServiceKind.CATV, tariffs["catv"]),
        ],
        signed_on=TODAY,
        **kwargs,
    )


def count(db: Database, table: str) -> int:
    with db.reading() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_one_flow_makes_subscriber_premises_contract_and_services(desk) -> None:
    db, operator, building, tariffs = desk
    signed = sign(db, operator, building, tariffs, subscriber=person(full_name="  Ивaнов   Пётр Сергеевич "))
    assert signed.number == "100001"
    with db.reading() as conn:
        name, phone, search = conn.execute(text("SELECT full_name, phone, search_name FROM subscriber")).one()
        kinds = [k for (k,) in conn.execute(text("SELECT kind FROM service ORDER BY id"))]
        events = [k for (k,) in conn.execute(text("SELECT kind FROM event WHERE contract_id IS NOT NULL"))]
    assert (name, phone, search) == ("Иванов Пётр Сергеевич", "79161234567", "иванов петр сергеевич")
    assert kinds == ["internet", "catv"] and events == ["contract_signed"]
    second = sign(db, operator, building, tariffs, subscriber=person(phone="89160000000"), apartment="6")
    assert second.number == "100002"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "Иванов 3-й"}, "full_name"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+7 (916) 123-45-6x"}, "phone"),
        ({"email": "ivanov@"}, "email"),
        ({"passport_series": "12", "passport_number": "123456"}, "passport_series"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(desk, changes: dict[str, object], field: str) -> None:
    db, operator, building, tariffs = desk
    with pytest.raises(ValidationError) as caught:
        sign(db, operator, building, tariffs, subscriber=person(**changes))
    assert caught.value.field == field
    assert count(db, "contract") == 0 and count(db, "subscriber") == 0


@pytest.mark.parametrize("login", ["", "   "])
def test_internet_without_a_login_is_refused(desk, login: str) -> None:
    db, operator, building, tariffs = desk
    with pytest.raises(ValidationError) as caught:
        sign_contract(
            db,
            operator,
            subscriber=person(),
            building_id=building,
            apartment="5",
            services=[NewService(ServiceKind.INTERNET, tariffs["internet"], login)],
            signed_on=TODAY,
        )
    assert caught.value.field == "identifier" and "Internet login" in caught.value.english()
    assert count(db, "contract") == 0 and count(db, "subscriber") == 0


def test_duplicates_are_reported_and_can_be_accepted(desk) -> None:
    db, operator, building, tariffs = desk
    sign(db, operator, building, tariffs)
    with pytest.raises(PossibleDuplicates) as caught:
        sign(db, operator, building, tariffs)  # same phone, same apartment
    assert {d.what for d in caught.value.duplicates} == {"phone", "premises"}
    assert count(db, "contract") == 1
    sign(db, operator, building, tariffs, accept_duplicates=True)
    assert count(db, "contract") == 2


def test_retired_tariffs_and_permissions(desk) -> None:
    db, operator, building, tariffs = desk
    with db.transaction() as session:
        session.execute(
            text("UPDATE tariff SET retired_on = :d WHERE id = :t"), {"d": TODAY, "t": tariffs["catv"]}
        )
    with pytest.raises(ValidationError, match="retired"):
        sign(db, operator, building, tariffs)
    with pytest.raises(PermissionDenied):
        sign(db, make_staff(db, "kassa", Role.CASHIER), building, tariffs)


def test_service_changes_each_bump_the_contract_version(desk) -> None:
    db, operator, building, tariffs = desk
    signed = sign(db, operator, building, tariffs)
    with db.reading() as conn:
        version = conn.execute(text("SELECT version FROM contract")).scalar_one()
        internet, tv = [i for (i,) in conn.execute(text("SELECT id FROM service ORDER BY id"))]
    result = change_tariff(
        db, operator, signed.contract_id, internet, tariff_id=tariffs["internet2"], on=TODAY, version=version
    )
    later = change_tariff(
        db,
        operator,
        signed.contract_id,
        internet,
        tariff_id=tariffs["internet"],
        on=TODAY + dt.timedelta(days=5),
        version=result.contract_version,
    )
    with pytest.raises(ConcurrentEdit):
        close_service(db, operator, signed.contract_id, tv, on=TODAY, version=version)  # a stale form
    suspend_service(
        db,
        operator,
        signed.contract_id,
        tv,
        until=TODAY + dt.timedelta(days=3),
        version=later.contract_version,
    )
    with db.reading() as conn:
        row = conn.execute(
            text("SELECT tariff_id, scheduled_tariff_id FROM service WHERE id = :s"), {"s": internet}
        ).one()
        state = conn.execute(text("SELECT state FROM service WHERE id = :s"), {"s": tv}).scalar()
    assert tuple(row) == (tariffs["internet2"], tariffs["internet"]) and state == "suspended"
    with clock.frozen_at(clock.now() + dt.timedelta(days=3)):  # three days later
        run_day(db, TODAY + dt.timedelta(days=3))  # the suspension ends and the scheduled tariff waits
    with db.reading() as conn:
        assert conn.execute(text("SELECT state FROM service WHERE id = :s"), {"s": tv}).scalar() == "active"
    with db.reading() as conn:
        current = conn.execute(text("SELECT version FROM contract")).scalar_one()
    added = add_service(
        db,
        operator,
        signed.contract_id,
        kind=ServiceKind.INTERNET,
        tariff_id=tariffs["internet"],
        identifier="second",
        start_on=TODAY,
        version=current,
    )
    assert added.service_id is not None and added.contract_version == current + 1
    current = added.contract_version
    terminate_contract(db, operator, signed.contract_id, on=TODAY, version=current)
    with db.reading() as conn:
        assert conn.execute(text("SELECT status FROM contract")).scalar() == "terminated"
        assert {s for (s,) in conn.execute(text("SELECT state FROM service"))} == {"closed"}


def test_two_operators_editing_one_contract_on_postgresql(pg_db: Database) -> None:
    admin = make_staff(pg_db, "boss", Role.ADMIN)
    first = make_staff(pg_db, "olga", Role.FRONT_DESK)
    second = make_staff(pg_db, "irina", Role.FRONT_DESK)
    building = create_building(pg_db, admin, city="Тверь", street="ул. Ленина", house="12").id
    tariffs = {
        "internet": make_tariff(pg_db, "Интернет 300", "internet", 550_00),
        "internet2": make_tariff(pg_db, "Интернет 500", "internet", 700_00),
        "catv": make_tariff(pg_db, "КТВ", "catv", 390_00),
    }
    signed = sign(pg_db, first, building, tariffs)
    with pg_db.reading() as conn:
        version = conn.execute(text("SELECT version FROM contract")).scalar_one()
        internet = conn.execute(text("SELECT id FROM service WHERE kind = 'internet'")).scalar_one()
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def edit(actor, tariff) -> None:
        workstation = pg_db.fresh_connections()
        barrier.wait()
        try:
            change_tariff(
                workstation, actor, signed.contract_id, internet, tariff_id=tariff, on=TODAY, version=version
            )
            outcomes.append("saved")
        except (ConcurrentEdit, ValidationError):
            outcomes.append("refused")
        finally:
            workstation.dispose()

    threads = [
        threading.Thread(target=edit, args=(first, tariffs["internet2"])),
        threading.Thread(target=edit, args=(second, tariffs["internet2"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    with pg_db.reading() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM event WHERE kind = 'service_tariff_changed'")).scalar()
            == 1
        )


def test_the_printed_contract_shows_parties_and_services(desk, tmp_path) -> None:
    from app.printing.contract import render_contract
    from app.services.frontdesk.signing import contract_document
    from tests.printing.pdf import pdf_text

    db, operator, building, tariffs = desk
    signed = sign(
        db, operator, building, tariffs, subscriber=person(passport_series="2804", passport_number="123456")
    )
    data = contract_document(db, operator, signed.contract_id)
    assert [(s.kind, s.monthly_fee) for s in data.services] == [("internet", 550_00), ("catv", 390_00)]
    assert data.passport.startswith("серия 2804 № 123456")
    words = pdf_text(render_contract(data), tmp_path)
    assert "100001" in words and "Иванов Пётр Сергеевич" in words and "Интернет 300" in words
    cashier_view = contract_document(db, make_staff(db, "kassa", Role.CASHIER), signed.contract_id)
    assert cashier_view.passport == ""  # personal data only for roles that may see it


def test_the_printed_contract_follows_the_settings_and_a_tariff_newer_than_the_service(
    desk, tmp_path
) -> None:
    """The debt clauses print the grace period and reconnection fee the program applies; a service moved
    to a tariff whose first price is later than the service's start prints that price and that day
    (it raised NoPriceOnDate and the contract could not be printed at all)."""
    import datetime as dt

    from sqlalchemy import update

    from app.models import Service
    from app.printing.contract import render_contract
    from app.services.frontdesk.signing import contract_document
    from app.services.kernel.settings import Key, write_settings
    from tests.printing.pdf import pdf_text

    db, operator, building, tariffs = desk
    signed = sign(db, operator, building, tariffs)
    launched = TODAY + dt.timedelta(days=20)
    gigabit = make_tariff(db, "Интернет 1000", "internet", 990_00, valid_from=launched)
    with db.transaction() as session:
        write_settings(session, {Key.GRACE_DAYS: "14", Key.RECONNECTION_FEE: "50000"})
        session.execute(
            update(Service)
            .where(Service.contract_id == signed.contract_id, Service.kind == ServiceKind.INTERNET)
            .values(tariff_id=gigabit)
        )
    data = contract_document(db, operator, signed.contract_id)
    assert (data.grace_days, data.reconnection_fee) == (14, 500_00)
    internet = next(s for s in data.services if s.kind == "internet")
    assert (internet.tariff_name, internet.monthly_fee, internet.started_on) == (
        "Интернет 1000",
        990_00,
        launched,
    )
    words = " ".join(pdf_text(render_contract(data), tmp_path).split())
    assert "в течение 14 календарных дней" in words and "10 календарных дней со дня" not in words
    assert "платы за повторное подключение в размере 500,00 ₽" in words
    assert "990,00 ₽" in words and launched.strftime("%d.%m.%Y") in words
