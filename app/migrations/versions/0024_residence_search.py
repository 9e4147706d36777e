"""a name at an address on one index: the search's «иванов ленина» at a million subscribers

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

`residence`: one row per contract with premises, holding the building and the subscriber's search name,
indexed on (building, name in code-point order). The search's name + street queries read the street's
buildings and a name's start off that one index, where they used to intersect the street's apartments
with the name's bearers (100–250 ms for a common surname on a long street at 1,000,000 subscribers).

The databases keep it, on both (the program never writes it):
- a new contract gets its row (PostgreSQL: one statement-level trigger per INSERT or COPY);
- a contract moved to other premises or another subscriber gets its row again;
- a subscriber's new search name (a rename, anonymisation) is copied to their contracts' rows;
- premises moved to another building move their contracts' rows;
- a contract, premises or building deleted takes its rows with it (ON DELETE CASCADE).
Existing contracts are filled here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
_ROW_OF = (
    "INSERT INTO residence (contract_id, building_id, search_name) "
    "SELECT {c}.id, p.building_id, s.search_name FROM {source} "
    "JOIN premises p ON p.id = {c}.premises_id JOIN subscriber s ON s.id = {c}.subscriber_id"
)
_MOVED = (
    "OLD.premises_id IS DISTINCT FROM NEW.premises_id OR OLD.subscriber_id IS DISTINCT FROM NEW.subscriber_id"
)
_RENAMED = "OLD.search_name IS DISTINCT FROM NEW.search_name"
_REBUILT = "OLD.building_id IS DISTINCT FROM NEW.building_id"
_RENAME = (
    "UPDATE residence SET search_name = NEW.search_name "
    "WHERE contract_id IN (SELECT id FROM contract WHERE subscriber_id = NEW.id);"
)
_REBUILD = (
    "UPDATE residence SET building_id = NEW.building_id "
    "WHERE contract_id IN (SELECT id FROM contract WHERE premises_id = NEW.id);"
)
# The row of the contract a row trigger fires for (SQLite's and PostgreSQL's NEW alike).
_NEW_ROW = _ROW_OF.format(
    c="n",
    source="(SELECT NEW.id AS id, NEW.premises_id AS premises_id, NEW.subscriber_id AS subscriber_id) n",
)
_MOVE = f"DELETE FROM residence WHERE contract_id = NEW.id; {_NEW_ROW};"


def _postgresql() -> None:
    # The contract id too: a street's names are then read off the index alone (SQLite's rowid is it).
    op.execute(
        "CREATE INDEX ix_residence_building_name ON residence "
        '(building_id, search_name COLLATE "C", contract_id)'
    )
    functions = {
        "residence_of_new_contracts": _ROW_OF.format(c="n", source="new_rows n") + ";",
        "residence_of_moved_contract": _MOVE,
        "residence_of_renamed_subscriber": _RENAME,
        "residence_of_rebuilt_premises": _REBUILD,
    }
    for name, body in functions.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$ "
            f"BEGIN {body} RETURN NULL; END $$"
        )
    op.execute(
        "CREATE TRIGGER contract_inserted_residence AFTER INSERT ON contract "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION residence_of_new_contracts()"
    )
    op.execute(
        "CREATE TRIGGER contract_moved_residence AFTER UPDATE OF premises_id, subscriber_id ON contract "
        f"FOR EACH ROW WHEN ({_MOVED}) EXECUTE FUNCTION residence_of_moved_contract()"
    )
    op.execute(
        "CREATE TRIGGER subscriber_renamed_residence AFTER UPDATE OF search_name ON subscriber "
        f"FOR EACH ROW WHEN ({_RENAMED}) EXECUTE FUNCTION residence_of_renamed_subscriber()"
    )
    op.execute(
        "CREATE TRIGGER premises_rebuilt_residence AFTER UPDATE OF building_id ON premises "
        f"FOR EACH ROW WHEN ({_REBUILT}) EXECUTE FUNCTION residence_of_rebuilt_premises()"
    )


def _sqlite() -> None:
    op.execute("CREATE INDEX ix_residence_building_name ON residence (building_id, search_name)")
    op.execute(f"CREATE TRIGGER contract_inserted_residence AFTER INSERT ON contract BEGIN {_NEW_ROW}; END")
    op.execute(
        "CREATE TRIGGER contract_moved_residence AFTER UPDATE OF premises_id, subscriber_id ON contract "
        f"WHEN {_MOVED} BEGIN {_MOVE} END"
    )
    op.execute(
        "CREATE TRIGGER subscriber_renamed_residence AFTER UPDATE OF search_name ON subscriber "
        f"WHEN {_RENAMED} BEGIN {_RENAME} END"
    )
    op.execute(
        "CREATE TRIGGER premises_rebuilt_residence AFTER UPDATE OF building_id ON premises "
        f"WHEN {_REBUILT} BEGIN {_REBUILD} END"
    )


def upgrade() -> None:
    op.create_table(
        "residence",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("search_name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_residence_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["building.id"],
            name=op.f("fk_residence_building_id_building"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_residence")),
    )
    op.execute(_ROW_OF.format(c="c", source="contract c"))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
        op.execute("ANALYZE residence")
    else:
        _sqlite()


def downgrade() -> None:
    triggers = {
        "contract_inserted_residence": "contract",
        "contract_moved_residence": "contract",
        "subscriber_renamed_residence": "subscriber",
        "premises_rebuilt_residence": "premises",
    }
    postgresql = op.get_bind().dialect.name == "postgresql"
    for trigger, table in triggers.items():
        op.execute(f"DROP TRIGGER {trigger} ON {table}" if postgresql else f"DROP TRIGGER {trigger}")
    if postgresql:
        for name in (
            "residence_of_new_contracts",
            "residence_of_moved_contract",
            "residence_of_renamed_subscriber",
            "residence_of_rebuilt_premises",
        ):
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("residence")
