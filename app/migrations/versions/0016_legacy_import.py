"""moving in from an old billing

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

- `legacy_import`: one import of an old billing's export, with what it wrote.
- `legacy_contract`: the contracts it made (a rollback finds everything else through them).
- PostgreSQL: a legacy import names the signed-in person as its actor (check_staff_id, migration 0009).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "legacy_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("rolled_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rolled_back_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_table(
        "legacy_contract",
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), primary_key=True),
        sa.Column("legacy_import_id", sa.Integer(), sa.ForeignKey("legacy_import.id"), nullable=False),
    )
    op.create_index("ix_legacy_contract_legacy_import_id", "legacy_contract", ["legacy_import_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER legacy_import_actor_is_session AFTER INSERT ON legacy_import "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_staff_id()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER legacy_import_actor_is_session ON legacy_import")
    op.drop_index("ix_legacy_contract_legacy_import_id", table_name="legacy_contract")
    op.drop_table("legacy_contract")
    op.drop_table("legacy_import")
