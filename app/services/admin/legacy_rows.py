"""What an old billing's export says, as plain rows: the port between the export reader
(app/adapters/legacy_csv.py: files in, these rows out) and the import (legacy_import.py).

Every value is the text as exported; the import checks and converts it, so that every problem is
reported the same way, with its file and line."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.services.kernel.problems import Problem


@dataclass(frozen=True, slots=True)
class LegacySubscriber:
    line: int
    legacy_id: str
    full_name: str
    kind: str = ""  # person (default) | company
    phone: str = ""
    phone2: str = ""
    email: str = ""
    inn: str = ""
    balance: str = ""  # the old billing's total over the subscriber's contracts, to cross-check


@dataclass(frozen=True, slots=True)
class LegacyContract:
    line: int
    number: str
    subscriber_id: str
    signed_on: str
    city: str
    street: str
    house: str
    block: str = ""
    apartment: str = ""
    status: str = ""  # active (default) | terminated
    balance: str = "0"  # rubles; negative: a debt
    debt_since: str = ""
    credit_limit: str = ""
    terminated_on: str = ""


@dataclass(frozen=True, slots=True)
class LegacyService:
    line: int
    contract: str
    kind: str  # internet | catv | iptv
    tariff: str
    state: str = ""  # active (default) | blocked | suspended | disconnected | disconnect_pending
    identifier: str = ""
    started_on: str = ""


@dataclass(frozen=True, slots=True)
class LegacyPayment:
    line: int
    contract: str
    date: str
    amount: str
    reference: str


@dataclass(frozen=True, slots=True)
class LegacyExport:
    source: str  # the folder's name
    digest: str  # SHA-256 over the files read
    subscribers: tuple[LegacySubscriber, ...] = ()
    contracts: tuple[LegacyContract, ...] = ()
    services: tuple[LegacyService, ...] = ()
    payments: tuple[LegacyPayment, ...] = ()
    tariff_names: dict[str, str] = field(default_factory=dict)  # old name → ours
    street_names: dict[str, str] = field(default_factory=dict)  # old name → ours
    problems: tuple[tuple[str, Problem], ...] = ()  # (file, problem): a file that cannot be read
