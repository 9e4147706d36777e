"""«Never block»: contracts the debt policy leaves alone (a school, a hospital, a director's flat),
for good or until a date. Set and cleared on the card by whoever holds EXEMPT_FROM_BLOCKING, always
with a reason; every change is an event in the subscriber's history.

Marking a contract that is already in debt undoes the debt's consequences at once, in the same
transaction (blocked services come back, an open disconnect order is cancelled with the reason
«exempt»): nobody is sent to cut an institution because the night run has not come yet. Clearing the
mark (or its date passing) makes the contract an ordinary one again: if it still owes, the next run
starts its debt with the full grace period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import Contract, ContractStatus
from app.services.billing.debt_policy import settle_contract
from app.services.dispatch.orders import REASON_EXEMPT
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy

MAX_REASON = 500


@dataclass(frozen=True)
class Exemption:
    """What the card shows: exempt now, until when (None: for good) and why."""

    active: bool
    until: dt.date | None
    reason: str


def exemption_of(contract: Contract, today: dt.date) -> Exemption | None:
    """The contract's «never block» as of `today`, or None when it is not marked (or the date passed)."""
    if not contract.never_block:
        return None
    active = contract.never_block_until is None or contract.never_block_until >= today
    if not active:
        return None
    return Exemption(True, contract.never_block_until, contract.never_block_reason or "")


def _editable(session: Session, contract_id: int, version: int) -> Contract:
    contract = session.get(Contract, contract_id, with_for_update=True)
    if contract is None:
        raise NotFound()
    if contract.version != version:
        raise ConcurrentEdit()
    if contract.status == ContractStatus.TERMINATED:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The contract is terminated: the debt policy no longer applies to it."
            ),
            field="contract",
        )
    return contract


def _reason(text: str) -> str:
    reason = tidy(text)
    if not reason:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Say why (for example «school No. 5, letter of 01.09»)."),
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The reason is too long: at most {limit} characters."),
            field="reason",
            limit=MAX_REASON,
        )
    return reason


def set_never_block(
    db: Database,
    actor: Actor,
    contract_id: int,
    *,
    reason: str,
    until: dt.date | None,
    version: int,
) -> int:
    """Exempt the contract from blocking and disconnection, for good (`until=None`) or up to and
    including `until`. Returns the contract's new version."""
    require(actor, Permission.EXEMPT_FROM_BLOCKING)
    why = _reason(reason)
    with db.transaction(actor) as session:
        settings = read_settings(session)
        today = business_today(settings)
        if until is not None and until < today:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "«Never block until» cannot be in the past: choose today or a later date."
                ),
                field="until",
            )
        contract = _editable(session, contract_id, version)
        contract.never_block = True
        contract.never_block_until = until
        contract.never_block_reason = why
        if until is None:
            record_event(
                session,
                actor=actor,
                kind=EventKind.NEVER_BLOCK_SET,
                subscriber_id=contract.subscriber_id,
                contract_id=contract.id,
                reason=why,
            )
        else:
            record_event(
                session,
                actor=actor,
                kind=EventKind.NEVER_BLOCK_SET_UNTIL,
                subscriber_id=contract.subscriber_id,
                contract_id=contract.id,
                reason=why,
                date=until.isoformat(),
            )
        if contract.debt_since is not None:
            settle_contract(session, contract.id, today, actor=actor, settings=settings, reason=REASON_EXEMPT)
        session.flush()
        return contract.version


def clear_never_block(db: Database, actor: Actor, contract_id: int, *, reason: str, version: int) -> int:
    """The contract is an ordinary one again. Returns its new version."""
    require(actor, Permission.EXEMPT_FROM_BLOCKING)
    why = _reason(reason)
    with db.transaction(actor) as session:
        contract = _editable(session, contract_id, version)
        if not contract.never_block:
            return contract.version
        contract.never_block = False
        contract.never_block_until = None
        contract.never_block_reason = ""
        record_event(
            session,
            actor=actor,
            kind=EventKind.NEVER_BLOCK_CLEARED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            reason=why,
        )
        session.flush()
        return contract.version
