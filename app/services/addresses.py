"""Addresses as Russian documents print them: «г. Тверь, ул. Ленина, д. 12, к. 1, кв. 5»."""

from __future__ import annotations


def format_address(city: str, street: str, house: str, block: str = "", apartment: str = "") -> str:
    parts = [p for p in (city, street) if p]
    if house:
        parts.append(f"д. {house}")
    if block:
        parts.append(f"к. {block}")
    if apartment:
        parts.append(f"кв. {apartment}")
    return ", ".join(parts)
