"""Addresses as Russian documents print them: «Тверь, ул. Ленина, д. 12, корп. 1, кв. 5»."""

from __future__ import annotations


def street_address(street: str, house: str, block: str = "") -> str:
    """«ул. Ленина, д. 12, к1»: the building without the town. A bare digit block reads «корп. 1»."""
    if block.isdigit():
        block = f"корп. {block}"
    return ", ".join(p for p in (street, f"д. {house}" if house else "", block) if p)


def full_address(city: str, street: str, house: str, block: str = "", apartment: str = "") -> str:
    """The town first, the apartment last (when there is one)."""
    parts = [city, street_address(street, house, block), f"кв. {apartment}" if apartment else ""]
    return ", ".join(p for p in parts if p)
