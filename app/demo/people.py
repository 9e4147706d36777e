"""Demo data: one subscriber row, a person (name, phones, e-mail, passport) or a company.

Surnames are drawn Zipf-like, so the first ones («Иванов», «Смирнов») are as common as in life:
about 3 % of people, tens of thousands in a million.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import Any

from app.demo.money import below
from app.demo.reference import company_inn, person_inn
from app.demo.vocabulary import (
    COMPANY_FORMS,
    COMPANY_NAMES,
    EMAIL_DOMAINS,
    FEMALE_NAMES,
    INSTITUTIONS,
    MALE_NAMES,
    PASSPORT_ISSUERS,
    SURNAMES,
    female_surname,
    translit,
)
from app.services.kernel.text import search_key

Row = tuple[Any, ...]


def _cumulative(count: int, exponent: float) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 1) ** exponent
        cumulative.append(total)
    return cumulative


_SURNAME_WEIGHTS = _cumulative(len(SURNAMES), 0.5)
_MALE_WEIGHTS = _cumulative(len(MALE_NAMES), 0.4)
_FEMALE_WEIGHTS = _cumulative(len(FEMALE_NAMES), 0.4)
_FEMALE_SURNAMES = tuple(female_surname(s) for s in SURNAMES)
_SURNAME_LOGINS = tuple(translit(s) for s in SURNAMES)
_FEMALE_SURNAME_LOGINS = tuple(translit(s) for s in _FEMALE_SURNAMES)
_EARLIEST_BIRTH = dt.date(1940, 1, 1).toordinal()
_LATEST_BIRTH = dt.date(2005, 12, 31).toordinal()
_PASSPORT_AGES = (45, 20, 14)  # a Russian passport is issued at 14 and replaced at 20 and 45


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


def person_search_name(full_name: str) -> str:
    """`search_key` of a name of Cyrillic words, without its regular expressions (a million times):
    such a name has no punctuation or Latin look-alikes, so lower case and ё→е is all that changes."""
    return full_name.lower().replace("ё", "е")


def make_person(rng: random.Random, subscriber_id: int, signed: int, created_at: dt.datetime) -> Row:
    """A subscriber row for a private person who signed a contract on day `signed`."""
    surname_index = _pick(rng, _SURNAME_WEIGHTS)
    father = MALE_NAMES[_pick(rng, _MALE_WEIGHTS)]
    if rng.random() < 0.54:
        surname, login = _FEMALE_SURNAMES[surname_index], _FEMALE_SURNAME_LOGINS[surname_index]
        first, patronymic = FEMALE_NAMES[_pick(rng, _FEMALE_WEIGHTS)], father[2]
    else:
        surname, login = SURNAMES[surname_index], _SURNAME_LOGINS[surname_index]
        first, patronymic = MALE_NAMES[_pick(rng, _MALE_WEIGHTS)][0], father[1]
    full_name = f"{surname} {first} {patronymic}"
    birth = _EARLIEST_BIRTH + below(rng, _LATEST_BIRTH - _EARLIEST_BIRTH)
    birth_date = dt.date.fromordinal(birth)
    phone = f"79{below(rng, 10**9):09d}"
    roll, phone2 = rng.random(), ""
    if roll < 0.08:  # a landline at home
        phone2 = f"74822{below(rng, 10**6):06d}"
    elif roll < 0.15:  # a relative's mobile
        phone2 = f"79{below(rng, 10**9):09d}"
    email = ""
    if rng.random() < 0.35:
        name = translit(first)
        user = (
            f"{login}.{name[0]}{birth_date.year % 100:02d}",
            f"{name}.{login}",
            f"{login}{1 + below(rng, 998)}",
        )
        email = f"{user[below(rng, 3)]}@{EMAIL_DOMAINS[below(rng, len(EMAIL_DOMAINS))]}"
    issued = None
    for age in _PASSPORT_AGES:
        candidate = birth + int(age * 365.25) + below(rng, 60)
        if candidate < signed:
            issued = candidate
            break
    issued_on = dt.date.fromordinal(issued) if issued is not None else None
    series = f"69{issued_on.year % 100:02d}" if issued_on else ""
    number = f"{below(rng, 10**6):06d}" if issued_on else ""
    issuer = PASSPORT_ISSUERS[below(rng, len(PASSPORT_ISSUERS))] if issued_on else ""
    notify_email = bool(email) and rng.random() < 0.5
    return (
        subscriber_id, "person", full_name, phone, phone2, email, True, notify_email, series, number, issuer,
        issued_on, birth_date, "", created_at, person_search_name(full_name), 1,
    )  # fmt: skip


def make_company(rng: random.Random, subscriber_id: int, created_at: dt.datetime) -> tuple[Row, bool]:
    """A company subscriber row, and whether it is an institution that is never blocked."""
    roll = rng.random()
    never_block = False
    if roll < 0.2:
        full_name = INSTITUTIONS[rng.randrange(len(INSTITUTIONS))].format(n=rng.randint(1, 60))
        inn, never_block = company_inn(rng), True
    elif roll < 0.4:
        first, father = MALE_NAMES[below(rng, len(MALE_NAMES))][0], MALE_NAMES[below(rng, len(MALE_NAMES))]
        full_name = f"ИП {SURNAMES[_pick(rng, _SURNAME_WEIGHTS)]} {first} {father[1]}"
        inn = person_inn(rng)
    else:
        form = COMPANY_FORMS[rng.randrange(len(COMPANY_FORMS) - 1)]  # the last form is ИП
        full_name = f"{form} «{COMPANY_NAMES[rng.randrange(len(COMPANY_NAMES))]}»"
        inn = company_inn(rng)
    phone = f"74822{rng.randrange(10**6):06d}"
    email = f"office{subscriber_id}@{EMAIL_DOMAINS[rng.randrange(len(EMAIL_DOMAINS))]}"
    mobile = f"79{rng.randrange(10**9):09d}"  # the manager's
    row = (
        subscriber_id, "company", full_name, phone, mobile, email, True, True, "", "", "", None, None, inn,
        created_at, search_key(full_name), 1,
    )  # fmt: skip
    return row, never_block
