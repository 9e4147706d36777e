"""The kinds of things a payment makes the debt policy do (see `payment_effects`): plain data, so the
policy can report them without knowing about payments."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class EffectKind(enum.StrEnum):
    DEBT_CLEARED = "debt_cleared"  # debt_since: when the cleared debt had started
    SERVICE_UNBLOCKED = "service_unblocked"  # service_id
    DISCONNECT_CANCELLED = "disconnect_cancelled"  # work_order_id, service_id
    RECONNECTION = "reconnection"  # service_id, work_order_id (reconnect), ledger_entry_id (the fee)


@dataclass(frozen=True)
class Effect:
    kind: EffectKind
    debt_since: dt.date | None = None
    service_id: int | None = None
    work_order_id: int | None = None
    ledger_entry_id: int | None = None
