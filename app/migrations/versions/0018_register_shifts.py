"""the registers' shifts in step with the cashiers', and the cashiers' INN

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

- `shift.register_shift`, `shift.register_z_document`: the desk's register's own shift opened with ours
  (its number) and closed with it (the Z report's fiscal document number)
  (app/services/cashdesk/register_shift.py).
- `cashier_inn`: a cashier's INN for the fiscal receipts they take (tag 1203).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shift") as batch:
        batch.add_column(sa.Column("register_shift", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("register_z_document", sa.BigInteger(), nullable=True))
    op.create_table(
        "cashier_inn",
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("inn", sa.String(length=12), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cashier_inn")
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("register_z_document")
        batch.drop_column("register_shift")
