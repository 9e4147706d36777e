"""What the operator typed into the search box, read as the subscriber it may describe.

A query is cut into terms: words, bare numbers, houses («2а», «2/1», «2 к1», «д. 2» — see
kernel/addresses.py house_key) and apartments («кв. 5»). Each term may mean more than one field: a word
is part of a name or of an address; a bare number a house, an apartment, or digits of a phone or a
contract number. A reading gives every term one meaning; `readings` lists the ones that make sense
(a house or an apartment only beside a street word, the house before the apartment, …), and the search
runs each of them. Pure digits («+7 (916) 123-45-67», «4567», «100231») are a separate, simpler plan.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from app.services.kernel.addresses import house_key
from app.services.kernel.text import fix_lookalikes, to_cyrillic

# Nobody types more than a few words to find someone; a pasted page would build a query too big for
# the database («Expression tree is too large» on SQLite): the first words decide.
MAX_WORDS = 8
# Shortest fragment a trigram index can find; a shorter word only matches the start of a name.
TRIGRAM = 3
# Digits that may be part of a phone or contract number inside a mixed query («галкин 4567»).
DIGITS_IN_WORDS = 3
# Beside a street a group of digits is part of a phone or a contract number only from this length on.
PHONE_PART_BESIDE_STREET = 4
# More readings than this means the words fit too many fields at once: the first ones are run.
MAX_READINGS = 6

_PHONE_INPUT = re.compile(r"^[\d\s()+.\-]+$")
_NON_DIGIT = re.compile(r"\D")
_NUMBER = re.compile(r"^\d+(?:/\d+)?$")
_LATIN_AFTER_DIGIT = re.compile(r"(?<=\d)[a-z]")
_PUNCTUATION = re.compile(r"[^\w/]+|_")
_LONE_SLASH = re.compile(r"(?<!\d)/|/(?!\d)")
_LETTERS_DIGITS = re.compile(r"(?<=\d)(?=[^\W\d])|(?<=[^\W\d])(?=\d)")

_HYPHENATED = re.compile(r"(?<!\w)(?:б-р|пр-т|пр-кт|р-н|мкр-н)(?!\w)")
_HOUSE_MARKERS = frozenset({"д", "дом"})
_APARTMENT_MARKERS = frozenset({"кв", "квартира", "квар", "комн", "комната"})
_BLOCK_MARKERS = frozenset({"к", "корп", "корпус", "с", "стр", "строение"})
# Words around an address that the stored building text need not hold: ignored beside a street word,
# otherwise read as part of a name («иванов г» may be an initial).
# fmt: off
_ADDRESS_NOISE = frozenset({
    "ул", "улица", "пр", "проспект", "пер", "переулок", "г", "город", "пл", "площадь", "бульвар", "ш",
    "шоссе", "наб", "набережная", "мкр", "микрорайон", "пос", "поселок", "с", "село",
})
# fmt: on
# Words that only say what the number after them is: «договор 100231», «тел 4567».
_FILLER = frozenset({"договор", "дог", "тел", "телефон", "номер"})


@dataclass(frozen=True)
class Term:
    kind: str  # "word", "noise", "number" (bare digits), "house" (a house key), "apartment"
    text: str


@dataclass(frozen=True)
class Digits:
    """A query of digits only: a contract number, a phone, or a part of either."""

    digits: str
    number: str  # as typed without spaces, when that is all digits («00123»)
    phone: str  # the full phone (7XXXXXXXXXX) when the digits make one, else ""


@dataclass(frozen=True)
class Reading:
    """One meaning of the terms: what the name, the building, the apartment and the digits must hold."""

    names: tuple[str, ...] = ()
    street: tuple[str, ...] = ()  # words of the building's address, 3+ letters each
    house: str = ""  # a house key; a bare number also finds its lettered houses («12» → «12а»)
    apartment: str = ""
    digits: tuple[str, ...] = ()  # parts of a phone or a contract number


def normalised_tokens(query: str) -> list[str]:
    """Lower case, ё→е, look-alikes fixed («12a» → «12а»), punctuation gone, letters apart from digits
    («д2» → «д 2», «кв5» → «кв 5»); a slash stays inside a number («2/1»)."""
    text = fix_lookalikes(query.replace("\x00", " ")).lower().replace("ё", "е")
    text = _HYPHENATED.sub(" ул ", text)  # «б-р», «пр-т»: say what the street is, nothing to search for
    text = _LATIN_AFTER_DIGIT.sub(lambda m: to_cyrillic(m.group()), text)
    text = _LONE_SLASH.sub(" ", _PUNCTUATION.sub(" ", text))
    return _LETTERS_DIGITS.sub(" ", text).split()


def digits_query(query: str) -> Digits | None:
    """The plan of a query of digits only (a phone as people write it, a contract number), or None."""
    raw = query.strip()
    words = raw.split()
    if words and words[0].lower().strip(".:№") in _FILLER:
        raw = " ".join(words[1:])
    if not raw or not _PHONE_INPUT.match(raw):
        return None
    digits = _NON_DIGIT.sub("", raw)
    if not digits:
        return None
    phone = ""
    if len(digits) == 11 and digits[0] in "78":
        phone = "7" + digits[1:]
    elif len(digits) == 10:
        phone = "7" + digits
    number = "".join(raw.split())
    return Digits(digits=digits, number=number if number.isdigit() else digits, phone=phone)


def _is_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def terms(query: str) -> list[Term]:
    """The terms of a query with words in it (see the module's docstring)."""
    tokens = [t for t in normalised_tokens(query) if t not in _FILLER][: MAX_WORDS * 2]
    found: list[Term] = []
    position = 0
    while position < len(tokens) and len(found) < MAX_WORDS:
        token = tokens[position]
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if token in _APARTMENT_MARKERS and following.isdigit():
            apartment, position = following, position + 2
            if position < len(tokens) and _is_letter(tokens[position]) and _ends_term(tokens, position):
                apartment, position = apartment + tokens[position], position + 1
            found.append(Term("apartment", apartment))
            continue
        explicit = False
        if token in _HOUSE_MARKERS and _NUMBER.match(following):
            explicit, position = True, position + 1
            token = following
        if _NUMBER.match(token):
            term, position = _house_or_number(tokens, position, explicit)
            found.append(term)
            continue
        found.append(Term("noise" if token in _ADDRESS_NOISE else "word", token))
        position += 1
    return found


def _ends_term(tokens: list[str], position: int) -> bool:
    """A lone letter after a number is its letter («2 а»), unless it starts a корпус («2 к 1»)."""
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    return not (tokens[position] in _BLOCK_MARKERS and following.isdigit())


def _house_or_number(tokens: list[str], position: int, explicit: bool) -> tuple[Term, int]:
    house, block = tokens[position], ""
    position += 1
    if position < len(tokens) and _is_letter(tokens[position]) and _ends_term(tokens, position):
        house, position, explicit = house + tokens[position], position + 1, True
    if position + 1 < len(tokens) and tokens[position] in _BLOCK_MARKERS and tokens[position + 1].isdigit():
        block, position, explicit = tokens[position] + tokens[position + 1], position + 2, True
    if explicit or "/" in house:
        return Term("house", house_key(house, block)), position
    return Term("number", house), position


# What each kind of term may mean in a reading.
_MEANINGS = {
    "word": ("name", "street"),
    "short word": ("name",),
    "noise": ("name", "skip"),
    "number": ("house", "apartment", "digits"),
    "short number": ("house", "apartment"),
    "house": ("house",),
    "apartment": ("apartment",),
}


def _meanings(term: Term, following: Term | None) -> tuple[str, ...]:
    if term.kind == "word" and len(term.text) < TRIGRAM:
        return _MEANINGS["short word"]
    meanings = _MEANINGS[term.kind]
    if term.kind == "number" and len(term.text) < DIGITS_IN_WORDS:
        meanings = _MEANINGS["short number"]
    if term.kind == "number" and following is not None and following.kind == "word":
        meanings = (*meanings, "street")  # «8 марта», «50 лет октября»: a number in the street's name
    return meanings


def readings(found: list[Term]) -> list[Reading]:
    """Every sensible meaning of `found`, names alone first, then name with address, then address alone."""
    options: list[tuple[int, int, Reading]] = []
    followers: list[Term | None] = [*found[1:], None] if found else []
    for choice in itertools.product(*(_meanings(t, f) for t, f in zip(found, followers, strict=True))):
        reading = _reading(found, choice)
        if reading is not None:
            mixed = bool(reading.names) and bool(reading.street)
            options.append((0 if not reading.street else 1 if mixed else 2, len(options), reading))
    unique = list(dict.fromkeys(r for _group, _n, r in sorted(options)))
    return unique[:MAX_READINGS]


def _reading(found: list[Term], choice: tuple[str, ...]) -> Reading | None:
    """The reading that gives each term the meaning `choice` says, or None when it makes no sense."""
    by_meaning: dict[str, list[Term]] = {}
    places: dict[str, list[int]] = {}
    for place, (term, meaning) in enumerate(zip(found, choice, strict=True)):
        by_meaning.setdefault(meaning, []).append(term)
        places.setdefault(meaning, []).append(place)
    street = by_meaning.get("street", [])
    numbered = _street_phrases(found, choice)
    if numbered is None:
        return None
    houses, apartments = by_meaning.get("house", []), by_meaning.get("apartment", [])
    if len(houses) > 1 or len(apartments) > 1:
        return None
    if not street and (houses or apartments or "skip" in by_meaning):
        return None  # «12 кв 5» alone would list half the town; noise is ignored only beside a street
    if not street and not by_meaning.get("name"):
        return None
    if street and any(t.kind == "noise" for t in by_meaning.get("name", [])):
        return None  # «ул.» beside a street is the street's
    if street and any(len(t.text) < PHONE_PART_BESIDE_STREET for t in by_meaning.get("digits", [])):
        return None  # «строителей 130 ильина»: three digits beside a street are its house
    if apartments and not houses and apartments[0].kind == "number":
        return None  # a bare number is an apartment only after the house
    both_bare = bool(houses and apartments) and apartments[0].kind == houses[0].kind == "number"
    if both_bare and places["apartment"][0] < places["house"][0]:
        return None  # «ленина 12 5»: the house first, then the apartment
    return Reading(
        names=tuple(t.text for t in by_meaning.get("name", [])),
        street=numbered,
        house=houses[0].text if houses else "",
        apartment=apartments[0].text if apartments else "",
        digits=tuple(t.text for t in by_meaning.get("digits", [])),
    )


def _street_phrases(found: list[Term], choice: tuple[str, ...]) -> tuple[str, ...] | None:
    """The street words of a reading, a number joined to the word after it («8 марта»); None when a
    number read as part of the street is not followed by a street word."""
    phrases: list[str] = []
    pending = ""
    for term, meaning in zip(found, choice, strict=True):
        if meaning != "street":
            if pending:
                return None
            continue
        if term.kind == "number":
            if pending:
                return None
            pending = term.text + " "
            continue
        phrases.append(pending + term.text)
        pending = ""
    return None if pending else tuple(phrases)
