"""What a registry file says, as plain data: the port between the file readers (app/adapters/
registry_formats, files in, these rows out) and the posting (registries.py).

A reader never guesses: a line it cannot read whole is still a line, with its `problem` said in
words; the posting lists it and refuses the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.kernel.problems import Problem


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
