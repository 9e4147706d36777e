"""A synthetic export of an old billing (docs/legacy-import.md): for the tests and the benchmark of
moving in. Subscribers with one contract each, addresses on a few streets, Internet and cable TV
services, balances (some in debt), and a payment history."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
from collections.abc import Sequence
from pathlib import Path

from app.demo.vocabulary import MALE_NAMES, SURNAMES

SUBSCRIBERS = ["id", "full_name", "kind", "phone", "phone2", "email", "inn", "balance"]
CONTRACTS = [
    "number",
    "subscriber_id",
    "signed_on",
    "city",
    "street",
    "house",
    "block",
    "apartment",
    "status",
    "balance",
    "debt_since",
    "credit_limit",
    "terminated_on",
]
SERVICES = ["contract", "kind", "tariff", "state", "identifier", "started_on"]
PAYMENTS = ["contract", "date", "amount", "reference"]


def _phone(n: int) -> str:
    """A mobile number as people write it, different for every subscriber: «+7 (900) 000-00-01»."""
    digits = f"{n:09d}"
    return f"+7 (9{digits[:2]}) {digits[2:5]}-{digits[5:7]}-{digits[7:]}"


def rubles(kopecks: int) -> str:
    sign = "-" if kopecks < 0 else ""
    return f"{sign}{abs(kopecks) // 100},{abs(kopecks) % 100:02d}"


def write_legacy_export(
    folder: Path,
    subscribers: int,
    *,
    city: str = "Тверь",
    streets: Sequence[str] = ("ул. Ленина", "пр-т Победы", "ул. Заречная"),
    houses: int = 20,
    internet_tariff: str = "Интернет 100",
    tv_tariff: str = "КТВ Базовый",
    today: dt.date = dt.date(2026, 12, 6),
    seed: int = 1,
    payments_each: int = 1,
    encoding: str = "cp1251",
    mapping: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Write subscribers.csv, contracts.csv, services.csv, payments.csv (and mapping.json) into `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    subs, contracts, services, payments = [], [], [], []
    for n in range(1, subscribers + 1):
        father = rng.choice(MALE_NAMES)
        full_name = f"{rng.choice(SURNAMES)} {rng.choice(MALE_NAMES)[0]} {father[1]}"
        debtor = n % 13 == 0
        balance = -rng.randrange(300_00, 1500_00) if debtor else rng.randrange(0, 900_00)
        number = f"L{n:07d}"
        subs.append(
            [
                str(n),
                full_name,
                "person",
                _phone(n),
                "",
                "",
                "",
                "",
            ]
        )
        contracts.append(
            [
                number,
                str(n),
                (today - dt.timedelta(days=30 + n % 2000)).strftime("%d.%m.%Y"),
                city,
                streets[n % len(streets)],
                str(1 + n % houses),
                "",
                str(1 + n // math.lcm(houses, len(streets))),  # one contract per flat
                "active",
                rubles(balance),
                (today - dt.timedelta(days=10 + n % 20)).strftime("%d.%m.%Y") if debtor else "",
                "",
                "",
            ]
        )
        services.append(
            [number, "internet", internet_tariff, "blocked" if debtor else "active", f"user{n}", ""]
        )
        if n % 3 == 0:
            services.append(
                [number, "catv", tv_tariff, "disconnected" if debtor and n % 2 else "active", "", ""]
            )
        for k in range(payments_each):
            payments.append(
                [
                    number,
                    (today - dt.timedelta(days=40 + 30 * k)).strftime("%d.%m.%Y"),
                    rubles(500_00),
                    f"P{n}-{k}",
                ]
            )
    _write(folder / "subscribers.csv", SUBSCRIBERS, subs, encoding)
    _write(folder / "contracts.csv", CONTRACTS, contracts, encoding)
    _write(folder / "services.csv", SERVICES, services, encoding)
    _write(folder / "payments.csv", PAYMENTS, payments, encoding)
    if mapping is not None:
        (folder / "mapping.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return folder


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def append_rows(path: Path, rows: list[list[str]], encoding: str = "cp1251") -> None:
    """Dirty rows for the tests, after the clean ones."""
    with path.open("a", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
