"""A month in the life of an office, on both databases: a few hundred subscribers with Internet and
cable TV over 40 business days. Each night the billing run works while online payments arrive at the
same moment; each day cashiers take late, exact, partial and "what the card says" payments while the
dispatcher, at the same moment, records yesterday's visits, assigns the open orders for tomorrow and
prints the route sheets. Whatever the interleaving:

- no installer cuts a subscriber whose debt was cleared before the visit (wasted trips = 0);
- no reconnection fee is charged twice;
- no disconnect order stays open for a debt that was cleared;
- balances are the sums of their ledgers;
- every subscriber whose cable TV is cut and whose balance covers the reconnection has a reconnect
  order.

The figures are printed with the test output."""

from __future__ import annotations

import datetime as dt
import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import ConcurrentEdit, DomainError
from app.models import PaymentMethod, Role
from app.services.billing.reconnection import reconnect_quote
from app.services.billing.run import run_billing
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.board import assign, route_sheets
from app.services.dispatch.installers import create_installer
from app.services.dispatch.orders import Outcome, record_outcome
from app.services.kernel.permissions import Actor
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

SUBSCRIBERS = 300
DAYS = 40
START = dt.date(2026, 3, 1)
INTERNET_FEE = 620_00
TV_FEE = 310_00  # also the reconnection fee (one monthly fee of the service)
MOSCOW = dt.timezone(dt.timedelta(hours=3))
CARD_SAYS, ASKS, TOLD = -1, -2, -3  # payments whose amount the desk reads from the reconnection quote


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=MOSCOW)


@dataclass
class Figures:
    payments_at_night: int = 0
    payments_at_desk: int = 0
    reconnect_amounts_paid: int = 0
    fee_only_payments: int = 0
    told_amounts_paid: int = 0
    card_amount_did_not_reconnect: int = 0
    dispatcher_told_cancelled: int = 0
    board_reloads: int = 0
    route_sheets_printed: int = 0
    errors: list[str] = field(default_factory=list)
    worst_daily: Counter[str] = field(default_factory=Counter)


class Office:
    def __init__(self, db: Database, seed: int) -> None:
        self.db = db
        self.rng = random.Random(seed)
        internet = make_tariff(db, "Интернет 100", "internet", INTERNET_FEE, valid_from=dt.date(2026, 1, 1))
        tv = make_tariff(db, "КТВ Базовый", "catv", TV_FEE, valid_from=dt.date(2026, 1, 1))
        self.contracts = [
            make_contract(db, str(300_000 + n), f"Абонент {n}", apartment=str(n + 1))
            for n in range(SUBSCRIBERS)
        ]
        for contract in self.contracts:
            add_service(db, contract, "internet", internet, START)
            add_service(db, contract, "catv", tv, START)
        admin = make_staff(db, "admin", Role.ADMIN)
        self.installer = create_installer(db, admin, full_name="Петров Пётр").id
        self.cashier = make_staff(db, "kassa", Role.CASHIER)
        self.online = make_staff(db, "online", Role.CASHIER)
        self.dispatcher = make_staff(db, "disp", Role.DISPATCHER)
        with clock.frozen_at(moment(START, 8)):
            open_shift(db, self.cashier, make_desk(db, "Касса 1"), 0)
            open_shift(db, self.online, make_desk(db, "Онлайн-оплата"), 0)
            for contract in self.contracts:  # each prepaid between nothing and a month
                days = self.rng.randint(0, 30)
                if days:
                    self.pay(self.db, self.cashier, contract, days * 30_00, PaymentMethod.CASH)
        self.figures = Figures()
        self.told: dict[int, int] = {}  # contract → the amount to reconnect it was told (a receipt, the desk)

    # -- reading the state the way the screens do -----------------------------------------------
    def rows(self, sql: str, **params: object) -> list[tuple]:
        with self.db.reading() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def balances(self) -> dict[int, tuple[int, bool]]:
        """contract → (balance, in debt)."""
        return {
            c: (int(b), d is not None)
            for c, b, d in self.rows("SELECT id, balance, debt_since FROM contract")
        }

    def cut(self) -> set[int]:
        return {
            c
            for (c,) in self.rows(
                "SELECT contract_id FROM service WHERE kind = 'catv' AND state = 'disconnected'"
            )
        }

    @staticmethod
    def pay(db: Database, actor: Actor, contract: int, amount: int, method: PaymentMethod) -> None:
        post_payment(db, actor, client_uuid=uuid.uuid4(), contract_id=contract, amount=amount, method=method)

    # -- the night: the run, and online payments at the same moment ------------------------------
    def night(self, day: dt.date, workstation: Database, bank: Database) -> None:
        balances = self.balances()
        debtors = [c for c, (_b, debt) in balances.items() if debt]
        paying = [c for c in debtors if self.rng.random() < 0.04]
        start = threading.Barrier(2)

        def online() -> None:
            start.wait(timeout=30)
            for contract in paying:
                amount = max(100, -balances[contract][0]) + 300_00
                self.guard(lambda c=contract, a=amount: self.pay(bank, self.online, c, a, PaymentMethod.CARD))
                self.figures.payments_at_night += 1

        def run() -> None:
            start.wait(timeout=30)
            self.guard(lambda: run_billing(workstation, None, day))

        self.together(run, online)

    # -- the day: the cash desk and the dispatcher at the same moment ----------------------------
    def daytime(self, day: dt.date, desk: Database, field_db: Database) -> None:
        balances = self.balances()
        cut = self.cut()
        visits = self.rows(
            "SELECT id, version FROM work_order WHERE status = 'assigned' AND planned_on = :d", d=day
        )
        plan: list[tuple[int, int]] = []
        for contract, (balance, debt) in balances.items():
            draw = self.rng.random()
            if contract in cut:
                if contract in self.told and draw < 0.25:
                    plan.append((contract, TOLD))  # comes back with the amount a receipt showed days ago
                elif draw < 0.08:
                    plan.append((contract, CARD_SAYS))  # pays what the card says today
                elif draw < 0.11:
                    plan.append((contract, TV_FEE))  # only the fee: the trap of the old rule
                elif draw < 0.16 and balance < 0:
                    plan.append((contract, -balance))  # only the debt; the receipt says what else
                elif draw < 0.20:
                    plan.append((contract, ASKS))  # asks at the desk and comes back another day
            elif debt:
                if draw < 0.05:
                    plan.append((contract, -balance))  # exact, late
                elif draw < 0.08:
                    plan.append((contract, max(100, -balance // 2)))  # partial
                elif draw < 0.11:
                    plan.append((contract, -balance + 1_000_00))  # with a month ahead
            elif balance < 100_00 and draw < 0.03:
                plan.append((contract, 500_00))  # tops up before the debt starts
        self.rng.shuffle(plan)
        start = threading.Barrier(2)

        def cash_desk() -> None:
            start.wait(timeout=30)
            for contract, amount in plan:
                promised = None
                if amount in (CARD_SAYS, ASKS):
                    quote = reconnect_quote(desk, self.cashier, contract)
                    if quote is None or quote.amount == 0:
                        continue
                    if amount == ASKS:
                        self.told[contract] = quote.amount
                        continue
                    amount = promised = quote.amount
                    self.figures.reconnect_amounts_paid += 1
                elif amount == TOLD:
                    amount = promised = self.told.pop(contract)
                    self.figures.told_amounts_paid += 1
                elif amount == TV_FEE:
                    self.figures.fee_only_payments += 1
                self.guard(
                    lambda c=contract, a=amount: self.pay(desk, self.cashier, c, a, PaymentMethod.CASH)
                )
                self.figures.payments_at_desk += 1
                if contract in self.cut() and not self.reconnecting(contract):
                    if promised is not None:
                        self.figures.card_amount_did_not_reconnect += 1
                    else:  # what the receipt of this payment says
                        quote = reconnect_quote(desk, self.cashier, contract)
                        if quote is not None and quote.amount:
                            self.told[contract] = quote.amount

        def dispatcher() -> None:
            start.wait(timeout=30)
            for order_id, version in visits:  # yesterday's assignments: the installer went today
                try:
                    record_outcome(field_db, self.dispatcher, order_id, Outcome.DONE, version=version)
                except DomainError:  # cancelled meanwhile (paid): the installer was called off
                    self.figures.dispatcher_told_cancelled += 1
            tomorrow = day + dt.timedelta(days=1)
            for _attempt in range(20):
                with field_db.reading() as conn:
                    queue = [
                        (int(i), int(v))
                        for i, v in conn.execute(
                            text("SELECT id, version FROM work_order WHERE status = 'new'")
                        )
                    ]
                if not queue:
                    break
                try:
                    assign(field_db, self.dispatcher, queue, self.installer, tomorrow)
                    break
                except ConcurrentEdit:  # a payment cancelled one of them: the board reloads
                    self.figures.board_reloads += 1
            self.figures.route_sheets_printed += len(route_sheets(field_db, self.dispatcher, tomorrow))

        self.together(cash_desk, dispatcher)

    def reconnecting(self, contract: int) -> bool:
        return bool(
            self.rows(
                "SELECT 1 FROM work_order WHERE contract_id = :c AND kind = 'reconnect_catv' "
                "AND status IN ('new', 'assigned')",
                c=contract,
            )
        )

    def together(self, *work: Callable[[], None]) -> None:
        threads = [threading.Thread(target=self.guarded(w)) for w in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)

    def guarded(self, work: Callable[[], None]) -> Callable[[], None]:
        return lambda: self.guard(work)

    def guard(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported by the test
            self.figures.errors.append(f"{type(exc).__name__}: {exc}")

    # -- what must always hold -------------------------------------------------------------------
    def wasted_trips(self) -> int:
        """Cuts recorded after the contract's debt was cleared, read from the history in the order the
        contract's row lock serialised them (the policy, payments and outcomes all take it first)."""
        in_debt: dict[int, bool] = {}
        wasted = 0
        for contract, kind in self.rows(
            "SELECT contract_id, kind FROM event WHERE kind IN "
            "('debt_started', 'debt_cleared', 'service_disconnected') ORDER BY id"
        ):
            if kind == "debt_started":
                in_debt[contract] = True
            elif kind == "debt_cleared":
                in_debt[contract] = False
            elif not in_debt.get(contract, False):
                wasted += 1
        return wasted

    def fees_charged_twice(self) -> int:
        fees = Counter(s for (s,) in self.rows("SELECT service_id FROM ledger_entry WHERE kind = 'fee'"))
        reconnects = Counter(
            s for (s,) in self.rows("SELECT service_id FROM work_order WHERE kind = 'reconnect_catv'")
        )
        cuts = Counter(
            s
            for (s,) in self.rows(
                "SELECT service_id FROM work_order WHERE kind = 'disconnect_catv' AND status = 'done'"
            )
        )
        return sum(max(0, fees[s] - cuts[s]) + abs(fees[s] - reconnects[s]) for s in fees | reconnects)

    def open_orders_for_cleared_debts(self) -> int:
        return len(
            self.rows(
                "SELECT w.id FROM work_order w JOIN contract c ON c.id = w.contract_id "
                "WHERE w.kind = 'disconnect_catv' AND w.status IN ('new', 'assigned') "
                "AND c.debt_since IS NULL"
            )
        )

    def cut_but_covering_without_order(self) -> int:
        return len(
            self.rows(
                "SELECT s.id FROM service s JOIN contract c ON c.id = s.contract_id "
                "WHERE s.kind = 'catv' AND s.state = 'disconnected' AND c.balance - :fee >= -c.credit_limit "
                "AND NOT EXISTS (SELECT 1 FROM work_order w WHERE w.service_id = s.id "
                "AND w.kind = 'reconnect_catv' AND w.status IN ('new', 'assigned'))",
                fee=TV_FEE,
            )
        )

    def check_day(self) -> None:
        figures = self.figures
        for name, value in (
            ("open orders for cleared debts", self.open_orders_for_cleared_debts()),
            ("cut and covering without a reconnect order", self.cut_but_covering_without_order()),
            ("balances off their ledger", 0 if ledger_matches_balances(self.db) else 1),
        ):
            figures.worst_daily[name] = max(figures.worst_daily[name], value)


def count(office: Office, sql: str) -> int:
    return int(office.rows(sql)[0][0] or 0)


def test_forty_business_days_with_payments_during_the_runs_and_the_visits(db: Database, capsys) -> None:
    office = Office(db, seed=20261201)
    workstation, bank, desk, field_db = (db.fresh_connections() for _ in range(4))
    try:
        with clock.frozen_at(moment(START, 0, 30)) as now:
            for n in range(DAYS):
                day = START + dt.timedelta(days=n)
                now.set(moment(day, 0, 30))
                office.night(day, workstation, bank)
                now.set(moment(day, 10))
                office.daytime(day, desk, field_db)
                office.check_day()
    finally:
        for workstation_db in (workstation, bank, desk, field_db):
            workstation_db.dispose()

    figures = office.figures
    results = {
        "wasted trips": office.wasted_trips(),
        "reconnection fees charged twice": office.fees_charged_twice(),
        "open disconnect orders for cleared debts": office.open_orders_for_cleared_debts(),
        "balances off their ledger": 0 if ledger_matches_balances(db) else 1,
        "cut, balance covers the fee, no reconnect order": office.cut_but_covering_without_order(),
        "paid the amount shown, not reconnected": figures.card_amount_did_not_reconnect,
    }
    activity = {
        "payments at night (during the run)": figures.payments_at_night,
        "payments at the desk": figures.payments_at_desk,
        "  of them «what the card says» to reconnect": figures.reconnect_amounts_paid,
        "  of them an amount told days before": figures.told_amounts_paid,
        "  of them the fee alone": figures.fee_only_payments,
        "debts started": count(office, "SELECT count(*) FROM event WHERE kind = 'debt_started'"),
        "debts cleared": count(office, "SELECT count(*) FROM event WHERE kind = 'debt_cleared'"),
        "disconnect orders": count(office, "SELECT count(*) FROM work_order WHERE kind = 'disconnect_catv'"),
        "  cancelled as paid": count(
            office,
            "SELECT count(*) FROM work_order WHERE kind = 'disconnect_catv' AND cancel_reason = 'paid'",
        ),
        "  cancelled after the route sheet was printed": count(
            office,
            "SELECT count(*) FROM work_order WHERE kind = 'disconnect_catv' AND status = 'cancelled' "
            "AND printed_at IS NOT NULL",
        ),
        "  cut by the installer": count(
            office, "SELECT count(*) FROM work_order WHERE kind = 'disconnect_catv' AND status = 'done'"
        ),
        "reconnect orders": count(office, "SELECT count(*) FROM work_order WHERE kind = 'reconnect_catv'"),
        "reconnection fees": count(office, "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'"),
        "dispatcher told «cancelled» at the outcome": figures.dispatcher_told_cancelled,
        "board reloads (assign met a cancellation)": figures.board_reloads,
        "route sheets printed": figures.route_sheets_printed,
    }
    with capsys.disabled():
        print(
            f"\n-- a month in the life on {db.url.get_backend_name()}: {SUBSCRIBERS} subscribers, {DAYS} days"
        )
        for name, value in {**activity, **results}.items():
            print(f"   {name:<52} {value:>6}")
        for name, value in figures.worst_daily.items():
            print(f"   worst day: {name:<41} {value:>6}")
    assert figures.errors == []
    assert results == dict.fromkeys(results, 0)
    assert all(v == 0 for v in figures.worst_daily.values())
    assert activity["  cut by the installer"] > 0 and activity["reconnect orders"] > 0
    assert activity["  cancelled as paid"] > 0 and figures.reconnect_amounts_paid > 0
    assert figures.told_amounts_paid > 0
