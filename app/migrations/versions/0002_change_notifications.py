"""change notifications: PostgreSQL tells every workstation what changed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

After every committed change to a work order, a contract or a service, PostgreSQL sends
NOTIFY subscriber_desk '<table>:<id>' to the listening workstations (ids only: the payload limit is
about 8000 bytes, and the listener re-reads what it shows). Notifications arrive only on commit, so a
rolled-back change is never announced. SQLite has no NOTIFY: its workstation polls data_version.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHANNEL = "subscriber_desk"
TABLES = ("work_order", "contract", "service")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION notify_subscriber_desk() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':' || NEW.id);
            RETURN NULL;
        END $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION notify_subscriber_desk()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify ON {table}")
    op.execute("DROP FUNCTION notify_subscriber_desk()")
