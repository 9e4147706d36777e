"""Data from outside (a bank's registry line, a row of an old billing's export): a problem found in
it, said in words (an English text marked for translation and its values, translated where it is
shown), and the readers of its sums and dates, which never guess."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from app.errors import QT_TRANSLATE_NOOP
from app.money import MAX_AMOUNT


@dataclass(frozen=True)
class Problem:
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return self.text.format(**self.params) if self.params else self.text


class LineUnreadable(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.english())
        self.problem = problem


_MONEY = re.compile(r"^-?\d+(?:[.,]\d{1,2})?$")
_DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")


def read_kopecks(text: str) -> int:
    """'1 500,00' → 150000. A registry's money has at most two decimals; anything else is refused."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text)).removesuffix("₽")
    if not _MONEY.match(cleaned):
        raise LineUnreadable(
            Problem(QT_TRANSLATE_NOOP("Errors", "«{text}» is not a sum of money."), {"text": text})
        )
    try:
        kopecks = int(Decimal(cleaned.replace(",", ".")) * 100)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already refused it
        raise LineUnreadable(Problem(QT_TRANSLATE_NOOP("Errors", "Unreadable sum."))) from exc
    if abs(kopecks) > MAX_AMOUNT:
        raise LineUnreadable(
            Problem(QT_TRANSLATE_NOOP("Errors", "The sum {text} is too large."), {"text": text})
        )
    return kopecks


def read_date(text: str, formats: tuple[str, ...] = _DATE_FORMATS) -> dt.date:
    cleaned = str(text).strip()
    for pattern in formats:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise LineUnreadable(Problem(QT_TRANSLATE_NOOP("Errors", "«{text}» is not a date."), {"text": text}))
