"""payments from bank and agent registries

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

- `payment_agent`: who sends registry files (format, saved column mapping, watched folder).
- `registry_batch`: one file posted; cancelled as a whole.
- `payment.agent_id`, `payment.registry_batch_id`, `payment.commission`, and a unique index on
  (agent_id, external_ref): an agent's operation is posted once (desk payments have no agent: NULLs
  never collide). On SQLite the columns are added with ALTER TABLE (a batch-mode rebuild of `payment`
  would drop its append-only triggers).
- PostgreSQL: a registry batch names the signed-in person as its actor (check_staff_id, migration 0009).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "payment_agent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("file_format", sa.String(length=20), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=True),
        sa.Column("watch_folder", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "registry_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("payment_agent.id"), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_digest", sa.String(length=64), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("commission", sa.BigInteger(), nullable=False),
        sa.Column("left_aside", sa.JSON(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_registry_batch_agent_id", "registry_batch", ["agent_id"])
    if bind.dialect.name == "postgresql":
        op.add_column("payment", sa.Column("agent_id", sa.Integer(), sa.ForeignKey("payment_agent.id")))
        op.add_column(
            "payment", sa.Column("registry_batch_id", sa.Integer(), sa.ForeignKey("registry_batch.id"))
        )
        op.execute(
            "CREATE TRIGGER registry_batch_actor_is_session AFTER INSERT ON registry_batch "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_staff_id()"
        )
    else:
        op.execute("ALTER TABLE payment ADD COLUMN agent_id INTEGER REFERENCES payment_agent (id)")
        op.execute("ALTER TABLE payment ADD COLUMN registry_batch_id INTEGER REFERENCES registry_batch (id)")
    op.add_column("payment", sa.Column("commission", sa.BigInteger(), nullable=False, server_default="0"))
    op.create_index("ux_payment_agent_operation", "payment", ["agent_id", "external_ref"], unique=True)
    op.create_index("ix_payment_registry_batch", "payment", ["registry_batch_id"])


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("ix_payment_registry_batch", table_name="payment")
    op.drop_index("ux_payment_agent_operation", table_name="payment")
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER registry_batch_actor_is_session ON registry_batch")
    op.drop_column("payment", "commission")
    op.drop_column("payment", "registry_batch_id")
    op.drop_column("payment", "agent_id")
    op.drop_index("ix_registry_batch_agent_id", table_name="registry_batch")
    op.drop_table("registry_batch")
    op.drop_table("payment_agent")
