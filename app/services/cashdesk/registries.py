"""Payments from a bank's or agent's registry file: each line judged, then the whole file posted as one
batch, set-based, through the same debt policy as a desk payment (docs/registries.md).

- **Judged, never guessed.** Every line gets a verdict: new, already imported (the agent's operation id
  was posted before), unknown contract, or an error (unreadable, not positive, dated in the future,
  an operation repeated in the file or posted before with other figures). A total line that does not
  match the lines refuses the file.
- **All or nothing.** A file posts only when nothing in it is wrong; unknown contracts are set aside
  only when the administrator says so, and stay listed with the batch. The batch, its ledger entries,
  payments, history events and the debt policy's work commit together.
- **Once.** An operation id is unique per agent (a database index) and the payment's UUID is derived
  from it, so importing a file again, or two people importing it at once, posts nothing twice.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, DomainError, NotFound
from app.models import (
    Contract,
    Event,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentAgent,
    PaymentCancellation,
    PaymentEffect,
    PaymentMethod,
    RegistryBatch,
    Service,
    ServiceKind,
    ServiceState,
)
from app.money import format_money
from app.services.billing.debt_policy import after_payment
from app.services.billing.effects import EffectKind
from app.services.billing.settlement import settle_contracts
from app.services.cashdesk.payment_agents import Agent, agent_of, read_agent
from app.services.cashdesk.registry_lines import RegistryFile, RegistryLine
from app.services.kernel.bulk import insert_rows, reserve_ids
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.problems import Problem
from app.services.kernel.settings import business_today, read_settings

# The namespace of registry payments' UUIDs: uuid5(namespace, "agent id/operation id").
REGISTRY_UUIDS = uuid.UUID("5d0c1f8e-2b7a-4c59-9a57-6f1d3c2b8e41")
MAX_OPERATION = 100  # payment.external_ref
LOOKUP_CHUNK = 900  # values per IN (...): below SQLite's variable limit on any version
POST_ATTEMPTS = 3
LOCK_SPACE = 0x52454753  # pg_advisory_xact_lock's first key for registry imports ("REGS")


class Verdict(enum.StrEnum):
    NEW = "new"
    ALREADY_IMPORTED = "already_imported"
    UNKNOWN_CONTRACT = "unknown_contract"
    ERROR = "error"


@dataclass(frozen=True)
class JudgedLine:
    line: RegistryLine
    verdict: Verdict
    contract_id: int | None = None
    subscriber_id: int | None = None
    problem: Problem | None = None


@dataclass(frozen=True)
class Tally:
    lines: int = 0
    amount: int = 0


@dataclass(frozen=True)
class RegistryPreview:
    agent: Agent
    file: RegistryFile
    lines: tuple[JudgedLine, ...]
    file_problems: tuple[Problem, ...]
    tallies: dict[Verdict, Tally] = field(default_factory=dict)

    def tally(self, verdict: Verdict) -> Tally:
        return self.tallies.get(verdict, Tally())

    def refusals(self, *, leave_unknown_aside: bool = False) -> list[Problem]:
        """Why the file cannot be posted as it is (empty: it can)."""
        problems = list(self.file_problems)
        errors = self.tally(Verdict.ERROR).lines
        if errors:
            problems.append(
                Problem(
                    QT_TRANSLATE_NOOP("Errors", "Lines with errors: {count}. The file is not posted."),
                    {"count": errors},
                )
            )
        unknown = self.tally(Verdict.UNKNOWN_CONTRACT).lines
        if unknown and not leave_unknown_aside:
            problems.append(
                Problem(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Lines naming contracts we do not have: {count}. Find the right contracts, or post "
                        "the rest and leave these lines aside.",
                    ),
                    {"count": unknown},
                )
            )
        return problems


@dataclass(frozen=True)
class PostedRegistry:
    batch_id: int | None  # None: nothing new to post (the file had been imported)
    payments: int
    amount: int
    commission: int
    already_imported: int
    left_aside: int  # lines naming unknown contracts, posted without them (kept with the batch)
    debts_cleared: int = 0
    services_unblocked: int = 0
    disconnects_cancelled: int = 0
    reconnections_ordered: int = 0


class RegistryRefused(DomainError):
    """The file cannot be posted; `problems` say why, line verdicts are in the preview."""

    message = QT_TRANSLATE_NOOP("Errors", "The registry was not posted: {reasons}")

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(reasons=" ".join(p.english() for p in problems))


def registry_uuid(agent_id: int, operation: str) -> uuid.UUID:
    return uuid.uuid5(REGISTRY_UUIDS, f"{agent_id}/{operation}")


def preview_registry(db: Database, actor: Actor, agent_id: int, registry: RegistryFile) -> RegistryPreview:
    """Every line's verdict and the totals; changes nothing (and takes no write lock)."""
    require(actor, Permission.IMPORT_PAYMENTS)
    with db.reading(actor) as conn:
        agent = read_agent(conn, agent_id)
        return _judge(conn, agent, registry, business_today(read_settings(conn)))


def post_registry(
    db: Database, actor: Actor, agent_id: int, registry: RegistryFile, *, leave_unknown_aside: bool = False
) -> PostedRegistry:
    """Post the file's new lines as one batch, judged again inside the posting transaction (another
    workstation may have imported it a moment ago). Raises RegistryRefused when it cannot be posted."""
    require(actor, Permission.IMPORT_PAYMENTS)
    for attempt in range(POST_ATTEMPTS):
        try:
            with db.transaction(actor) as session:
                return _post(session, actor, agent_id, registry, leave_unknown_aside)
        except (IntegrityError, ConcurrentEdit):
            # The same operations committed by another import at this moment (the unique index), or a
            # deadlock with the billing run: nothing was committed; judged again, they are found.
            if attempt == POST_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _judge(
    session: Session | Connection, agent: Agent, registry: RegistryFile, today: dt.date
) -> RegistryPreview:
    file_problems: list[Problem] = []
    if registry.problem is not None:
        file_problems.append(registry.problem)
    elif not registry.lines:
        file_problems.append(Problem(QT_TRANSLATE_NOOP("Errors", "The file holds no payments.")))
    first_seen: dict[str, int] = {}
    checked: list[JudgedLine | RegistryLine] = []
    for line in registry.lines:
        problem = line.problem or _line_problem(line, today)
        if problem is None and line.operation in first_seen:
            problem = Problem(
                QT_TRANSLATE_NOOP("Errors", "Operation {operation} is already on line {line} of this file."),
                {"operation": line.operation, "line": first_seen[line.operation]},
            )
        first_seen.setdefault(line.operation, line.number)
        checked.append(JudgedLine(line, Verdict.ERROR, problem=problem) if problem else line)
    readable = [item for item in checked if isinstance(item, RegistryLine)]
    contracts = _contracts(session, {line.account for line in readable})
    posted = _posted_operations(session, agent.id, [line.operation for line in readable])
    judged: list[JudgedLine] = []
    for item in checked:
        if isinstance(item, JudgedLine):
            judged.append(item)
            continue
        judged.append(_verdict(item, contracts.get(item.account), posted.get(item.operation)))
    tallies: dict[Verdict, Tally] = {}
    for verdict, lines in _group(judged).items():
        tallies[verdict] = Tally(len(lines), sum(j.line.amount or 0 for j in lines))
    total_problem = _total_problem(registry)
    if total_problem is not None:
        file_problems.append(total_problem)
    return RegistryPreview(agent, registry, tuple(judged), tuple(file_problems), tallies)


def _line_problem(line: RegistryLine, today: dt.date) -> Problem | None:
    if not line.operation:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The line has no operation number."))
    if len(line.operation) > MAX_OPERATION:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The operation number is longer than 100 characters."))
    if not line.account:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The line names no contract (account)."))
    if line.amount is None or line.amount <= 0:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The amount must be greater than zero."))
    if line.paid_on is None:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The line has no payment date."))
    if line.paid_on > today:
        return Problem(
            QT_TRANSLATE_NOOP("Errors", "The payment date {date} is in the future."),
            {"date": line.paid_on.strftime("%d.%m.%Y")},
        )
    if line.commission < 0:
        return Problem(QT_TRANSLATE_NOOP("Errors", "The commission cannot be negative."))
    return None


def _verdict(line: RegistryLine, contract: tuple[int, int] | None, before: _Before | None) -> JudgedLine:
    if before is not None:
        if contract is None or contract[0] != before.contract_id or before.amount != line.amount:
            return JudgedLine(
                line,
                Verdict.ERROR,
                problem=Problem(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Operation {operation} was posted before with other figures ({amount}): "
                        "ask the agent.",
                    ),
                    {"operation": line.operation, "amount": format_money(before.amount)},
                ),
            )
        problem = None
        if before.cancelled_at is not None:
            # A cancelled operation stays taken: posting it again is a person's decision at the desk.
            problem = Problem(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Operation {operation} was posted and then cancelled; it is not posted again. If the "
                    "money did come in, take it as a payment at the cash desk.",
                ),
                {"operation": line.operation},
            )
        return JudgedLine(line, Verdict.ALREADY_IMPORTED, contract[0], contract[1], problem)
    if contract is None:
        return JudgedLine(
            line,
            Verdict.UNKNOWN_CONTRACT,
            problem=Problem(
                QT_TRANSLATE_NOOP("Errors", "There is no contract {account}."), {"account": line.account}
            ),
        )
    return JudgedLine(line, Verdict.NEW, contract[0], contract[1])


def _total_problem(registry: RegistryFile) -> Problem | None:
    total = registry.total
    if total is None:
        return None
    count = len(registry.lines)
    amount = sum(line.amount or 0 for line in registry.lines)
    commission = sum(line.commission for line in registry.lines)
    if (
        (total.lines is not None and total.lines != count)
        or total.amount != amount
        or (total.commission is not None and total.commission != commission)
    ):
        return Problem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The total line says: payments {total_lines}, amount {total_amount}, commission "
                "{total_commission}; the lines add up to: payments {lines}, amount {amount}, commission "
                "{commission}. The file may be cut or altered: ask the agent for it again.",
            ),
            {
                "total_lines": "—" if total.lines is None else total.lines,
                "total_amount": format_money(total.amount),
                "total_commission": "—" if total.commission is None else format_money(total.commission),
                "lines": count,
                "amount": format_money(amount),
                "commission": format_money(commission),
            },
        )
    return None


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def _is_postgresql(session: Session | Connection) -> bool:
    bind = session.get_bind() if isinstance(session, Session) else session
    return bind.dialect.name == "postgresql"


# PostgreSQL: one statement for the whole file, the numbers as one array joined to the table. (As
# `number = ANY(…)` the planner takes the trigram index of migration 0014 and spends a second per 900
# numbers; joined, it hashes or loops over the unique index.)
_PG_CONTRACTS = text(
    "SELECT c.number, c.id, c.subscriber_id FROM unnest(CAST(:numbers AS text[])) AS wanted(number) "
    "JOIN contract c ON c.number = wanted.number"
)
_PG_OPERATIONS = text(
    "SELECT p.external_ref, p.contract_id, p.amount, c.cancelled_at FROM unnest(CAST(:refs AS text[])) "
    "AS wanted(ref) JOIN payment p ON p.agent_id = :agent AND p.external_ref = wanted.ref "
    "LEFT JOIN payment_cancellation c ON c.payment_id = p.id"
)


def _contracts(session: Session | Connection, accounts: set[str]) -> dict[str, tuple[int, int]]:
    """Contract number → (contract id, subscriber id)."""
    if _is_postgresql(session):
        rows = session.execute(_PG_CONTRACTS, {"numbers": sorted(accounts)})
        return {number: (int(cid), int(sid)) for number, cid, sid in rows}
    found: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(accounts)):
        rows = session.execute(
            select(Contract.number, Contract.id, Contract.subscriber_id).where(Contract.number.in_(chunk))
        )
        found.update((number, (int(cid), int(sid))) for number, cid, sid in rows)
    return found


@dataclass(frozen=True)
class _Before:
    """An operation of the agent posted before."""

    contract_id: int
    amount: int
    cancelled_at: dt.datetime | None


def _posted_operations(
    session: Session | Connection, agent_id: int, operations: Sequence[str]
) -> dict[str, _Before]:
    """The agent's operation id → what was posted for it before."""
    if _is_postgresql(session):
        rows = session.execute(_PG_OPERATIONS, {"refs": sorted(set(operations)), "agent": agent_id})
        return {ref: _Before(int(cid), int(amount), cancelled) for ref, cid, amount, cancelled in rows}
    found: dict[str, _Before] = {}
    for chunk in _chunks(sorted(set(operations))):
        rows = session.execute(
            select(
                Payment.external_ref, Payment.contract_id, Payment.amount, PaymentCancellation.cancelled_at
            )
            .outerjoin(PaymentCancellation, PaymentCancellation.payment_id == Payment.id)
            .where(Payment.agent_id == agent_id, Payment.external_ref.in_(chunk))
        )
        found.update((ref, _Before(int(cid), int(amount), cancelled)) for ref, cid, amount, cancelled in rows)
    return found


def _group(judged: Iterable[JudgedLine]) -> dict[Verdict, list[JudgedLine]]:
    groups: dict[Verdict, list[JudgedLine]] = {}
    for item in judged:
        groups.setdefault(item.verdict, []).append(item)
    return groups


def _post(
    session: Session, actor: Actor, agent_id: int, registry: RegistryFile, leave_unknown_aside: bool
) -> PostedRegistry:
    if _is_postgresql(session):
        # Two imports of one agent's files take turns (the second then sees the first's operations).
        # An advisory lock, not the agent's row: the scheduled task may post but not edit agents.
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :agent)"), {"space": LOCK_SPACE, "agent": agent_id}
        )
    row = session.get(PaymentAgent, agent_id)
    if row is None:
        raise NotFound()
    agent = agent_of(row)
    settings = read_settings(session)
    today = business_today(settings)
    preview = _judge(session, agent, registry, today)
    refusals = preview.refusals(leave_unknown_aside=leave_unknown_aside)
    if refusals:
        raise RegistryRefused(refusals)
    groups = _group(preview.lines)
    new = sorted(groups.get(Verdict.NEW, []), key=lambda j: (j.contract_id or 0, j.line.number))
    aside = [*groups.get(Verdict.ALREADY_IMPORTED, []), *groups.get(Verdict.UNKNOWN_CONTRACT, [])]
    already = preview.tally(Verdict.ALREADY_IMPORTED).lines
    unknown = preview.tally(Verdict.UNKNOWN_CONTRACT).lines
    if not new:
        return PostedRegistry(None, 0, 0, 0, already, unknown)
    amount = sum(j.line.amount or 0 for j in new)
    commission = sum(j.line.commission for j in new)
    dates = [j.line.paid_on for j in new if j.line.paid_on is not None]
    batch = RegistryBatch(
        agent_id=agent.id,
        file_name=registry.file_name[:255],
        file_digest=registry.digest,
        first_date=min(dates),
        last_date=max(dates),
        payments=len(new),
        amount=amount,
        commission=commission,
        left_aside=[_aside_row(j) for j in sorted(aside, key=lambda j: j.line.number)] or None,
        staff_id=actor.staff_id or None,
    )
    session.add(batch)
    session.flush()
    payment_ids = _write_payments(session, actor, agent, batch.id, new)
    record_event(
        session,
        actor=_person(actor),
        kind=EventKind.REGISTRY_POSTED,
        file=batch.file_name,
        agent=agent.name,
        payments=len(new),
        amount=format_money(amount),
        kopecks=amount,
        batch=batch.id,
    )
    counts = _debt_policy(session, actor, new, payment_ids, today, settings)
    return PostedRegistry(batch.id, len(new), amount, commission, already, unknown, **counts)


def _person(actor: Actor) -> Actor | None:
    """The actor to name in rows: None for the scheduled task (staff id 0), which the rows call «system»."""
    return actor if actor.staff_id else None


def _aside_row(judged: JudgedLine) -> dict[str, object]:
    line = judged.line
    return {
        "line": line.number,
        "verdict": judged.verdict.value,
        "operation": line.operation,
        "account": line.account,
        "amount": line.amount,
        "payer": line.payer,
        "date": line.paid_on.isoformat() if line.paid_on else None,
    }


def _write_payments(
    session: Session, actor: Actor, agent: Agent, batch_id: int, new: Sequence[JudgedLine]
) -> list[int]:
    """The ledger entries, payments and history events of the new lines, many rows per statement
    (COPY on PostgreSQL), with ids taken beforehand so that each payment names its entry."""
    staff_id = actor.staff_id or None
    entry_ids = reserve_ids(session, LedgerEntry, len(new))
    payment_ids = reserve_ids(session, Payment, len(new))
    insert_rows(
        session,
        LedgerEntry,
        [
            {
                "id": entry_id,
                "contract_id": j.contract_id,
                "kind": LedgerKind.PAYMENT.value,
                "amount": j.line.amount,
                "business_date": j.line.paid_on,
                "staff_id": staff_id,
                "comment": f"{agent.name}: {j.line.operation}"[:500],
            }
            for entry_id, j in zip(entry_ids, new, strict=True)
        ],
    )
    insert_rows(
        session,
        Payment,
        [
            {
                "id": payment_id,
                "client_uuid": registry_uuid(agent.id, j.line.operation),
                "contract_id": j.contract_id,
                "ledger_entry_id": entry_id,
                "amount": j.line.amount,
                "method": PaymentMethod.BANK_REGISTRY.value,
                "external_ref": j.line.operation,
                "business_date": j.line.paid_on,
                "staff_id": staff_id,
                "comment": j.line.payer[:500],
                "agent_id": agent.id,
                "registry_batch_id": batch_id,
                "commission": j.line.commission,
            }
            for payment_id, entry_id, j in zip(payment_ids, entry_ids, new, strict=True)
        ],
    )
    template = EVENT_TEMPLATES[EventKind.REGISTRY_PAYMENT_POSTED]
    events = []
    for payment_id, j in zip(payment_ids, new, strict=True):
        params: dict[str, object] = {
            "amount": format_money(j.line.amount or 0),
            "kopecks": j.line.amount,
            "date": j.line.paid_on.strftime("%d.%m.%Y") if j.line.paid_on else "",
            "agent": agent.name,
            "operation": j.line.operation,
            "payment": payment_id,
        }
        events.append(
            {
                "actor_staff_id": staff_id,
                "kind": EventKind.REGISTRY_PAYMENT_POSTED,
                "summary": template.format(**params)[:500],
                "subscriber_id": j.subscriber_id,
                "contract_id": j.contract_id,
                "details": params,
            }
        )
    insert_rows(session, Event, events)
    return payment_ids


def _debt_policy(
    session: Session,
    actor: Actor,
    new: Sequence[JudgedLine],
    payment_ids: Sequence[int],
    today: dt.date,
    settings: dict[str, str],
) -> dict[str, int]:
    """The payment side of the debt policy, as a desk payment runs it, for the contracts of the file:
    debts now paid are settled set-based (services unblocked, disconnect orders cancelled as «paid»);
    contracts with cable TV cut off go through `after_payment` one by one (the reconnection fee and
    order; few). What was done is kept with the contract's last payment of the file, so that
    cancelling that payment, or the batch, undoes it."""
    last_payment: dict[int, int] = {}
    for payment_id, j in zip(payment_ids, new, strict=True):
        assert j.contract_id is not None
        last_payment[j.contract_id] = payment_id
    ids = sorted(last_payment)
    paid_off: set[int] = set()
    cut_off: set[int] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        paid_off.update(
            session.scalars(
                select(Contract.id).where(
                    Contract.id.in_(chunk),
                    Contract.debt_since.is_not(None),
                    Contract.balance >= -Contract.credit_limit,
                )
            )
        )
        cut_off.update(
            session.scalars(
                select(Service.contract_id).where(
                    Service.contract_id.in_(chunk),
                    Service.kind == ServiceKind.CATV,
                    Service.state == ServiceState.DISCONNECTED,
                )
            )
        )
    effects = settle_contracts(session, paid_off, today, actor=_person(actor))
    for contract_id in sorted(cut_off):
        effects.setdefault(contract_id, []).extend(
            after_payment(session, contract_id, today, actor=_person(actor), settings=settings)
        )
    session.flush()
    insert_rows(
        session,
        PaymentEffect,
        [
            {
                "payment_id": last_payment[contract_id],
                "kind": effect.kind.value,
                "debt_since": effect.debt_since,
                "service_id": effect.service_id,
                "work_order_id": effect.work_order_id,
                "ledger_entry_id": effect.ledger_entry_id,
            }
            for contract_id in sorted(effects)
            for effect in effects[contract_id]
        ],
    )
    done = Counter(effect.kind for contract_effects in effects.values() for effect in contract_effects)
    return {
        "debts_cleared": done[EffectKind.DEBT_CLEARED],
        "services_unblocked": done[EffectKind.SERVICE_UNBLOCKED],
        "disconnects_cancelled": done[EffectKind.DISCONNECT_CANCELLED],
        "reconnections_ordered": done[EffectKind.RECONNECTION],
    }
