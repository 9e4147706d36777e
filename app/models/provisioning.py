"""What the network should hold for each Internet or IPTV service, and what it was last told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime


class Provisioning(Base):
    """One row per Internet or IPTV service, written by the database's triggers in the same transaction
    as the change (migration 0019): `version` grows with every change the network must hear of, and the
    delivery (app/services/provisioning/outbox.py) sets `delivered_version` to the version it delivered.
    Only the newest desired state is ever delivered: older ones are never queued on their own."""

    __tablename__ = "provisioning"
    __table_args__ = (
        CheckConstraint("target IN ('radius', 'tv')", name="ck_provisioning_target"),
        Index(
            "ix_provisioning_due",
            "next_attempt_at",
            postgresql_where=text("version > delivered_version"),
            sqlite_where=text("version > delivered_version"),
        ),
    )

    # A service deleted (only a rolled-back legacy import deletes any) takes its row along.
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    target: Mapped[str] = mapped_column(String(8))  # radius | tv
    access: Mapped[str] = mapped_column(String(16))  # active | blocked | suspended | closed
    version: Mapped[int] = mapped_column(Integer)
    delivered_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The login the target holds for the service (a renamed login's old rows are removed).
    delivered_login: Mapped[str] = mapped_column(String(100), default="", server_default="")
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # a worker is delivering it
    last_error: Mapped[str] = mapped_column(String(1000), default="", server_default="")
