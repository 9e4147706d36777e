"""The plan of a move-in from an old billing: what the checks found (each finding with its file, line
and column) and the rows converted and ready to write. legacy_check makes it; legacy_import writes it.

Severities: `error` refuses the import; `missing` (a street or building we do not have) refuses it
unless the administrator lets the import create the buildings; `warning` and `fixed` are listed and
imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from app.errors import QT_TRANSLATE_NOOP
from app.models import ContractStatus, ServiceKind, ServiceState, SubscriberKind
from app.services.admin.legacy_rows import LegacyExport
from app.services.kernel.problems import Problem

ERROR, MISSING, WARNING, FIXED = "error", "missing", "warning", "fixed"


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int  # 0: the file as a whole
    column: str
    severity: str
    problem: Problem
    value: str = ""


@dataclass(slots=True)
class PlannedSubscriber:
    legacy_id: str
    full_name: str
    kind: SubscriberKind
    phone: str
    phone2: str
    email: str
    inn: str


@dataclass(slots=True)
class PlannedContract:
    number: str
    subscriber: str  # legacy id
    signed_on: dt.date
    status: ContractStatus
    terminated_on: dt.date | None
    balance: int
    credit_limit: int
    debt_since: dt.date | None
    place: tuple[str, str, str, str]  # city, street, house, block (a building key of `buildings`)
    apartment: str


@dataclass(slots=True)
class PlannedService:
    contract: str
    kind: ServiceKind
    tariff_id: int
    state: ServiceState
    identifier: str
    started_on: dt.date


@dataclass(slots=True)
class PlannedPayment:
    contract: str
    paid_on: dt.date
    amount: int
    reference: str


@dataclass
class LegacyPlan:
    export: LegacyExport
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    subscribers: list[PlannedSubscriber] = field(default_factory=list)
    contracts: list[PlannedContract] = field(default_factory=list)
    services: list[PlannedService] = field(default_factory=list)
    payments: list[PlannedPayment] = field(default_factory=list)
    # building key → its id among ours, or None: to be created
    buildings: dict[tuple[str, str, str, str], int | None] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def refusals(self, *, create_missing: bool = False) -> list[Problem]:
        problems = []
        if self.count(ERROR):
            problems.append(
                Problem(
                    QT_TRANSLATE_NOOP("Errors", "Rows with errors: {count}. Nothing is imported."),
                    {"count": self.count(ERROR)},
                )
            )
        if self.count(MISSING) and not create_missing:
            problems.append(
                Problem(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Streets or buildings we do not have: {count}. Map the streets in mapping.json, add "
                        "the buildings, or let the import create them.",
                    ),
                    {"count": self.count(MISSING)},
                )
            )
        if not self.contracts and not self.count(ERROR):
            problems.append(Problem(QT_TRANSLATE_NOOP("Errors", "The export holds no contracts.")))
        return problems

    def add(
        self,
        file: str,
        line: int,
        column: str,
        severity: str,
        text: str,
        value: str = "",
        /,
        **params: object,
    ) -> None:
        self.findings.append(Finding(file, line, column, severity, Problem(text, dict(params)), value))


Progress = Callable[[str], None]  # told each stage as it starts (the command line prints them)


def no_progress(_stage: str) -> None:
    return None
