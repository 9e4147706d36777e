"""Demo data, main stage: subscribers, each with a contract, services, a year of monthly charges and
payments (`demo_money`), and for debtors the blocks and disconnect orders of the debt policy.

Contracts are made in chunks, each chunk from its own seeded generator and written table by table,
so memory stays flat and the same seed gives the same database. Contract numbers grow with the
signing date, as they do in an office that has been signing contracts for years.
"""

from __future__ import annotations

import bisect
import datetime as dt
import queue
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from app.demo.bulk import BulkLoader, columns
from app.demo.money import (
    ADVANCE,
    BANK,
    COMPANY,
    DEBTOR,
    MONTHLY,
    Debt,
    MoneyPlan,
    MoneySimulator,
    Service,
    below,
    round_up,
)
from app.demo.people import make_company, make_person
from app.demo.places import Places
from app.demo.reference import TariffInfo, World
from app.money import format_money
from app.services.frontdesk.signing import PASSWORD_LETTERS
from app.services.kernel.history import EVENT_TEMPLATES, EventKind

CHUNK = 5_000
SIGNING_SPAN_DAYS = 6 * 365  # contracts were signed over the last six years
COMPANY_SHARE = 0.02
# People's payment habits (demo_money): 7.5 % become debtors; the rest pay months ahead, through the
# bank, or at a desk each month.
DEBTOR_SHARE, ADVANCE_SHARE, MONTHLY_SHARE = 0.075, 0.20, 0.475
INTERNET_TARIFFS, INTERNET_SHARES = ("inet300", "inet500", "inet1000", "inet100"), (0.45, 0.77, 0.92)
DEBT_MONTHS_AGO = (0,) * 7 + (1,) * 6 + (2,) * 4 + (3,) * 3  # how long ago debtors stopped paying
Rows = list[tuple[Any, ...]]


# Column lists of the COPY / INSERT statements, in the order the row tuples are built.
SUBSCRIBER_COLUMNS = columns(
    "id kind full_name phone phone2 email notify_sms notify_email passport_series passport_number "
    "passport_issued_by passport_issued_on birth_date inn created_at search_name version"
)
CONTRACT_COLUMNS = columns(
    "id number subscriber_id premises_id signed_on status terminated_on credit_limit balance "
    "debt_since never_block never_block_until created_at version"
)
SERVICE_COLUMNS = columns(
    "id contract_id kind tariff_id identifier state state_since started_on ended_on suspended_until "
    "scheduled_tariff_id scheduled_on version password"
)
LEDGER_COLUMNS = columns(
    "id contract_id kind amount business_date created_at service_id charge_period reverses_id "
    "staff_id comment"
)
STAGE_COLUMNS = columns(
    "ledger_entry_id client_uuid contract_id amount method cash_desk_id shift_id external_ref "
    "posted_at business_date staff_id"
)
WORK_ORDER_COLUMNS = columns(
    "id kind status contract_id service_id building_id premises_id installer_id due_on planned_on "
    "note outcome_note cancel_reason created_at created_by assigned_at assigned_by printed_at "
    "closed_at closed_by version"
)
EVENT_COLUMNS = columns("id occurred_at actor_staff_id subscriber_id contract_id kind summary details note")


@dataclass
class ChunkRows:
    subscribers: Rows = field(default_factory=list)
    contracts: Rows = field(default_factory=list)
    services: Rows = field(default_factory=list)
    ledger: Rows = field(default_factory=list)
    stage: Rows = field(default_factory=list)
    work_orders: Rows = field(default_factory=list)
    events: Rows = field(default_factory=list)

    def write(self, loader: BulkLoader, stage_table: str) -> None:
        # Parents before children: SQLite checks foreign keys row by row.
        loader.write("subscriber", SUBSCRIBER_COLUMNS, self.subscribers)
        loader.write("contract", CONTRACT_COLUMNS, self.contracts)
        loader.write("service", SERVICE_COLUMNS, self.services)
        loader.write("ledger_entry", LEDGER_COLUMNS, self.ledger)
        loader.write(stage_table, STAGE_COLUMNS, self.stage)
        loader.write("work_order", WORK_ORDER_COLUMNS, self.work_orders)
        loader.write("event", EVENT_COLUMNS, self.events)


@dataclass
class StreamTotals:
    subscribers: int = 0
    services: int = 0
    ledger_entries: int = 0
    staged_payments: int = 0
    work_orders: int = 0
    events: int = 0


class ContractStream:
    """Generates and writes subscribers 0..n-1 with everything that hangs on their contract."""

    def __init__(
        self, world: World, places: Places, *, seed: int, subscribers: int, first_ids: dict[str, int]
    ) -> None:
        self.world, self.places, self.seed, self.count = world, places, seed, subscribers
        self.cal = world.calendar
        self.first_subscriber = first_ids["subscriber"]
        self.first_contract = first_ids["contract"]
        self.next_service = first_ids["service"]
        self.next_event = first_ids["event"]
        self.next_order = first_ids["work_order"]
        self.money = MoneySimulator(world, first_ids["ledger_entry"])
        self.totals = StreamTotals()
        self.periods = self.cal.period_ords
        self.months = self.cal.months
        self.first_signing = self.cal.today - SIGNING_SPAN_DAYS
        self._fee_plans: dict[tuple[Any, ...], list[int]] = {}
        # Who signs contracts and closes orders; an existing database may lack some demo accounts.
        front_desk, dispatchers = world.staff["front_desk"] or world.staff["admin"], world.staff["dispatcher"]
        self.front_desk: list[int | None] = [*front_desk] if front_desk else [None]
        self.dispatcher: int | None = dispatchers[0] if dispatchers else None

    @property
    def desk_payments(self) -> dict[int, int]:
        return self.money.desk_payments

    @property
    def next_ledger(self) -> int:
        return self.money.next_ledger

    def run(
        self, loader: BulkLoader, stage_table: str, progress: Callable[[int, int], None] | None
    ) -> StreamTotals:
        """Generate chunk k+1 in a thread while chunk k is written: the database ingests (and keeps its
        indexes) while Python generates, instead of the two taking turns."""
        chunks: queue.Queue[ChunkRows | BaseException | None] = queue.Queue(maxsize=2)
        stop = threading.Event()

        def hand_over(item: ChunkRows | BaseException | None) -> bool:
            """Queue `item` unless the writer has given up (then the generator stops too)."""
            while not stop.is_set():
                try:
                    chunks.put(item, timeout=0.5)
                    return True
                except queue.Full:
                    continue
            return False

        def produce() -> None:
            try:
                for start in range(0, self.count, CHUNK):
                    if not hand_over(self._chunk(start)):
                        return
            except BaseException as exc:  # noqa: BLE001 - handed to the writing thread, which raises it
                hand_over(exc)
            else:
                hand_over(None)

        producer = threading.Thread(target=produce, name="demo-data-generator", daemon=True)
        producer.start()
        try:
            while (item := chunks.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                item.write(loader, stage_table)
                self._count(item)
                if progress:
                    progress(self.totals.subscribers, self.count)
        finally:
            stop.set()
            producer.join()
        return self.totals

    def _chunk(self, start: int) -> ChunkRows:
        # Each chunk has its own generator, so the data does not depend on how chunks are scheduled.
        rng = random.Random(self.seed * 1_000_003 + start)
        rows = ChunkRows()
        for index in range(start, min(self.count, start + CHUNK)):
            self._contract(index, rng, rows)
        return rows

    def _count(self, rows: ChunkRows) -> None:
        totals = self.totals
        totals.subscribers += len(rows.subscribers)
        totals.services += len(rows.services)
        totals.ledger_entries += len(rows.ledger)
        totals.staged_payments += len(rows.stage)
        totals.work_orders += len(rows.work_orders)
        totals.events += len(rows.events)

    def _contract(self, index: int, rng: random.Random, rows: ChunkRows) -> None:
        cal, money, places = self.cal, self.money, self.places
        subscriber_id, contract_id = self.first_subscriber + index, self.first_contract + index
        number = str(100_000 + contract_id)
        signed = cal.open_on_or_before(self.first_signing + index * (SIGNING_SPAN_DAYS - 1) // self.count)
        opens, closes = cal.office_hours(signed)
        signed_at = cal.at(signed, opens + 600 + below(rng, closes - opens - 2400))
        is_company = rng.random() < COMPANY_SHARE
        never_block = False
        if is_company:
            subscriber, never_block = make_company(rng, subscriber_id, signed_at)
        else:
            subscriber = make_person(rng, subscriber_id, signed, signed_at)
        rows.subscribers.append(subscriber)

        services = self._services(rng, number, is_company, signed)
        first = 0 if signed < self.periods[0] else bisect.bisect_right(self.periods, signed) - 1
        profile, debt = self._profile(rng, is_company, first, services)
        fees = self._fee_plan(services, debt.cut_day if debt else None)
        # Companies pay invoices after the month is charged: the limit covers two months.
        credit_limit = round_up(2 * max(fees[: self.months]), 1000_00) if is_company else 0
        plan = MoneyPlan(contract_id, signed, signed_at, first, services, fees, profile, debt, credit_limit)
        balance, debt_since = money.simulate(rng, rows.ledger, rows.stage, plan)
        if (profile == DEBTOR) != (debt_since is not None) or (
            debt and debt_since != self.periods[debt.stop]
        ):
            raise AssertionError(f"demo contract {number} did not end as planned")  # a bug in the simulation

        premises_index = places.premises_index(index)
        premises_id = places.first_premises_id + premises_index
        debt_date = money.date(debt_since) if debt_since is not None else None
        rows.contracts.append((
            contract_id, number, subscriber_id, premises_id, money.date(signed), "active", None, credit_limit,
            balance, debt_date, never_block, None, signed_at, 1,
        ))  # fmt: skip
        actor = self.front_desk[below(rng, len(self.front_desk))]
        event = partial(self._event, rows, subscriber_id, contract_id)
        event(signed_at, actor, EventKind.CONTRACT_SIGNED, number=number)
        for service in services:
            state, since = "active", signed
            if debt is not None and debt_since is not None:
                if service.kind != "catv":
                    state, since = "blocked", debt_since
                    blocked_at = cal.at(debt_since, 360)
                    event(blocked_at, None, EventKind.SERVICE_BLOCKED, service=service.tariff.name,
                          service_id=service.id)  # fmt: skip
                elif debt.order_day is not None:
                    state, since = "disconnect_pending", debt.order_day
                    if debt.cut_day is not None:
                        state, since = "disconnected", debt.cut_day
                    order = (contract_id, service.id, places.premises_building[premises_index], premises_id)
                    self._disconnect_order(rng, rows, debt, order, balance, event)
            rows.services.append((
                service.id, contract_id, service.kind, service.tariff.id, service.identifier, state,
                money.date(since), money.date(signed), None, None, None, None, 1, service.password,
            ))  # fmt: skip

    def _services(self, rng: random.Random, number: str, is_company: bool, signed: int) -> list[Service]:
        """Roughly half take Internet and TV, 30 % Internet only, 20 % TV only; a few add IPTV."""
        tariffs = self.world.tariffs
        roll = rng.random()
        internet: TariffInfo | None = None
        catv: TariffInfo | None = None
        if is_company:
            internet = tariffs["inet1000" if roll < 0.4 else "inet500"]
            catv = tariffs["catv_basic"] if rng.random() < 0.4 else None
        else:
            if roll < 0.8:
                speed = rng.random()
                code = INTERNET_TARIFFS[bisect.bisect_right(INTERNET_SHARES, speed)]
                # The archive tariff is no longer sold: only contracts older than two years keep it.
                if code == "inet100" and signed >= self.cal.today - 730:
                    code = "inet300"
                internet = tariffs[code]
            if roll < 0.5 or roll >= 0.8:
                catv = tariffs["catv_social" if rng.random() < 0.3 else "catv_basic"]
        chosen: list[tuple[TariffInfo, str]] = []
        if internet:
            chosen.append((internet, f"u{number}"))
        if catv:
            chosen.append((catv, ""))
        if internet and not is_company and rng.random() < 0.06:
            chosen.append((tariffs["iptv"], f"iptv-{number}"))
        services = []
        for tariff, identifier in chosen:
            # A stream of its own: the passwords leave the rest of the demo exactly as before.
            letters = random.Random(f"password-{number}")
            has_login = tariff.kind == "internet"
            password = "".join(letters.choice(PASSWORD_LETTERS) for _ in range(8)) if has_login else ""
            services.append(Service(self.next_service, tariff.kind, tariff, identifier, password))
            self.next_service += 1
        return services

    def _profile(
        self, rng: random.Random, is_company: bool, first: int, services: list[Service]
    ) -> tuple[int, Debt | None]:
        if is_company:
            return COMPANY, None
        roll = rng.random()
        if roll >= DEBTOR_SHARE + ADVANCE_SHARE:
            return (BANK if roll < 1 - MONTHLY_SHARE else MONTHLY), None
        if roll >= DEBTOR_SHARE:
            return ADVANCE, None
        stop = self.months - 1 - DEBT_MONTHS_AGO[below(rng, len(DEBT_MONTHS_AGO))]
        if stop <= first:  # a debtor has paid at least once
            return MONTHLY, None
        debt, since, today = Debt(stop), self.periods[stop], self.cal.today
        # The debt policy: a disconnect order once the grace period is over; some were carried out.
        grace = self.world.grace_days
        if any(s.kind == "catv" for s in services) and today - since >= grace:
            debt.order_day = since + grace
            cut = debt.order_day + 2 + below(rng, 9)
            if today - since >= 30 and rng.random() < 0.45 and cut < today:
                debt.cut_day = cut
        return DEBTOR, debt

    def _fee_plan(self, services: list[Service], cut_day: int | None) -> list[int]:
        """The contract's monthly fee in each period (CaTV is not charged after a physical disconnect)."""
        key = (tuple(s.tariff.id for s in services), cut_day)
        fees = self._fee_plans.get(key)
        if fees is None:
            fees = [0] * len(self.periods)
            for service in services:
                for j, price in enumerate(service.tariff.prices):
                    if cut_day is None or service.kind != "catv" or self.periods[j] <= cut_day:
                        fees[j] += price
            self._fee_plans[key] = fees
        return fees

    def _disconnect_order(
        self,
        rng: random.Random,
        rows: ChunkRows,
        debt: Debt,
        where: tuple[int, int, int, int],
        balance: int,
        event: Callable[..., None],
    ) -> None:
        """The CaTV disconnect order of a debtor (contract, service, building, premises in `where`):
        new, assigned to an installer of the building's district, or done."""
        assert debt.order_day is not None
        cal, date, created = self.cal, self.money.date, debt.order_day
        order_id = self.next_order
        self.next_order += 1
        created_at = cal.at(created, 600)  # the nightly debt-policy run, 00:10
        crew = self.world.installers_by_district.get(self.places.building_district[where[2]], [])
        installer: int | None = crew[below(rng, len(crew))] if crew else None
        status, planned, assigned_at, printed_at, closed_at, outcome = "new", None, None, None, None, ""
        if debt.cut_day is not None:
            status, planned, outcome = "done", debt.cut_day, "Отключено на отводе, установлена пломба"
            assigned_at = cal.at(created + 1, 9 * 3600 + 1800)
            printed_at = cal.at(debt.cut_day, 8 * 3600 + 2700)
            closed_at = cal.at(debt.cut_day, 11 * 3600 + below(rng, 6 * 3600))
        elif created + 1 < cal.today and rng.random() < 0.6:
            status, planned = "assigned", max(created + 1 + below(rng, 4), cal.today)
            assigned_at = cal.at(created + 1, 9 * 3600 + 1800)
        else:
            installer = None
        dispatcher = self.dispatcher if assigned_at else None
        rows.work_orders.append((
            order_id, "disconnect_catv", status, *where, installer, date(created + 5),
            date(planned) if planned is not None else None, f"Задолженность {format_money(-balance)}",
            outcome, "", created_at, None, assigned_at, dispatcher, printed_at, closed_at,
            dispatcher if closed_at else None, 1,
        ))  # fmt: skip
        event(created_at, None, EventKind.WORK_ORDER_CREATED, order=order_id, what="disconnect_catv")
        if closed_at is not None:
            event(
                closed_at, self.dispatcher, EventKind.WORK_ORDER_DONE, order=order_id, what="disconnect_catv"
            )

    def _event(
        self,
        rows: ChunkRows,
        subscriber_id: int,
        contract_id: int,
        at: dt.datetime,
        actor: int | None,
        kind: str,
        **params: Any,
    ) -> None:
        """A history row exactly as `record_event` would write it."""
        summary = EVENT_TEMPLATES[kind].format(**params)[:500]
        rows.events.append(
            (self.next_event, at, actor, subscriber_id, contract_id, kind, summary, params, None)
        )
        self.next_event += 1
