"""A desk payment at the very moment the dispatcher records that subscriber's disconnect order as done:
the payment is never refused because of the dispatcher, and whichever went first, the outcome is one a
serial order would give (paid first: the order is cancelled as «paid» and the dispatcher is told; cut
first: the payment clears the debt and, covering the fee, queues the reconnection)."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import text

from app.db import Database
from app.errors import DomainError
from app.models import PaymentMethod, Role
from app.services.billing.run import run_day
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.orders import Outcome, record_outcome
from tests.factories import make_desk, make_staff
from tests.services.billing.test_policy_concurrency import DAY, debtors_past_grace
from tests.services.cashdesk.test_payments import ledger_matches_balances

ROUNDS = 60


def test_a_payment_never_fails_because_the_dispatcher_closes_the_order(db: Database) -> None:
    contracts = debtors_past_grace(db, ROUNDS)
    run_day(db, DAY)  # a disconnect order for each
    with db.reading() as conn:
        orders = dict(
            conn.execute(
                text(
                    "SELECT contract_id, id FROM work_order WHERE kind = 'disconnect_catv' AND status = 'new'"
                )
            ).all()
        )
    assert set(orders) == set(contracts)
    cashier = make_staff(db, "kassa", Role.CASHIER)
    dispatcher = make_staff(db, "disp", Role.DISPATCHER)
    open_shift(db, cashier, make_desk(db), 0)
    desk, field = db.fresh_connections(), db.fresh_connections()
    payment_errors: list[BaseException] = []
    dispatcher_told: list[str] = []
    try:
        for contract_id in contracts:
            start = threading.Barrier(2)

            def pay(contract_id: int = contract_id, start: threading.Barrier = start) -> None:
                start.wait(timeout=30)
                try:
                    post_payment(
                        desk,
                        cashier,
                        client_uuid=uuid.uuid4(),
                        contract_id=contract_id,
                        amount=1_500_00,  # the debt, the day's charge and the reconnection fee
                        method=PaymentMethod.CASH,
                    )
                except BaseException as exc:  # noqa: BLE001 - asserted on below
                    payment_errors.append(exc)

            def close(contract_id: int = contract_id, start: threading.Barrier = start) -> None:
                start.wait(timeout=30)
                try:
                    record_outcome(field, dispatcher, orders[contract_id], Outcome.DONE, version=1)
                except DomainError as exc:  # the order was cancelled as paid first: the dispatcher is told
                    dispatcher_told.append(exc.english())

            threads = [threading.Thread(target=pay), threading.Thread(target=close)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
    finally:
        desk.dispose()
        field.dispose()
    assert payment_errors == []
    with db.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT c.id, c.balance, c.debt_since, s.state, d.status, d.cancel_reason, "
                "(SELECT count(*) FROM work_order r WHERE r.service_id = s.id AND r.kind = 'reconnect_catv' "
                " AND r.status = 'new') AS reconnects, "
                "(SELECT count(*) FROM ledger_entry f WHERE f.contract_id = c.id AND f.kind = 'fee') AS fees "
                "FROM contract c JOIN service s ON s.contract_id = c.id "
                "JOIN work_order d ON d.service_id = s.id AND d.kind = 'disconnect_catv'"
            )
        ).all()
    paid_first = cut_first = 0
    for _id, balance, debt_since, state, status, reason, reconnects, fees in rows:
        assert debt_since is None and balance >= 0
        if status == "cancelled":
            paid_first += 1
            assert (reason, state, reconnects, fees) == ("paid", "active", 0, 0)
        else:
            cut_first += 1
            assert (status, state, reconnects, fees) == ("done", "disconnected", 1, 1)
    print(f"\n{db.dialect}: {ROUNDS} rounds, paid first {paid_first}, cut first {cut_first}")
    assert paid_first + cut_first == ROUNDS
    assert len(dispatcher_told) == paid_first
    assert all("cancelled" in told for told in dispatcher_told)
    assert ledger_matches_balances(db)
