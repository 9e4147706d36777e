"""cash desk records: what a payment caused, and the Z report as it was at closing

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

`payment_effect` keeps what the debt policy did in a payment's transaction (the debt it cleared and
since when, services unblocked, disconnect orders cancelled, the reconnection fee and order), so that
cancelling the payment undoes exactly that. `shift.z_report` keeps the Z report as printed at closing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # as the referenced ids


def upgrade() -> None:
    op.create_table(
        "payment_effect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("debt_since", sa.Date(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("work_order_id", BIG_ID, nullable=True),
        sa.Column("ledger_entry_id", BIG_ID, nullable=True),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"], name=op.f("fk_payment_effect_payment_id_payment")),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], name=op.f("fk_payment_effect_service_id_service")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_order.id"], name=op.f("fk_payment_effect_work_order_id_work_order")
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"], ["ledger_entry.id"], name=op.f("fk_payment_effect_ledger_entry_id_ledger_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_effect")),
    )
    op.create_index(op.f("ix_payment_effect_payment_id"), "payment_effect", ["payment_id"])
    op.add_column("shift", sa.Column("z_report", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("z_report")
    op.drop_index(op.f("ix_payment_effect_payment_id"), table_name="payment_effect")
    op.drop_table("payment_effect")
