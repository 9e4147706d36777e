"""Small builders of test data that go straight to the database (no permissions involved)."""

from __future__ import annotations

import datetime as dt

from app import clock
from app.db import Database
from app.models import Role, Staff, StaffRole
from app.services.admin.auth import Authenticator, EmbeddedAuthenticator, actor_of
from app.services.admin.passwords import hash_password
from app.services.admin.second_factor import hotp, time_step
from app.services.kernel.permissions import Actor

PASSWORD = "correct horse 1"
_hash_cache: dict[str, str] = {}


def make_staff(
    db: Database, login: str, *roles: Role, password: str = PASSWORD, active: bool = True
) -> Actor:
    """A staff member with `roles`; returns the Actor as if they had signed in. On PostgreSQL the
    person gets their own server login (as an administrator's Staff screen makes it) and is signed in
    on `db`, so what a test does as them runs as them."""
    if not db.is_embedded:
        return _make_server_staff(db, login, roles, password, active)
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    with db.transaction() as session:
        staff = Staff(
            login=login, full_name=f"{login.title()} Test", password_hash=_hash_cache[password], active=active
        )
        staff.roles = [StaffRole(role=r) for r in roles]
        session.add(staff)
        session.flush()
        return actor_of(staff)


def _make_server_staff(
    db: Database, login: str, roles: tuple[Role, ...], password: str, active: bool
) -> Actor:
    from sqlalchemy import text

    from app.services.admin.server_roles import staff_login_role
    from app.services.admin.staff import scram_verifier

    role = staff_login_role(str(db.url.database), login)
    with db.transaction() as session:
        staff_id = session.scalar(
            text("SELECT create_staff_account(:login, :name, :verifier, :roles)"),
            {
                "login": login,
                "name": f"{login.title()} Test",
                "verifier": scram_verifier(session, role, password),
                "roles": [r.value for r in roles],
            },
        )
        if not active:
            session.execute(text("SELECT set_staff_account_active(:id, false, NULL)"), {"id": staff_id})
        staff = session.get_one(Staff, staff_id)
        actor = actor_of(staff)
    if active:
        db.sign_in_person(login, role, password)
        if Role.ADMIN in roles:
            pass_second_factor(db, actor)
    return actor


# The TOTP secrets of the people `make_staff` enrolled on a server (login -> secret).
SECOND_FACTOR_SECRETS: dict[str, bytes] = {}


def pass_second_factor(db: Database, actor: Actor) -> None:
    """(Server.) Enrol a TOTP secret for the signed-in `actor` as their sign-in dialog does, so the
    server lets their session use the jobs that need a second factor (administrators)."""
    from sqlalchemy import text

    from app.services.admin.second_factor import new_secret, totp

    secret = new_secret()
    with db.transaction(actor) as session:
        row = session.execute(
            text("SELECT token FROM enrol_second_factor(:secret, :code)"),
            {"secret": secret, "code": totp(secret, dt.datetime.now(dt.UTC))},
        ).one()
    SECOND_FACTOR_SECRETS[actor.login] = secret
    _USED_STEPS[actor.login] = time_step(dt.datetime.now(dt.UTC))
    db.second_factor_passed(actor.login, row.token)


def make_contract(
    db: Database,
    number: str,
    full_name: str = "Иванов Иван Иванович",
    *,
    apartment: str = "1",
    street: str = "ул. Ленина",
    house: str = "12",
) -> int:
    """A subscriber with an active contract on a premises; returns the contract id."""
    import datetime as dt

    from sqlalchemy import select

    from app.models import Building, Contract, Premises, Subscriber
    from app.services.kernel.text import search_key

    with db.transaction() as session:
        building = session.scalar(
            select(Building).where(
                Building.street == street, Building.house == house, Building.city == "Тверь"
            )
        )
        if building is None:
            building = Building(
                city="Тверь",
                street=street,
                house=house,
                block="",
                search_text=search_key(f"{street} {house}"),
            )
            session.add(building)
            session.flush()
        premises = Premises(building_id=building.id, apartment=apartment)
        subscriber = Subscriber(full_name=full_name, phone="79161234567", search_name=search_key(full_name))
        session.add_all([premises, subscriber])
        session.flush()
        contract = Contract(
            number=number,
            subscriber_id=subscriber.id,
            premises_id=premises.id,
            signed_on=dt.date(2025, 1, 15),
        )
        session.add(contract)
        session.flush()
        return contract.id


def make_desk(db: Database, name: str = "Касса 1") -> int:
    from app.models import CashDesk, ReceiptCounter

    with db.transaction() as session:
        desk = CashDesk(name=name)
        session.add(desk)
        session.flush()
        session.add(ReceiptCounter(cash_desk_id=desk.id, last_number=0))
        return desk.id


def make_tariff(
    db: Database,
    name: str,
    kind: str,
    monthly_fee: int,
    *,
    mode: str = "daily",
    valid_from: object = None,
) -> int:
    import datetime as dt

    from app.models import Tariff, TariffPrice

    start = valid_from or dt.date(2020, 1, 1)
    with db.transaction() as session:
        tariff = Tariff(name=name, kind=kind, charging_mode=mode, valid_from=start)
        tariff.prices = [TariffPrice(effective_from=start, monthly_fee=monthly_fee)]
        session.add(tariff)
        session.flush()
        return tariff.id


def add_service(
    db: Database, contract_id: int, kind: str, tariff_id: int, started_on: object, state: str = "active"
) -> int:
    from app.models import Service

    with db.transaction() as session:
        service = Service(
            contract_id=contract_id,
            kind=kind,
            tariff_id=tariff_id,
            started_on=started_on,
            state=state,
            state_since=started_on,
        )
        session.add(service)
        session.flush()
        return service.id


def sign_in(authenticator: Authenticator, login: str, password: str = PASSWORD) -> Actor:
    """Sign in as the sign-in dialog does, with the second factor when the person's roles need it
    (enrolling one the first time; its secret is kept in SECOND_FACTOR_SECRETS)."""
    from app.services.admin.auth import SecondFactorStep
    from app.services.admin.second_factor import Enrolment, totp

    actor = authenticator.authenticate(login, password)
    step = authenticator.second_factor
    if step is SecondFactorStep.ENROL:
        enrolment = Enrolment.new(login)
        actor, _codes = authenticator.enrol_second_factor(
            enrolment, totp(enrolment.secret, _now(authenticator))
        )
        SECOND_FACTOR_SECRETS[login] = enrolment.secret
    elif step is SecondFactorStep.CODE:
        actor = authenticator.confirm_second_factor(fresh_code(login, _now(authenticator)))
    return actor


def fresh_code(login: str, moment: dt.datetime) -> str:
    """A code of `login`'s enrolled secret not used yet: now's, or the next step's (a code is good once;
    the server takes the next step's too)."""
    secret = SECOND_FACTOR_SECRETS[login]
    step = time_step(moment)
    for candidate in (step, step + 1):
        code = hotp(secret, candidate)
        if _USED_CODES.get(login) != code and candidate > _USED_STEPS.get(login, -1):
            _USED_STEPS[login] = candidate
            _USED_CODES[login] = code
            return code
    raise AssertionError(f"{login} signed in twice within one 30-second step of the same code")


_USED_STEPS: dict[str, int] = {}
_USED_CODES: dict[str, str] = {}


def _now(authenticator: Authenticator) -> dt.datetime:
    """The clock the authenticator checks codes by: the program's (or a test's fixed one) embedded,
    the server's real one on a server."""
    if isinstance(authenticator, EmbeddedAuthenticator):
        return authenticator._now or clock.now()
    return dt.datetime.now(dt.UTC)
