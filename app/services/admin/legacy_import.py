"""Moving in from an old billing (docs/legacy-import.md): the export checked (legacy_check), then
written as one batch, set-based, and rolled back as a whole while nothing else has touched it.

- Balances start from the ledger: every contract is written with a zero balance and gets an opening
  entry (an adjustment) of its old balance less the payments imported with it, so balance = the sum
  of its ledger entries from day one, by the same trigger as every other entry.
- The debt state comes along: the debt's start date, Internet or IPTV blocked, cable TV disconnected
  (or to be disconnected: a disconnect order is queued for it, due on the import day).
- Payments from the old billing's history become payments of the agent «legacy» (their references
  unique), so they show in the journal and on the card.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, ValidationError
from app.models import (
    Building,
    Contract,
    LedgerEntry,
    LedgerKind,
    LegacyContract,
    LegacyImport,
    Payment,
    PaymentAgent,
    PaymentMethod,
    Premises,
    Service,
    ServiceKind,
    ServiceState,
    Subscriber,
    WorkOrder,
    WorkOrderKind,
    WorkOrderStatus,
)
from app.money import format_money
from app.services.admin.legacy_check import check_export
from app.services.admin.legacy_plan import LegacyPlan, Progress, no_progress
from app.services.admin.legacy_rows import LegacyExport
from app.services.admin.places import building_search_text
from app.services.kernel.addresses import house_key
from app.services.kernel.bulk import insert_rows, reserve_ids
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.problems import Problem
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import search_key

LEGACY_AGENT = "legacy"  # the payment agent of the old billing's payment history
CHUNK = 900


class LegacyRefused(DomainError):
    message = QT_TRANSLATE_NOOP("Errors", "Nothing was imported: {reasons}")

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(reasons=" ".join(p.english() for p in problems))


@dataclass(frozen=True)
class LegacyImported:
    batch_id: int
    subscribers: int
    contracts: int
    services: int
    payments: int
    buildings_created: int
    opening_total: int  # kopecks: the sum of the opening balances


def check_legacy_export(
    db: Database, actor: Actor, export: LegacyExport, progress: Progress = no_progress
) -> LegacyPlan:
    """The dry run: every finding, nothing written (and no write lock taken)."""
    require(actor, Permission.IMPORT_SUBSCRIBERS)
    with db.reading(actor) as conn:
        return check_export(conn, export, business_today(read_settings(conn)), progress)


def import_legacy_export(
    db: Database,
    actor: Actor,
    export: LegacyExport,
    *,
    create_missing: bool = False,
    progress: Progress = no_progress,
) -> LegacyImported:
    """Check the export again inside the writing transaction and write it as one batch. Interrupted
    at any point before its commit (Ctrl+C, a lost connection), it leaves nothing behind."""
    require(actor, Permission.IMPORT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        today = business_today(read_settings(session))
        plan = check_export(session.connection(), export, today, progress)
        refusals = plan.refusals(create_missing=create_missing)
        if refusals:
            raise LegacyRefused(refusals)
        imported = _write(session, actor, plan, progress)
        progress("committing")
        return imported


def _write(session: Session, actor: Actor, plan: LegacyPlan, progress: Progress) -> LegacyImported:
    staff_id = actor.staff_id or None
    batch = LegacyImport(
        source=plan.export.source[:255], digest=plan.export.digest, staff_id=staff_id, counts={}
    )
    session.add(batch)
    session.flush()
    progress("writing buildings and premises")
    created = _create_buildings(session, plan)
    premises = _premises(session, plan)
    progress("writing subscribers and contracts")
    subscriber_ids = dict(
        zip(
            (s.legacy_id for s in plan.subscribers),
            reserve_ids(session, Subscriber, len(plan.subscribers)),
            strict=True,
        )
    )
    insert_rows(
        session,
        Subscriber,
        [
            {
                "id": subscriber_ids[s.legacy_id],
                "kind": s.kind.value,
                "full_name": s.full_name,
                "phone": s.phone,
                "phone2": s.phone2,
                "email": s.email,
                "notify_sms": bool(s.phone),
                "notify_email": False,
                "inn": s.inn,
                "search_name": search_key(s.full_name),
                "version": 1,
            }
            for s in plan.subscribers
        ],
    )
    contracts = [c for c in plan.contracts if c.subscriber in subscriber_ids]
    contract_ids = dict(
        zip((c.number for c in contracts), reserve_ids(session, Contract, len(contracts)), strict=True)
    )
    insert_rows(
        session,
        Contract,
        [
            {
                "id": contract_ids[c.number],
                "number": c.number,
                "subscriber_id": subscriber_ids[c.subscriber],
                "premises_id": premises[(c.place, c.apartment)],
                "signed_on": c.signed_on,
                "status": c.status.value,
                "terminated_on": c.terminated_on,
                "credit_limit": c.credit_limit,
                "balance": 0,
                "debt_since": c.debt_since,
                "never_block": False,
                "never_block_reason": "",
                "version": 1,
            }
            for c in contracts
        ],
    )
    insert_rows(
        session,
        LegacyContract,
        [{"contract_id": cid, "legacy_import_id": batch.id} for cid in contract_ids.values()],
    )
    progress("writing services and the payment history")
    services = _services(session, plan, contract_ids)
    payments = _payments(session, actor, plan, contract_ids)
    progress("writing opening balances")
    opening = _opening_balances(session, actor, plan, contract_ids, batch.id)
    orders = _disconnect_orders(session, actor, plan, contract_ids, premises)
    batch.counts = {
        "subscribers": len(subscriber_ids),
        "contracts": len(contract_ids),
        "services": services,
        "payments": payments,
        "ledger_entries": payments + opening.entries,
        "work_orders": orders,
        "buildings": created,
        "subscriber_ids": [min(subscriber_ids.values(), default=0), max(subscriber_ids.values(), default=0)],
        "premises_ids": [premises.first_new, premises.last_new],
    }
    record_event(
        session,
        actor=actor if actor.staff_id else None,
        kind=EventKind.LEGACY_IMPORTED,
        source=batch.source,
        subscribers=len(subscriber_ids),
        contracts=len(contract_ids),
        balance=format_money(opening.total),
        batch=batch.id,
    )
    session.flush()
    return LegacyImported(
        batch.id, len(subscriber_ids), len(contract_ids), services, payments, len(created), opening.total
    )


def _create_buildings(session: Session, plan: LegacyPlan) -> list[int]:
    created = []
    for place, building_id in plan.buildings.items():
        if building_id is not None:
            continue
        city, street, house, block = place
        building = Building(
            city=city,
            street=street,
            house=house,
            block=block,
            search_text=building_search_text(city, street, house, block, "", ""),
            house_key=house_key(house, block),
        )
        session.add(building)
        session.flush()
        plan.buildings[place] = building.id
        created.append(building.id)
    return created


class _Premises(dict[tuple[tuple[str, str, str, str], str], int]):
    first_new: int = 0
    last_new: int = 0


def _premises(session: Session, plan: LegacyPlan) -> _Premises:
    """(building key, apartment) → premises id: ours where they exist, new ones made in one go."""
    building_ids = sorted({b for b in plan.buildings.values() if b is not None})
    ours = premises_of(session.connection(), building_ids)
    found = _Premises()
    wanted: dict[tuple[tuple[str, str, str, str], str], None] = {}  # ordered, and a set: a million keys
    for contract in plan.contracts:
        key = (contract.place, contract.apartment)
        if key in found or key in wanted:
            continue
        existing = ours.get((plan.buildings[contract.place] or 0, contract.apartment))
        if existing is not None:
            found[key] = existing
        else:
            wanted[key] = None
    ids = reserve_ids(session, Premises, len(wanted))
    insert_rows(
        session,
        Premises,
        [
            {"id": pid, "building_id": plan.buildings[place], "apartment": apartment}
            for pid, (place, apartment) in zip(ids, wanted, strict=True)
        ],
    )
    found.update(zip(wanted, ids, strict=True))
    found.first_new, found.last_new = (min(ids), max(ids)) if ids else (0, 0)
    return found


def _services(session: Session, plan: LegacyPlan, contract_ids: dict[str, int]) -> int:
    rows = [
        {
            "contract_id": contract_ids[s.contract],
            "kind": s.kind.value,
            "tariff_id": s.tariff_id,
            "identifier": s.identifier,
            "state": s.state.value,
            "state_since": plan.today if s.state != ServiceState.ACTIVE else s.started_on,
            "started_on": s.started_on,
            "ended_on": plan.today if s.state == ServiceState.CLOSED else None,
            "version": 1,
        }
        for s in plan.services
        if s.contract in contract_ids
    ]
    insert_rows(session, Service, rows)
    return len(rows)


def _payments(session: Session, actor: Actor, plan: LegacyPlan, contract_ids: dict[str, int]) -> int:
    wanted = [p for p in plan.payments if p.contract in contract_ids]
    if not wanted:
        return 0
    agent = session.scalar(select(PaymentAgent).where(PaymentAgent.code == LEGACY_AGENT))
    if agent is None:
        agent = PaymentAgent(
            code=LEGACY_AGENT, name="Старый биллинг", file_format="columns", columns=None, active=False
        )
        session.add(agent)
        session.flush()
    taken: set[str] = set()
    refs = [p.reference for p in wanted]
    for start in range(0, len(refs), CHUNK):
        taken.update(
            session.scalars(
                select(Payment.external_ref).where(
                    Payment.agent_id == agent.id, Payment.external_ref.in_(refs[start : start + CHUNK])
                )
            )
        )
    if taken:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Payments of the old billing already imported: {count} (e.g. {reference})."
            ),
            count=len(taken),
            reference=sorted(taken)[0],
        )
    wanted.sort(key=lambda p: (contract_ids[p.contract], p.paid_on))
    entry_ids = reserve_ids(session, LedgerEntry, len(wanted))
    staff_id = actor.staff_id or None
    insert_rows(
        session,
        LedgerEntry,
        [
            {
                "id": entry_id,
                "contract_id": contract_ids[p.contract],
                "kind": LedgerKind.PAYMENT.value,
                "amount": p.amount,
                "business_date": p.paid_on,
                "staff_id": staff_id,
                "comment": f"old billing: {p.reference}"[:500],
            }
            for entry_id, p in zip(entry_ids, wanted, strict=True)
        ],
    )
    insert_rows(
        session,
        Payment,
        [
            {
                "client_uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"subscriber-desk:legacy:{p.reference}"),
                "contract_id": contract_ids[p.contract],
                "ledger_entry_id": entry_id,
                "amount": p.amount,
                "method": PaymentMethod.BANK_REGISTRY.value,
                "external_ref": p.reference,
                "business_date": p.paid_on,
                "staff_id": staff_id,
                "comment": "",
                "agent_id": agent.id,
                "commission": 0,
            }
            for entry_id, p in zip(entry_ids, wanted, strict=True)
        ],
    )
    return len(wanted)


@dataclass
class _Opening:
    entries: int = 0
    total: int = 0


def _opening_balances(
    session: Session, actor: Actor, plan: LegacyPlan, contract_ids: dict[str, int], batch_id: int
) -> _Opening:
    paid: dict[str, int] = {}
    for p in plan.payments:
        paid[p.contract] = paid.get(p.contract, 0) + p.amount
    rows = []
    opening = _Opening()
    for contract in sorted(plan.contracts, key=lambda c: contract_ids.get(c.number, 0)):
        if contract.number not in contract_ids:
            continue
        amount = contract.balance - paid.get(contract.number, 0)
        opening.total += contract.balance
        if amount == 0:
            continue
        rows.append(
            {
                "contract_id": contract_ids[contract.number],
                "kind": LedgerKind.ADJUSTMENT.value,
                "amount": amount,
                "business_date": plan.today,
                "staff_id": actor.staff_id or None,
                "comment": f"opening balance from the old billing (import {batch_id})",
            }
        )
    insert_rows(session, LedgerEntry, rows)
    opening.entries = len(rows)
    return opening


def _disconnect_orders(
    session: Session, actor: Actor, plan: LegacyPlan, contract_ids: dict[str, int], premises: _Premises
) -> int:
    """Cable TV that was to be disconnected stays so: its order goes on the dispatcher's queue."""
    pending = {s.contract for s in plan.services if s.state == ServiceState.DISCONNECT_PENDING}
    if not pending:
        return 0
    place = {c.number: (plan.buildings[c.place], premises[(c.place, c.apartment)]) for c in plan.contracts}
    ids = [contract_ids[n] for n in pending if n in contract_ids]
    services = _pending_services(session, ids)
    number_of = {cid: number for number, cid in contract_ids.items()}
    insert_rows(
        session,
        WorkOrder,
        [
            {
                "kind": WorkOrderKind.DISCONNECT_CATV.value,
                "status": WorkOrderStatus.NEW.value,
                "contract_id": s.contract_id,
                "service_id": s.id,
                "building_id": place[number_of[s.contract_id]][0],
                "premises_id": place[number_of[s.contract_id]][1],
                "due_on": plan.today,
                "note": "carried over from the old billing",
                "outcome_note": "",
                "cancel_reason": "",
                "created_by": actor.staff_id or None,
                "version": 1,
            }
            for s in services
        ],
    )
    return len(services)


def _pending_services(session: Session, ids: list[int]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        found.extend(
            session.execute(
                select(Service.id, Service.contract_id).where(
                    Service.contract_id.in_(ids[start : start + CHUNK]),
                    Service.kind == ServiceKind.CATV,
                    Service.state == ServiceState.DISCONNECT_PENDING,
                )
            ).all()
        )
    return found


def premises_of(conn: Connection, building_ids: list[int]) -> dict[tuple[int, str], int]:
    """(building id, apartment) → premises id, for the buildings given."""
    found: dict[tuple[int, str], int] = {}
    for start in range(0, len(building_ids), CHUNK):
        chunk = building_ids[start : start + CHUNK]
        for row in conn.execute(
            select(Premises.id, Premises.building_id, Premises.apartment).where(
                Premises.building_id.in_(chunk)
            )
        ):
            found.setdefault((row.building_id, row.apartment.lower()), row.id)
    return found
