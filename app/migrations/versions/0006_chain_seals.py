"""chain seals: tamper evidence for the ledger and the history

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Sealed blocks of ledger entries and events (see app/services/kernel/chains.py); like the tables they
seal, seals are only ever inserted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(30), nullable=False),
        sa.Column("after_id", sa.BigInteger(), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("digests", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_seal")),
        sa.UniqueConstraint("chain", "after_id", name=op.f("uq_chain_seal_chain_after_id")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER chain_seal_append_only BEFORE UPDATE OR DELETE ON chain_seal "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER chain_seal_no_{action.lower()} BEFORE {action} ON chain_seal BEGIN "
                "SELECT RAISE(ABORT, 'table chain_seal is append-only: rows are never updated or deleted'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER chain_seal_append_only ON chain_seal")
    else:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER chain_seal_no_{action}")
    op.drop_table("chain_seal")
