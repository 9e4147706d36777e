"""Districts, buildings and premises through the domain layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Building, District, Event, Premises, Role
from app.services.admin import place_editing, places
from app.services.kernel.permissions import Actor
from tests.factories import make_staff


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_staff(db, "boss", Role.ADMIN)


def events(db: Database, kind: str) -> list[Event]:
    with db.transaction() as session:
        return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def count(db: Database, model: type) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def apartments(db: Database, building_id: int) -> list[str]:
    return [p.apartment for p in places.list_premises(db, building_id)]


def building(db: Database, admin: Actor, street: str, house: str, **extra: object) -> places.BuildingRow:
    fields: dict = {"city": "Заречный", "block": "", "district_id": None, "tap_label": "", **extra}
    return place_editing.create_building(db, admin, street=street, house=house, **fields)


def found(db: Database, query: str) -> list[str]:
    return [b.address for b in places.search_buildings(db, query)]


# Districts


def test_districts_are_created_renamed_deactivated_never_deleted(db: Database, admin: Actor) -> None:
    north = place_editing.create_district(db, admin, "  Северный  ")
    place_editing.create_district(db, admin, "Центральный")
    assert north.name == "Северный" and north.active
    renamed = place_editing.rename_district(db, admin, north.id, "Северо-Западный", version=north.version)
    off = place_editing.set_district_active(db, admin, north.id, False, version=renamed.version)
    assert not off.active
    assert [d.name for d in places.list_districts(db, include_inactive=False)] == ["Центральный"]
    assert [d.name for d in places.list_districts(db)] == ["Северо-Западный", "Центральный"]
    assert place_editing.set_district_active(db, admin, north.id, True).active
    summaries = [e.summary for e in events(db, "district_changed")]
    assert summaries == ["District Северо-Западный changed"] * 3
    assert all(e.actor_staff_id == admin.staff_id for e in events(db, "district_created"))


@pytest.mark.parametrize("name", ["Северный", "СЕВЕРНЫЙ", "северный ", "Cеверный"])  # last: Latin C
def test_duplicate_district_names_are_refused(db: Database, admin: Actor, name: str) -> None:
    place_editing.create_district(db, admin, "Северный")
    with pytest.raises(ValidationError) as caught:
        place_editing.create_district(db, admin, name)
    assert caught.value.field == "name"
    assert "already a district named Северный" in str(caught.value)
    assert count(db, District) == 1


def test_renaming_to_another_districts_name_is_refused(db: Database, admin: Actor) -> None:
    place_editing.create_district(db, admin, "Северный")
    south = place_editing.create_district(db, admin, "Южный")
    with pytest.raises(ValidationError):
        place_editing.rename_district(db, admin, south.id, "северный")
    assert place_editing.rename_district(db, admin, south.id, "Южный").name == "Южный"  # own name: no change
    assert len(events(db, "district_changed")) == 0


def test_stale_district_rename_is_refused(db: Database, admin: Actor) -> None:
    seen = place_editing.create_district(db, admin, "Северный")
    place_editing.rename_district(db, admin, seen.id, "Северный-1", version=seen.version)
    with pytest.raises(ConcurrentEdit):
        place_editing.rename_district(db, admin, seen.id, "Северный-2", version=seen.version)
    assert [d.name for d in places.list_districts(db)] == ["Северный-1"]


def test_renaming_a_district_updates_its_buildings_search(db: Database, admin: Actor) -> None:
    north = place_editing.create_district(db, admin, "Северный")
    house = building(db, admin, "ул. Ленина", "12", district_id=north.id)
    assert found(db, "северный") == ["ул. Ленина, д. 12"]
    place_editing.rename_district(db, admin, north.id, "Заводской")
    assert found(db, "северный") == []
    assert found(db, "заводской ленина") == ["ул. Ленина, д. 12"]
    assert places.get_building(db, house.id).version == house.version  # derived text: no edit conflict


# Buildings


def test_building_fields_are_tidied_and_stored(db: Database, admin: Actor) -> None:
    north = place_editing.create_district(db, admin, "Северный")
    row = place_editing.create_building(
        db,
        admin,
        city=" Заречный ",
        street="  ул.   Лeнина ",
        house="12 A",
        block="к1",
        district_id=north.id,
        tap_label="ТП-1/3",
    )
    assert (row.city, row.street, row.house, row.block) == ("Заречный", "ул. Ленина", "12а", "к1")
    assert (row.district_name, row.tap_label, row.premises_count) == ("Северный", "ТП-1/3", 0)
    assert row.full_address == "Заречный, ул. Ленина, д. 12а, к1"
    with db.transaction() as session:
        stored = session.get_one(Building, row.id)
        assert stored.search_text == "ул ленина 12а к1 заречный северный тп 1 3"
    assert [e.summary for e in events(db, "building_created")] == [
        "Building Заречный, ул. Ленина, д. 12а, к1 added"
    ]
    assert events(db, "building_created")[0].actor_staff_id == admin.staff_id


@pytest.mark.parametrize("house", ["12", "12а", "12/1", "7Б", "104/2а"])
def test_house_numbers_people_write_are_accepted(db: Database, admin: Actor, house: str) -> None:
    assert building(db, admin, "ул. Мира", house).house == house.lower()


@pytest.mark.parametrize(
    ("street", "house", "field"),
    [
        ("", "12", "street"),
        ("   ", "12", "street"),
        ("ул. Мира", "", "house"),
        ("ул. Мира", "дом", "house"),
        ("ул. Мира", "12-14", "house"),
        ("ул. Мира", "12 корп 2", "house"),
        ("ул. Мира" * 30, "1", "street"),
    ],
)
def test_bad_building_input_is_refused(
    db: Database, admin: Actor, street: str, house: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        building(db, admin, street, house)
    assert caught.value.field == field
    assert count(db, Building) == 0 and events(db, "building_created") == []


@pytest.mark.parametrize(
    ("street", "house"), [("ул. Ленина", "12"), ("УЛ. ЛЁНИНА", "12"), ("ул.Ленина", "12")]
)
def test_duplicate_buildings_are_refused(db: Database, admin: Actor, street: str, house: str) -> None:
    place_editing.create_building(db, admin, city="Заречный", street="ул. Лёнина", house="12")
    building(db, admin, "ул. Ленина", "12", block="к2")  # another block is another building
    building(db, admin, "ул. Ленина", "12", city="Сосновка")  # and another town
    with pytest.raises(ValidationError, match="already in the list") as caught:
        building(db, admin, street, house)
    assert caught.value.field == "house"
    assert count(db, Building) == 3


def test_edit_refuses_to_become_a_duplicate_and_stale_versions(db: Database, admin: Actor) -> None:
    first = building(db, admin, "ул. Мира", "1")
    second = building(db, admin, "ул. Мира", "2")
    same = {"city": "Заречный", "street": "ул. Мира", "block": "", "district_id": None, "tap_label": ""}
    with pytest.raises(ValidationError):
        place_editing.update_building(db, admin, second.id, house="1", version=second.version, **same)
    moved = place_editing.update_building(db, admin, second.id, house="2а", version=second.version, **same)
    assert moved.house == "2а" and moved.version == second.version + 1
    with pytest.raises(ConcurrentEdit):
        place_editing.update_building(db, admin, second.id, house="3", version=second.version, **same)
    assert places.get_building(db, second.id).house == "2а"
    place_editing.update_building(db, admin, first.id, house="1", version=first.version, **same)  # unchanged
    assert [e.summary for e in events(db, "building_changed")] == [
        "Building Заречный, ул. Мира, д. 2а changed"
    ]


def test_the_house_key_the_search_compares_follows_every_edit(db: Database, admin: Actor) -> None:
    def house_key_of(building_id: int) -> str:
        with db.reading() as conn:
            return conn.execute(select(Building.house_key).where(Building.id == building_id)).scalar_one()

    row = building(db, admin, "ул. Мира", "2 А", block="корп. 1")
    assert house_key_of(row.id) == "2ак1"
    same = {"city": "Заречный", "street": "ул. Мира", "district_id": None, "tap_label": ""}
    moved = place_editing.update_building(
        db, admin, row.id, house="2/1", block="", version=row.version, **same
    )
    assert house_key_of(moved.id) == "2/1"


def test_deactivated_district_takes_no_new_buildings(db: Database, admin: Actor) -> None:
    old = place_editing.create_district(db, admin, "Старый")
    kept = building(db, admin, "ул. Мира", "1", district_id=old.id)
    place_editing.set_district_active(db, admin, old.id, False)
    with pytest.raises(ValidationError) as caught:
        building(db, admin, "ул. Мира", "2", district_id=old.id)
    assert caught.value.field == "district_id"
    fields = {"city": "Заречный", "street": "ул. Мира", "block": "", "tap_label": "ТП-9"}
    edited = place_editing.update_building(db, admin, kept.id, house="1", district_id=old.id, **fields)
    assert edited.district_name == "Старый" and edited.tap_label == "ТП-9"


@pytest.fixture
def town(db: Database, admin: Actor) -> None:
    centre = place_editing.create_district(db, admin, "Центральный")
    for street, house in [
        ("ул. Ленина", "12"),
        ("ул. Ленина", "2"),
        ("ул. Ленина", "12а"),
        ("ул. Ленина", "10"),
        ("ул. Ленинградская", "5"),
        ("ул. Мира", "12"),
        ("ул. Молодёжная", "3"),
    ]:
        building(db, admin, street, house, district_id=centre.id, tap_label=f"ТП-{house}")


@pytest.mark.parametrize(
    "query", ["ленина 12", "ЛЕНИНА 12", "12 ленина", "Лёнина 12", "ЛEНИНА 12", "ул. Ленина, д. 12"]
)
def test_search_finds_cyrillic_in_any_case_and_order(db: Database, town: None, query: str) -> None:
    # «ЛEНИНА» holds a Latin E; «12» is also part of «12а», so both are found.
    assert found(db, query) == ["ул. Ленина, д. 12", "ул. Ленина, д. 12а"]


def test_search_orders_by_street_then_house_number(db: Database, town: None) -> None:
    assert found(db, "ЛЕНИН") == [
        "ул. Ленина, д. 2",
        "ул. Ленина, д. 10",
        "ул. Ленина, д. 12",
        "ул. Ленина, д. 12а",
        "ул. Ленинградская, д. 5",
    ]
    assert found(db, "молодежная") == ["ул. Молодёжная, д. 3"]
    assert found(db, "мол ул 3") == ["ул. Молодёжная, д. 3"]
    assert found(db, "ленина 99") == []
    assert found(db, "тп-5") == ["ул. Ленинградская, д. 5"]


def test_search_pages_by_limit(db: Database, town: None) -> None:
    everything = places.search_buildings(db, "")
    assert len(everything) == 7
    first = places.search_buildings(db, "", limit=3)
    rest = places.search_buildings(db, "", limit=10, offset=3)
    assert [b.id for b in first + rest] == [b.id for b in everything]
    assert places.search_buildings(db, "_") == []  # a LIKE wildcard, taken literally


# Premises


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1-5", ["1", "2", "3", "4", "5"]),
        ("1-3, 5, 7а, 9-10", ["1", "2", "3", "5", "7а", "9", "10"]),
        (" 1 – 3 ; 02,3, 7A ", ["1", "2", "3", "7а"]),  # spaces, en dash, semicolon, leading zero, Latin A
        ("64б 65", ["64б", "65"]),
    ],
)
def test_premises_spec_is_read(spec: str, expected: list[str]) -> None:
    assert place_editing.parse_premises_spec(spec) == expected


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("", "Enter the apartments"),
        ("   , ", "Enter the apartments"),
        ("120-1", "runs backwards: write the smaller number first (1-120)"),
        ("1-2500", "2500 apartments at once"),
        ("1-1500, 2000-2600", "2101 apartments at once"),
        ("0-5", "from 1 to 9999"),
        ("кв. 5", "Cannot read “кв.”"),
        ("1-5а", "Cannot read “1-5а”"),
        ("1..5", "Cannot read “1..5”"),
    ],
)
def test_bad_premises_specs_are_refused_and_nothing_saved(
    db: Database, admin: Actor, spec: str, says: str
) -> None:
    house = building(db, admin, "ул. Мира", "1")
    with pytest.raises(ValidationError) as caught:
        place_editing.add_premises(db, admin, house.id, spec)
    assert says in str(caught.value) and caught.value.field == "spec"
    assert count(db, Premises) == 0 and events(db, "premises_added") == []


def test_premises_are_added_and_existing_ones_skipped(db: Database, admin: Actor) -> None:
    house = building(db, admin, "ул. Мира", "1")
    assert place_editing.add_premises(db, admin, house.id, "1-10") == place_editing.PremisesAdded(10, 0, 10)
    assert place_editing.add_premises(db, admin, house.id, "8-12, 12, 11а") == place_editing.PremisesAdded(
        3, 3, 13
    )
    assert place_editing.add_premises(db, admin, house.id, "1-3") == place_editing.PremisesAdded(0, 3, 13)
    assert apartments(db, house.id) == [str(n) for n in range(1, 12)] + ["11а", "12"]
    assert places.get_building(db, house.id).premises_count == 13
    summaries = [e.summary for e in events(db, "premises_added")]
    assert summaries == [
        "10 premises added to Заречный, ул. Мира, д. 1",
        "3 premises added to Заречный, ул. Мира, д. 1",
    ]


def test_a_whole_tower_at_once(db: Database, admin: Actor) -> None:
    house = building(db, admin, "ул. Мира", "1")
    assert place_editing.add_premises(db, admin, house.id, "1-2000").added == 2000
    assert len(apartments(db, house.id)) == 2000


def test_private_house_has_one_premises_without_a_number(db: Database, admin: Actor) -> None:
    cottage = building(db, admin, "ул. Садовая", "5")
    assert place_editing.add_private_house_premises(db, admin, cottage.id) == place_editing.PremisesAdded(
        1, 0, 1
    )
    assert place_editing.add_private_house_premises(db, admin, cottage.id) == place_editing.PremisesAdded(
        0, 1, 1
    )
    assert apartments(db, cottage.id) == [""]
    with pytest.raises(ValidationError, match="private house"):
        place_editing.add_premises(db, admin, cottage.id, "1-2")
    flats = building(db, admin, "ул. Садовая", "7")
    place_editing.add_premises(db, admin, flats.id, "1")
    with pytest.raises(ValidationError, match="already has apartments"):
        place_editing.add_private_house_premises(db, admin, flats.id)


@pytest.mark.parametrize("role", [Role.CASHIER, Role.FRONT_DESK, Role.DISPATCHER])
def test_only_admins_edit_places(db: Database, admin: Actor, role: Role) -> None:
    someone = make_staff(db, "someone", role)
    north = place_editing.create_district(db, admin, "Северный")
    house = building(db, admin, "ул. Мира", "1")
    attempts = [
        lambda: place_editing.create_district(db, someone, "Южный"),
        lambda: place_editing.rename_district(db, someone, north.id, "Южный"),
        lambda: place_editing.set_district_active(db, someone, north.id, False),
        lambda: building(db, someone, "ул. Мира", "2"),
        lambda: place_editing.update_building(
            db,
            someone,
            house.id,
            city="",
            street="ул. Мира",
            house="3",
            block="",
            district_id=None,
            tap_label="",
        ),
        lambda: place_editing.add_premises(db, someone, house.id, "1-10"),
        lambda: place_editing.add_private_house_premises(db, someone, house.id),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert count(db, Premises) == 0 and count(db, Building) == 1
    assert [b.address for b in places.search_buildings(db, "мира")] == ["ул. Мира, д. 1"]  # reading is open
