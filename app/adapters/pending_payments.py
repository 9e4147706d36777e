"""Payments whose outcome this PC does not know yet, kept in a small file beside the user's data.

When the connection breaks while a payment is being saved, the payment may or may not be in the
database. Until the program knows, the payment's UUID must not be forgotten: a cashier who closes the
dialog, or a program that is restarted, would otherwise post the same money again under a new UUID.
The file survives both; the cash desk resolves every entry (posted earlier, with its receipt, or not
posted) before it takes the next payment.

The file is rewritten whole through a temporary file and an atomic rename, so a power cut leaves the
old list or the new one, never half of one."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from app.adapters.json_file import write_json_atomically

FILE_NAME = "pending-payments.json"


@dataclass(frozen=True)
class PendingPayment:
    client_uuid: uuid.UUID
    staff_id: int
    contract_id: int
    contract_number: str
    amount: int  # kopecks
    method: str
    noted_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "client_uuid": str(self.client_uuid), "noted_at": self.noted_at.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PendingPayment:
        return cls(
            client_uuid=uuid.UUID(str(data["client_uuid"])),
            staff_id=int(str(data["staff_id"])),
            contract_id=int(str(data["contract_id"])),
            contract_number=str(data["contract_number"]),
            amount=int(str(data["amount"])),
            method=str(data["method"]),
            noted_at=dt.datetime.fromisoformat(str(data["noted_at"])),
        )


class PendingPayments:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def all(self) -> list[PendingPayment]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [PendingPayment.from_json(item) for item in raw]

    def of_staff(self, staff_id: int) -> list[PendingPayment]:
        return [p for p in self.all() if p.staff_id == staff_id]

    def add(self, payment: PendingPayment) -> None:
        kept = [p for p in self.all() if p.client_uuid != payment.client_uuid]
        self._write([*kept, payment])

    def remove(self, client_uuid: uuid.UUID) -> None:
        kept = [p for p in self.all() if p.client_uuid != client_uuid]
        self._write(kept)

    def _write(self, payments: list[PendingPayment]) -> None:
        write_json_atomically(self.path, [p.as_json() for p in payments])
