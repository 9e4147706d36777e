"""Telegram beside SMS and e-mail for the reminders

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

Both databases (app/services/notifications/telegram.py, docs/telegram.md):

- `telegram_chat`: the chat a contract's reminders go to, linked by the subscriber with a code;
- `telegram_link_code`: the one-time code from the card (its SHA-256; one per contract, deleted once
  used, refused after it expires);
- `telegram_state`: one row, the next update the bot reads (getUpdates' offset);
- `notification.channel` may be «telegram» (the column grows from 5 to 8 characters);
- when a subscriber is anonymised (`subscriber.anonymised_on` set, on either database and by either
  path) a trigger deletes the chats and codes of their contracts: a chat id is personal data too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
_FORGET = """
    DELETE FROM telegram_chat WHERE contract_id IN (SELECT id FROM contract WHERE subscriber_id = {id});
    DELETE FROM telegram_link_code WHERE contract_id IN (SELECT id FROM contract WHERE subscriber_id = {id});
"""
PG_FUNCTION = f"""
    CREATE FUNCTION telegram_forget_anonymised() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
        {_FORGET.format(id="NEW.id")}
        RETURN NULL;
    END $$
"""
PG_TRIGGER = """
    CREATE TRIGGER subscriber_anonymised_telegram AFTER UPDATE OF anonymised_on ON subscriber
    FOR EACH ROW WHEN (NEW.anonymised_on IS NOT NULL AND OLD.anonymised_on IS NULL)
    EXECUTE FUNCTION telegram_forget_anonymised()
"""
SQLITE_TRIGGER = f"""
    CREATE TRIGGER subscriber_anonymised_telegram AFTER UPDATE OF anonymised_on ON subscriber
    FOR EACH ROW WHEN NEW.anonymised_on IS NOT NULL AND OLD.anonymised_on IS NULL
    BEGIN
        {_FORGET.format(id="NEW.id")}
    END
"""


def _channel_check(values: str) -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_constraint(op.f("ck_notification_channel"), type_="check")
        batch.alter_column(
            "channel",
            existing_type=sa.String(length=5 if "telegram" in values else 8),
            type_=sa.String(length=8 if "telegram" in values else 5),
            existing_nullable=False,
        )
        batch.create_check_constraint(op.f("ck_notification_channel"), f"channel IN ({values})")


def upgrade() -> None:
    op.create_table(
        "telegram_chat",
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_telegram_chat_chat", "telegram_chat", ["chat_id"])
    op.create_table(
        "telegram_link_code",
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), primary_key=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("code_hash", name=op.f("uq_telegram_link_code_code_hash")),
    )
    op.create_table(
        "telegram_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("update_offset", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_telegram_state_one_row")),
    )
    _channel_check("'sms', 'email', 'telegram'")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("REVOKE ALL ON FUNCTION telegram_forget_anonymised() FROM PUBLIC")
        op.execute(PG_TRIGGER)
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER subscriber_anonymised_telegram"
        + (" ON subscriber" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION telegram_forget_anonymised()")
    op.execute("DELETE FROM notification WHERE channel = 'telegram'")
    _channel_check("'sms', 'email'")
    op.drop_table("telegram_state")
    op.drop_table("telegram_link_code")
    op.drop_table("telegram_chat")
