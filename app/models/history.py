"""The append-only history: every step in a subscriber's life, with who did it and when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, UTCDateTime, utcnow


class Event(Base):
    """One history entry. Rows are never updated or deleted (database triggers refuse it)."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_subscriber_time", "subscriber_id", "occurred_at"),
        Index("ix_event_contract_time", "contract_id", "occurred_at"),
        Index("ix_event_kind_time", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # NULL actor = the system (billing run, debt policy).
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    subscriber_id: Mapped[int | None] = mapped_column(ForeignKey("subscriber.id"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"))
    kind: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, object] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class ChainSeal(Base):
    """One sealed block of an append-only table (the ledger or the history): the rows with ids in
    (after_id, last_id], a short digest of each, and a hash over the previous seal's hash and those
    digests. `db verify` recomputes them: a row changed, removed or slipped in after sealing breaks
    its block, and every later seal still names the hash it followed (app.services.kernel.chains)."""

    __tablename__ = "chain_seal"
    __table_args__ = (UniqueConstraint("chain", "after_id"),)  # one block after each point: no forks

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(String(30))  # the table: ledger_entry, event
    after_id: Mapped[int] = mapped_column(BigInteger)
    last_id: Mapped[int] = mapped_column(BigInteger)
    rows: Mapped[int] = mapped_column(Integer)
    digests: Mapped[str] = mapped_column(Text)  # 8 hex characters per row, in id order
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
