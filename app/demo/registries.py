"""Synthetic bank registries in the Sberbank-style format (docs/registries.md): for the demo, the
tests and the benchmarks. One payment per line, Windows-1251, a total line at the end."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RegistryPayment:
    operation: str
    account: str  # the contract number
    amount: int  # kopecks
    paid_on: dt.date
    payer: str = "Иванов Иван Иванович"
    address: str = "г. Тверь, ул. Ленина, д. 12, кв. 1"
    commission: int = 0


def rubles(kopecks: int) -> str:
    return f"{kopecks // 100},{kopecks % 100:02d}"


def sberbank_registry(
    payments: Sequence[RegistryPayment],
    *,
    total_amount: int | None = None,
    total_lines: int | None = None,
    encoding: str = "cp1251",
) -> bytes:
    """The file a bank would send for `payments`; `total_*` override the total line (a wrong total)."""
    rows = [
        ";".join(
            (
                p.paid_on.strftime("%d-%m-%Y"),
                f"{9 + n % 9:02d}-{n % 60:02d}-{(n * 7) % 60:02d}",
                "8607",
                f"8607/{n % 1000:04d}",
                p.operation,
                p.account,
                p.payer,
                p.address,
                p.paid_on.strftime("%m%Y"),
                rubles(p.amount),
                rubles(p.commission),
            )
        )
        for n, p in enumerate(payments)
    ]
    amount = sum(p.amount for p in payments) if total_amount is None else total_amount
    count = len(payments) if total_lines is None else total_lines
    commission = sum(p.commission for p in payments)
    rows.append(f"={count};{rubles(amount)};{rubles(commission)};{rubles(amount - commission)};1234;")
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


def random_registry(
    accounts: Sequence[str], lines: int, paid_on: dt.date, *, seed: int = 1, first_operation: int = 1
) -> list[RegistryPayment]:
    """`lines` payments to contracts drawn from `accounts`, 1% commission, operation ids counted up."""
    rng = random.Random(seed)
    payments = []
    for n in range(lines):
        amount = rng.choice((300_00, 450_00, 500_00, 650_00, 1000_00, 1500_00)) + rng.randrange(0, 100)
        payments.append(
            RegistryPayment(
                operation=f"{first_operation + n:012d}",
                account=rng.choice(accounts),
                amount=amount,
                paid_on=paid_on,
                commission=amount // 100,
            )
        )
    return payments
