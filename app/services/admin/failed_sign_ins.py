"""Sign-ins a shared server refused, remembered by the PC they were typed on.

On a server PostgreSQL checks the password; when it says no, nobody has a connection to write the
failure to the history. So the program keeps it on this PC (`FailureMemory`, a file in the user's data
folder: app/adapters/failed_sign_ins.py) and, at the next successful sign-in on this PC, hands the
failures to the server's `record_failed_sign_ins` (migration 0012), which writes them as «failed
sign-in» events with this PC's name. The same memory makes this PC wait 1, 2, 4 … at most 30 seconds
after the third failure in a row before it sends the next attempt (a delay per workstation; the server
slows every failure down with auth_delay). The typed login is kept only as a SHA-256 digest — the
server matches it against its logins — and a masked form: people type their password into the login
box."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

MAX_REPORTED = 100  # failures handed to the server at one sign-in (the newest)


@dataclass(frozen=True)
class FailedSignIn:
    at: dt.datetime  # UTC
    login_sha256: str  # of the login as the sign-in used it (trimmed, lower-cased)
    masked: str  # «R…1 (12)»: what the history shows when no such login exists

    @classmethod
    def of(cls, at: dt.datetime, login: str, masked: str) -> FailedSignIn:
        return cls(at, hashlib.sha256(login.encode()).hexdigest(), masked)

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "login_sha256": self.login_sha256,
            "masked": self.masked,
        }

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> FailedSignIn:
        return cls(dt.datetime.fromisoformat(item["at"]), str(item["login_sha256"]), str(item["masked"]))


class FailureMemory(Protocol):
    """Where a PC keeps the refused sign-ins until they reach the history."""

    def all(self) -> list[FailedSignIn]: ...

    def add(self, failure: FailedSignIn) -> None: ...

    def clear(self) -> None: ...


class InMemoryFailures:
    """A memory that lives as long as the program (tests; a PC without a data folder)."""

    def __init__(self) -> None:
        self._failures: list[FailedSignIn] = []

    def all(self) -> list[FailedSignIn]:
        return list(self._failures)

    def add(self, failure: FailedSignIn) -> None:
        self._failures.append(failure)

    def clear(self) -> None:
        self._failures.clear()
