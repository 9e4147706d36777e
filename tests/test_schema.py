"""The migrations and the models describe the same schema, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.errors import DatabaseEmpty, DatabaseTooNew, DatabaseTooOld
from app.models import Base
from app.schema import SchemaState, check_schema, head_revision, include_object, schema_state, upgrade


def test_migrations_match_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object}),
            Base.metadata,
        )
    assert diff == []
    check_schema(db)


def test_empty_database_is_upgraded_to_head(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert schema_state(db) == (SchemaState.EMPTY, None)
    with pytest.raises(DatabaseEmpty):
        check_schema(db)
    upgrade(db)
    assert schema_state(db) == (SchemaState.CURRENT, head_revision())


def test_newer_database_is_refused(db: Database, owner_db: Database) -> None:
    with owner_db.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(DatabaseTooNew) as caught:
        check_schema(db)
    assert "ffff_from_the_future" in str(caught.value)
    with pytest.raises(DatabaseTooNew):
        upgrade(db)


def test_older_database_asks_for_an_upgrade(db: Database, owner_db: Database) -> None:
    with owner_db.transaction() as session:
        session.execute(text("DELETE FROM alembic_version"))
    with pytest.raises(DatabaseTooOld):
        check_schema(db)


@pytest.mark.parametrize("statement", ["UPDATE event SET kind = 'x'", "DELETE FROM event"])
def test_history_is_append_only_in_the_database(db: Database, owner_db: Database, statement: str) -> None:
    """Even the tables' owner is refused by the triggers (a workstation is refused before that)."""
    from tests.factories import make_staff

    make_staff(db, "anna")  # no event yet; add one through the service
    from app.services.kernel.history import EventKind, record_event

    with db.transaction() as session:
        record_event(session, actor=None, kind=EventKind.LOGIN_FAILED, login="x")
    with pytest.raises(DBAPIError, match="append-only"), owner_db.transaction() as session:
        session.execute(text(statement))
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM event WHERE kind = 'login_failed'")).scalar() == 1


def test_the_light_revision_reading_agrees_with_alembic() -> None:
    """The start-up check reads the scripts' headers instead of importing Alembic: same answer."""
    from alembic.script import ScriptDirectory

    from app.schema import alembic_config, head_revision, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}


def test_read_revision_on_both_databases(db) -> None:
    from app.schema import current_revision, head_revision

    assert current_revision(db) == head_revision()
