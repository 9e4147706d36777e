"""«Everything we hold about this subscriber» (152-FZ, art. 14: the data subject's right to know):
the card, the personal data, contracts, services, the ledger and payments, notes, the history about
them and who looked at their personal data and when — as JSON for machines and as a Russian PDF for
the person (app/printing/subject_record.py). Producing it opens the personal data (an event) and is
itself recorded as an export."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from sqlalchemy import or_, select

from app import clock
from app.db import Database
from app.errors import NotFound
from app.models import (
    Contract,
    Event,
    LedgerEntry,
    Payment,
    Premises,
    Service,
    Staff,
    Subscriber,
    SubscriberNote,
    Tariff,
)
from app.services.frontdesk.personal_data import Purpose, open_personal_data
from app.services.kernel.addresses import full_address
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require


@dataclass(frozen=True)
class SubjectContract:
    number: str
    address: str
    signed_on: dt.date
    status: str
    terminated_on: dt.date | None
    balance: int  # kopecks
    services: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SubjectRecord:
    produced_at: dt.datetime
    produced_by: str
    subscriber: dict[str, Any]
    personal_data: dict[str, Any]
    contracts: list[SubjectContract]
    notes: list[dict[str, Any]]
    history: list[dict[str, Any]]
    viewed_by: list[dict[str, Any]]  # who opened the personal data, when, what for


def subject_record(db: Database, actor: Actor, contract_number: str) -> SubjectRecord:
    """Everything about the subscriber of `contract_number` (any of their contracts)."""
    require(actor, Permission.VIEW_PERSONAL_DATA)
    with db.transaction(actor) as session:
        subscriber_id = session.scalar(
            select(Contract.subscriber_id).where(Contract.number == contract_number)
        )
        if subscriber_id is None:
            raise NotFound()
        subscriber = session.get_one(Subscriber, subscriber_id)
        personal = open_personal_data(session, actor, subscriber_id, Purpose.SUBJECT_EXPORT)
        names: dict[int, str] = {
            r.id: r.full_name for r in session.execute(select(Staff.id, Staff.full_name))
        }
        tariffs: dict[int, str] = {r.id: r.name for r in session.execute(select(Tariff.id, Tariff.name))}
        contracts = []
        contract_ids = []
        for contract in session.scalars(
            select(Contract).where(Contract.subscriber_id == subscriber_id).order_by(Contract.id)
        ):
            contract_ids.append(contract.id)
            premises = session.get(Premises, contract.premises_id) if contract.premises_id else None
            contracts.append(
                SubjectContract(
                    number=contract.number,
                    address=full_address(
                        premises.building.city,
                        premises.building.street,
                        premises.building.house,
                        premises.building.block,
                        premises.apartment,
                    )
                    if premises is not None
                    else "",
                    signed_on=contract.signed_on,
                    status=contract.status.value,
                    terminated_on=contract.terminated_on,
                    balance=contract.balance,
                    services=[
                        {
                            "kind": s.kind.value,
                            "tariff": tariffs.get(s.tariff_id, ""),
                            "identifier": s.identifier,
                            "state": s.state.value,
                            "started_on": s.started_on,
                            "ended_on": s.ended_on,
                        }
                        for s in session.scalars(
                            select(Service).where(Service.contract_id == contract.id).order_by(Service.id)
                        )
                    ],
                    ledger=[
                        {
                            "date": e.business_date,
                            "kind": e.kind.value,
                            "amount": e.amount,
                            "comment": e.comment,
                        }
                        for e in session.scalars(
                            select(LedgerEntry)
                            .where(LedgerEntry.contract_id == contract.id)
                            .order_by(LedgerEntry.id)
                        )
                    ],
                    payments=[
                        {
                            "posted_at": p.posted_at,
                            "amount": p.amount,
                            "method": p.method.value,
                            "receipt": p.receipt_number,
                            "cashier": names.get(p.staff_id or 0, ""),
                        }
                        for p in session.scalars(
                            select(Payment).where(Payment.contract_id == contract.id).order_by(Payment.id)
                        )
                    ],
                )
            )
        events = list(
            session.scalars(
                select(Event)
                .where(or_(Event.subscriber_id == subscriber_id, Event.contract_id.in_(contract_ids or [0])))
                .order_by(Event.id)
            )
        )
        history = [
            {
                "at": e.occurred_at,
                "kind": e.kind,
                "summary": e.summary,
                "details": dict(e.details or {}),
                "by": names.get(e.actor_staff_id or 0, "") if e.actor_staff_id else "система",
            }
            for e in events
        ]
        viewed = [
            {
                "at": e.occurred_at,
                "by": names.get(e.actor_staff_id or 0, ""),
                "purpose": str((e.details or {}).get("purpose", "")),
            }
            for e in events
            if e.kind in (EventKind.PERSONAL_DATA_VIEWED, EventKind.PASSPORT_MATCHED)
        ]
        notes = [
            {"at": n.created_at, "by": names.get(n.staff_id or 0, ""), "text": n.text}
            for n in session.scalars(
                select(SubscriberNote)
                .where(SubscriberNote.subscriber_id == subscriber_id)
                .order_by(SubscriberNote.id)
            )
        ]
        record_event(
            session,
            actor=actor,
            kind=EventKind.PERSONAL_DATA_EXPORTED,
            subscriber_id=subscriber_id,
            report="subject",
            records=1,
            form="pdf+json",
            scope=contract_number,
            login=actor.login,
        )
        return SubjectRecord(
            produced_at=clock.now(),
            produced_by=actor.full_name,
            subscriber={
                "kind": subscriber.kind.value,
                "full_name": subscriber.full_name,
                "phone": subscriber.phone,
                "phone2": subscriber.phone2,
                "email": subscriber.email,
                "notify_sms": subscriber.notify_sms,
                "notify_email": subscriber.notify_email,
                "inn": subscriber.inn,
                "created_at": subscriber.created_at,
            },
            personal_data={
                "passport_series": personal.passport_series,
                "passport_number": personal.passport_number,
                "passport_issued_by": personal.passport_issued_by,
                "passport_issued_on": personal.passport_issued_on,
                "birth_date": personal.birth_date,
            },
            contracts=contracts,
            notes=notes,
            history=history,
            viewed_by=viewed,
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def write_json(record: SubjectRecord, out: IO[str]) -> None:
    json.dump(asdict(record), out, ensure_ascii=False, indent=2, default=_plain)
