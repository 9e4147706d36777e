"""Tamper evidence: after sealing, a ledger row or event changed or removed behind the program's back
(triggers switched off by someone with the rights) is found by `db verify`, which names the row."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import text

from app.cli import main
from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.chains import broken_links, seal, unsealed
from tests.factories import make_contract, make_desk, make_staff


def pay(db: Database, cashier, contract: int, amount: int) -> None:
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=amount, method=PaymentMethod.CASH
    )


@pytest.fixture
def paid(db: Database):
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    for n in range(5):
        pay(db, cashier, contract, 100_00 + n)
    return cashier, contract


def behind_the_programs_back(db: Database, table: str, statement: str) -> None:
    """What a superuser (or the tables' owner) can do: switch the append-only triggers off, change a
    row, switch them on again."""
    with db.transaction() as session:
        if db.is_embedded:
            triggers = session.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": table},
            ).all()
            for name, _sql in triggers:
                session.execute(text(f"DROP TRIGGER {name}"))
            session.execute(text(statement))
            for _name, sql in triggers:
                session.execute(text(sql))
        else:
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            session.execute(text(statement))
            session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def test_sealed_rows_verify_and_new_rows_wait_for_the_next_seal(db: Database, paid) -> None:
    cashier, contract = paid
    sealed = {s.chain: s.rows for s in seal(db)}
    assert sealed["ledger_entry"] == 5 and sealed["event"] >= 5
    assert broken_links(db) == [] and unsealed(db) == {"ledger_entry": 0, "event": 0}
    pay(db, cashier, contract, 1_00)
    assert unsealed(db)["ledger_entry"] == 1
    seal(db)
    assert broken_links(db) == [] and unsealed(db)["ledger_entry"] == 0


@pytest.mark.parametrize(
    ("table", "statement", "found"),
    [
        (
            "ledger_entry",
            "UPDATE ledger_entry SET amount = amount * 10 WHERE id = 3",
            "ledger_entry id 3 was changed",
        ),
        ("ledger_entry", "DELETE FROM ledger_entry WHERE id = 5", "rows after id 4 were removed"),
        ("event", "DELETE FROM event WHERE id = 2", "event id 3 was changed or a row before it removed"),
        (
            "chain_seal",
            "UPDATE chain_seal SET digests = 'x' || substr(digests, 2) WHERE id = 1",
            "was edited",
        ),
    ],
)
def test_a_change_behind_the_programs_back_is_named_by_db_verify(
    db: Database, owner_db: Database, paid, capsys, table: str, statement: str, found: str
) -> None:
    seal(db)
    if table == "ledger_entry" and statement.startswith("DELETE"):  # the payment goes with its entry
        behind_the_programs_back(owner_db, "payment", "DELETE FROM payment WHERE ledger_entry_id = 5")
    behind_the_programs_back(owner_db, table, statement)
    capsys.readouterr()
    assert main(["db", "verify", "--database", db.url.render_as_string(False)]) == 1
    assert found in capsys.readouterr().out


def test_seals_taken_while_cashiers_post_leave_no_row_out(db: Database) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001")
    till, sealer = db.fresh_connections(), db.fresh_connections()
    stop = threading.Event()
    errors: list[BaseException] = []

    def cashier_posts() -> None:
        try:
            while not stop.is_set():
                pay(till, cashier, contract, 1_00)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    worker = threading.Thread(target=cashier_posts)
    worker.start()
    try:
        for _ in range(30):
            seal(sealer)
    finally:
        stop.set()
        worker.join(60)
        till.dispose()
        sealer.dispose()
    assert errors == []
    seal(db)
    assert unsealed(db) == {"ledger_entry": 0, "event": 0} and broken_links(db) == []
    with db.reading() as conn:
        entries = conn.execute(text("SELECT count(*) FROM ledger_entry")).scalar()
        sealed = conn.execute(text("SELECT sum(rows) FROM chain_seal WHERE chain = 'ledger_entry'")).scalar()
    assert entries == sealed


def test_a_billing_run_seals_and_verify_prints_the_chain_heads(db: Database, paid, capsys) -> None:
    import datetime as dt

    from app.services.billing.run import run_billing
    from app.services.kernel.chains import heads

    run_billing(db, None, dt.date(2026, 3, 1))  # from the screen or the command line alike
    assert unsealed(db) == {"ledger_entry": 0, "event": 0}
    capsys.readouterr()
    assert main(["db", "verify", "--database", db.url.render_as_string(False)]) == 0
    out = capsys.readouterr().out
    for chain, (last_id, head) in heads(db).items():
        assert f"{chain}: sealed through id {last_id}, chain head {head}" in out and last_id > 0
