"""indexes for what a million subscribers made slow: the payments journal by business date, the
passport duplicate check at signing, the next contract number

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

- `ix_payment_business_date (business_date, id)`: the journal's pages and totals read a period off it
  (it walked every payment in id order);
- `ix_subscriber_passport_number`: the duplicate check at signing (it scanned every subscriber);
- `ix_contract_number_order (length(number), number)` (an expression index, migration only): the next
  contract number is the highest one read backwards off it (it sorted every contract).
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payment_business_date", "payment", ["business_date", "id"])
    op.create_index("ix_subscriber_passport_number", "subscriber", ["passport_number"])
    op.execute("CREATE INDEX ix_contract_number_order ON contract (length(number), number)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_contract_number_order")
    op.drop_index("ix_subscriber_passport_number", "subscriber")
    op.drop_index("ix_payment_business_date", "payment")
