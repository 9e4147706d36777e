"""Checking an old billing's export before anything is written (docs/legacy-import.md): every row
converted or refused with its file, line and field; tariff and street names mapped; addresses found
among our buildings; balances cross-checked. The result is a plan the import writes as it stands.

Severities: `error` refuses the import; `missing` (a street or building we do not have) refuses it
unless the administrator lets the import create the buildings; `warning` and `fixed` (a Latin
look-alike letter replaced, a phone rewritten) are listed and imported."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import Connection, select

from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import (
    Building,
    Contract,
    ContractStatus,
    ServiceKind,
    ServiceState,
    SubscriberKind,
    Tariff,
)
from app.money import format_money
from app.services.admin.legacy_plan import (
    ERROR,
    FIXED,
    MISSING,
    WARNING,
    Finding,
    LegacyPlan,
    PlannedContract,
    PlannedPayment,
    PlannedService,
    PlannedSubscriber,
    Progress,
    no_progress,
)
from app.services.admin.legacy_rows import LegacyExport
from app.services.kernel.addresses import full_address, house_key
from app.services.kernel.problems import LineUnreadable, read_date, read_kopecks
from app.services.kernel.text import fix_lookalikes, normalize_phone, search_key, tidy, to_cyrillic

CHUNK = 900
_KINDS = {"": SubscriberKind.PERSON, "person": SubscriberKind.PERSON, "company": SubscriberKind.COMPANY}
_STATUSES = {
    "": ContractStatus.ACTIVE,
    "active": ContractStatus.ACTIVE,
    "terminated": ContractStatus.TERMINATED,
}
_STATES = {"": ServiceState.ACTIVE, **{s.value: s for s in ServiceState if s != ServiceState.PENDING}}
NOT_IMPORTED = QT_TRANSLATE_NOOP("Errors", "There is no contract {number} among the contracts imported.")
_SERVICE_KINDS = {k.value: k for k in (ServiceKind.INTERNET, ServiceKind.CATV, ServiceKind.IPTV)}


def check_export(
    conn: Connection, export: LegacyExport, today: dt.date, progress: Progress = no_progress
) -> LegacyPlan:
    """Every row of `export` checked against itself and the database (read only)."""
    plan = LegacyPlan(export, today)
    for file, problem in export.problems:
        plan.findings.append(Finding(file, 0, "", ERROR, problem))
    progress("checking subscribers")
    subscribers = _subscribers(plan)
    progress("checking contracts")
    _contracts(plan, conn, subscribers)
    progress("finding the addresses among our buildings")
    _addresses(plan, conn)
    progress("checking services and payments")
    _services(plan, conn)
    _payments(plan)
    _balances_add_up(plan)
    return plan


def _subscribers(plan: LegacyPlan) -> dict[str, int]:
    """Check subscribers.csv; returns the legacy id → its line of every usable subscriber."""
    file, lines = "subscribers.csv", dict[str, int]()
    phones: dict[str, int] = {}
    for row in plan.export.subscribers:
        ok = True
        if not row.legacy_id:
            plan.add(file, row.line, "id", ERROR, QT_TRANSLATE_NOOP("Errors", "The subscriber has no id."))
            continue
        if row.legacy_id in lines:
            plan.add(
                file,
                row.line,
                "id",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The id {id} is already on line {line}."),
                row.legacy_id,
                id=row.legacy_id,
                line=lines[row.legacy_id],
            )
            continue
        name = tidy(fix_lookalikes(row.full_name))
        if name != tidy(row.full_name):
            plan.add(
                file,
                row.line,
                "full_name",
                FIXED,
                QT_TRANSLATE_NOOP("Errors", "Latin look-alike letters replaced: «{was}» → «{now}»."),
                row.full_name,
                was=row.full_name,
                now=name,
            )
        if not name or len(name) > 300:
            plan.add(
                file,
                row.line,
                "full_name",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The name is empty or longer than 300 characters."),
                row.full_name,
            )
            ok = False
        kind = _KINDS.get(row.kind.strip().lower())
        if kind is None:
            plan.add(
                file,
                row.line,
                "kind",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The kind is person or company."),
                row.kind,
            )
            ok = False
        numbers = []
        for column, raw in (("phone", row.phone), ("phone2", row.phone2)):
            if not raw.strip():
                numbers.append("")
                continue
            try:
                numbers.append(normalize_phone(raw))
            except ValidationError as exc:
                plan.add(file, row.line, column, ERROR, exc.source_text, raw, **exc.params)
                ok = False
                numbers.append("")
        if numbers[0] and numbers[0] in phones:
            plan.add(
                file,
                row.line,
                "phone",
                WARNING,
                QT_TRANSLATE_NOOP("Errors", "The phone {phone} is also on line {line}."),
                row.phone,
                phone=numbers[0],
                line=phones[numbers[0]],
            )
        elif numbers[0]:
            phones[numbers[0]] = row.line
        email = row.email.strip()
        if email and ("@" not in email or len(email) > 200 or " " in email):
            plan.add(
                file,
                row.line,
                "email",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "«{text}» is not an e-mail address."),
                email,
                text=email,
            )
            ok = False
        inn = row.inn.strip()
        if inn and not (inn.isdigit() and len(inn) in (10, 12)):
            plan.add(
                file, row.line, "inn", ERROR, QT_TRANSLATE_NOOP("Errors", "An INN is 10 or 12 digits."), inn
            )
            ok = False
        lines[row.legacy_id] = row.line
        if ok and kind is not None:
            plan.subscribers.append(
                PlannedSubscriber(row.legacy_id, name, kind, numbers[0], numbers[1], email, inn)
            )
    return lines


def _contracts(plan: LegacyPlan, conn: Connection, subscribers: dict[str, int]) -> None:
    file, lines = "contracts.csv", dict[str, int]()
    numbers = [row.number.strip() for row in plan.export.contracts if row.number.strip()]
    taken = _existing(conn, numbers)
    for row in plan.export.contracts:
        number = row.number.strip()
        if not number or len(number) > 32:
            plan.add(
                file,
                row.line,
                "number",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The contract number is empty or longer than 32 characters."),
                row.number,
            )
            continue
        if number in lines:
            plan.add(
                file,
                row.line,
                "number",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The contract number {number} is already on line {line}."),
                number,
                number=number,
                line=lines[number],
            )
            continue
        lines[number] = row.line
        if number in taken:
            plan.add(
                file,
                row.line,
                "number",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "Contract {number} is already in the database."),
                number,
                number=number,
            )
            continue
        if row.subscriber_id.strip() not in subscribers:
            plan.add(
                file,
                row.line,
                "subscriber_id",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "There is no subscriber {id} in subscribers.csv."),
                row.subscriber_id,
                id=row.subscriber_id,
            )
            continue
        try:
            signed_on = read_date(row.signed_on)
            balance = read_kopecks(row.balance) if row.balance.strip() else 0
            limit = read_kopecks(row.credit_limit) if row.credit_limit.strip() else 0
            debt_since = read_date(row.debt_since) if row.debt_since.strip() else None
            terminated_on = read_date(row.terminated_on) if row.terminated_on.strip() else None
        except LineUnreadable as exc:
            plan.findings.append(Finding(file, row.line, "", ERROR, exc.problem))
            continue
        status = _STATUSES.get(row.status.strip().lower())
        if status is None:
            plan.add(
                file,
                row.line,
                "status",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The status is active or terminated."),
                row.status,
            )
            continue
        if limit < 0:
            plan.add(
                file,
                row.line,
                "credit_limit",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The credit limit cannot be negative."),
                row.credit_limit,
            )
            continue
        if signed_on > plan.today:
            plan.add(
                file,
                row.line,
                "signed_on",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The contract is signed in the future."),
                row.signed_on,
            )
            continue
        if status == ContractStatus.TERMINATED:
            terminated_on = terminated_on or plan.today
        in_debt = status == ContractStatus.ACTIVE and balance < -limit
        if in_debt and debt_since is None:
            debt_since = plan.today
            plan.add(
                file,
                row.line,
                "debt_since",
                WARNING,
                QT_TRANSLATE_NOOP(
                    "Errors", "In debt, but the export does not say since when: counted from the import day."
                ),
            )
        elif not in_debt and debt_since is not None:
            debt_since = None
            plan.add(
                file,
                row.line,
                "debt_since",
                WARNING,
                QT_TRANSLATE_NOOP("Errors", "Not in debt by its balance: the debt date is dropped."),
                row.debt_since,
            )
        street = plan.export.street_names.get(tidy(row.street), row.street)
        place = (
            tidy(fix_lookalikes(row.city)),
            tidy(fix_lookalikes(street)),
            to_cyrillic("".join(row.house.split())).lower(),
            tidy(row.block),
        )
        if not place[0] or not place[1] or not place[2]:
            plan.add(
                file,
                row.line,
                "street",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The address needs a city, a street and a house."),
                f"{row.city}, {row.street}, {row.house}",
            )
            continue
        plan.contracts.append(
            PlannedContract(
                number,
                row.subscriber_id.strip(),
                signed_on,
                status,
                terminated_on,
                balance,
                limit,
                debt_since,
                place,
                tidy(to_cyrillic(row.apartment)).lower()[:20],
            )
        )


def _existing(conn: Connection, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        found.update(conn.scalars(select(Contract.number).where(Contract.number.in_(chunk))))
    return found


def _place_key(city: str, street: str, house: str, block: str) -> tuple[str, str, str]:
    return search_key(city), search_key(street), house_key(house, block)


def _addresses(plan: LegacyPlan, conn: Connection) -> None:
    """Find every contract's building among ours; report each unknown street and building once."""
    ours: dict[tuple[str, str, str], int] = {}
    streets: set[tuple[str, str]] = set()
    for row in conn.execute(
        select(Building.id, Building.city, Building.street, Building.house, Building.block)
    ):
        key = _place_key(row.city, row.street, row.house, row.block)
        ours.setdefault(key, row.id)
        streets.add(key[:2])
    first_line = {c.number: line for c, line in zip(plan.contracts, _contract_lines(plan), strict=True)}
    unknown: Counter[tuple[str, str, str, str]] = Counter()
    where: dict[tuple[str, str, str, str], int] = {}
    for contract in plan.contracts:
        key = _place_key(*contract.place)
        building = ours.get(key)
        plan.buildings[contract.place] = building
        if building is None:
            unknown[contract.place] += 1
            where.setdefault(contract.place, first_line[contract.number])
    reported_streets: set[tuple[str, str]] = set()
    for place, count in sorted(unknown.items(), key=lambda item: where[item[0]]):
        city, street, house, block = place
        street_key = _place_key(*place)[:2]
        if street_key not in streets and street_key not in reported_streets:
            reported_streets.add(street_key)
            plan.add(
                "contracts.csv",
                where[place],
                "street",
                MISSING,
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "We have no street «{street}» in {city}: map it in mapping.json or let the import add "
                    "its buildings.",
                ),
                street,
                street=street,
                city=city,
            )
        plan.add(
            "contracts.csv",
            where[place],
            "house",
            MISSING,
            QT_TRANSLATE_NOOP("Errors", "We have no building {address} (contracts: {count})."),
            full_address(city, street, house, block),
            address=full_address(city, street, house, block),
            count=count,
        )


def _contract_lines(plan: LegacyPlan) -> list[int]:
    line_of = {row.number.strip(): row.line for row in plan.export.contracts}
    return [line_of[c.number] for c in plan.contracts]


def _services(plan: LegacyPlan, conn: Connection) -> None:
    file = "services.csv"
    contracts = {c.number for c in plan.contracts}
    tariffs = {
        tidy(name).lower(): (tariff_id, ServiceKind(kind))
        for tariff_id, name, kind in conn.execute(select(Tariff.id, Tariff.name, Tariff.kind))
    }
    signed = {c.number: c.signed_on for c in plan.contracts}
    for row in plan.export.services:
        number = row.contract.strip()
        if number not in contracts:
            plan.add(
                file,
                row.line,
                "contract",
                ERROR,
                NOT_IMPORTED,
                row.contract,
                number=row.contract,
            )
            continue
        kind = _SERVICE_KINDS.get(row.kind.strip().lower())
        name = plan.export.tariff_names.get(tidy(row.tariff), row.tariff)
        tariff = tariffs.get(tidy(name).lower())
        state = _STATES.get(row.state.strip().lower())
        if kind is None:
            plan.add(
                file,
                row.line,
                "kind",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The service kind is internet, catv or iptv."),
                row.kind,
            )
        elif tariff is None:
            plan.add(
                file,
                row.line,
                "tariff",
                ERROR,
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "We have no tariff «{name}»: add it in Administration or map it in mapping.json.",
                ),
                row.tariff,
                name=name,
            )
        elif tariff[1] != kind:
            plan.add(
                file,
                row.line,
                "tariff",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The tariff «{name}» is not for this kind of service."),
                row.tariff,
                name=name,
            )
        elif state is None or (
            kind != ServiceKind.CATV and state in (ServiceState.DISCONNECT_PENDING, ServiceState.DISCONNECTED)
        ):
            plan.add(
                file,
                row.line,
                "state",
                ERROR,
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "The state is active, blocked, suspended or closed (cable TV also disconnect_pending or "
                    "disconnected).",
                ),
                row.state,
            )
        elif len(row.identifier) > 100:
            plan.add(
                file,
                row.line,
                "identifier",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The login or identifier is longer than 100 characters."),
                row.identifier,
            )
        else:
            try:
                started = read_date(row.started_on) if row.started_on.strip() else signed[number]
            except LineUnreadable as exc:
                plan.findings.append(Finding(file, row.line, "started_on", ERROR, exc.problem))
                continue
            plan.services.append(
                PlannedService(number, kind, tariff[0], state, row.identifier.strip(), started)
            )


def _payments(plan: LegacyPlan) -> None:
    file, seen = "payments.csv", dict[str, int]()
    contracts = {c.number for c in plan.contracts}
    for row in plan.export.payments:
        reference = row.reference.strip()
        if row.contract.strip() not in contracts:
            plan.add(
                file,
                row.line,
                "contract",
                ERROR,
                NOT_IMPORTED,
                row.contract,
                number=row.contract,
            )
            continue
        if not reference or len(reference) > 100:
            plan.add(
                file,
                row.line,
                "reference",
                ERROR,
                QT_TRANSLATE_NOOP(
                    "Errors", "The payment needs its reference in the old billing (up to 100 characters)."
                ),
                row.reference,
            )
            continue
        if reference in seen:
            plan.add(
                file,
                row.line,
                "reference",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "The reference {reference} is already on line {line}."),
                reference,
                reference=reference,
                line=seen[reference],
            )
            continue
        seen[reference] = row.line
        try:
            paid_on = read_date(row.date)
            amount = read_kopecks(row.amount)
        except LineUnreadable as exc:
            plan.findings.append(Finding(file, row.line, "", ERROR, exc.problem))
            continue
        if amount <= 0 or paid_on > plan.today:
            plan.add(
                file,
                row.line,
                "amount",
                ERROR,
                QT_TRANSLATE_NOOP("Errors", "A payment is more than zero and not dated in the future."),
                f"{row.date} {row.amount}",
            )
            continue
        plan.payments.append(PlannedPayment(row.contract.strip(), paid_on, amount, reference))


def _balances_add_up(plan: LegacyPlan) -> None:
    """The old billing's total per subscriber (when exported) against the sum of their contracts."""
    sums: Counter[str] = Counter()
    for contract in plan.contracts:
        sums[contract.subscriber] += contract.balance
    for row in plan.export.subscribers:
        if not row.balance.strip():
            continue
        try:
            total = read_kopecks(row.balance)
        except LineUnreadable as exc:
            plan.findings.append(Finding("subscribers.csv", row.line, "balance", ERROR, exc.problem))
            continue
        if total != sums[row.legacy_id]:
            plan.add(
                "subscribers.csv",
                row.line,
                "balance",
                ERROR,
                QT_TRANSLATE_NOOP(
                    "Errors", "The balance {total} does not add up: the subscriber's contracts come to {sum}."
                ),
                row.balance,
                total=format_money(total),
                sum=format_money(sums[row.legacy_id]),
            )
