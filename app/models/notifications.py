"""The notification outbox: reminders waiting to be sent by SMS or e-mail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, str_enum, utcnow
from app.models.enums import NotificationChannel, NotificationStatus


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_status", "status", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # e.g. "debt:<contract>:<debt_since>": the same reminder is never queued twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    channel: Mapped[NotificationChannel] = mapped_column(str_enum(NotificationChannel, "channel"))
    recipient: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[NotificationStatus] = mapped_column(
        str_enum(NotificationStatus, "notification_status"), default=NotificationStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscriber.id"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
