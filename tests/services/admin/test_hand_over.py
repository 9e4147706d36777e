"""Moving an existing installation (every PC logs in as the tables' owner, staff passwords as argon2
hashes) to an owner no PC has and per-person server logins: a few documented commands, nothing lost,
and the old shared login can no longer do anything."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, make_url, text

from app.cli import main
from app.db import Database, without_login
from app.models import PaymentMethod, Role, Staff, StaffRole
from app.schema import upgrade
from app.services.admin import staff as staff_service
from app.services.admin.auth import ServerAuthenticator, actor_of
from app.services.admin.passwords import hash_password
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.integrity import verify
from app.services.kernel.permissions import Actor
from tests.conftest import pg_admin_url
from tests.factories import PASSWORD, make_contract, make_desk, sign_in


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
        conn.execute(text(f"CREATE ROLE \"{new}\" LOGIN CREATEROLE PASSWORD '{tag}'"))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{old}"'))
    db = Database(admin.set(database=name, username=old, password=tag).render_as_string(hide_password=False))
    try:
        yield db, admin.set(database=name).render_as_string(hide_password=False), new
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"%{name}"}
            )
            for (role,) in list(roles):
                conn.execute(text(f'DROP ROLE "{role}"'))
    finally:
        db.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{old}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{new}"'))
        engine.dispose()


def old_staff(db: Database, login: str, role: Role) -> Actor:
    """A staff row as the first versions wrote it: an argon2 hash in the staff table."""
    with db.transaction() as session:
        staff = Staff(login=login, full_name=login.title(), password_hash=hash_password(PASSWORD))
        staff.roles = [StaffRole(role=role)]
        session.add(staff)
        session.flush()
        return actor_of(staff)


def test_the_tables_pass_to_an_owner_and_every_person_gets_a_login(old_installation, monkeypatch) -> None:
    db, superuser_url, new_owner = old_installation
    upgrade(db)
    cashier = old_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=990_00, method=PaymentMethod.CASH
    )

    assert main(["db", "hand-over", new_owner, "--database", superuser_url]) == 0
    owner_url = make_url(superuser_url).set(username=new_owner, password=make_url(db.url).password)
    owner_url_text = owner_url.render_as_string(hide_password=False)
    assert main(["db", "upgrade", "--database", owner_url_text]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Admin-password-1\n"))
    assert (
        main(
            ["staff", "create-admin", "--login", "boss", "--full-name", "Boss", "--database", owner_url_text]
        )
        == 0
    )

    # The old shared login can do nothing any more, not even read.
    url = make_url(db.url.render_as_string(hide_password=False))
    for statement in ("ALTER TABLE ledger_entry DISABLE TRIGGER USER", "SELECT count(*) FROM contract"):
        with (
            psycopg.connect(
                host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database
            ) as conn,
            pytest.raises(psycopg.Error),
        ):
            conn.execute(statement)

    # The new administrator signs in, sets the cashier's password; the cashier works as before.
    office = Database(without_login(owner_url))
    try:
        admin = sign_in(ServerAuthenticator(office), "boss", "Admin-password-1")
        staff_service.reset_password(office, admin, cashier.staff_id, "Kassa-password-1")
        kassa = ServerAuthenticator(office).authenticate("kassa", "Kassa-password-1")
        assert kassa.roles == frozenset({Role.CASHIER})
        post_payment(
            office,
            kassa,
            client_uuid=uuid.uuid4(),
            contract_id=contract,
            amount=10_00,
            method=PaymentMethod.CASH,
        )
    finally:
        office.dispose()
    owner = Database(owner_url)
    try:
        assert verify(owner) == []
        with owner.reading() as conn:
            assert conn.execute(text("SELECT balance FROM contract")).scalar() == 1_000_00
            table_owner = conn.execute(
                text("SELECT tableowner FROM pg_tables WHERE tablename = 'payment'")
            ).scalar()
            hashes = conn.execute(text("SELECT count(*) FROM staff WHERE password_hash IS NOT NULL")).scalar()
    finally:
        owner.dispose()
    assert table_owner == new_owner
    assert hashes == 0  # the old argon2 hashes are gone: the server checks the passwords now
