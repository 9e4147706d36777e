"""Addresses as Russian documents print them: «Тверь, ул. Ленина, д. 12, корп. 1, кв. 5»."""

from __future__ import annotations

import re

from app.services.kernel.text import to_cyrillic


def street_address(street: str, house: str, block: str = "") -> str:
    """«ул. Ленина, д. 12, к1»: the building without the town. A bare digit block reads «корп. 1»."""
    if block.isdigit():
        block = f"корп. {block}"
    return ", ".join(p for p in (street, f"д. {house}" if house else "", block) if p)


def full_address(city: str, street: str, house: str, block: str = "", apartment: str = "") -> str:
    """The town first, the apartment last (when there is one)."""
    parts = [city, street_address(street, house, block), f"кв. {apartment}" if apartment else ""]
    return ", ".join(p for p in parts if p)


_HOUSE_PREFIX = re.compile(r"^(?:дом|д)(?=[\d\s.])\.?")
_SEPARATORS = re.compile(r"[\s.,\-]+")
_BLOCK_WORDS = (("корпус", "к"), ("корп", "к"), ("строение", "с"), ("стр", "с"))


def _compact(text: str) -> str:
    key = _SEPARATORS.sub("", to_cyrillic(text).lower().replace("ё", "е"))
    for word, letter in _BLOCK_WORDS:
        key = key.replace(word, letter)
    return key


def house_key(house: str, block: str = "") -> str:
    """The house as search compares it, however it was written: «12А», «12 а» and «д. 12a» are «12а»;
    a корпус is «к» and its number («12» with «1», «к1» or «корп. 1» is «12к1»), a строение «с»;
    «2/1» stays. Building.house_key stores it; the search turns typed houses into it too."""
    house_part = _compact(_HOUSE_PREFIX.sub("", house.strip().lower()))
    block_part = _compact(block)
    if block_part.isdigit():
        block_part = "к" + block_part
    return (house_part + block_part)[:40]
