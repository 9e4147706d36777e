"""A service's network access set from the card: the Internet login and password RADIUS checks, the TV
platform's login (a phone, as typed) and the contract's own device limit; bad input is refused in words
and changes nothing, a good change queues the new state for the network — on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import ValidationError
from app.models import Role
from app.services.frontdesk.card import services
from app.services.frontdesk.service_changes import set_network_access
from app.services.kernel.permissions import Actor
from tests.factories import add_service, make_contract, make_staff, make_tariff
from tests.services.billing.test_debt_policy import day


def version(db: Database) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT version FROM contract WHERE number = '100001'")).scalar_one())


def state(db: Database, service: int) -> tuple[object, ...]:
    with db.reading() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT s.identifier, s.password, s.device_limit, p.version FROM service s "
                    "JOIN provisioning p ON p.service_id = s.id WHERE s.id = :s"
                ),
                {"s": service},
            ).one()
        )


@pytest.fixture
def desk(db: Database) -> tuple[Actor, int, int, int]:
    contract = make_contract(db, "100001")
    internet = add_service(db, contract, "internet", make_tariff(db, "Интернет", "internet", 500_00), day(0))
    iptv = add_service(db, contract, "iptv", make_tariff(db, "ТВ", "iptv", 300_00), day(0))
    return make_staff(db, "front", Role.FRONT_DESK), contract, internet, iptv


def test_internet_login_and_password(db: Database, desk: tuple[Actor, int, int, int]) -> None:
    actor, contract, internet, _iptv = desk
    before = state(db, internet)
    for login, password, field in (
        ("", "secret-1", "login"),
        ("иванов", "secret-1", "login"),  # Cyrillic: a NAS would not take it
        ("ivanov petrov", "secret-1", "login"),
        ("ivanov", "12345", "password"),
        ("ivanov", "пароль123", "password"),
    ):
        with pytest.raises(ValidationError) as caught:
            set_network_access(
                db, actor, contract, internet, login=login, password=password, device_limit=None,
                version=version(db),
            )  # fmt: skip
        assert caught.value.field == field, (login, password)
    assert state(db, internet) == before
    set_network_access(
        db, actor, contract, internet, login=" ivanov ", password="Kp9-tr4x", device_limit=None,
        version=version(db),
    )  # fmt: skip
    assert state(db, internet) == ("ivanov", "Kp9-tr4x", None, 2)
    other = make_contract(db, "100002", apartment="2")
    second = add_service(db, other, "internet", make_tariff(db, "Интернет 2", "internet", 1), day(0))
    with db.reading() as conn:
        other_version = conn.execute(
            text("SELECT version FROM contract WHERE id = :c"), {"c": other}
        ).scalar_one()
    with pytest.raises(ValidationError, match="100001"):
        set_network_access(
            db, actor, other, second, login="ivanov", password="another1", device_limit=None,
            version=other_version,
        )  # fmt: skip


def test_the_tv_login_is_a_phone_as_typed_and_the_device_limit_the_contracts_own(
    db: Database, desk: tuple[Actor, int, int, int]
) -> None:
    actor, contract, _internet, iptv = desk
    for typed in ("+7 (916) 123-45-67", "8 916 123 45 67"):
        set_network_access(
            db, actor, contract, iptv, login=typed, password="", device_limit=4, version=version(db)
        )
        assert state(db, iptv)[:3] == ("79161234567", "", 4)
    before = state(db, iptv)
    bad = (("916 123", None, "login"), ("", 0, "device_limit"), ("", 51, "device_limit"))
    for login, devices, field in bad:
        with pytest.raises(ValidationError) as caught:
            set_network_access(
                db, actor, contract, iptv, login=login, password="", device_limit=devices, version=version(db)
            )
        assert caught.value.field == field
    assert state(db, iptv) == before
    [_, tv] = services(db, actor, contract)
    shown = (tv.network_login, tv.device_limit, tv.own_device_limit, tv.network)
    assert shown == ("79161234567", 4, True, "")  # no TV platform turned on: nothing is on its way
    from app.services.kernel.settings import Key, write_settings

    with db.transaction() as session:
        write_settings(session, {Key.TV_URL: "https://tv.example"})
    [_, tv] = services(db, actor, contract)
    assert tv.network == "waiting"


def test_an_internet_login_is_taken_once(db: Database, desk: tuple[Actor, int, int, int]) -> None:
    from app.models import ServiceKind
    from app.services.admin.place_editing import create_building
    from app.services.frontdesk.service_changes import add_service as add_on_card
    from app.services.frontdesk.signing import NewService, NewSubscriber, sign_contract
    from app.services.kernel.settings import business_today

    actor, contract, internet, _iptv = desk
    set_network_access(
        db, actor, contract, internet, login="ivanov", password="Kp9-tr4x", device_limit=None,
        version=version(db),
    )  # fmt: skip
    admin = make_staff(db, "boss", Role.ADMIN)
    building = create_building(db, admin, city="Тверь", street="ул. Мира", house="3").id
    tariff = make_tariff(db, "Интернет 500", "internet", 700_00)
    with pytest.raises(ValidationError, match="100001") as caught:
        sign_contract(
            db,
            actor,
            subscriber=NewSubscriber(full_name="Петров Пётр Петрович", phone="+7 916 555-00-11"),
            building_id=building,
            apartment="5",
            services=[NewService(ServiceKind.INTERNET, tariff, "ivanov")],
            signed_on=business_today({}),
        )
    assert caught.value.field == "identifier"
    with pytest.raises(ValidationError, match="100001"):
        add_on_card(
            db, actor, contract, kind=ServiceKind.INTERNET, tariff_id=tariff, identifier=" ivanov ",
            start_on=business_today({}), version=version(db),
        )  # fmt: skip
