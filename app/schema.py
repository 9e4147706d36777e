"""Schema versions: which migration a database is at, upgrading it, and the start-up check."""

from __future__ import annotations

import enum
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from app.db import Database
from app.errors import DatabaseEmpty, DatabaseTooNew, DatabaseTooOld

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


# Search indexes and FTS5 tables that exist only in migrations 0003, 0013, 0014 and 0024 (opclass/expression
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
        "ix_residence_building_name",  # migration 0024: the name in "C" order on PostgreSQL
    }
)
# The owner's own tables of the second factor on PostgreSQL (migration 0010).
MIGRATION_ONLY_TABLE_PREFIXES = ("subscriber_search", "building_search", "contract_search", "second_factor_")
# FreeRADIUS's own tables on PostgreSQL (migration 0019): the program writes their user rows
# (app/adapters/radius_sql.py) but their shape is FreeRADIUS's.
FREERADIUS_TABLES = frozenset(
    {"radacct", "radcheck", "radgroupcheck", "radgroupreply", "radreply", "radusergroup", "radpostauth"}
    | {"nas", "nasreload"}
)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Tell model-vs-database comparisons to skip what only the migrations create."""
    if reflected and compare_to is None and name:
        if type_ == "index" and name in MIGRATION_ONLY_INDEXES:
            return False
        if type_ == "table" and (name.startswith(MIGRATION_ONLY_TABLE_PREFIXES) or name in FREERADIUS_TABLES):
            return False
    return True


class SchemaState(enum.Enum):
    CURRENT = "current"
    EMPTY = "empty"  # no tables at all: a new database
    OLDER = "older"  # an upgrade is due
    NEWER = "newer"  # a newer program migrated it: this one must not touch it


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


_REVISION = re.compile(r"""^revision\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*(?:['"]([^'"]+)['"]|None)""", re.MULTILINE)


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this program ships, read from the migration scripts' headers — without importing
    Alembic, so the window's start-up check stays light (tests hold it equal to Alembic's view)."""
    return frozenset(_script_revisions())


def _script_revisions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is not None and down is not None:
            found[revision.group(1)] = down.group(1)
    return found


@cache
def head_revision() -> str:
    """The newest revision: the one no other revision follows."""
    scripts = _script_revisions()
    heads = set(scripts) - {down for down in scripts.values() if down}
    assert len(heads) == 1, f"the migrations must have one head, not {sorted(heads)}"
    return heads.pop()


def read_revision(conn: Connection) -> str | None:
    """The database's revision (Alembic's table), or None when it has none."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(db: Database) -> str | None:
    with db.reading() as conn:
        return read_revision(conn)


def schema_state(db: Database) -> tuple[SchemaState, str | None]:
    """Where the database stands against this program's migrations."""
    revision = current_revision(db)
    if revision is None:
        with db.reading() as conn:
            has_tables = bool(inspect(conn).get_table_names())
        return (SchemaState.OLDER if has_tables else SchemaState.EMPTY), None
    if revision == head_revision():
        return SchemaState.CURRENT, revision
    return (SchemaState.OLDER if revision in known_revisions() else SchemaState.NEWER), revision


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
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return saved
