"""Money is integer kopecks end to end; these helpers parse and format it at the edges only."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.errors import QT_TRANSLATE_NOOP, ValidationError

MAX_AMOUNT = 100_000_000_00  # 100 million rubles: anything above is a typo
_AMOUNT = re.compile(r"^\d+([.,]\d{1,2})?$")


def format_money(kopecks: int, currency: str = "₽") -> str:
    """12345678 → '123 456,78 ₽' (narrow no-break spaces group the thousands, as Russian print does)."""
    sign = "−" if kopecks < 0 else ""
    rubles, kop = divmod(abs(kopecks), 100)
    grouped = f"{rubles:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{kop:02d}\u00a0{currency}".rstrip()


def parse_money(text: str, *, field: str = "amount", allow_zero: bool = False) -> int:
    """'1 200,50' → 120050. Refuses empty, negative, letters, more than two decimals, absurd sums."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("₽")
    if not cleaned:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter an amount."), field=field)
    if cleaned.startswith(("-", "−")):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The amount cannot be negative."), field=field)
    if not _AMOUNT.match(cleaned):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Enter the amount as rubles with up to two decimals, for example 1200 or 1200,50."
            ),
            field=field,
        )
    try:
        kopecks = int(Decimal(cleaned.replace(",", ".")) * 100)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise ValidationError(field=field) from exc
    if kopecks == 0 and not allow_zero:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount must be greater than zero."), field=field
        )
    if kopecks > MAX_AMOUNT:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The amount is too large: check the figure."), field=field
        )
    return kopecks
