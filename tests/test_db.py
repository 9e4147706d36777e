"""The unit of work on both databases, and what happens when the server goes away mid-action."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.db import Database
from app.errors import ConcurrentEdit, DatabaseUnavailable, ValidationError
from app.models import District, Role
from app.services.admin import staff as staff_service
from tests.factories import make_staff


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with db.reading() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


@pytest.mark.parametrize("interactive", [False, True])
def test_server_sessions_never_compile_statements_to_machine_code(pg_url: str, interactive: bool) -> None:
    # JIT compiled a 5 ms search statement for 200 ms when its estimated cost passed jit_above_cost.
    db = Database(pg_url, interactive=interactive)
    try:
        with db.reading() as conn:
            assert conn.execute(text("SHOW jit")).scalar() == "off"
            assert conn.execute(text("SHOW lock_timeout")).scalar() == ("8s" if interactive else "0")
    finally:
        db.dispose()


def test_an_error_inside_the_unit_of_work_rolls_everything_back(db: Database) -> None:
    with pytest.raises(ValidationError), db.transaction() as session:
        session.add(District(name="Half Done"))
        session.flush()
        raise ValidationError()
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM district")).scalar() == 0


def test_a_stale_orm_save_becomes_a_conflict_message(pg_db: Database) -> None:
    # Interleaved writers need a server: SQLite's writers queue behind one lock, so they never interleave.
    db = pg_db
    with db.transaction() as session:
        session.add(District(name="Центральный"))
    with pytest.raises(ConcurrentEdit), db.transaction() as session:
        district = session.scalars(select(District)).one()
        with db.transaction() as other:
            other.scalars(select(District)).one().name = "Changed Elsewhere"
        district.name = "Changed Here"
    with db.reading() as conn:
        assert conn.execute(text("SELECT name FROM district")).scalar() == "Changed Elsewhere"


def test_server_lost_mid_action_gives_a_clear_error_and_saves_nothing(proxied, pg_db: Database) -> None:
    db, proxy = proxied
    make_staff(pg_db, "boss", Role.ADMIN)
    with pytest.raises(DatabaseUnavailable) as caught, db.transaction() as session:
        session.add(District(name="Lost Record"))
        session.flush()
        proxy.cut()
        session.execute(text("SELECT 1"))
    assert "nothing was saved" in str(caught.value)
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM district WHERE name = 'Lost Record'")).scalar() == 0


def test_server_gone_before_the_action_gives_the_same_message(proxied, pg_db: Database) -> None:
    db, proxy = proxied
    admin = make_staff(pg_db, "boss", Role.ADMIN)
    proxy.cut()
    with pytest.raises(DatabaseUnavailable):
        staff_service.add_staff(
            db, admin, login="new1", full_name="Новый", password="new-cashier-2026", roles=["cashier"]
        )
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff")).scalar() == 1
