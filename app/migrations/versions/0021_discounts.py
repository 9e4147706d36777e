"""discounts on a service or a contract

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

- `discount`: a percent or a fixed sum off a service's monthly fee (or every service of a contract),
  from one day until another, with the reason and who granted it; the billing run applies it
  (app/services/billing/discounts.py, docs/discounts.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discount",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), nullable=False),
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("service.id"), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("granted_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(percent IS NULL) <> (amount IS NULL)", name="ck_discount_percent_or_amount"),
        sa.CheckConstraint(
            "percent IS NULL OR (percent > 0 AND percent <= 100)", name="ck_discount_percent_range"
        ),
        sa.CheckConstraint("amount IS NULL OR amount > 0", name="ck_discount_amount_positive"),
    )
    op.create_index("ix_discount_contract", "discount", ["contract_id"])
    op.create_index("ix_discount_service", "discount", ["service_id"])


def downgrade() -> None:
    op.drop_table("discount")
