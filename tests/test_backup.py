"""Backups and `db verify`: a backup taken while cashiers post restores to a database the check
accepts; a damaged backup is refused before it replaces anything; `db verify` names what is wrong;
an embedded database is saved beside itself before its schema is upgraded."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from app.backup import backup, restore
from app.cli import main
from app.db import Database
from app.errors import DomainError
from app.models import PaymentMethod, Role
from app.schema import current_revision, head_revision, upgrade
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.integrity import verify
from tests.conftest import pg_admin_url
from tests.factories import make_contract, make_desk, make_staff


@contextmanager
def empty_database(db: Database, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database of the same kind as `db` (PostgreSQL: created and dropped here)."""
    if db.is_embedded:
        fresh = Database(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        yield fresh
        fresh.dispose()
        return
    admin = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"sdrestore_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    fresh = Database(admin.set(database=name).render_as_string(hide_password=False))
    try:
        yield fresh
    finally:
        fresh.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as conn:
        return (
            int(conn.execute(text("SELECT count(*) FROM payment")).scalar_one()),
            int(conn.execute(text("SELECT coalesce(sum(balance), 0) FROM contract")).scalar_one()),
        )


def test_a_backup_taken_while_cashiers_post_restores_and_verifies(
    db: Database, owner_db: Database, tmp_path: Path
) -> None:
    """Backups are the owner's (the server administrator's) job: a workstation may not read passports."""
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contracts = [make_contract(db, str(100_000 + n), apartment=str(n)) for n in range(5)]
    till = db.fresh_connections()
    stop = threading.Event()
    posted: list[int] = []

    def cashier_posts() -> None:
        n = 0
        while not stop.is_set() or n < 20:
            post_payment(
                till,
                cashier,
                client_uuid=uuid.uuid4(),
                contract_id=contracts[n % 5],
                amount=100_00 + n,
                method=PaymentMethod.CASH,
            )
            posted.append(n)
            n += 1

    worker = threading.Thread(target=cashier_posts)
    worker.start()
    try:
        while len(posted) < 10:
            threading.Event().wait(0.01)
        target = tmp_path / "during-payments.backup"
        assert main(["db", "backup", str(target), "--database", owner_db.url.render_as_string(False)]) == 0
    finally:
        stop.set()
        worker.join(60)
        till.dispose()
    assert target.stat().st_size > 0
    with empty_database(db, tmp_path) as fresh:
        if fresh.is_embedded:
            upgrade(fresh)  # a database the program made, to be replaced by the backup
        url = fresh.url.render_as_string(False)
        assert main(["db", "restore", str(target), "--database", url]) == 0
        assert verify(fresh) == []
        payments, balances = counts(fresh)
        assert 10 <= payments <= len(posted) and balances > 0  # one consistent moment of the run
        assert main(["db", "verify", "--database", url]) == 0


def test_verify_names_a_balance_changed_behind_the_programs_back(
    db: Database, owner_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=500_00, method=PaymentMethod.CASH
    )
    url = db.url.render_as_string(False)
    assert main(["db", "verify", "--database", url]) == 0
    with owner_db.transaction() as session:  # the owner, behind the program's back
        session.execute(text("UPDATE contract SET balance = balance + 100000000"))
    capsys.readouterr()
    assert main(["db", "verify", "--database", url]) == 1
    out = capsys.readouterr().out
    assert "contract 100001" in out and "balance 100050000 but its ledger sums to 50000" in out


def test_a_damaged_backup_is_refused_before_it_replaces_anything(
    db: Database, owner_db: Database, tmp_path: Path
) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=500_00, method=PaymentMethod.CASH
    )
    if db.is_embedded:  # the backup file itself is edited
        damaged = backup(db, tmp_path / "good.sqlite3")
        copy = Database(f"sqlite:///{damaged}")
        with copy.transaction() as session:
            session.execute(text("UPDATE contract SET balance = 1"))
        copy.dispose()
        post_payment(
            db,
            cashier,
            client_uuid=uuid.uuid4(),
            contract_id=contract,
            amount=1_00,
            method=PaymentMethod.CASH,
        )
        with pytest.raises(DomainError, match="not restored"):
            restore(damaged, db, verify)
        assert counts(db) == (2, 501_00)  # the live database is untouched
        return
    with owner_db.transaction() as session:  # the server's data was edited before the dump was taken
        session.execute(text("UPDATE contract SET balance = 1"))
    damaged = backup(owner_db, tmp_path / "edited.dump")
    with empty_database(db, tmp_path) as fresh, pytest.raises(DomainError, match="not restored"):
        restore(damaged, fresh, verify)


def test_an_embedded_database_is_saved_beside_itself_before_an_upgrade(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    upgrade(db, "0004")
    _contract_of_an_old_schema(db, "100001")
    saved = upgrade(db)
    assert saved is not None and saved.parent == tmp_path and "before-0004" in saved.name
    assert current_revision(db) == head_revision()
    copy = Database(f"sqlite:///{saved}")
    assert current_revision(copy) == "0004"
    with copy.reading() as conn:
        assert conn.execute(text("SELECT number FROM contract")).scalar_one() == "100001"
    copy.dispose()
    db.dispose()


def _contract_of_an_old_schema(db: Database, number: str) -> None:
    """A contract written by Core inserts, which name only the columns given or defaulted (the ORM
    would name the columns later migrations add)."""
    import datetime as dt

    from sqlalchemy import insert

    from app.models import Contract, Subscriber

    with db.transaction() as session:
        subscriber = session.execute(
            insert(Subscriber.__table__)
            .values(full_name="Иванов Иван", search_name="иванов иван")  # type: ignore[arg-type]
            .returning(Subscriber.__table__.c.id)
        ).scalar_one()
        session.execute(
            insert(Contract.__table__).values(  # type: ignore[arg-type]
                number=number, subscriber_id=subscriber, signed_on=dt.date(2025, 1, 15)
            )
        )
