"""Demo data: one contract's money over the demo's months, in date order: payments, monthly charges.

People pay for a month before it starts (at a desk or through the bank), some months ahead; companies
pay by invoice after the charge, within their credit limit; debtors stop paying at a planned month.
Every entry goes to the ledger rows in the order it happens, and the balance is their sum.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.demo.reference import TariffInfo, World

MONTHLY, BANK, ADVANCE, DEBTOR, COMPANY = range(5)
CARD_SHARE = 0.3  # of desk payments
Rows = list[tuple[Any, ...]]


@dataclass
class Service:
    id: int
    kind: str
    tariff: TariffInfo
    identifier: str
    password: str = ""  # the Internet login's (RADIUS)


@dataclass
class Debt:
    """A debtor's story, fixed before the money is simulated (the CaTV stops being charged once cut)."""

    stop: int  # the first period left unpaid
    order_day: int | None = None  # the disconnect order was created (grace period over)
    cut_day: int | None = None  # the installer disconnected the CaTV


@dataclass
class MoneyPlan:
    """What decides a contract's money: when it was signed, what it pays for, the payer's habit."""

    contract_id: int
    signed: int  # day (ordinal)
    signed_at: dt.datetime
    first: int  # the first period charged
    services: Sequence[Service]
    fees: Sequence[int]  # the monthly fee in each period
    profile: int  # MONTHLY, BANK, ADVANCE, DEBTOR or COMPANY
    debt: Debt | None
    credit_limit: int


def below(rng: random.Random, n: int) -> int:
    """A random int in [0, n): `randrange` is several times slower, and it runs ~30 times a contract."""
    return int(rng.random() * n)


def round_up(amount: int, unit: int) -> int:
    return -(-amount // unit) * unit


class MoneySimulator:
    """Writes ledger rows and staged payments; owns the ledger id counter and the desk tallies."""

    def __init__(self, world: World, first_ledger_id: int) -> None:
        self.world = world
        self.cal = cal = world.calendar
        self.next_ledger = first_ledger_id
        self.periods = cal.period_ords
        self.period_dates = cal.periods
        self.months = cal.months
        self.today = cal.today
        self.charge_times = [cal.at(p, 300) for p in self.periods]  # the nightly billing run, 00:05
        total = sum(world.desk_weights)
        self.desk_cumulative = [sum(world.desk_weights[: i + 1]) / total for i in range(len(world.desk_ids))]
        self.desk_payments = {d: 0 for d in world.desk_ids}
        admins = world.staff["admin"]
        self.registry_staff: int | None = admins[0] if admins else None  # admin imports bank registries
        self._dates: dict[int, dt.date] = {}

    def date(self, ordinal: int) -> dt.date:
        value = self._dates.get(ordinal)
        if value is None:
            value = self._dates[ordinal] = dt.date.fromordinal(ordinal)
        return value

    def simulate(
        self, rng: random.Random, ledger: Rows, stage: Rows, plan: MoneyPlan
    ) -> tuple[int, int | None]:
        """Appends the contract's ledger rows and staged payments; returns the final balance and the day
        the current debt began (None when not in debt)."""
        periods, months, today = self.periods, self.months, self.today
        contract_id, signed, first, fees = plan.contract_id, plan.signed, plan.first, plan.fees
        profile, debt = plan.profile, plan.debt
        limit = -plan.credit_limit
        balance = 0
        debt_start: int | None = None
        new_contract = signed >= periods[0]
        stop = debt.stop if debt else months + 1
        cut_day = debt.cut_day if debt else None
        for j in range(first, months + 1):
            period = periods[j]
            # 1. Paying for period j before it starts (j == months: next month, if already paid).
            if profile != COMPANY and j < stop:
                amount, day, at_desk, posted = 0, 0, True, None
                if j == first and new_contract:
                    # At signing, for this month, and the next one too when it is only days away.
                    cover = 1
                    if profile == ADVANCE:
                        cover = (3, 6)[below(rng, 2)]
                    elif profile != DEBTOR and periods[j + 1] - signed < 16:
                        cover = 2
                    amount = round_up(sum(fees[j : j + cover]) - balance, 10_00)
                    day, posted = signed, plan.signed_at + dt.timedelta(minutes=5)
                elif balance < fees[j]:
                    if profile == BANK:
                        cover, unit, before, at_desk = 1, 1, 1 + below(rng, 8), False
                    elif profile == ADVANCE:
                        cover, unit, before = (3, 3, 6, 12)[below(rng, 4)], 100_00, 1 + below(rng, 15)
                        at_desk = rng.random() < 0.7
                    else:
                        roll = rng.random()
                        cover = 1 if profile == DEBTOR or roll < 0.7 else 2 if roll < 0.9 else 3
                        unit, before = (1, 10_00, 10_00, 50_00, 100_00)[below(rng, 5)], 1 + below(rng, 12)
                    amount = round_up(sum(fees[j : j + cover]) - balance, unit)
                    day = max(self.cal.open_on_or_before(period - before), signed)
                if amount > 0 and day < today:
                    balance += self.pay(rng, ledger, stage, contract_id, day, amount, at_desk, posted)
                    if balance >= limit:
                        debt_start = None
            if j == months:
                break
            # 2. The monthly charges of period j (on the signing day for a contract's first month).
            if j == first and new_contract:
                business_day, created = signed, plan.signed_at + dt.timedelta(minutes=2)
            else:
                business_day, created = period, self.charge_times[j]
            business_date, period_date = self.date(business_day), self.period_dates[j]
            for service in plan.services:
                if cut_day is not None and service.kind == "catv" and period > cut_day:
                    continue
                price = service.tariff.prices[j]
                ledger.append((
                    self.next_ledger, contract_id, "charge", -price, business_date, created, service.id,
                    period_date, None, None, "",
                ))  # fmt: skip
                self.next_ledger += 1
                balance -= price
            if balance < limit and debt_start is None:
                debt_start = business_day
            # 3. After the charge: a company pays its invoice; a debtor may pay part of the debt.
            if profile == COMPANY and balance < 0:
                day = self.cal.open_on_or_after(business_day + 5 + below(rng, 16))
                if day < today:
                    balance += self.pay(rng, ledger, stage, contract_id, day, -balance, False)
            elif profile == DEBTOR and j == stop and rng.random() < 0.3:
                day = self.cal.open_on_or_after(period + 5 + below(rng, 21))
                part = int(-balance * (0.3 + 0.3 * rng.random())) // 100_00 * 100_00
                if day < today and 0 < part < -balance:
                    balance += self.pay(rng, ledger, stage, contract_id, day, part, True)
        return balance, (debt_start if balance < limit else None)

    def pay(
        self,
        rng: random.Random,
        ledger: Rows,
        stage: Rows,
        contract_id: int,
        day: int,
        amount: int,
        at_desk: bool,
        posted: dt.datetime | None = None,
    ) -> int:
        """One payment on `day`: a ledger row now, the payment row staged for its receipt number."""
        world, ledger_id = self.world, self.next_ledger
        self.next_ledger += 1
        business_date = self.date(day)
        desk_id: int | None = None
        shift_id: int | None = None
        staff_id: int | None = self.registry_staff
        method, reference = "bank_registry", ""
        if at_desk:
            desk = world.desk_ids[bisect.bisect_left(self.desk_cumulative, rng.random())]
            shift, staff_id = world.shifts[(desk, day)]  # the cashier on duty
            desk_id, shift_id = desk, shift
            if posted is None:
                opens, closes = self.cal.office_hours(day)
                posted = self.cal.at(day, opens + 300 + below(rng, closes - opens - 600))
            method = "card" if rng.random() < CARD_SHARE else "cash"
            if method == "cash":
                world.shift_cash[shift] = world.shift_cash.get(shift, 0) + amount
            self.desk_payments[desk] += 1
        else:
            posted = self.cal.at(day, 10 * 3600 + below(rng, 5400))  # the morning registry import
            reference = f"SBR-{business_date:%Y%m%d}-{ledger_id}"
        ledger.append(
            (ledger_id, contract_id, "payment", amount, business_date, posted, None, None, None, staff_id, "")
        )
        client_uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
        stage.append((
            ledger_id, client_uuid, contract_id, amount, method, desk_id, shift_id, reference, posted,
            business_date, staff_id,
        ))  # fmt: skip
        return amount
