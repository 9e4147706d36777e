"""What the search finds in a town of a few thousand subscribers, on both databases: every class of query
an operator types finds its subscriber on the first page, and the exact match comes first.

The town is the demo generator's (lettered houses, корпуса, apartments 1 and 11 in one building, common
surnames on one street) plus a few hand-made hard cases (ё, a fraction house, Latin look-alikes).
Queries are built from sampled real subscribers, as an operator would type them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from app.db import Database
from app.demo.data import generate_demo_data
from app.models import Contract, Role, Subscriber
from app.services.frontdesk.search import SearchHit, Tier, count_matches, search
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone, search_key
from tests.conftest import BACKENDS, make_database
from tests.factories import make_staff
from tests.services.frontdesk.test_search import add_contract

SUBSCRIBERS = 2500
SAMPLE = 24
PAGE = 50
TODAY = dt.date(2026, 3, 14)
SAMPLE_SQL = """
SELECT c.id, c.number, s.full_name, s.phone, b.street, b.house, b.block, p.apartment, b.id
FROM contract c JOIN subscriber s ON s.id = c.subscriber_id
JOIN premises p ON p.id = c.premises_id JOIN building b ON b.id = p.building_id
WHERE c.id IN ({ids}) ORDER BY c.id
"""


@dataclass(frozen=True)
class Sampled:
    contract_id: int
    number: str
    full_name: str
    phone: str
    street: str  # «ул. Ленина»
    house: str
    block: str
    apartment: str
    building_id: int

    @property
    def street_word(self) -> str:
        """The longest word of the street's name, as an operator types it («ленина»)."""
        return max(search_key(self.street).split(), key=len)

    @property
    def surname(self) -> str:
        return self.full_name.split()[0]


@dataclass(frozen=True)
class Town:
    db: Database
    desk: Actor
    sample: list[Sampled]
    lettered: list[Sampled]  # in houses with a letter or a корпус
    hand_made: dict[str, int]  # contract ids of the hard cases


@pytest.fixture(scope="module", params=BACKENDS)
def town(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Town]:
    """The town, built once per database for the whole module (the tests only read it)."""
    database = make_database(request.param, request, tmp_path_factory.mktemp("town"))
    owner_db = database if database.is_embedded else Database(request.getfixturevalue("pg_owner_url"))
    yield build_town(owner_db)
    if owner_db is not database:
        owner_db.dispose()
    database.dispose()


def build_town(owner_db: Database) -> Town:
    generate_demo_data(owner_db, subscribers=SUBSCRIBERS, seed=11, months=1, today=TODAY)
    hand_made = {
        "ёлкин": add_contract(
            owner_db,
            "900001",
            "Ёлкин Пётр Ильич",
            phone="79005550101",
            street="ул. Фурманова",
            house="2А",
            apartment="55",
        ),
        "елкина": add_contract(
            owner_db,
            "900002",
            "Елкина Анна Сергеевна",
            phone="79005550102",
            street="ул. Фурманова",
            house="2",
            apartment="3",
        ),
        "дробь 1": add_contract(
            owner_db,
            "900003",
            "Рябинин Олег",
            phone="79005550103",
            street="ул. Фурманова",
            house="2/1",
            apartment="1",
        ),
        "дробь 11": add_contract(
            owner_db,
            "900004",
            "Тополев Олег",
            phone="79005550104",
            street="ул. Фурманова",
            house="2/1",
            apartment="11",
        ),
        "корпус": add_contract(
            owner_db,
            "900005",
            "Ясенев Олег",
            phone="79005550105",
            street="ул. Фурманова",
            house="2",
            apartment="7",
            block="1",
        ),
    }
    desk = make_staff(owner_db, "olga", Role.FRONT_DESK)
    with owner_db.reading() as conn:
        top = conn.execute(text("SELECT max(id) FROM contract")).scalar_one()
        ids = ", ".join(str(1 + (k * 7919) % (top - len(hand_made))) for k in range(SAMPLE))
        sample = [Sampled(*r) for r in conn.execute(text(SAMPLE_SQL.format(ids=ids)))]
        lettered_building = (
            "(b.house <> '' AND b.house NOT GLOB '*[0-9]') OR b.block <> ''"
            if owner_db.is_embedded
            else "b.house ~ '[^0-9]$' OR b.block <> ''"
        )
        in_lettered = conn.execute(
            text(
                "SELECT c.id, b.id FROM contract c JOIN premises p ON p.id = c.premises_id "
                f"JOIN building b ON b.id = p.building_id WHERE ({lettered_building}) "
                "AND c.number < '900000' ORDER BY c.id"
            )
        ).all()
        # A few apartments of every such building, round the buildings.
        per_building: dict[int, list[int]] = {}
        for contract_id, building_id in in_lettered:
            per_building.setdefault(building_id, []).append(contract_id)
        rounds = zip(*(ids[:3] for ids in per_building.values() if len(ids) >= 3), strict=False)
        chosen = [contract_id for one_round in rounds for contract_id in one_round][:SAMPLE]
        lettered = [
            Sampled(*r) for r in conn.execute(text(SAMPLE_SQL.format(ids=", ".join(map(str, chosen)))))
        ]
    assert len(sample) == SAMPLE and len(lettered) == SAMPLE
    return Town(owner_db, desk, sample, lettered, hand_made)


def first_page(town: Town, query: str) -> list[SearchHit]:
    return search(town.db, town.desk, query, limit=PAGE)


def lookalike(name: str) -> str:
    """The name typed with a Latin keyboard's look-alike letters where it has them."""
    return name.replace("а", "a").replace("о", "o").replace("е", "e").replace("р", "p").replace("с", "c")


def house_with_letter_typed(s: Sampled, n: int) -> str:
    """The lettered house or корпус typed in one of the ways people write it."""
    letter = s.house.lstrip("0123456789").lower()
    digits = s.house[: len(s.house) - len(letter)]
    block = s.block.lstrip("кК")
    house = [
        f"{digits}{letter}",
        f"{digits} {letter}",
        f"д.{digits}{letter.upper()}",
        f"дом {digits}{letter}",
    ][n % 4]
    if block:
        house += [f" к{block}", f"к{block}", f" корп. {block}", f" корпус {block}"][n % 4]
    return house


# Query classes: (name, the query for a sampled subscriber, must the first hit be that contract).
QueryClass = tuple[str, Callable[[Sampled, int], str], bool]
CLASSES: list[QueryClass] = [
    ("full phone, formatted", lambda s, n: format_phone(s.phone), False),
    ("contract number", lambda s, n: s.number, True),
    ("Latin look-alikes in the name", lambda s, n: lookalike(s.full_name), False),
    (
        "written address",
        lambda s, n: (
            f"{s.street}, д. {s.house}{', к' + s.block.lstrip('к') if s.block else ''}, кв. {s.apartment}"
        ),
        True,
    ),
    (
        "street house apartment",
        lambda s, n: f"{s.street_word} {house_with_letter_typed(s, n)} {s.apartment}",
        True,
    ),
    ("surname + street", lambda s, n: f"{s.surname} {s.street_word}", False),
    (
        "street house surname",
        lambda s, n: f"{s.street_word} {house_with_letter_typed(s, n)} {s.surname}",
        False,
    ),
    ("surname + 4 phone digits", lambda s, n: f"{s.surname} {s.phone[-4:]}", False),
    ("last 4+ digits of the contract number", lambda s, n: s.number[-4 - n % 2 :], False),
    ("last 4 digits of the phone", lambda s, n: s.phone[-4:], False),
    ("start of surname + start of name", lambda s, n: f"{s.surname[:5]} {s.full_name.split()[1][:3]}", False),
]


@pytest.mark.parametrize(("name", "typed", "exact_first"), CLASSES, ids=[c[0] for c in CLASSES])
def test_every_class_finds_its_subscriber_on_the_first_page(
    town: Town, name: str, typed: Callable[[Sampled, int], str], exact_first: bool
) -> None:
    people = town.lettered if name.startswith("street house") else town.sample
    missed = []
    for n, person in enumerate(people):
        query = typed(person, n)
        hits = first_page(town, query)
        found = [h.contract_id for h in hits]
        if person.contract_id not in found or (exact_first and found[0] != person.contract_id):
            missed.append((query, found[:3]))
    assert not missed, f"{name}: {len(missed)}/{len(people)} missed: {missed[:5]}"


def test_lettered_houses_and_fractions_as_people_write_them(town: Town) -> None:
    yolkin, fraction_1, block = town.hand_made["ёлкин"], town.hand_made["дробь 1"], town.hand_made["корпус"]
    for typed in (
        "фурманова 2а 55",
        "Фурманова 2 А кв 55",
        "ул. Фурманова, д. 2А, кв. 55",
        "фурманова д2а 55",
    ):
        assert [h.contract_id for h in first_page(town, typed)] == [yolkin], typed
    for typed in ("фурманова 2/1 1", "фурманова д. 2/1 кв. 1"):
        assert [h.contract_id for h in first_page(town, typed)] == [fraction_1], typed  # not apartment 11
    for typed in ("фурманова 2 к1 7", "фурманова 2к1 7", "фурманова 2 корп 1 7", "фурманова 2 корпус 1 кв 7"):
        assert [h.contract_id for h in first_page(town, typed)] == [block], typed
    # A bare «2»: house 2 itself first, then its lettered neighbours (2А, 2/1, 2 корп. 1).
    hits = first_page(town, "фурманова 2")
    assert hits[0].contract_id == town.hand_made["елкина"] and hits[0].tier == Tier.EXACT
    assert {yolkin, fraction_1, block} <= {h.contract_id for h in hits}


def test_yo_and_case_and_the_exact_surname_first(town: Town) -> None:
    for typed in ("ЁЛКИН", "елкин", "Ёлкин П И", "елкин петр"):
        hits = first_page(town, typed)
        assert hits[0].contract_id == town.hand_made["ёлкин"] and hits[0].tier == Tier.EXACT, typed
    # «елкин» also finds Елкина, after him (a name that starts with it).
    assert [h.contract_id for h in first_page(town, "елкин")][:2] == [
        town.hand_made["ёлкин"],
        town.hand_made["елкина"],
    ]


def test_surname_and_initials_come_before_other_bearers(town: Town) -> None:
    person = town.sample[0]
    surname, first, *rest = person.full_name.split()
    initials = f"{surname} {first[0]}. {rest[0][0]}." if rest else f"{surname} {first[0]}."
    hits = first_page(town, initials)
    assert person.contract_id in [h.contract_id for h in hits]
    exact = [h for h in hits if h.tier == Tier.EXACT]
    assert exact and hits[: len(exact)] == exact  # the exact ones lead
    for hit in exact:
        words = search_key(hit.subscriber_name).split()
        assert words[0] == search_key(surname) and words[1].startswith(search_key(first[0]))


def test_apartment_numbers_match_exactly(town: Town) -> None:
    hits = first_page(town, "фурманова 2/1 1")
    assert [h.address.rsplit("кв. ", 1)[-1] for h in hits] == ["1"]


def test_the_count_says_how_many_matched(town: Town) -> None:
    surname = "иванов"
    with town.db.reading() as conn:
        bearers = conn.execute(
            select(Contract.id)
            .join(Subscriber, Subscriber.id == Contract.subscriber_id)
            .where(Subscriber.search_name.like(f"%{surname}%"))
        ).all()
    assert len(bearers) > PAGE  # the demo's most common surname fills more than a page
    assert count_matches(town.db, town.desk, surname) == len(bearers)
    assert count_matches(town.db, town.desk, town.sample[0].number) == 1
    assert count_matches(town.db, town.desk, "   ") == 0
