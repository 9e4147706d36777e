"""Fiscal receipts (54-FZ) against a fake of ATOL's driver web server: queued with the payment, sent
after commit, asked for by uuid before any re-send — one sale per payment and one return per
cancellation, whatever the register does meanwhile."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from app.adapters.atol_driver import AtolDriverRegister
from app.db import Database
from app.models import CashDesk, FiscalReceipt, PaymentMethod, Role
from app.services.cashdesk import fiscal
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.fiscal import DONE, QUEUED, SENT, WITHDRAWN, deliver
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.settings import Key, write_settings
from tests.adapters.fake_atol import FakeAtolDriver, nothing_listens
from tests.factories import make_contract, make_desk, make_staff


@pytest.fixture
def register() -> Iterator[FakeAtolDriver]:
    fake = FakeAtolDriver()
    yield fake
    fake.close()


def desk_with_register(db: Database, url: str, name: str = "Касса 1") -> int:
    desk = make_desk(db, name)
    with db.transaction() as session:
        session.execute(update(CashDesk).where(CashDesk.id == desk).values(register_url=url))
    return desk


@pytest.fixture
def till(db: Database, register: FakeAtolDriver):
    cashier = make_staff(db, "anna", Role.CASHIER)
    desk = desk_with_register(db, register.url)
    open_shift(db, cashier, desk, 0)
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    return db, cashier, desk, contract


def pay(db: Database, cashier, contract: int, amount: int, method=PaymentMethod.CASH, key=None):
    return post_payment(
        db, cashier, client_uuid=key or uuid.uuid4(), contract_id=contract, amount=amount, method=method
    )


def receipts(db: Database) -> list[FiscalReceipt]:
    with db.transaction() as session:
        return list(session.scalars(select(FiscalReceipt).order_by(FiscalReceipt.id)))


def driver(fake: FakeAtolDriver) -> AtolDriverRegister:
    return AtolDriverRegister(fake.url, timeout=0.5)


def no_sleep(_seconds: float) -> None:
    pass


def test_a_cash_payment_becomes_one_sale_receipt(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    with db.transaction() as session:
        write_settings(session, {Key.FISCAL_VAT: "vat20", Key.FISCAL_TAXATION: "osn"})
    posted = pay(db, cashier, contract, 1234_50)
    (queued,) = receipts(db)
    assert (queued.kind, queued.state, queued.task_uuid) == ("sale", QUEUED, posted.client_uuid)
    task = queued.task
    assert task["type"] == "sell" and task["total"] == 1234.5 and task["taxationType"] == "osn"
    assert task["operator"] == {"name": "Anna Test"}
    (item,) = task["items"]
    assert item["name"] == "Услуги связи по договору 100001" and item["tax"] == {"type": "vat20"}
    assert (item["paymentMethod"], item["paymentObject"]) == ("fullPrepayment", "service")
    assert task["payments"] == [{"type": "cash", "sum": 1234.5}]

    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).done == 1
    (printed,) = receipts(db)
    assert printed.state == DONE and printed.fiscal["fiscalDocumentNumber"] == 1001
    assert register.receipts == [(str(posted.client_uuid), "sell", 1234.5)]
    assert deliver(db, cashier, desk, driver(register), everything=True).done == 0  # nothing left
    (status,) = fiscal.fiscal_status(db, cashier, posted.payment_id)
    assert status.state == DONE and status.document_number == 1001


def test_only_money_taken_at_a_desk_with_a_register(till, register: FakeAtolDriver) -> None:
    db, cashier, _desk, contract = till
    card = pay(db, cashier, contract, 500_00, PaymentMethod.CARD)
    assert receipts(db)[0].task["payments"] == [{"type": "electronically", "sum": 500.0}]
    again = pay(db, cashier, contract, 500_00, PaymentMethod.CARD, key=card.client_uuid)
    assert again.already_posted and len(receipts(db)) == 1  # a retried payment: still one receipt
    other = make_staff(db, "olga", Role.CASHIER)
    open_shift(db, other, make_desk(db, "Касса 2"), 0)  # no register at this desk: fiscal receipts off
    pay(db, other, contract, 100_00)
    assert len(receipts(db)) == 1


def test_register_off_then_back_prints_once(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.mode = "refuse"
    pay(db, cashier, contract, 300_00)
    outcome = deliver(db, cashier, desk, driver(register), sleep=no_sleep)
    assert outcome.waiting == 1 and outcome.done == 0 and outcome.last_error
    (waiting,) = receipts(db)
    assert waiting.state == SENT and waiting.attempts == 1 and waiting.last_error
    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).waiting == 0  # backing off
    register.mode = "ok"
    assert deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep).done == 1
    assert len(register.receipts) == 1 and receipts(db)[0].state == DONE


def test_a_lost_answer_is_asked_for_never_printed_twice(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.mode = "lose"  # the register prints, the answer never comes back
    pay(db, cashier, contract, 700_00)
    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).waiting == 1
    assert len(register.receipts) == 1 and receipts(db)[0].state == SENT
    register.mode = "ok"
    assert deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep).done == 1
    assert len(register.receipts) == 1, "asked by uuid before sending again"


def test_a_hung_register_keeps_the_receipt_waiting(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.mode, register.hang_s = "hang", 3
    pay(db, cashier, contract, 100_00)
    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).waiting == 1
    register.mode = "ok"
    deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep)
    assert receipts(db)[0].state == DONE and len(register.receipts) == 1


def test_out_of_paper_retries_under_a_new_uuid_and_prints_once(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.mode = "paper"
    posted = pay(db, cashier, contract, 250_00)
    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).waiting == 1
    (failed,) = receipts(db)
    assert failed.state == QUEUED and "Нет бумаги" in failed.last_error
    assert failed.task_uuid != posted.client_uuid  # the failed task printed nothing; a new task follows
    register.mode = "ok"
    assert deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep).done == 1
    assert [r[0] for r in register.receipts] == [str(failed.task_uuid)]


def test_a_slow_register_is_polled_until_ready(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.slow_tasks = 3
    pay(db, cashier, contract, 100_00)
    assert deliver(db, cashier, desk, driver(register), sleep=no_sleep).done == 1


def test_cancellation_withdraws_an_unsent_sale_or_prints_a_return(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    never_sent = pay(db, cashier, contract, 100_00)
    cancel_payment(db, cashier, never_sent.payment_id, "ошибся договором")
    assert [(r.kind, r.state) for r in receipts(db)] == [("sale", WITHDRAWN)]

    printed = pay(db, cashier, contract, 200_00)
    deliver(db, cashier, desk, driver(register), sleep=no_sleep)
    cancel_payment(db, cashier, printed.payment_id, "вернули деньги")
    deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep)
    assert [(kind, total) for _uuid, kind, total in register.receipts] == [
        ("sell", 200.0),
        ("sellReturn", 200.0),
    ]
    assert [(r.kind, r.state) for r in receipts(db)][-2:] == [("sale", DONE), ("return", DONE)]


def test_a_return_waits_for_its_sale(till, register: FakeAtolDriver) -> None:
    db, cashier, desk, contract = till
    register.mode = "lose"
    posted = pay(db, cashier, contract, 400_00)
    deliver(db, cashier, desk, driver(register), sleep=no_sleep)  # printed, not known yet
    cancel_payment(db, cashier, posted.payment_id, "вернули деньги")
    register.mode = "ok"
    deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep)
    deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep)
    assert [kind for _uuid, kind, _total in register.receipts] == ["sell", "sellReturn"]


def test_a_register_nobody_runs_says_so(till) -> None:
    db, cashier, desk, contract = till
    pay(db, cashier, contract, 100_00)
    outcome = deliver(db, cashier, desk, AtolDriverRegister(nothing_listens(), timeout=0.5), sleep=no_sleep)
    assert outcome.waiting == 1 and outcome.last_error
    (row,) = fiscal.waiting_receipts(db, cashier, desk)
    assert row.state == SENT and row.receipt_number == 1


@pytest.mark.postgresql_only
def test_hundreds_of_payments_with_faults_one_sale_and_one_return_each(pg_db: Database) -> None:
    """Four desks post and cancel while two deliverers per desk race each other and the registers
    refuse, hang, lose answers and run out of paper at random. At the end: every payment's sale is
    printed exactly once, every cancelled printed sale has exactly one return, nothing twice."""
    fakes = [FakeAtolDriver() for _ in range(4)]
    for fake in fakes:
        fake.hang_s = 0.7
    contracts = [make_contract(pg_db, f"2000{n:02d}", apartment=str(n + 1)) for n in range(20)]
    tills = []
    for n, fake in enumerate(fakes):
        cashier = make_staff(pg_db, f"kassa{n}", Role.CASHIER)
        desk = desk_with_register(pg_db, fake.url, f"Касса {n + 1}")
        open_shift(pg_db, cashier, desk, 10_000_000)
        tills.append((cashier, desk, fake))
    stop = threading.Event()
    errors: list[BaseException] = []

    def chaos() -> None:
        rng = random.Random(7)
        while not stop.is_set():
            for fake in fakes:
                fake.mode = rng.choice(["ok", "ok", "ok", "refuse", "hang", "lose", "paper", "http500"])
            stop.wait(0.15)

    def cashier_work(cashier, desk, seed: int) -> None:
        rng = random.Random(seed)
        workstation = pg_db.fresh_connections()
        try:
            for _ in range(60):
                posted = pay(
                    workstation,
                    cashier,
                    rng.choice(contracts),
                    rng.randint(1, 50_000),
                    rng.choice([PaymentMethod.CASH, PaymentMethod.CARD]),
                )
                if rng.random() < 0.2:
                    cancel_payment(workstation, cashier, posted.payment_id, "отмена для проверки")
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            workstation.dispose()

    def deliverer(cashier, desk, fake) -> None:
        workstation = pg_db.fresh_connections()
        register = AtolDriverRegister(fake.url, timeout=0.3)
        try:
            while not stop.is_set():
                deliver(workstation, cashier, desk, register, everything=True, sleep=no_sleep)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            workstation.dispose()

    workers = [threading.Thread(target=chaos)]
    posting = [threading.Thread(target=cashier_work, args=(c, d, n)) for n, (c, d, _f) in enumerate(tills)]
    delivering = [threading.Thread(target=deliverer, args=t) for t in tills for _ in range(2)]
    for worker in [*workers, *posting, *delivering]:
        worker.start()
    for worker in posting:
        worker.join(timeout=300)
    stop.set()
    for worker in [*workers, *delivering]:
        worker.join(timeout=60)
    assert errors == []
    for fake in fakes:
        fake.mode = "ok"
    for cashier, desk, fake in tills:
        for _ in range(4):
            deliver(pg_db, cashier, desk, AtolDriverRegister(fake.url), everything=True, sleep=no_sleep)

    rows = receipts(pg_db)
    with pg_db.reading() as conn:
        from sqlalchemy import text

        payments = conn.execute(text("SELECT count(*) FROM payment")).scalar()
        cancelled = set(conn.execute(text("SELECT payment_id FROM payment_cancellation")).scalars())
    printed = Counter(task_uuid for fake in fakes for task_uuid, _kind, _total in fake.receipts)
    assert max(printed.values()) == 1, "no task printed twice"
    assert len(rows) >= payments == 240
    assert all(r.state in (DONE, WITHDRAWN) for r in rows), Counter(r.state for r in rows)
    sales = {r.payment_id: r for r in rows if r.kind == "sale"}
    returns = {r.payment_id: r for r in rows if r.kind == "return"}
    assert len(sales) == payments
    by_uuid = {task_uuid: kind for fake in fakes for task_uuid, kind, _total in fake.receipts}
    for payment_id, sale in sales.items():
        if sale.state == DONE:
            assert by_uuid[str(sale.task_uuid)] == "sell"
        else:
            assert payment_id in cancelled and str(sale.task_uuid) not in by_uuid
        if payment_id in returns:
            assert payment_id in cancelled
            ret = returns[payment_id]
            assert (ret.state == DONE) == (sale.state == DONE)
            if ret.state == DONE:
                assert by_uuid[str(ret.task_uuid)] == "sellReturn"
    printed_sales = sum(1 for kind in by_uuid.values() if kind == "sell")
    printed_returns = sum(1 for kind in by_uuid.values() if kind == "sellReturn")
    assert printed_sales == sum(1 for s in sales.values() if s.state == DONE)
    assert printed_returns == sum(1 for r in returns.values() if r.state == DONE)
    assert all(p in returns or sales[p].state == WITHDRAWN for p in cancelled)
    # The faults did happen: retries, answers asked for again, failed tasks given new uuids.
    assert cancelled and sum(1 for r in rows if r.attempts > 1) > 10
    assert any(sale.task_uuid != uuid_of for sale, uuid_of in _first_uuids(pg_db, sales))
    for fake in fakes:
        fake.close()


def _first_uuids(db: Database, sales: dict[int, FiscalReceipt]) -> list[tuple[FiscalReceipt, uuid.UUID]]:
    from app.models import Payment

    with db.transaction() as session:
        first = dict(session.execute(select(Payment.id, Payment.client_uuid)).all())
    return [(sale, first[payment_id]) for payment_id, sale in sales.items()]


def test_a_desk_register_address_is_checked(db: Database) -> None:
    from app.errors import ValidationError
    from app.services.cashdesk.desks import create_cash_desk, update_cash_desk

    admin = make_staff(db, "boss", Role.ADMIN)
    for bad in ("127.0.0.1:16732", "ftp://kassa", "http://", "http://kassa:99999"):
        with pytest.raises(ValidationError) as caught:
            create_cash_desk(db, admin, name="Касса 9", register_url=bad)
        assert caught.value.field == "register_url"
    desk = create_cash_desk(db, admin, name="Касса 9", register_url=" http://127.0.0.1:16732/ ")
    assert desk.register_url == "http://127.0.0.1:16732"
    changed = update_cash_desk(
        db, admin, desk.id, name="Касса 9", location="", active=True, version=desk.version, register_url=""
    )
    assert changed.register_url == ""


def test_fiscal_send_from_the_command_line(db: Database, register: FakeAtolDriver) -> None:
    from tests.factories import PASSWORD
    from tests.test_cli import run_cli

    cashier = make_staff(db, "anna", Role.CASHIER)
    desk = desk_with_register(db, register.url)
    open_shift(db, cashier, desk, 0)
    pay(db, cashier, make_contract(db, "100001"), 100_00)
    url = db.url.render_as_string(hide_password=False)
    login = ["--login", "anna"] if db.is_embedded else []
    sent = run_cli("fiscal", "send", "--desk", "касса 1", *login, "--database", url, stdin=PASSWORD + "\n")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("1 printed, 0 still waiting") and len(register.receipts) == 1
    status = run_cli("fiscal", "status", *login, "--database", url, stdin=PASSWORD + "\n")
    assert '"done": 1' in status.stdout and '"Касса 1": []' in status.stdout
    checked = run_cli(
        "fiscal", "check", "--desk", "Касса 1", *login, "--database", url, stdin=PASSWORD + "\n"
    )
    assert checked.returncode == 0, checked.stderr  # the receipt opened the register's shift: all well
    assert '"state": "opened"' in checked.stdout and '"warnings": []' in checked.stdout
    register.fn_warnings = {"needReplacementFn": True}
    checked = run_cli(
        "fiscal", "check", "--desk", "Касса 1", *login, "--database", url, stdin=PASSWORD + "\n"
    )
    assert checked.returncode == 1 and '"code": "fn_full"' in checked.stdout


def test_the_journal_shows_and_filters_the_fiscal_state(till, register: FakeAtolDriver) -> None:
    import io

    from app import clock
    from app.services.cashdesk.journal import JournalFilter, list_payments, write_csv, write_json
    from app.services.kernel.settings import business_today

    db, cashier, desk, contract = till
    boss = make_staff(db, "boss", Role.ADMIN)
    printed = pay(db, cashier, contract, 100_00)
    deliver(db, cashier, desk, driver(register), sleep=no_sleep)
    register.mode = "refuse"
    waiting = pay(db, cashier, contract, 200_00)
    deliver(db, cashier, desk, driver(register), everything=True, sleep=no_sleep)
    today = business_today({}, clock.now())
    rows = list_payments(db, boss, JournalFilter(today, today))
    assert [(r.payment_id, r.fiscal_state, r.fiscal_document) for r in rows] == [
        (printed.payment_id, DONE, 1001),
        (waiting.payment_id, SENT, None),
    ]
    only_waiting = list_payments(db, boss, JournalFilter(today, today, not_fiscalised=True))
    assert [r.payment_id for r in only_waiting] == [waiting.payment_id]
    out = io.StringIO()
    write_csv(rows, out)
    assert "Кассовый чек" in out.getvalue() and "ФД 1001" in out.getvalue() and "ждёт кассу" in out.getvalue()
    out = io.StringIO()
    write_json(rows, out)
    assert '"fiscal_state": "done", "fiscal_document": 1001' in out.getvalue()
