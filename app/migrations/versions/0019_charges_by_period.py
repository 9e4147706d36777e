"""the charges of a period by service: a night with nothing due costs little

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

`ix_ledger_entry_charge_period (charge_period, service_id) WHERE charge_period IS NOT NULL`: the billing
run leaves out the services already charged for the period with one anti-join over it (it probed the
unique (service_id, charge_period) index once per service: about 14 s at a million services to charge
nothing).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_entry_charge_period",
        "ledger_entry",
        ["charge_period", "service_id"],
        sqlite_where=sa.text("charge_period IS NOT NULL"),
        postgresql_where=sa.text("charge_period IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_entry_charge_period", table_name="ledger_entry")
