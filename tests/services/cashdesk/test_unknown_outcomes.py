"""Whatever breaks between sending COMMIT and hearing back, the payment's outcome is *unknown* — never
"nothing was saved" — and asking again gives a final answer: posted (with its receipt) or not."""

from __future__ import annotations

import ssl
import threading
import uuid

import psycopg
import pytest
from sqlalchemy import event, text

from app.db import Database
from app.errors import CommitOutcomeUnknown
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import find_payment, post_payment
from app.services.cashdesk.shifts import open_shift
from tests.factories import make_contract, make_desk, make_staff

# What drivers and the network raise when the answer to COMMIT never comes.
BREAKS = {
    "server gone": lambda: psycopg.OperationalError("server closed the connection unexpectedly"),
    "admin shutdown": lambda: psycopg.errors.AdminShutdown(
        "terminating connection due to administrator command"
    ),
    "driver lost the connection": lambda: psycopg.InterfaceError("the connection is lost"),
    "socket timeout": lambda: TimeoutError("timed out"),
    "connection reset": lambda: ConnectionResetError(104, "Connection reset by peer"),
    "ssl": lambda: ssl.SSLError("SSL SYSCALL error: EOF detected"),
    "socket": lambda: OSError("Broken pipe"),
}


@pytest.fixture
def desk(db: Database):
    cashier = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    return cashier, make_contract(db, "100001")


@pytest.mark.parametrize("broken", list(BREAKS))
def test_any_break_after_commit_was_sent_is_an_unknown_outcome(db: Database, desk, broken: str) -> None:
    cashier, contract = desk
    workstation = db.fresh_connections()
    armed = [True]

    @event.listens_for(workstation.engine_for(cashier), "commit")
    def commit_then_lose_the_answer(conn) -> None:
        if armed[0]:
            armed[0] = False
            conn.connection.dbapi_connection.commit()  # the server commits …
            raise BREAKS[broken]()  # … and its answer is lost on the way back

    key = uuid.uuid4()
    try:
        with pytest.raises(CommitOutcomeUnknown):
            post_payment(
                workstation,
                cashier,
                client_uuid=key,
                contract_id=contract,
                amount=990_00,
                method=PaymentMethod.CASH,
            )
    finally:
        workstation.dispose()
    found = find_payment(db, cashier, key)
    assert found is not None and found.receipt_number == 1 and found.amount == 990_00


@pytest.mark.parametrize("how", ["reset", "close", "shutdown"])
def test_a_real_connection_ended_during_commit_is_an_unknown_outcome(
    pg_db: Database, proxied, how: str
) -> None:
    db, proxy = proxied
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    key = uuid.uuid4()
    proxy.cut_after_client_sends(b"COMMIT", how)
    with pytest.raises(CommitOutcomeUnknown):
        post_payment(
            db, cashier, client_uuid=key, contract_id=contract, amount=990_00, method=PaymentMethod.CASH
        )
    found = find_payment(pg_db, cashier, key)
    assert found is not None and found.amount == 990_00


def test_asking_while_the_commit_is_still_on_its_way_waits_for_the_final_answer(
    pg_db: Database, proxied
) -> None:
    """The COMMIT is held up (a slow synchronous standby): "not posted" would be wrong a moment later.
    The answer waits for the transaction still posting at the desk, then says posted."""
    db, proxy = proxied
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    trials = 20
    answers = []
    for _ in range(trials):
        key = uuid.uuid4()
        proxy.delay_after_client_sends(b"COMMIT", 0.15)
        proxy.triggered.clear()
        poster = threading.Thread(
            target=post_payment,
            args=(db, cashier),
            kwargs={
                "client_uuid": key,
                "contract_id": contract,
                "amount": 10_00,
                "method": PaymentMethod.CASH,
            },
        )
        poster.start()
        assert proxy.triggered.wait(10)  # the COMMIT is on its way, held up
        answers.append(find_payment(pg_db, cashier, key) is not None)
        poster.join(10)
    assert answers == [True] * trials
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment")).scalar() == trials


def test_a_commit_held_up_too_long_is_still_unknown_then_final(pg_db: Database, proxied, monkeypatch) -> None:
    from app.services.cashdesk import payments
    from app.services.cashdesk.payments import OutcomeStillUnknown

    monkeypatch.setattr(payments, "FIND_WAIT_SECONDS", 1)
    db, proxy = proxied
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    key = uuid.uuid4()
    proxy.delay_after_client_sends(b"COMMIT", 2.5)
    poster = threading.Thread(
        target=post_payment,
        args=(db, cashier),
        kwargs={"client_uuid": key, "contract_id": contract, "amount": 10_00, "method": PaymentMethod.CASH},
    )
    poster.start()
    assert proxy.triggered.wait(10)
    with pytest.raises(OutcomeStillUnknown):  # not a guess: the cashier is told to wait
        find_payment(pg_db, cashier, key)
    poster.join(10)
    assert find_payment(pg_db, cashier, key) is not None
