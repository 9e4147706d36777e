"""Schema versions: which migration a database is at, upgrading it, and the start-up check."""

from __future__ import annotations

import enum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from app.db import Database
from app.errors import DatabaseEmpty, DatabaseTooNew, DatabaseTooOld

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


# Search indexes and FTS5 tables that exist only in migrations 0003, 0013 and 0014 (opclass/expression
# indexes and virtual tables the models cannot declare for both databases): autogenerate leaves them alone.
MIGRATION_ONLY_INDEXES = frozenset(
    {
        "ix_subscriber_search_name_trgm",
        "ix_subscriber_search_name_c",
        "ix_subscriber_phones_trgm",
        "ix_building_search_text_trgm",
        "ix_contract_number_c",
        "ix_contract_number_order",  # migration 0013
        "ix_contract_number_trgm",  # migration 0014
    }
)
# The owner's own tables of the second factor on PostgreSQL (migration 0010).
MIGRATION_ONLY_TABLE_PREFIXES = ("subscriber_search", "building_search", "contract_search", "second_factor_")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Tell model-vs-database comparisons to skip what only the migrations create."""
    if reflected and compare_to is None and name:
        if type_ == "index" and name in MIGRATION_ONLY_INDEXES:
            return False
        if type_ == "table" and name.startswith(MIGRATION_ONLY_TABLE_PREFIXES):
            return False
    return True


class SchemaState(enum.Enum):
    CURRENT = "current"
    EMPTY = "empty"  # no tables at all: a new database
    OLDER = "older"  # an upgrade is due
    NEWER = "newer"  # a newer program migrated it: this one must not touch it


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(db: Database) -> str | None:
    with db.reading() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(db: Database) -> tuple[SchemaState, str | None]:
    """Where the database stands against this program's migrations."""
    revision = current_revision(db)
    if revision is None:
        with db.reading() as conn:
            has_tables = bool(inspect(conn).get_table_names())
        return (SchemaState.OLDER if has_tables else SchemaState.EMPTY), None
    if revision == head_revision():
        return SchemaState.CURRENT, revision
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    return (SchemaState.OLDER if revision in known else SchemaState.NEWER), revision


def check_schema(db: Database) -> None:
    """Raise a domain error unless the database is exactly at this program's schema."""
    state, revision = schema_state(db)
    if state is SchemaState.NEWER:
        raise DatabaseTooNew(current=revision)
    if state is SchemaState.OLDER:
        raise DatabaseTooOld()
    if state is SchemaState.EMPTY:
        raise DatabaseEmpty()


def upgrade(db: Database, revision: str = "head") -> Path | None:
    """Migrate the database to `revision` (refuses a database newer than the program). An embedded
    database with data is backed up beside itself first; returns that backup's path, if any."""
    state, current = schema_state(db)
    if state is SchemaState.NEWER:
        raise DatabaseTooNew(current=current)
    saved = None
    if state is SchemaState.OLDER:
        from app.backup import backup_before_upgrade

        saved = backup_before_upgrade(db, current)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return saved
