"""the journal's totals read one index

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07

The payments journal's totals (`journal_totals`) sum a period's payments by method. Read through the
(business date, id) index, every payment of the period was a row lookup: 481 ms for a month of 980,040
payments on SQLite. On (method, business date, amount) each method's sum is one range of the index
alone.
"""

from __future__ import annotations

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payment_method_day", "payment", ["method", "business_date", "amount"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE payment")


def downgrade() -> None:
    op.drop_index("ix_payment_method_day", "payment")
