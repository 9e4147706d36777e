"""Signing a new contract in one flow: the subscriber (new or existing), the premises in a building of
the directory, the contract with its number, and its services on tariffs — one transaction, one
history event. Duplicates (the phone, the passport or the premises already on an active contract) are
reported first; the operator may go on after seeing them."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, DomainError, NotFound, ValidationError
from app.models import (
    Building,
    Contract,
    ContractStatus,
    Premises,
    Service,
    ServiceKind,
    ServiceState,
    Subscriber,
    SubscriberKind,
    Tariff,
)
from app.money import MAX_AMOUNT
from app.services.admin.tariffs import tariffs_for_new_service
from app.services.billing.promotions import attach_in
from app.services.frontdesk.personal_data import (
    Purpose,
    contracts_with_passport,
    has_personal_data,
    open_personal_data,
)
from app.services.kernel.documents import ContractDocumentData
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import business_today, read_settings
from app.services.kernel.text import (
    fix_lookalikes,
    looks_like_email,
    normalize_phone,
    refuse_nul,
    search_key,
    tidy,
)

FIRST_NUMBER = 100001
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read out over the phone


def refuse_taken_login(
    conn: Connection | Session, login: str, *, field: str, besides: int | None = None
) -> None:
    """Refuse an Internet login another open service (other than `besides`) signs in with: RADIUS knows
    a login once, and two services on it would take turns at the network."""
    taken = internet_login_taken(conn, login, besides=besides)
    if taken is not None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The login {login} is taken on contract {contract}."),
            field=field,
            login=login,
            contract=taken,
        )


def internet_login_taken(conn: Connection | Session, login: str, *, besides: int | None = None) -> str | None:
    """The number of the contract whose open Internet service signs in as `login` (other than the
    service `besides`), or None."""
    query = (
        select(Contract.number)
        .join(Service, Service.contract_id == Contract.id)
        .where(
            Service.kind == ServiceKind.INTERNET,
            Service.identifier == login,
            Service.state != ServiceState.CLOSED,
        )
        .limit(1)
    )
    if besides is not None:
        query = query.where(Service.id != besides)
    return conn.execute(query).scalar()


def new_password(length: int = 8) -> str:
    """A first password for an Internet login (RADIUS), easy to read out and type."""
    return "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(length))
MAX_ISSUED_BY = 300  # the column's length
_NAME = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё' .-]*$")


@dataclass(frozen=True)
class NewSubscriber:
    full_name: str
    phone: str
    kind: SubscriberKind = SubscriberKind.PERSON
    phone2: str = ""
    email: str = ""
    notify_sms: bool = True
    notify_email: bool = False
    passport_series: str = ""
    passport_number: str = ""
    passport_issued_by: str = ""
    passport_issued_on: dt.date | None = None
    inn: str = ""


@dataclass(frozen=True)
class NewService:
    kind: ServiceKind
    tariff_id: int
    identifier: str = ""


@dataclass(frozen=True)
class Duplicate:
    what: str  # "phone", "passport" or "premises"
    contract_number: str
    subscriber_name: str


class PossibleDuplicates(DomainError):
    """Not an error in the data: the operator should look before going on."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "Possible duplicate: {details}. Check it; sign anyway only if this is a different person or place.",
    )

    def __init__(self, duplicates: Sequence[Duplicate]) -> None:
        self.duplicates = list(duplicates)
        super().__init__(
            details="; ".join(f"{d.what} — {d.contract_number} {d.subscriber_name}" for d in self.duplicates)
        )


@dataclass(frozen=True)
class SignedContract:
    contract_id: int
    number: str
    subscriber_id: int


def clean_subscriber(data: NewSubscriber) -> NewSubscriber:
    """Tidy and validate what the operator typed; the first problem raises with its field."""
    refuse_nul([(f, v) for f, v in vars(data).items() if isinstance(v, str)])
    issued_by = tidy(data.passport_issued_by)
    if len(issued_by) > MAX_ISSUED_BY:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "«Issued by» holds at most {limit} characters ({length} typed): shorten it."
            ),
            field="passport_issued_by",
            limit=MAX_ISSUED_BY,
            length=len(issued_by),
        )
    name = tidy(fix_lookalikes(data.full_name))
    if not name:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the subscriber's full name."), field="full_name"
        )
    if data.kind is SubscriberKind.PERSON and not _NAME.match(name):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "A person's name holds only letters, spaces, hyphens and apostrophes: {name}"
            ),
            field="full_name",
            name=name,
        )
    if len(name) > 300:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The name is too long."), field="full_name")
    phone = normalize_phone(data.phone, field="phone")
    phone2 = normalize_phone(data.phone2, field="phone2") if data.phone2.strip() else ""
    email = data.email.strip()
    if email and not looks_like_email(email):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The e-mail address looks wrong: {email}"), field="email", email=email
        )
    if data.notify_email and not email:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Reminders by e-mail need an e-mail address."), field="email"
        )
    series = "".join(data.passport_series.split())
    number = "".join(data.passport_number.split())
    if data.kind is SubscriberKind.PERSON and (series or number):
        if not (series.isdigit() and len(series) == 4):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The passport series is 4 digits."), field="passport_series"
            )
        if not (number.isdigit() and len(number) == 6):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The passport number is 6 digits."), field="passport_number"
            )
    return NewSubscriber(
        full_name=name,
        phone=phone,
        kind=data.kind,
        phone2=phone2,
        email=email,
        notify_sms=data.notify_sms,
        notify_email=data.notify_email,
        passport_series=series,
        passport_number=number,
        passport_issued_by=issued_by,
        passport_issued_on=data.passport_issued_on,
        inn="".join(data.inn.split()),
    )


def find_duplicates(
    session: Session, *, phone: str, passport_number: str, building_id: int, apartment: str
) -> list[Duplicate]:
    found: list[Duplicate] = []
    active = Contract.status != ContractStatus.TERMINATED
    base = select(Contract.number, Subscriber.full_name).join(
        Subscriber, Subscriber.id == Contract.subscriber_id
    )
    for number, name in session.execute(base.where(active, Subscriber.phone == phone).limit(3)):
        found.append(Duplicate("phone", number, name))
    if passport_number:
        for number, name in contracts_with_passport(session, passport_number):
            found.append(Duplicate("passport", number, name))
    for number, name in session.execute(
        base.join(Premises, Premises.id == Contract.premises_id)
        .where(active, Premises.building_id == building_id, Premises.apartment == apartment)
        .limit(3)
    ):
        found.append(Duplicate("premises", number, name))
    return found


def _next_number(session: Session) -> str:
    numbers = session.scalars(
        select(Contract.number)
        .order_by(func.length(Contract.number).desc(), Contract.number.desc())
        .limit(50)
    )
    highest = max((int(n) for n in numbers if n.isdigit()), default=FIRST_NUMBER - 1)
    return str(max(highest + 1, FIRST_NUMBER))


def sign_contract(
    db: Database,
    actor: Actor,
    *,
    subscriber: NewSubscriber | None,
    existing_subscriber_id: int | None = None,
    building_id: int,
    apartment: str,
    services: Sequence[NewService],
    signed_on: dt.date,
    credit_limit: int = 0,
    accept_duplicates: bool = False,
    promotion_id: int | None = None,
) -> SignedContract:
    """A new contract with its services, for a new or an existing subscriber; `promotion_id`: a
    promotion on offer given to it at signing (app/services/billing/promotions.py)."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    if subscriber is None and existing_subscriber_id is None:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the subscriber's full name."), field="full_name"
        )
    cleaned = clean_subscriber(subscriber) if subscriber is not None else None
    refuse_nul({"apartment": apartment})
    apartment = tidy(apartment).lower()[:20]
    if not services:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Add at least one service to the contract."), field="services"
        )
    if not 0 <= credit_limit <= MAX_AMOUNT:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The credit limit cannot be negative."), field="credit_limit"
        )
    allowed = {
        kind: {t.id for t in tariffs_for_new_service(db, kind, signed_on)}
        for kind in {s.kind for s in services}
    }
    for line in services:
        if line.kind == ServiceKind.INTERNET and not tidy(line.identifier):
            # the login the subscriber's router signs in with (PPPoE / RADIUS): no Internet without it
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Enter the Internet login the subscriber's router will use."),
                field="identifier",
            )
        if line.kind == ServiceKind.INTERNET:
            with db.reading(actor) as conn:
                refuse_taken_login(conn, tidy(line.identifier), field="identifier")
        if line.tariff_id not in allowed[line.kind]:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Choose a tariff on sale for each service (a retired one cannot be used)."
                ),
                field="services",
            )
    for attempt in range(3):
        try:
            return _sign_or_say_who_was_shown(
                db,
                actor,
                cleaned,
                existing_subscriber_id,
                building_id,
                apartment,
                services,
                signed_on,
                credit_limit,
                accept_duplicates,
                promotion_id,
            )
        except IntegrityError:
            if attempt == 2:  # the number was taken by a colleague signing at the same moment, thrice
                raise
    raise AssertionError("unreachable")


def _sign_or_say_who_was_shown(db: Database, actor: Actor, *args: Any) -> SignedContract:
    """A duplicate found by passport shows another subscriber's contract and name: that look at their
    personal data is written into their history (the refusal itself saves nothing)."""
    try:
        return _sign(db, actor, *args)
    except PossibleDuplicates as refused:
        numbers = [d.contract_number for d in refused.duplicates if d.what == "passport"]
        if numbers:
            with db.transaction(actor) as session:
                for contract_id, subscriber_id, number in session.execute(
                    select(Contract.id, Contract.subscriber_id, Contract.number).where(
                        Contract.number.in_(numbers)
                    )
                ):
                    record_event(
                        session,
                        actor=actor,
                        kind=EventKind.PASSPORT_MATCHED,
                        subscriber_id=subscriber_id,
                        contract_id=contract_id,
                        number=number,
                    )
        raise


def _sign(
    db: Database,
    actor: Actor,
    subscriber: NewSubscriber | None,
    existing_subscriber_id: int | None,
    building_id: int,
    apartment: str,
    services: Sequence[NewService],
    signed_on: dt.date,
    credit_limit: int,
    accept_duplicates: bool,
    promotion_id: int | None,
) -> SignedContract:
    with db.transaction(actor) as session:
        if session.get(Building, building_id) is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Choose the building from the directory."), field="building"
            )
        if subscriber is not None and not accept_duplicates:
            duplicates = find_duplicates(
                session,
                phone=subscriber.phone,
                passport_number=subscriber.passport_number,
                building_id=building_id,
                apartment=apartment,
            )
            if duplicates:
                raise PossibleDuplicates(duplicates)
        if subscriber is None:
            row = session.get(Subscriber, existing_subscriber_id)
            if row is None:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("Errors", "Enter the subscriber's full name."), field="full_name"
                )
        else:
            row = Subscriber(
                kind=subscriber.kind,
                full_name=subscriber.full_name,
                search_name=search_key(subscriber.full_name),
                phone=subscriber.phone,
                phone2=subscriber.phone2,
                email=subscriber.email,
                notify_sms=subscriber.notify_sms,
                notify_email=subscriber.notify_email,
                passport_series=subscriber.passport_series,
                passport_number=subscriber.passport_number,
                passport_issued_by=subscriber.passport_issued_by,
                passport_issued_on=subscriber.passport_issued_on,
                inn=subscriber.inn,
            )
            session.add(row)
        premises = session.scalar(
            select(Premises).where(Premises.building_id == building_id, Premises.apartment == apartment)
        )
        if premises is None:
            premises = Premises(building_id=building_id, apartment=apartment)
            session.add(premises)
        session.flush()
        contract = Contract(
            number=_next_number(session),
            subscriber_id=row.id,
            premises_id=premises.id,
            signed_on=signed_on,
            credit_limit=credit_limit,
        )
        session.add(contract)
        session.flush()
        for line in services:
            session.add(
                Service(
                    contract_id=contract.id,
                    kind=line.kind,
                    tariff_id=line.tariff_id,
                    identifier=tidy(line.identifier)[:100],
                    # The Internet login's first password: the card shows it, «Network access…» changes it.
                    password=new_password() if line.kind == ServiceKind.INTERNET else "",
                    state=ServiceState.ACTIVE,
                    state_since=signed_on,
                    started_on=signed_on,
                )
            )
        record_event(
            session,
            actor=actor,
            kind=EventKind.CONTRACT_SIGNED,
            subscriber_id=row.id,
            contract_id=contract.id,
            number=contract.number,
        )
        session.flush()
        if promotion_id is not None:
            attach_in(session, actor, contract.id, promotion_id, business_today(read_settings(session)))
        return SignedContract(contract.id, contract.number, row.id)


def tariff_name(db: Database, tariff_id: int) -> str:
    with db.reading() as conn:
        return str(conn.execute(select(Tariff.name).where(Tariff.id == tariff_id)).scalar() or "")


def contract_document(db: Database, actor: Actor, contract_id: int) -> ContractDocumentData:
    """What the printed contract shows: its services as they are now, each priced on the date its line
    shows — the signing or the service's start, or the day its present tariff got its first price when
    the service moved to a tariff that did not exist yet — and the debt policy of the settings."""
    from app.services.admin.tariffs import priced_from
    from app.services.billing.debt_policy import grace_days
    from app.services.kernel.addresses import full_address
    from app.services.kernel.documents import CompanyDetails, ContractServiceLine
    from app.services.kernel.settings import Key, read_settings

    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.transaction(actor) as session:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFound()
        subscriber = session.get_one(Subscriber, contract.subscriber_id)
        place = (
            session.execute(
                select(Building, Premises.apartment)
                .join(Premises, Premises.building_id == Building.id)
                .where(Premises.id == contract.premises_id)
            ).one_or_none()
            if contract.premises_id
            else None
        )
        lines = []
        for s in session.scalars(
            select(Service).where(Service.contract_id == contract_id, Service.state != ServiceState.CLOSED)
        ):
            since, fee = priced_from(session, s.tariff_id, max(contract.signed_on, s.started_on))
            lines.append(
                ContractServiceLine(
                    kind=str(s.kind),
                    tariff_name=session.get_one(Tariff, s.tariff_id).name,
                    monthly_fee=fee,
                    identifier=s.identifier,
                    started_on=since,
                )
            )
        settings = read_settings(session)
        passport = ""
        if actor.may(Permission.VIEW_PERSONAL_DATA) and has_personal_data(session, subscriber.id):
            personal = open_personal_data(session, actor, subscriber.id, Purpose.CONTRACT)
            if personal.passport_number:
                passport = f"серия {personal.passport_series} № {personal.passport_number}"
                if personal.passport_issued_by:
                    passport += f", выдан {personal.passport_issued_by}"
        building, apartment = place if place else (None, "")
        return ContractDocumentData(
            company=CompanyDetails.from_settings(settings),
            number=contract.number,
            signed_on=contract.signed_on,
            city=building.city if building else "",
            subscriber_name=subscriber.full_name,
            subscriber_kind=str(subscriber.kind),
            passport=passport,
            inn=subscriber.inn,
            address=full_address(building.city, building.street, building.house, building.block, apartment)
            if building
            else "",
            phone=subscriber.phone,
            email=subscriber.email,
            services=lines,
            credit_limit=contract.credit_limit,
            grace_days=grace_days(settings),
            reconnection_fee=int(settings[Key.RECONNECTION_FEE]) if settings[Key.RECONNECTION_FEE] else None,
        )
