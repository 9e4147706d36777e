"""A workstation login owns nothing: from psql with the credentials an office PC holds, the history
and the money cannot be rewritten, a balance cannot be raised without a ledger entry, passports cannot
be read without leaving an event, and the safeguards cannot be switched off. (Per-person logins and
group roles per program role are still to come: a workstation can still insert a ledger entry, which
then moves its balance and shows in the history of money.)"""

from __future__ import annotations

import hashlib
import uuid

import psycopg
import pytest
from sqlalchemy import make_url

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.chains import seal
from tests.factories import make_contract, make_desk, make_staff

ATTEMPTS = [
    "TRUNCATE event",
    "TRUNCATE ledger_entry CASCADE",
    "ALTER TABLE ledger_entry DISABLE TRIGGER USER",
    "ALTER TABLE event DISABLE TRIGGER event_append_only",
    "DROP TRIGGER event_append_only ON event",
    "CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RETURN NEW; END $$",
    "DROP TABLE chain_seal",
    "ALTER TABLE payment ADD COLUMN forged integer",
    "UPDATE ledger_entry SET amount = amount * 10",
    "DELETE FROM ledger_entry",
    "UPDATE payment SET amount = amount * 10",
    "DELETE FROM payment_cancellation",
    "UPDATE event SET summary = 'nothing happened'",
    "DELETE FROM event",
    "UPDATE chain_seal SET hash = 'x'",
    "DELETE FROM chain_seal",
    "CREATE TABLE backdoor (id integer)",
    "UPDATE contract SET balance = balance + 100000000",
    "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_moves_balance",
    "DROP FUNCTION ledger_moves_balance() CASCADE",
    "SELECT passport_series, passport_number FROM subscriber",
    "SELECT * FROM subscriber",
    "SELECT birth_date FROM subscriber",
    "COPY subscriber TO STDOUT",
]


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


@pytest.mark.parametrize("statement", ATTEMPTS)
def test_a_workstation_login_cannot_rewrite_history_or_switch_safeguards_off(
    pg_db: Database, pg_owner_db: Database, statement: str
) -> None:
    cashier = make_staff(pg_db, "kassa", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    post_payment(
        pg_db,
        cashier,
        client_uuid=uuid.uuid4(),
        contract_id=contract,
        amount=990_00,
        method=PaymentMethod.CASH,
    )
    seal(pg_db)
    before = fingerprint(pg_owner_db)
    url = make_url(pg_db.url.render_as_string(hide_password=False))
    with (
        psycopg.connect(
            host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
        ) as conn,
        pytest.raises(psycopg.Error),
    ):  # straight from psql, not through the program
        conn.execute(statement)
    assert fingerprint(pg_owner_db) == before
