"""Telegram: the chat a subscriber linked to a contract, the one-time code that links it, and how far
the bot's incoming messages have been read (app/services/notifications/telegram.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class TelegramChat(Base):
    """The Telegram chat a contract's reminders go to (one per contract; a chat may serve several
    contracts of the same person). Deleted when unlinked; the history keeps who and when."""

    __tablename__ = "telegram_chat"
    __table_args__ = (Index("ix_telegram_chat_chat", "chat_id"),)

    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TelegramLinkCode(Base):
    """The one-time code that links a chat to a contract (one at a time per contract: a new code
    replaces the old one). Kept as its SHA-256, deleted once used."""

    __tablename__ = "telegram_link_code"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class TelegramState(Base):
    """One row: the next `update_id` to ask the Bot API for (getUpdates' offset), so that each incoming
    message is read once whichever PC polls."""

    __tablename__ = "telegram_state"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_offset: Mapped[int] = mapped_column(BigInteger, default=0)
