"""Payments: posted once per UUID, numbered without gaps, cancelled by reversal, shifts that add up."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import PaymentMethod, Role
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payments import PaymentFormReused, find_payment, post_payment
from app.services.cashdesk.receipts import receipt_data
from app.services.cashdesk.shifts import close_shift, current_shift, open_shift, shift_report
from tests.factories import make_contract, make_desk, make_staff


def ledger_matches_balances(db: Database) -> bool:
    with db.reading() as conn:
        mismatches = conn.execute(
            text(
                "SELECT count(*) FROM contract c WHERE c.balance <> "
                "(SELECT coalesce(sum(amount), 0) FROM ledger_entry e WHERE e.contract_id = c.id)"
            )
        ).scalar()
    return mismatches == 0


def count(db: Database, table: str) -> int:
    with db.reading() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def desk_setup(db: Database):
    cashier = make_staff(db, "anna", Role.CASHIER)
    desk_id = make_desk(db)
    contract_id = make_contract(db, "100001")
    open_shift(db, cashier, desk_id, opening_cash=500_00)
    return cashier, desk_id, contract_id


def pay(db: Database, actor, contract_id: int, amount: int, method=PaymentMethod.CASH, key=None):
    return post_payment(
        db, actor, client_uuid=key or uuid.uuid4(), contract_id=contract_id, amount=amount, method=method
    )


def test_payments_raise_the_balance_and_number_receipts_from_one(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    first = pay(db, cashier, contract_id, 1200_00)
    second = pay(db, cashier, contract_id, 350_50, PaymentMethod.CARD)
    assert (first.receipt_number, second.receipt_number) == (1, 2)
    assert (first.balance_after, second.balance_after) == (1200_00, 1550_50)
    assert not first.already_posted and ledger_matches_balances(db)
    with db.reading() as conn:
        summaries = [
            s for (s,) in conn.execute(text("SELECT summary FROM event WHERE kind = 'payment_posted'"))
        ]
    assert summaries == [
        "Payment of 1\u202f200,00\u00a0₽ received, receipt 1",
        "Payment of 350,50\u00a0₽ received, receipt 2",
    ]


def test_the_same_uuid_posts_once(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    key = uuid.uuid4()
    first = pay(db, cashier, contract_id, 1000_00, key=key)
    again = pay(db, cashier, contract_id, 1000_00, key=key)
    assert again.already_posted and again.payment_id == first.payment_id and again.receipt_number == 1
    assert again.balance_after == 1000_00
    assert count(db, "payment") == 1 and count(db, "ledger_entry") == 1
    assert find_payment(db, cashier, key) == again
    assert find_payment(db, cashier, uuid.uuid4()) is None
    assert pay(db, cashier, contract_id, 1_00).receipt_number == 2  # no gap after the repeat


@pytest.mark.parametrize("change", ["contract", "amount", "method", "cashier"])
def test_a_payment_form_reused_with_other_data_is_refused_loudly(
    db: Database, desk_setup, change: str
) -> None:
    cashier, _desk, contract_id = desk_setup
    key = uuid.uuid4()
    pay(db, cashier, contract_id, 990_00, key=key)
    actor, contract, amount, method = cashier, contract_id, 990_00, PaymentMethod.CASH
    if change == "contract":
        contract = make_contract(db, "100002", apartment="2")
    elif change == "amount":
        amount = 99_00
    elif change == "method":
        method = PaymentMethod.CARD
    else:
        actor = make_staff(db, "olga", Role.CASHIER)
        open_shift(db, actor, make_desk(db, "Касса 2"), 0)
    with pytest.raises(PaymentFormReused, match="already used for another payment"):
        pay(db, actor, contract, amount, method, key=key)
    assert count(db, "payment") == 1 and ledger_matches_balances(db)


@pytest.mark.parametrize("amount", [True, 1.5, 100.0, Decimal("100"), "100"])
def test_an_amount_that_is_not_whole_kopecks_is_refused(db: Database, desk_setup, amount: object) -> None:
    cashier, _desk, contract_id = desk_setup
    with pytest.raises(ValidationError, match="whole number of kopecks"):
        pay(db, cashier, contract_id, amount)  # type: ignore[arg-type]
    assert count(db, "payment") == 0


@pytest.mark.parametrize(
    ("amount", "method"), [(0, "cash"), (-100, "cash"), (10**12, "cash"), (100, "terminal")]
)
def test_bad_payments_are_refused_and_post_nothing(
    db: Database, desk_setup, amount: int, method: str
) -> None:
    cashier, _desk, contract_id = desk_setup
    with pytest.raises(ValidationError):
        pay(db, cashier, contract_id, amount, PaymentMethod(method))
    assert count(db, "payment") == 0 and count(db, "event WHERE kind = 'payment_posted'") == 0


def test_no_payment_without_an_open_shift_or_the_role(db: Database) -> None:
    contract_id = make_contract(db, "100001")
    cashier = make_staff(db, "anna", Role.CASHIER)
    with pytest.raises(ValidationError, match="Open a shift"):
        pay(db, cashier, contract_id, 100_00)
    dispatcher = make_staff(db, "dima", Role.DISPATCHER)
    with pytest.raises(PermissionDenied):
        pay(db, dispatcher, contract_id, 100_00)
    assert count(db, "payment") == 0


def test_cancel_within_the_shift_reverses_and_both_stay(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    posted = pay(db, cashier, contract_id, 700_00)
    cancelled = cancel_payment(db, cashier, posted.payment_id, "ошибся договором")
    assert cancelled.balance_after == 0
    with db.reading() as conn:
        rows = conn.execute(text("SELECT kind, amount FROM ledger_entry ORDER BY id")).all()
    assert rows == [("payment", 700_00), ("reversal", -700_00)]
    assert ledger_matches_balances(db)
    with pytest.raises(ValidationError, match="already cancelled"):
        cancel_payment(db, cashier, posted.payment_id, "ещё раз")
    with pytest.raises(ValidationError, match="Write why"):
        cancel_payment(db, cashier, pay(db, cashier, contract_id, 1_00).payment_id, " ")
    assert receipt_data(db, cashier, posted.payment_id).cancelled


def test_only_an_admin_cancels_outside_the_shift(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    posted = pay(db, cashier, contract_id, 700_00)
    other = make_staff(db, "olga", Role.CASHIER)
    open_shift(db, other, make_desk(db, "Касса 2"), 0)
    with pytest.raises(PermissionDenied):
        cancel_payment(db, other, posted.payment_id, "не моя смена")
    admin = make_staff(db, "boss", Role.ADMIN)
    with pytest.raises(ValidationError, match="refunded out of a drawer"):  # no drawer: no cash refund
        cancel_payment(db, admin, posted.payment_id, "исправление бухгалтерии")
    assert count(db, "payment_cancellation") == 0
    admin_shift = open_shift(db, admin, make_desk(db, "Касса 3"), 500_00)
    with pytest.raises(ValidationError, match="not enough to refund"):
        cancel_payment(db, admin, posted.payment_id, "исправление бухгалтерии")
    pay(db, admin, contract_id, 300_00)  # now 800 ₽ in the admin's drawer
    cancel_payment(db, admin, posted.payment_id, "исправление бухгалтерии")
    assert ledger_matches_balances(db)
    report = shift_report(db, admin, admin_shift.id)  # the refund left the admin's drawer
    assert [c.amount for c in report.cancellations] == [700_00] and report.expected_cash == 100_00


def test_a_card_payment_is_refunded_without_a_drawer(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    posted = pay(db, cashier, contract_id, 700_00, PaymentMethod.CARD)
    admin = make_staff(db, "boss", Role.ADMIN)
    cancel_payment(db, admin, posted.payment_id, "возврат на карту")
    assert count(db, "payment_cancellation") == 1 and ledger_matches_balances(db)


def test_shift_close_counts_cash_only_and_subtracts_cancellations(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    pay(db, cashier, contract_id, 1000_00)
    pay(db, cashier, contract_id, 300_00, PaymentMethod.CARD)
    wrong = pay(db, cashier, contract_id, 250_00)
    cancel_payment(db, cashier, wrong.payment_id, "не тот абонент")
    shift = current_shift(db, cashier)
    assert shift is not None
    x = shift_report(db, cashier, shift.id)
    assert x.kind == "X" and x.expected_cash == 500_00 + 1000_00
    assert x.totals_by_method == {PaymentMethod.CASH: 1000_00, PaymentMethod.CARD: 300_00}
    assert [line.cancelled for line in x.payments] == [False, False, True]
    z = close_shift(db, cashier, shift.id, counted_cash=1490_00, version=shift.version)
    assert z.kind == "Z" and z.expected_cash == 1500_00 and z.counted_cash == 1490_00
    assert current_shift(db, cashier) is None
    with pytest.raises(ConcurrentEdit):
        close_shift(db, cashier, shift.id, counted_cash=1490_00, version=shift.version)
    with pytest.raises(ValidationError, match="Open a shift"):
        pay(db, cashier, contract_id, 1_00)


def test_one_open_shift_per_desk_and_per_cashier(db: Database, desk_setup) -> None:
    cashier, desk_id, _contract = desk_setup
    other = make_staff(db, "olga", Role.CASHIER)
    with pytest.raises(ValidationError, match="Anna Test has an open shift"):
        open_shift(db, other, desk_id, 0)
    with pytest.raises(ValidationError, match="already have an open shift"):
        open_shift(db, cashier, make_desk(db, "Касса 2"), 0)


def test_receipt_data_holds_what_the_receipt_prints(db: Database, desk_setup) -> None:
    cashier, _desk, contract_id = desk_setup
    pay(db, cashier, contract_id, 100_00)
    posted = pay(db, cashier, contract_id, 1200_00)
    data = receipt_data(db, cashier, posted.payment_id)
    assert (data.receipt_number, data.amount, data.balance_after) == (2, 1200_00, 1300_00)
    assert data.contract_number == "100001" and data.desk_name == "Касса 1"
    assert data.address == "Тверь, ул. Ленина, д. 12, кв. 1"
    assert data.cashier_name == "Anna Test" and not data.cancelled
