"""The search's residence rows (a contract's building and its subscriber's search name, migration 0024)
follow every write the databases see, whoever makes it: the search finds a name at its address after
signing, a rename, a move, and never after the contract is gone. Both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update

from app.db import Database
from app.models import Building, Contract, Premises, Role, Subscriber
from app.services.frontdesk import search_addresses
from app.services.frontdesk.search import search
from app.services.kernel.permissions import Actor
from app.services.kernel.text import search_key
from tests.factories import make_staff
from tests.services.frontdesk.test_search import add_contract


@pytest.fixture
def desk(db: Database) -> Actor:
    return make_staff(db, "olga", Role.FRONT_DESK)


def found(db: Database, actor: Actor, query: str) -> list[str]:
    return [hit.number for hit in search(db, actor, query)]


def residences(db: Database) -> list[tuple[int, int, str]]:
    """What the triggers kept, next to what the tables say it must be."""
    with db.reading() as conn:
        kept = conn.execute(
            text("SELECT contract_id, building_id, search_name FROM residence ORDER BY contract_id")
        ).all()
        wanted = conn.execute(
            text(
                "SELECT c.id, p.building_id, s.search_name FROM contract c "
                "JOIN premises p ON p.id = c.premises_id JOIN subscriber s ON s.id = c.subscriber_id "
                "ORDER BY c.id"
            )
        ).all()
    assert kept == wanted
    return [tuple(row) for row in kept]


def test_a_new_contract_is_found_by_its_name_at_its_street(db: Database, desk: Actor) -> None:
    add_contract(db, "100001", "Смирнов Олег Петрович", street="ул. Ленина")
    add_contract(db, "100002", "Смирнов Пётр", street="ул. Кирова")
    add_contract(db, "100003", "Петрова Анна Смирновна", street="ул. Ленина", apartment="3")
    assert len(residences(db)) == 3
    # the name's start first, then the names that only hold it
    assert found(db, desk, "смирнов ленина") == ["100001", "100003"]
    assert found(db, desk, "кирова смирнов") == ["100002"]


def test_a_rename_by_any_path_moves_the_name(db: Database, desk: Actor) -> None:
    contract = add_contract(db, "100001", "Смирнова Анна", street="ул. Ленина")
    add_contract(db, "100002", "Смирнова Анна", street="ул. Ленина", apartment="2")
    with db.transaction() as session:  # as a plain UPDATE would (anonymisation, a script)
        subscriber = session.scalar(select(Contract.subscriber_id).where(Contract.id == contract))
        session.execute(
            update(Subscriber)
            .where(Subscriber.id == subscriber)
            .values(full_name="Козлова Анна", search_name=search_key("Козлова Анна"))
        )
    residences(db)
    assert found(db, desk, "козлова ленина") == ["100001"]
    assert found(db, desk, "смирнова ленина") == ["100002"]


def test_a_contract_moved_to_other_premises_is_found_there(db: Database, desk: Actor) -> None:
    contract = add_contract(db, "100001", "Смирнов Олег", street="ул. Ленина")
    add_contract(db, "100002", "Козлов Иван", street="ул. Кирова", apartment="7")
    with db.transaction() as session:
        elsewhere = session.scalar(select(Premises.id).where(Premises.apartment == "7"))
        session.execute(update(Contract).where(Contract.id == contract).values(premises_id=elsewhere))
    residences(db)
    assert found(db, desk, "смирнов кирова") == ["100001"]
    assert found(db, desk, "смирнов ленина") == []


def test_premises_moved_to_another_building_take_their_contracts(db: Database, desk: Actor) -> None:
    contract = add_contract(db, "100001", "Смирнов Олег", street="ул. Ленина")
    add_contract(db, "100002", "Козлов Иван", street="ул. Кирова", apartment="2")
    with db.transaction() as session:
        kirova = session.scalar(select(Building.id).where(Building.street == "ул. Кирова"))
        premises = session.scalar(select(Contract.premises_id).where(Contract.id == contract))
        session.execute(update(Premises).where(Premises.id == premises).values(building_id=kirova))
    residences(db)
    assert found(db, desk, "смирнов кирова") == ["100001"]


def test_a_deleted_contract_leaves_no_residence(db: Database, owner_db: Database, desk: Actor) -> None:
    contract = add_contract(db, "100001", "Смирнов Олег", street="ул. Ленина")
    add_contract(db, "100002", "Смирнов Иван", street="ул. Ленина", apartment="2")
    with owner_db.transaction() as session:  # as the rollback of an import does
        session.execute(delete(Contract).where(Contract.id == contract))
    assert contract not in [row[0] for row in residences(db)]
    assert found(db, desk, "смирнов ленина") == ["100002"]


@pytest.mark.parametrize(
    ("walk_buildings", "bearers_cap"),
    [(100, 2000), (1, 2000), (1, 2)],
    ids=["few buildings: walked", "many buildings: bearers first", "bearers past the cap: walked"],
)
def test_names_that_only_hold_the_word_are_found_at_the_street_however_read(
    db: Database, desk: Actor, monkeypatch: pytest.MonkeyPatch, walk_buildings: int, bearers_cap: int
) -> None:
    monkeypatch.setattr(search_addresses, "WALK_BUILDINGS", walk_buildings)
    monkeypatch.setattr(search_addresses, "BEARERS_CAP", bearers_cap)
    add_contract(db, "100001", "Суворов Иван", street="ул. Мира", house="1")
    add_contract(db, "100002", "Петров Олег Суворович", street="ул. Мира", house="3", apartment="2")
    add_contract(db, "100003", "Иванова Анна Суворовна", street="ул. Мира", house="2", apartment="5")
    add_contract(db, "100004", "Сидорова Мария Суворовна", street="ул. Кирова", house="1")
    add_contract(db, "100005", "Суворова Анна", street="ул. Кирова", house="2")
    add_contract(db, "100006", "Кузнецов Пётр", street="ул. Мира", house="4")
    # the name's start first, then the names holding it by building: never the other street's
    assert found(db, desk, "суворов мира") == ["100001", "100002", "100003"]
    first = search(db, desk, "суворов мира", limit=2)
    rest = search(db, desk, "суворов мира", limit=2, after=first[-1])
    assert [h.number for h in first + rest] == ["100001", "100002", "100003"]
    assert found(db, desk, "сидоров мира") == []


def test_digits_at_a_street_find_the_phones_and_numbers_of_its_residents(db: Database, desk: Actor) -> None:
    add_contract(db, "104567", "Смирнов Олег", phone="79160000001", street="ул. Ленина", house="1")
    add_contract(db, "100002", "Петров Иван", phone="79161234567", street="ул. Ленина", house="3")
    add_contract(db, "100003", "Сидоров Пётр", phone="79161234567", street="ул. Кирова", house="1")
    add_contract(db, "204567", "Кузнецов Пётр", phone="79160000002", street="ул. Кирова", house="2")
    # the phone's tail and the contract number's, of the street's residents only
    assert sorted(found(db, desk, "ленина 4567")) == ["100002", "104567"]
    assert sorted(found(db, desk, "кирова 4567")) == ["100003", "204567"]
