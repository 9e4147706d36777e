"""The front desk's search box: names, phones, addresses and contract numbers, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.db import Database
from app.errors import PermissionDenied
from app.models import Building, Contract, Premises, Role, Subscriber
from app.services.frontdesk.search import Tier, search
from app.services.kernel.addresses import house_key
from app.services.kernel.permissions import Actor
from app.services.kernel.text import search_key
from tests.factories import make_staff


def add_contract(
    db: Database,
    number: str,
    full_name: str,
    *,
    phone: str = "79160000000",
    phone2: str = "",
    street: str = "ул. Ленина",
    house: str = "12",
    apartment: str = "1",
    block: str = "",
    balance: int = 0,
) -> int:
    """A subscriber with a contract at an address, stored as the domain stores it (search columns)."""
    from sqlalchemy import select

    with db.transaction() as session:
        building = session.scalar(
            select(Building).where(
                Building.street == street, Building.house == house, Building.block == block
            )
        )
        if building is None:
            building = Building(
                city="Тверь",
                street=street,
                house=house,
                block=block,
                search_text=search_key(f"{street} {house} {block} тверь"),
                house_key=house_key(house, block),
            )
            session.add(building)
            session.flush()
        premises = Premises(building_id=building.id, apartment=apartment)
        subscriber = Subscriber(
            full_name=full_name, phone=phone, phone2=phone2, search_name=search_key(full_name)
        )
        session.add_all([premises, subscriber])
        session.flush()
        contract = Contract(
            number=number,
            subscriber_id=subscriber.id,
            premises_id=premises.id,
            signed_on=dt.date(2025, 1, 15),
            balance=balance,
        )
        session.add(contract)
        session.flush()
        return contract.id


@pytest.fixture
def desk(db: Database) -> Actor:
    add_contract(db, "100001", "Иванов Иван Иванович", phone="79161234567", apartment="5", balance=-1500)
    add_contract(db, "100002", "Артём Семёнов", phone="79037654321", street="ул. Мира", house="3")
    add_contract(db, "100003", "Ивановa Мария Петровна", phone="79160001122", apartment="6")  # Latin «a»
    add_contract(db, "200001", "ООО «Ромашка»", phone="74822334455", street="пр. Ленина", house="120")
    add_contract(db, "100010", "Петров Пётр", phone="79169990000", house="5", apartment="12")
    return make_staff(db, "olga", Role.FRONT_DESK)


def numbers(db: Database, actor: Actor, query: str, **kwargs: object) -> list[str]:
    return [hit.number for hit in search(db, actor, query, **kwargs)]  # type: ignore[arg-type]


def test_cyrillic_name_in_any_case_with_yo_and_lookalikes(db: Database, desk: Actor) -> None:
    assert numbers(db, desk, "ИВАНОВ") == ["100001", "100003"]  # order: by name
    assert numbers(db, desk, "иванова") == ["100003"]  # stored with a Latin «a», found with Cyrillic
    assert numbers(db, desk, "Ивaнов мари") == ["100003"]  # typed with a Latin «a»
    assert numbers(db, desk, "семенов") == ["100002"]  # ё stored, е typed
    assert numbers(db, desk, "СЕМЁНОВ АРТЕМ") == ["100002"]
    assert numbers(db, desk, "ромашк") == ["200001"]
    assert numbers(db, desk, "сидоров") == []


def test_hit_carries_what_the_operator_sees(db: Database, desk: Actor) -> None:
    (hit,) = search(db, desk, "иванов иванович")
    assert hit.subscriber_name == "Иванов Иван Иванович"
    assert hit.phone == "79161234567"
    assert hit.address == "Тверь, ул. Ленина, д. 12, кв. 5"
    assert hit.balance == -1500
    assert hit.status == "active"


@pytest.mark.parametrize("typed", ["+7 (916) 123-45-67", "89161234567", "9161234567", "1234567", "123-45-67"])
def test_phone_in_any_format(db: Database, desk: Actor, typed: str) -> None:
    assert numbers(db, desk, typed) == ["100001"]


def test_phone_fragment_finds_every_phone_holding_it(db: Database, desk: Actor) -> None:
    assert numbers(db, desk, "916") == ["100001", "100003", "100010"]


@pytest.mark.parametrize(
    "typed", ["ленина 12 кв 5", "кв 5 ленина 12", "12 ЛЕНИНА кв. 5", "ул. Ленина, д. 12, кв. 5"]
)
def test_address_fragments_in_any_order(db: Database, desk: Actor, typed: str) -> None:
    assert numbers(db, desk, typed) == ["100001"]


def test_address_without_apartment_lists_the_building(db: Database, desk: Actor) -> None:
    assert numbers(db, desk, "ленина 12") == ["100001", "100003"]  # not «120»
    assert numbers(db, desk, "мира") == ["100002"]
    assert numbers(db, desk, "ленина 12 6") == ["100003"]  # house, then apartment


def test_contract_number_exact_or_prefix(db: Database, desk: Actor) -> None:
    assert numbers(db, desk, "100002") == ["100002"]
    assert numbers(db, desk, "10000") == ["100001", "100002", "100003"]
    assert numbers(db, desk, "2") == ["200001"]
    assert numbers(db, desk, "20") == ["200001"]


def test_one_or_two_letters_find_names_by_their_start(db: Database, desk: Actor) -> None:
    assert numbers(db, desk, "и") == ["100001", "100003"]
    assert numbers(db, desk, "ПЕ") == ["100010"]
    assert numbers(db, desk, "ов") == []  # inside a name: needs 3 characters
    assert numbers(db, desk, "") == []
    assert numbers(db, desk, "  ") == []


def test_pages_follow_each_other_without_gaps_or_repeats(db: Database, desk: Actor) -> None:
    for n in range(23):
        add_contract(db, f"3000{n:02d}", f"Кузнецов{'а' if n % 2 else ''} Клиент {n}", apartment=str(100 + n))
    everything = search(db, desk, "кузнецов", limit=100)
    assert len(everything) == 23
    pages, after = [], None
    while True:
        page = search(db, desk, "кузнецов", limit=5, after=after)
        if not page:
            break
        pages.extend(page)
        after = page[-1]
    assert [h.contract_id for h in pages] == [h.contract_id for h in everything]
    assert [h.sort_key for h in everything] == sorted(h.sort_key for h in everything)


def test_a_short_query_pages_too(db: Database, desk: Actor) -> None:
    first = search(db, desk, "и", limit=1)
    assert [h.number for h in first] + numbers(db, desk, "и", limit=1, after=first[-1]) == [
        "100001",
        "100003",
    ]


def test_search_needs_the_permission(db: Database, desk: Actor) -> None:
    nobody = make_staff(db, "guest")
    with pytest.raises(PermissionDenied):
        search(db, nobody, "иванов")


def test_numbers_come_before_phones_and_paging_crosses_classes(db: Database, desk: Actor) -> None:
    # «916» is the start of a contract number and inside three phones: the number is listed first.
    add_contract(
        db, "916001", "Зайцев Олег", phone="74950000001", street="ул. Мира", house="3", apartment="9"
    )
    assert numbers(db, desk, "916") == ["916001", "100001", "100003", "100010"]
    first = search(db, desk, "916", limit=2)
    rest = search(db, desk, "916", limit=2, after=first[-1])
    assert [h.number for h in first + rest] == ["916001", "100001", "100003", "100010"]
    assert search(db, desk, "916", limit=2, after=rest[-1]) == []


def test_a_phone_tail_finds_the_phones_ending_in_it_before_those_holding_it(
    db: Database, desk: Actor
) -> None:
    # «4567» read off a caller ID: Иванов's 79161234567 and these six end in it; 79164567000 holds it.
    for n in range(6):
        add_contract(db, f"40000{n}", f"Тихонов {n}", phone=f"790311{n}4567", apartment=f"4{n}")
    inside = add_contract(db, "400010", "Тихонова Анна", phone="79164567000", apartment="50")
    statements: list[tuple[str, object]] = []

    def seen(_conn: object, _cursor: object, statement: str, parameters: object, *_args: object) -> None:
        statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        found = search(db, desk, "4567", limit=100)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert [h.number for h in found[:7]] == ["100001", *(f"40000{n}" for n in range(6))]
    assert {h.tier for h in found[:7]} == {Tier.TAIL}
    assert [h.contract_id for h in found[7:]] == [inside]
    pages, after = [], None
    while page := search(db, desk, "4567", limit=3, after=after):
        pages += page
        after = page[-1]
    assert [h.contract_id for h in pages] == [h.contract_id for h in found]
    if db.dialect == "postgresql":
        # The tails are read off the trigram index as a set of their own: the planner, guessing 1 % of a
        # million subscribers hold them, walked every subscriber in id order instead (200 ms).
        ((tails_read, parameters),) = [(s, p) for s, p in statements if "LIKE '%%4567 %%'" in s]
        with db.reading() as conn:
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {tails_read}", parameters))
        assert "CTE held" in plan


def test_a_hit_found_by_the_second_phone_shows_that_phone(db: Database, desk: Actor) -> None:
    add_contract(db, "500001", "Лебедев Олег", phone="79035550000", phone2="74822393439", apartment="39")

    def phones(query: str) -> list[str]:
        return [h.phone for h in search(db, desk, query) if h.number == "500001"]

    assert phones("3439") == ["74822393439"]  # the tail a caller ID shows
    assert phones("+7 (482) 239-34-39") == ["74822393439"]
    assert phones("лебедев 3439") == ["74822393439"]
    assert phones("лебедев") == ["79035550000"]  # no digits typed: the first phone
    assert phones("5550000") == ["79035550000"]  # only the first holds them
    assert phones("ленина 12 39") == ["79035550000"]  # an apartment, not digits of a phone


def test_address_pages_by_building_then_apartment(db: Database, desk: Actor) -> None:
    for apartment in ("10", "7", "8", "9"):
        add_contract(
            db, f"4000{apartment}", f"Жилец {apartment}", street="ул. Мира", house="3", apartment=apartment
        )
    everything = numbers(db, desk, "мира 3")
    assert everything == ["100002", "40007", "40008", "40009", "400010"]  # apartments 1, 7, 8, 9, 10
    first = search(db, desk, "мира 3", limit=3)
    assert [h.number for h in first] + numbers(db, desk, "мира 3", after=first[-1]) == everything


def test_search_follows_renames_and_new_phones(db: Database, desk: Actor) -> None:
    from sqlalchemy import update

    with db.transaction() as session:
        session.execute(
            update(Subscriber)
            .where(Subscriber.full_name == "Петров Пётр")
            .values(full_name="Орлов Пётр", search_name="орлов петр", phone="79990001234", version=2)
        )
    assert numbers(db, desk, "петров") == ["100003"]  # Мария Петровна; Пётр Петров is no more
    assert numbers(db, desk, "орлов") == ["100010"]
    assert numbers(db, desk, "0001234") == ["100010"]
    assert numbers(db, desk, "9169990000") == []


def test_name_and_street_in_any_order_the_surname_first(db: Database, desk: Actor) -> None:
    add_contract(db, "100020", "Сидоров Олег Иванович", apartment="1")  # «иванов» inside his patronymic
    assert numbers(db, desk, "иванов ленина") == ["100001", "100003", "100020"]
    assert numbers(db, desk, "ленина иванова") == ["100003"]
    assert numbers(db, desk, "ленина 12 иванов") == ["100001", "100003", "100020"]
    assert numbers(db, desk, "петров 9990") == ["100010"]  # a surname and digits of his phone
    assert numbers(db, desk, "мира семенов") == ["100002"]
    assert numbers(db, desk, "ленина 9161 кв 5") == ["100001"]  # digits of his phone, at that apartment
    assert numbers(db, desk, "ленина 916 кв 5") == []  # three digits beside a street are a house


def test_the_street_comes_before_a_district_of_that_name(db: Database, desk: Actor) -> None:
    from sqlalchemy import update

    in_district = add_contract(db, "100030", "Жилец Района", street="ул. Мира", house="7")
    on_avenue = add_contract(db, "100031", "Жилец Проспекта", street="пр-т Октябрьский", house="3")
    with db.transaction() as session:  # ул. Мира, 7 lies in the district «Октябрьский»
        session.execute(
            update(Building)
            .where(Building.street == "ул. Мира", Building.house == "7")
            .values(search_text=search_key("ул. Мира 7 Тверь Октябрьский"), version=2)
        )
    assert [h.contract_id for h in search(db, desk, "пр-т Октябрьский")] == [on_avenue, in_district]
    assert [h.contract_id for h in search(db, desk, "октябрьский 3")] == [on_avenue]  # the house, exactly


def test_an_apartment_letter_in_either_case(db: Database, desk: Actor) -> None:
    lettered = add_contract(db, "100040", "Жилец Литеры", street="ул. Мира", house="9", apartment="5А")
    add_contract(db, "100041", "Жилец Пятой", street="ул. Мира", house="9", apartment="5")
    assert [h.contract_id for h in search(db, desk, "мира 9 кв 5а")] == [lettered]
    assert [h.contract_id for h in search(db, desk, "мира 9 кв 5 А")] == [lettered]
    assert numbers(db, desk, "мира 9 кв 5") == ["100041"]
