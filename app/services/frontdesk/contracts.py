"""Reading contracts: the short summary a cashier or an operator sees before acting on one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound
from app.models import Building, Contract, ContractStatus, Premises, Subscriber
from app.services.kernel.addresses import full_address
from app.services.kernel.permissions import Actor, Permission, require


@dataclass(frozen=True)
class ContractSummary:
    id: int
    number: str
    subscriber_id: int
    subscriber_name: str
    address: str
    phone: str
    status: ContractStatus
    balance: int
    credit_limit: int
    debt_since: dt.date | None
    email: str = ""


class ContractNotFound(NotFound):
    message = QT_TRANSLATE_NOOP("Errors", "There is no contract number {number}. Check the number.")


def _summary_query() -> Select[Contract, Subscriber, Building, str]:
    return (
        select(Contract, Subscriber, Building, Premises.apartment)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(Premises, Premises.id == Contract.premises_id)
        .outerjoin(Building, Building.id == Premises.building_id)
    )


def _to_summary(
    contract: Contract, subscriber: Subscriber, building: Building | None, apartment: str | None
) -> ContractSummary:
    address = (
        full_address(building.city, building.street, building.house, building.block, apartment or "")
        if building is not None
        else ""
    )
    return ContractSummary(
        id=contract.id,
        number=contract.number,
        subscriber_id=subscriber.id,
        subscriber_name=subscriber.full_name,
        address=address,
        phone=subscriber.phone,
        status=ContractStatus(contract.status),
        balance=contract.balance,
        credit_limit=contract.credit_limit,
        debt_since=contract.debt_since,
        email=subscriber.email or "",
    )


def contract_by_number(db: Database, actor: Actor, number: str) -> ContractSummary:
    require(actor, Permission.VIEW_SUBSCRIBERS)
    number = "".join(number.split())
    with db.transaction(actor) as session:
        row = session.execute(_summary_query().where(Contract.number == number)).one_or_none()
        if row is None:
            raise ContractNotFound(number=number)
        return _to_summary(row[0], row[1], row[2], row[3])


def contract_summary(db: Database, actor: Actor, contract_id: int) -> ContractSummary:
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        row = session.execute(_summary_query().where(Contract.id == contract_id)).one_or_none()
        if row is None:
            raise NotFound()
        return _to_summary(row[0], row[1], row[2], row[3])
