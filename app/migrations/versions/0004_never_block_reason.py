"""never-block reason: why a contract is exempt from blocking and disconnection

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

«Never block» is set and cleared on the card by whoever holds the permission, with a reason the card
shows beside the badge (the history keeps every change). Existing exemptions (institutions from demo
data or SQL) get an empty reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "contract", sa.Column("never_block_reason", sa.String(500), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("contract") as batch:
        batch.drop_column("never_block_reason")
