"""fiscal receipts on the desks' online cash registers

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

- `cash_desk.register_url`: the desk's register (its driver's web server); "" = no register.
- `fiscal_receipt`: each payment's sale receipt and each cancellation's return, queued in the same
  transaction and delivered after commit (app/services/cashdesk/fiscal.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cash_desk") as batch:
        batch.add_column(sa.Column("register_url", sa.String(length=300), nullable=False, server_default=""))
    op.create_table(
        "fiscal_receipt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "payment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.ForeignKey("payment.id"), nullable=False
        ),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cash_desk_id", sa.Integer(), sa.ForeignKey("cash_desk.id"), nullable=False),
        sa.Column("task_uuid", sa.Uuid(), nullable=False),
        sa.Column("task", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fiscal", sa.JSON(), nullable=True),
        sa.UniqueConstraint("payment_id", "kind", name="uq_fiscal_receipt_payment_kind"),
        sa.UniqueConstraint("task_uuid", name="uq_fiscal_receipt_task_uuid"),
        sa.CheckConstraint("kind IN ('sale', 'return')", name="ck_fiscal_receipt_fiscal_receipt_kind"),
        sa.CheckConstraint(
            "state IN ('queued', 'sent', 'done', 'withdrawn')", name="ck_fiscal_receipt_fiscal_receipt_state"
        ),
    )
    op.create_index("ix_fiscal_receipt_desk_state", "fiscal_receipt", ["cash_desk_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_fiscal_receipt_desk_state", table_name="fiscal_receipt")
    op.drop_table("fiscal_receipt")
    with op.batch_alter_table("cash_desk") as batch:
        batch.drop_column("register_url")
