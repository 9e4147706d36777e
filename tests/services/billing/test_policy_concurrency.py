"""The nightly run's policy phase and the desk's payments at the same moment: whatever the interleaving,
the outcome equals some serial order — a subscriber who has paid never keeps an open disconnect order,
and every contract still in debt past its grace period has one."""

from __future__ import annotations

import datetime as dt
import random
import threading
import uuid

import pytest
from sqlalchemy import text, update

from app.db import Database
from app.models import Contract, LedgerEntry, LedgerKind, PaymentMethod, Role
from app.services.billing.run import run_day
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from tests.factories import add_service, make_contract, make_desk, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

DAY = dt.date(2026, 3, 20)
GRACE = 10
TV_FEE = 310_00


def debtors_past_grace(db: Database, count: int) -> list[int]:
    """`count` contracts with cable TV, each 1,000 ₽ in debt since exactly the grace period ago."""
    tv = make_tariff(db, "КТВ Базовый", "catv", TV_FEE)
    ids = [make_contract(db, str(200_000 + n), f"Абонент {n}", apartment=str(n + 1)) for n in range(count)]
    for contract_id in ids:
        add_service(db, contract_id, "catv", tv, dt.date(2026, 1, 1))
    since = DAY - dt.timedelta(days=GRACE)
    with db.transaction() as session:  # the debt as a ledger entry, so balances stay ledger sums
        for contract_id in ids:
            session.add(
                LedgerEntry(
                    contract_id=contract_id,
                    kind=LedgerKind.ADJUSTMENT,
                    amount=-1_000_00,
                    business_date=since,
                    comment="долг",
                )
            )
        session.execute(
            update(Contract)
            .where(Contract.id.in_(ids))
            .values(debt_since=since)  # the entries moved the balance
        )
    return ids


def pay_while_the_run_works(
    db: Database, contracts: list[int], cashiers: int, seed: int
) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(cashiers + 1)
    rng = random.Random(seed)
    order = contracts[:]
    rng.shuffle(order)
    share = [order[n::cashiers] for n in range(cashiers)]
    staff = []
    for n in range(cashiers):
        cashier = make_staff(db, f"kassa{seed}_{n}", Role.CASHIER)
        open_shift(db, cashier, make_desk(db, f"Касса {seed}-{n}"), 0)
        staff.append(cashier)

    def run() -> None:
        workstation = db.fresh_connections()
        try:
            start.wait(timeout=60)
            run_day(workstation, DAY)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            workstation.dispose()

    def pay(cashier, mine: list[int]) -> None:
        workstation = db.fresh_connections()
        try:
            start.wait(timeout=60)
            for contract_id in mine:
                post_payment(
                    workstation,
                    cashier,
                    client_uuid=uuid.uuid4(),
                    contract_id=contract_id,
                    amount=2_000_00,
                    method=PaymentMethod.CASH,
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            workstation.dispose()

    threads = [threading.Thread(target=run)] + [
        threading.Thread(target=pay, args=(cashier, mine)) for cashier, mine in zip(staff, share, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return errors


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_payment_during_the_policy_phase_never_leaves_a_disconnect_order(db: Database, seed: int) -> None:
    """150 debtors past their grace period, 100 of them paying from three desks while the run works
    (three rounds: 300 payments racing the policy on each database)."""
    contracts = debtors_past_grace(db, 150)
    paid = contracts[: len(contracts) * 2 // 3]  # a third stays in debt: their orders must be there
    errors = pay_while_the_run_works(db, paid, cashiers=3, seed=seed)
    assert errors == []
    with db.reading() as conn:
        orphans = conn.execute(
            text(
                "SELECT count(*) FROM work_order w JOIN contract c ON c.id = w.contract_id "
                "WHERE w.kind = 'disconnect_catv' AND w.status IN ('new', 'assigned') AND c.balance >= 0"
            )
        ).scalar()
        pending_paid = conn.execute(
            text(
                "SELECT count(*) FROM service s JOIN contract c ON c.id = s.contract_id "
                "WHERE s.state = 'disconnect_pending' AND c.balance >= 0"
            )
        ).scalar()
        still_in_debt = conn.execute(
            text("SELECT count(*) FROM contract WHERE balance < 0 AND debt_since IS NOT NULL")
        ).scalar()
        unpaid_orders = conn.execute(
            text(
                "SELECT count(DISTINCT w.contract_id) FROM work_order w "
                "JOIN contract c ON c.id = w.contract_id "
                "WHERE w.kind = 'disconnect_catv' AND w.status = 'new' AND c.balance < 0"
            )
        ).scalar()
        cancelled_paid = conn.execute(
            text("SELECT count(*) FROM work_order WHERE status = 'cancelled' AND cancel_reason = 'paid'")
        ).scalar()
    print(
        f"\n{db.dialect}: {len(paid)} paid during the run ({cancelled_paid} orders cancelled as paid), "
        f"orphan disconnect orders {orphans}, CaTV pending for payers {pending_paid}, "
        f"debtors {still_in_debt} with orders {unpaid_orders}"
    )
    assert orphans == 0
    assert pending_paid == 0
    assert still_in_debt == unpaid_orders == len(contracts) - len(paid)
    assert ledger_matches_balances(db)
