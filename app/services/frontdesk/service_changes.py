"""Changing what a contract has: add or close a service, change its tariff now or from a date,
suspend it voluntarily, terminate the contract. Each change is one transaction and one history event,
made against the contract version the operator saw: a second operator's save over it is refused."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import Contract, ContractStatus, Service, ServiceKind, ServiceState, Tariff, WorkOrder
from app.services.admin.tariffs import tariffs_for_new_service
from app.services.dispatch.orders import OPEN_STATUSES, cancel_order
from app.services.frontdesk.signing import refuse_taken_login
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import tidy

MAX_SUSPENSION_DAYS = 183


@dataclass(frozen=True)
class ChangeResult:
    contract_version: int
    service_id: int | None = None


def _contract(session: Session, contract_id: int, version: int) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    if contract.version != version:
        raise ConcurrentEdit()
    if contract.status == ContractStatus.TERMINATED:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The contract is terminated: its services cannot change."),
            field="contract",
        )
    # Every change of the contract's services is a change of the contract: the next save from a
    # form filled before it is refused (optimistic locking on the contract's version).
    flag_modified(contract, "status")
    return contract


def _service(session: Session, contract: Contract, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None or service.contract_id != contract.id:
        raise NotFound()
    if service.state == ServiceState.CLOSED:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The service is already closed."), field="service")
    return service


def _tariff_on_sale(db: Database, kind: ServiceKind, tariff_id: int, on: dt.date) -> str:
    for option in tariffs_for_new_service(db, kind, on):
        if option.id == tariff_id:
            return option.name
    raise ValidationError(
        QT_TRANSLATE_NOOP(
            "Errors", "Choose a tariff on sale for each service (a retired one cannot be used)."
        ),
        field="tariff",
    )


def _today(session: Session) -> dt.date:
    return business_today(read_settings(session))


def add_service(
    db: Database,
    actor: Actor,
    contract_id: int,
    *,
    kind: ServiceKind,
    tariff_id: int,
    identifier: str,
    start_on: dt.date,
    version: int,
) -> ChangeResult:
    require(actor, Permission.EDIT_SUBSCRIBERS)
    tariff = _tariff_on_sale(db, kind, tariff_id, start_on)
    with db.transaction(actor) as session:
        contract = _contract(session, contract_id, version)
        login = tidy(identifier)[:100]
        if kind == ServiceKind.INTERNET and login:
            refuse_taken_login(session, login, field="identifier")
        service = Service(
            contract_id=contract.id,
            kind=kind,
            tariff_id=tariff_id,
            identifier=login,
            state=ServiceState.ACTIVE,
            state_since=start_on,
            started_on=start_on,
        )
        session.add(service)
        session.flush()
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_ADDED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=kind.value,
            tariff=tariff,
        )
        session.flush()
        return ChangeResult(contract.version, service.id)


MAX_DEVICE_LIMIT = 50
_LOGIN = re.compile(r"[A-Za-z0-9@._+-]{1,64}")


def set_network_access(
    db: Database,
    actor: Actor,
    contract_id: int,
    service_id: int,
    *,
    login: str,
    password: str,
    device_limit: int | None,
    version: int,
) -> ChangeResult:
    """The network side of a service: the Internet login and password RADIUS checks, or the IPTV
    platform's login (the phone, 7 and ten digits; empty: the subscriber's phone) and this contract's own
    device limit (None: the tariff's). The change reaches the network through the provisioning outbox."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    login, password = login.strip(), password.strip()
    with db.transaction(actor) as session:
        contract = _contract(session, contract_id, version)
        service = _service(session, contract, service_id)
        if service.kind == ServiceKind.INTERNET:
            if not _LOGIN.fullmatch(login):
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "The login is Latin letters, digits and @ . _ + - (up to 64), no spaces."
                    ),
                    field="login",
                )
            if not re.fullmatch(r"[\x21-\x7e]{6,64}", password):
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors", "The password is 6 to 64 Latin letters, digits or signs, no spaces."
                    ),
                    field="password",
                )
            refuse_taken_login(session, login, field="login", besides=service.id)
            service.identifier, service.password = login, password
        elif service.kind == ServiceKind.IPTV:
            digits = re.sub(r"\D", "", login)
            if digits[:1] == "8" and len(digits) == 11:
                digits = "7" + digits[1:]
            if login and not (len(digits) == 11 and digits.startswith("7")):
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "The TV platform's login is a Russian mobile phone, e.g. +7 916 123-45-67, or empty "
                        "for the subscriber's phone.",
                    ),
                    field="login",
                )
            if device_limit is not None and not 0 < device_limit <= MAX_DEVICE_LIMIT:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Devices: from 1 to {max}, or the tariff's."),
                    field="device_limit",
                    max=MAX_DEVICE_LIMIT,
                )
            service.identifier, service.device_limit = digits, device_limit
        else:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Only Internet and IPTV services have network access to set."),
                field="service",
            )
        session.flush()
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_ACCESS_CHANGED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=service.kind.value,
            login=service.identifier,
        )
        return ChangeResult(contract.version, service.id)


def close_service(
    db: Database, actor: Actor, contract_id: int, service_id: int, *, on: dt.date, version: int
) -> ChangeResult:
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        contract = _contract(session, contract_id, version)
        service = _service(session, contract, service_id)
        if on < service.started_on:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A service cannot end before it started ({date})."),
                field="date",
                date=service.started_on.strftime("%d.%m.%Y"),
            )
        service.state = ServiceState.CLOSED
        service.ended_on = on
        service.state_since = on
        for order in _open_orders(session, service.id):
            cancel_order(session, order, actor=actor, reason="closed")
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_CLOSED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=service.kind,
            date=on.isoformat(),
        )
        session.flush()
        return ChangeResult(contract.version, service.id)


def change_tariff(
    db: Database,
    actor: Actor,
    contract_id: int,
    service_id: int,
    *,
    tariff_id: int,
    on: dt.date,
    version: int,
) -> ChangeResult:
    """From today: at once. From a later date: scheduled, applied by the billing run of that day."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        kind = session.scalar(select(Service.kind).where(Service.id == service_id))
        today = _today(session)
    if kind is None:
        raise NotFound()
    if on < today:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A tariff change takes effect today or later, never in the past."),
            field="date",
        )
    name = _tariff_on_sale(db, ServiceKind(kind), tariff_id, on)
    with db.transaction(actor) as session:
        contract = _contract(session, contract_id, version)
        service = _service(session, contract, service_id)
        if service.tariff_id == tariff_id:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The service is already on this tariff."), field="tariff"
            )
        if on == today:
            service.tariff_id = tariff_id
            service.scheduled_tariff_id = None
            service.scheduled_on = None
            kind_event = EventKind.SERVICE_TARIFF_CHANGED
        else:
            service.scheduled_tariff_id = tariff_id
            service.scheduled_on = on
            kind_event = EventKind.SERVICE_TARIFF_SCHEDULED
        record_event(
            session,
            actor=actor,
            kind=kind_event,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=service.kind,
            tariff=name,
            date=on.isoformat(),
        )
        session.flush()
        return ChangeResult(contract.version, service.id)


def suspend_service(
    db: Database, actor: Actor, contract_id: int, service_id: int, *, until: dt.date, version: int
) -> ChangeResult:
    """Voluntary suspension from today until a date (not charged; the billing run resumes it)."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        today = _today(session)
        if not today < until <= today + dt.timedelta(days=MAX_SUSPENSION_DAYS):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Suspend until a date from tomorrow to {days} days ahead."),
                field="until",
                days=MAX_SUSPENSION_DAYS,
            )
        contract = _contract(session, contract_id, version)
        service = _service(session, contract, service_id)
        if service.state != ServiceState.ACTIVE:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Only a working service can be suspended."), field="service"
            )
        service.state = ServiceState.SUSPENDED
        service.state_since = today
        service.suspended_until = until
        record_event(
            session,
            actor=actor,
            kind=EventKind.SERVICE_SUSPENDED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            service=service.kind,
            date=until.isoformat(),
        )
        session.flush()
        return ChangeResult(contract.version, service.id)


def terminate_contract(
    db: Database, actor: Actor, contract_id: int, *, on: dt.date, version: int
) -> ChangeResult:
    """Terminate: every service closed, open work orders cancelled. The money stays in the ledger."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        contract = _contract(session, contract_id, version)
        for service in session.scalars(
            select(Service).where(Service.contract_id == contract_id, Service.state != ServiceState.CLOSED)
        ):
            service.state = ServiceState.CLOSED
            service.ended_on = on
            service.state_since = on
            for order in _open_orders(session, service.id):
                cancel_order(session, order, actor=actor, reason="terminated")
        contract.status = ContractStatus.TERMINATED
        contract.terminated_on = on
        record_event(
            session,
            actor=actor,
            kind=EventKind.CONTRACT_TERMINATED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract.id,
            number=contract.number,
            date=on.isoformat(),
        )
        session.flush()
        return ChangeResult(contract.version)


def _open_orders(session: Session, service_id: int) -> list[WorkOrder]:
    return list(
        session.scalars(
            select(WorkOrder).where(WorkOrder.service_id == service_id, WorkOrder.status.in_(OPEN_STATUSES))
        )
    )


def tariff_names(db: Database) -> dict[int, str]:
    with db.reading() as conn:
        return {i: n for i, n in conn.execute(select(Tariff.id, Tariff.name))}
