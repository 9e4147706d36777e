"""Moving an existing installation (every PC logs in as the tables' owner) to an owner no PC has:
one command, nothing lost, and the old login can no longer switch the safeguards off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, make_url, text

from app.cli import main
from app.db import Database
from app.models import PaymentMethod, Role
from app.schema import upgrade
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.integrity import verify
from tests.conftest import pg_admin_url
from tests.factories import make_contract, make_desk, make_staff


@pytest.fixture
def old_installation() -> Iterator[tuple[Database, str, str]]:
    """A database made by its single login, as the first version's README said: (database as that
    login, superuser URL, the new owner's name)."""
    admin = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    tag = uuid.uuid4().hex[:8]
    name, old, new = f"sdold_{tag}", f"sdbilling_{tag}", f"sdowner_{tag}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{old}\" LOGIN PASSWORD '{tag}'"))
        conn.execute(text(f"CREATE ROLE \"{new}\" LOGIN PASSWORD '{tag}'"))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{old}"'))
    db = Database(admin.set(database=name, username=old, password=tag).render_as_string(hide_password=False))
    try:
        yield db, admin.set(database=name).render_as_string(hide_password=False), new
    finally:
        db.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{old}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{new}"'))
        engine.dispose()


def test_one_command_hands_the_tables_over_and_nothing_is_lost(old_installation) -> None:
    db, superuser_url, new_owner = old_installation
    upgrade(db)
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=990_00, method=PaymentMethod.CASH
    )

    assert main(["db", "hand-over", new_owner, "--database", superuser_url]) == 0

    url = make_url(db.url.render_as_string(hide_password=False))
    with (
        psycopg.connect(
            host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
        ) as conn,
        pytest.raises(psycopg.Error),
    ):
        conn.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
    # The old login still works as a workstation: the program goes on as before.
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=10_00, method=PaymentMethod.CASH
    )
    assert verify(db) == []
    with db.reading() as conn:
        assert conn.execute(text("SELECT balance FROM contract")).scalar() == 1_000_00
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'payment'")).scalar()
    assert owner == new_owner
