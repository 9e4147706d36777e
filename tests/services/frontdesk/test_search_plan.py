"""How a query is read: houses as people write them, and which meanings a mix of words may have."""

from __future__ import annotations

import pytest

from app.services.frontdesk.search_plan import Reading, digits_query, readings, terms
from app.services.kernel.addresses import house_key


@pytest.mark.parametrize(
    ("house", "block", "key"),
    [
        ("12А", "", "12а"),
        ("12 а", "", "12а"),
        ("д. 12a", "", "12а"),  # a Latin «a»
        ("12", "1", "12к1"),
        ("12", "к1", "12к1"),
        ("12", "корп. 1", "12к1"),
        ("12 корп 1", "", "12к1"),
        ("12", "стр. 2", "12с2"),
        ("2/1", "", "2/1"),
        ("дом 5", "", "5"),
    ],
)
def test_house_key_is_one_form_of_every_spelling(house: str, block: str, key: str) -> None:
    assert house_key(house, block) == key


@pytest.mark.parametrize(
    ("typed", "house"),
    [
        ("фурманова 2а", "2а"),
        ("фурманова 2 А", "2а"),
        ("фурманова 2a", "2а"),
        ("фурманова д2а", "2а"),
        ("фурманова дом 2а", "2а"),
        ("фурманова 2/1", "2/1"),
        ("фурманова 2 к1", "2к1"),
        ("фурманова 2к1", "2к1"),
        ("фурманова 2 корп 1", "2к1"),
        ("фурманова д2", "2"),
        ("фурманова дом 2", "2"),
    ],
)
def test_a_house_typed_any_way_is_one_house(typed: str, house: str) -> None:
    assert readings(terms(typed)) == [Reading(street=("фурманова",), house=house)]


def test_the_first_bare_number_is_the_house_and_the_next_the_apartment() -> None:
    assert readings(terms("ленина 12 5")) == [Reading(street=("ленина",), house="12", apartment="5")]
    assert readings(terms("ул. Ленина, д. 12, кв. 5")) == [
        Reading(street=("ленина",), house="12", apartment="5")
    ]
    assert readings(terms("фурманова 2а 55")) == [Reading(street=("фурманова",), house="2а", apartment="55")]


def test_a_mix_of_name_and_address_may_be_read_either_way() -> None:
    found = readings(terms("иванов ленина"))
    assert Reading(names=("иванов",), street=("ленина",)) in found
    assert found[0] == Reading(names=("иванов", "ленина"))  # names alone are tried first
    assert Reading(names=("галкин",), digits=("4567",)) in readings(terms("галкин 4567"))


def test_a_number_in_a_streets_name_is_part_of_it() -> None:
    assert Reading(street=("8 марта",), house="12", apartment="5") in readings(terms("8 марта 12 5"))


def test_numbers_without_a_street_are_no_address() -> None:
    assert readings(terms("12 кв 5")) == []
    assert readings(terms("2а")) == []


@pytest.mark.parametrize(
    ("typed", "digits", "phone"),
    [
        ("+7 (916) 123-45-67", "79161234567", "79161234567"),
        ("8 916 123 45 67", "89161234567", "79161234567"),
        ("9161234567", "9161234567", "79161234567"),
        ("договор 100231", "100231", ""),
        ("4567", "4567", ""),
    ],
)
def test_digits_alone_are_a_phone_or_a_number(typed: str, digits: str, phone: str) -> None:
    plan = digits_query(typed)
    assert plan is not None and plan.digits == digits and plan.phone == phone


def test_words_are_not_digits() -> None:
    assert digits_query("ленина 12") is None
    assert digits_query("") is None
