"""The money rules under concurrent workstations: balances equal ledger sums, receipt numbers have no
gaps or repeats, a payment submitted twice at once is posted once, and a connection cut after COMMIT
was sent is resolved by retrying with the same UUID."""

from __future__ import annotations

import random
import threading
import uuid

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import CommitOutcomeUnknown, DatabaseUnavailable
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import find_payment, post_payment
from app.services.cashdesk.shifts import open_shift
from tests.factories import make_contract, make_desk, make_staff
from tests.services.cashdesk.test_payments import ledger_matches_balances


def run_twin_posters(
    db: Database, *, desks: int, payments_each: int, contracts: list[int]
) -> list[BaseException]:
    """`desks` cashiers, each with two sessions that submit every payment at the same moment."""
    errors: list[BaseException] = []
    workers = []
    for n in range(desks):
        cashier = make_staff(db, f"cashier{n}", Role.CASHIER)
        open_shift(db, cashier, make_desk(db, f"Касса {n + 1}"), 0)
        rng = random.Random(n)
        plan = [(uuid.uuid4(), rng.choice(contracts), rng.randint(1, 500_000)) for _ in range(payments_each)]
        barrier = threading.Barrier(2)

        def post_all(cashier=cashier, plan=plan, barrier=barrier) -> None:
            # Each session is its own workstation: its own engine and connection.
            workstation = db.fresh_connections()
            try:
                for key, contract_id, amount in plan:
                    barrier.wait(timeout=60)
                    post_payment(
                        workstation,
                        cashier,
                        client_uuid=key,
                        contract_id=contract_id,
                        amount=amount,
                        method=PaymentMethod.CASH,
                    )
            except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
                errors.append(exc)
                barrier.abort()
            finally:
                workstation.dispose()

        workers += [threading.Thread(target=post_all), threading.Thread(target=post_all)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    return errors


def assert_money_rules(db: Database, *, desks: int, payments_each: int) -> None:
    assert ledger_matches_balances(db)
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment")).scalar() == desks * payments_each
        assert (
            conn.execute(text("SELECT count(DISTINCT client_uuid) FROM payment")).scalar()
            == desks * payments_each
        )
        numbers = conn.execute(
            text("SELECT cash_desk_id, receipt_number FROM payment ORDER BY cash_desk_id, receipt_number")
        ).all()
        counters = dict(conn.execute(text("SELECT cash_desk_id, last_number FROM receipt_counter")).all())
    by_desk: dict[int, list[int]] = {}
    for desk_id, number in numbers:
        by_desk.setdefault(desk_id, []).append(number)
    assert len(by_desk) == desks
    for desk_id, got in by_desk.items():
        assert got == list(range(1, payments_each + 1)), f"desk {desk_id} has gaps or repeats"
        assert counters[desk_id] == payments_each


def test_sixteen_sessions_post_every_payment_twice_at_once_on_postgresql(pg_db: Database) -> None:
    contracts = [make_contract(pg_db, f"2000{n:02d}", apartment=str(n)) for n in range(20)]
    errors = run_twin_posters(pg_db, desks=8, payments_each=200, contracts=contracts)
    assert errors == []
    assert_money_rules(pg_db, desks=8, payments_each=200)


def test_concurrent_threads_keep_the_rules_on_sqlite(tmp_path, request) -> None:
    from tests.conftest import make_database

    db = make_database("sqlite", request, tmp_path)
    contracts = [make_contract(db, f"2000{n:02d}", apartment=str(n)) for n in range(20)]
    errors = run_twin_posters(db, desks=4, payments_each=50, contracts=contracts)
    assert errors == []
    assert_money_rules(db, desks=4, payments_each=50)
    db.dispose()


def test_connection_cut_after_commit_was_sent_is_resolved_by_the_same_uuid(pg_db: Database, proxied) -> None:
    db, proxy = proxied
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract_id = make_contract(pg_db, "100001")
    key = uuid.uuid4()

    proxy.cut_after_client_sends(b"COMMIT")
    with pytest.raises(DatabaseUnavailable) as caught:
        post_payment(
            db, cashier, client_uuid=key, contract_id=contract_id, amount=1500_00, method=PaymentMethod.CASH
        )
    assert proxy.triggered.is_set()
    assert isinstance(caught.value, CommitOutcomeUnknown)  # the program does not guess

    # The server did commit. Reconnected (here: directly), the cashier's retry finds it.
    found = find_payment(pg_db, cashier, key)
    assert found is not None and found.receipt_number == 1
    retried = post_payment(
        pg_db, cashier, client_uuid=key, contract_id=contract_id, amount=1500_00, method=PaymentMethod.CASH
    )
    assert retried.already_posted and retried.payment_id == found.payment_id
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment")).scalar() == 1
        assert conn.execute(text("SELECT balance FROM contract")).scalar() == 1500_00
    # A retry with a NEW uuid would post twice: that is why the dialog keeps its uuid until it knows.
