"""Least privilege, enforced by the server: signed in with psycopg as a cashier, a front-desk operator,
a dispatcher or the scheduler — not through the program — nobody can change money or history behind
the program's operations, give themselves more rights, read passports or password data, or switch the
safeguards off. Every attempt is refused by the server and every table is unchanged."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import make_url, text

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.admin.server_roles import add_scheduler_login, job_role, staff_login_role
from app.services.admin.staff import scram_verifier
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.chains import seal
from tests.factories import PASSWORD, add_service, make_contract, make_desk, make_staff, make_tariff

EVERYONE = [
    # the safeguards
    "TRUNCATE event",
    "TRUNCATE ledger_entry CASCADE",
    "ALTER TABLE ledger_entry DISABLE TRIGGER USER",
    "ALTER TABLE event DISABLE TRIGGER event_append_only",
    "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_has_its_document",
    "DROP TRIGGER event_actor_is_session ON event",
    "CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION check_staff_id() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RETURN NULL; END $$",
    "DROP FUNCTION ledger_moves_balance() CASCADE",
    "DROP TABLE chain_seal",
    "ALTER TABLE payment ADD COLUMN forged integer",
    "CREATE TABLE backdoor (id integer)",
    # money and history, changed behind the program's operations
    "UPDATE contract SET balance = balance + 100000000",
    "UPDATE ledger_entry SET amount = amount * 10",
    "DELETE FROM ledger_entry",
    "UPDATE payment SET amount = amount * 10",
    "DELETE FROM payment",
    "DELETE FROM payment_cancellation",
    "UPDATE event SET summary = 'nothing happened'",
    "DELETE FROM event",
    "UPDATE chain_seal SET hash = 'x'",
    "DELETE FROM chain_seal",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
    "VALUES ({contract}, 'adjustment', 100000000, current_date, now(), 'gift')",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
    "VALUES ({contract}, 'payment', 100000000, current_date, now(), 'no payment behind it')",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
    "VALUES ({contract}, 'fee', 100000000, current_date, now(), 'a fee that pays')",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, reverses_id, comment) "
    "VALUES ({contract}, 'reversal', -99000, current_date, now(), {payment_entry}, 'no cancellation')",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, service_id, "
    "charge_period, comment) "
    "VALUES ({contract}, 'charge', 100000000, current_date, now(), {service}, current_date, '')",
    "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, staff_id, comment) "
    "VALUES ({contract}, 'payment', 100, current_date, now(), {admin}, 'as the admin')",
    # history in another's name, or as «system»
    "INSERT INTO event (occurred_at, actor_staff_id, kind, summary) VALUES (now(), {admin}, 'login', 'boss')",
    # more rights
    'SET ROLE "{db}.admin"',
    'SET ROLE "boss@{db}"',
    'GRANT "{db}.admin" TO CURRENT_USER',
    "ALTER ROLE CURRENT_USER CREATEROLE",
    "ALTER ROLE \"boss@{db}\" PASSWORD 'mine'",
    "UPDATE staff SET full_name = 'x'",
    "UPDATE staff SET password_hash = 'x'",
    "INSERT INTO staff_role (staff_id, role) VALUES ({me}, 'admin')",
    "DELETE FROM staff_role",
    "SELECT create_staff_account('evil', 'Evil', NULL, ARRAY['admin'])",
    "SELECT set_staff_account_roles({me}, ARRAY['admin'], NULL)",
    "SELECT set_staff_account_active({admin}, false, NULL)",
    "SELECT set_staff_account_password({admin}, 'SCRAM-SHA-256$4096:AAAA$AAAA:AAAA', NULL)",
    "SELECT grant_staff_jobs({me})",
    # the admin's screens
    "UPDATE setting SET value = 'x'",
    "INSERT INTO setting (key, value) VALUES ('grace_days', '999')",
    "UPDATE tariff_price SET monthly_fee = 1",
    "DELETE FROM installer_district",
    "UPDATE cash_desk SET name = 'x'",
    # secrets
    "SELECT password_hash FROM staff",
    "SELECT passport_series, passport_number FROM subscriber",
    "SELECT * FROM subscriber",
    "SELECT birth_date FROM subscriber",
    "COPY subscriber TO STDOUT",
]
# A person's history is theirs: never «system» (the scheduler's is).
AS_SYSTEM = (
    "INSERT INTO event (occurred_at, actor_staff_id, kind, summary) VALUES (now(), NULL, 'login', 'system')"
)
# Beyond what everyone is refused, what a job's own screens never do.
NOT_THEIRS = {
    Role.CASHIER: [
        AS_SYSTEM,
        "SELECT * FROM read_personal_data({subscriber}, {me}, 'shown', 'look')",
        "SELECT * FROM contracts_with_passport('123456', 10)",
        "UPDATE subscriber SET full_name = 'x'",
        "INSERT INTO subscriber_note (subscriber_id, staff_id, text, created_at) "
        "VALUES ({subscriber}, {me}, 'x', now())",
    ],
    Role.FRONT_DESK: [
        AS_SYSTEM,
        "INSERT INTO payment_effect (payment_id, kind) VALUES (1, 'x')",
        "UPDATE receipt_counter SET last_number = 0",
        "UPDATE shift SET closed_at = now()",
    ],
    Role.DISPATCHER: [
        AS_SYSTEM,
        "SELECT * FROM read_personal_data({subscriber}, {me}, 'shown', 'look')",
        "UPDATE subscriber SET full_name = 'x'",
        "UPDATE receipt_counter SET last_number = 0",
        "INSERT INTO payment_effect (payment_id, kind) VALUES (1, 'x')",
    ],
    # the scheduler (it posts the registries of watched folders: their payments, and what the debt
    # policy did for them, as a cashier's payment does)
    None: [
        "SELECT * FROM read_personal_data({subscriber}, NULL, 'shown', 'look')",
        "UPDATE subscriber SET full_name = 'x'",
        "UPDATE receipt_counter SET last_number = 0",
    ],
}


def fingerprint(owner: Database) -> str:
    """A hash of every row of every table."""
    digest = hashlib.sha256()
    with owner.reading() as conn:
        tables = [
            t
            for (t,) in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture
def office(pg_db: Database, pg_owner_db: Database) -> Iterator[dict[str, object]]:
    """A cash desk that took a payment, sealed; the people of the office and a scheduler login."""
    admin = make_staff(pg_db, "boss", Role.ADMIN)
    people = {
        Role.CASHIER: make_staff(pg_db, "kassa", Role.CASHIER),
        Role.FRONT_DESK: make_staff(pg_db, "front", Role.FRONT_DESK),
        Role.DISPATCHER: make_staff(pg_db, "disp", Role.DISPATCHER),
    }
    open_shift(pg_db, people[Role.CASHIER], make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    service = add_service(
        pg_db, contract, "internet", make_tariff(pg_db, "Интернет", "internet", 500_00), "2025-01-15"
    )
    post_payment(
        pg_db,
        people[Role.CASHIER],
        client_uuid=uuid.uuid4(),
        contract_id=contract,
        amount=990_00,
        method=PaymentMethod.CASH,
    )
    seal(pg_db)
    database = str(pg_db.url.database)
    scheduler = f"night-{uuid.uuid4().hex[:6]}.{database}"
    with pg_owner_db.transaction() as session:
        verifier = scram_verifier(session, scheduler, PASSWORD)
    add_scheduler_login(pg_owner_db, scheduler, verifier)
    with pg_owner_db.reading() as conn:
        payment_entry = conn.execute(text("SELECT ledger_entry_id FROM payment")).scalar_one()
        subscriber = conn.execute(text("SELECT subscriber_id FROM contract")).scalar_one()
    yield {
        "people": people,
        "scheduler": scheduler,
        "names": {
            "db": database,
            "contract": contract,
            "service": service,
            "payment_entry": payment_entry,
            "subscriber": subscriber,
            "admin": admin.staff_id,
        },
    }
    with pg_owner_db.transaction() as session:
        session.execute(text(f'DROP ROLE IF EXISTS "{scheduler}"'))


def attempts_let_through(
    pg_db: Database, login: str, statements: list[str], names: dict[str, object]
) -> list[str]:
    url = make_url(pg_db.url.render_as_string(hide_password=False))
    through = []
    for statement in statements:
        sql = statement.format(**names)
        try:
            # straight from psql, not through the program; the COMMIT runs the deferred checks
            with psycopg.connect(
                host=url.host, port=url.port, user=login, password=PASSWORD, dbname=url.database
            ) as conn:
                conn.execute(sql)
                conn.commit()
        except psycopg.Error:
            continue
        through.append(sql)
    return through


@pytest.mark.parametrize("job", [Role.CASHIER, Role.FRONT_DESK, Role.DISPATCHER, None], ids=str)
def test_no_job_can_rewrite_money_or_history_or_take_more_rights(
    pg_db: Database, pg_owner_db: Database, office: dict, job: Role | None
) -> None:
    names = dict(office["names"])
    if job is None:
        login, names["me"] = office["scheduler"], "NULL"
    else:
        person = office["people"][job]
        login, names["me"] = staff_login_role(names["db"], person.login), person.staff_id
    before = fingerprint(pg_owner_db)
    assert attempts_let_through(pg_db, login, EVERYONE + NOT_THEIRS[job], names) == []
    assert fingerprint(pg_owner_db) == before


def test_each_person_holds_exactly_the_job_roles_of_their_program_roles(
    pg_db: Database, office: dict
) -> None:
    database = office["names"]["db"]
    with pg_db.reading() as conn:
        granted = {
            role
            for (role,) in conn.execute(
                text(
                    "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login"
                ),
                {"login": staff_login_role(database, "kassa")},
            )
        }
    assert granted == {job_role(database, "staff"), job_role(database, "cashier")}
