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


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_date(text: str, formats: tuple[str, ...] = _DATE_FORMATS) -> dt.date:
    """A date as Russian files write it (05.12.2026, 05-12-2026, 05/12/2026, 2026-12-05, 05.12.26), or
    in one of `formats`; anything else, or a day that does not exist (31.02.2026), is refused."""
    cleaned = str(text).strip()
    if formats is _DATE_FORMATS:  # the usual forms without strptime: a million rows read in a second
        day_first, year_first = _DAY_MONTH_YEAR.match(cleaned), _YEAR_MONTH_DAY.match(cleaned)
        parts = (
            (int(day_first[3]), int(day_first[2]), int(day_first[1]))
            if day_first
            else (int(year_first[1]), int(year_first[2]), int(year_first[3]))
            if year_first
            else None
        )
        if parts is not None:
            try:
                return dt.date(*parts)
            except ValueError:
                raise LineUnreadable(
                    Problem(QT_TRANSLATE_NOOP("Errors", "«{text}» is not a date."), {"text": text})
                ) from None
    for pattern in formats:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise LineUnreadable(Problem(QT_TRANSLATE_NOOP("Errors", "«{text}» is not a date."), {"text": text}))
