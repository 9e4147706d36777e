"""What a registry file says, as plain data: the port between the file readers (app/adapters/
registry_formats, files in, these rows out) and the posting (registries.py).

A reader never guesses: a line it cannot read whole is still a line, with its `problem` said in
words; the posting lists it and refuses the file."""

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
    """Why a line or a file cannot be posted: an English text marked for translation, and its values."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return self.text.format(**self.params) if self.params else self.text


@dataclass(frozen=True)
class RegistryLine:
    number: int  # the line's number in the file, as a text editor counts (or the sheet's row)
    paid_on: dt.date | None
    operation: str  # the agent's operation id: unique per agent
    account: str  # our contract number, as the payer gave it
    amount: int | None  # kopecks credited to the contract
    commission: int = 0  # kopecks the agent kept
    payer: str = ""
    address: str = ""
    period: str = ""
    paid_at: str = ""  # the time of day as the file gives it
    problem: Problem | None = None


@dataclass(frozen=True)
class RegistryTotal:
    """The file's own total line: what the agent says it sent."""

    lines: int | None
    amount: int
    commission: int | None = None


@dataclass(frozen=True)
class RegistryFile:
    file_name: str
    digest: str  # SHA-256 of the bytes read
    lines: tuple[RegistryLine, ...]
    total: RegistryTotal | None = None
    problem: Problem | None = None  # the file as a whole cannot be read


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
