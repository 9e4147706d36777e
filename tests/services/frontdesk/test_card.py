"""The subscriber card's reads on both databases: a debtor's header, the ledger's running balance,
cancellations, the history's order, filter and paging, notes, and audited personal data."""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlalchemy import text

from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import ContractStatus, LedgerKind, PaymentMethod, Role, ServiceState
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payments import post_payment
from app.services.frontdesk.card import card, history, ledger, services, work_orders
from app.services.frontdesk.notes import add_note, notes
from app.services.frontdesk.personal_data import personal_data
from app.services.kernel.history import EventKind
from app.services.kernel.permissions import Actor
from tests.factories import make_staff
from tests.services.billing.test_debt_policy import Subscriber, day, run_until


@pytest.fixture
def debtor(db: Database) -> Subscriber:
    """Fifteen days paid, then 12 days of debt: Internet blocked, a disconnect order queued; one payment
    taken and cancelled; a passport on file."""
    sub = Subscriber(db)
    run_until(sub, 26)
    payment = post_payment(
        db,
        sub.cashier,
        client_uuid=uuid.uuid4(),
        contract_id=sub.contract,
        amount=50_00,
        method=PaymentMethod.CASH,
    )
    cancel_payment(db, sub.cashier, payment.payment_id, "не тот договор")
    with db.transaction() as session:
        session.execute(
            text(
                "UPDATE subscriber SET passport_series = '2804', passport_number = '123456', "
                "passport_issued_by = 'ОВД Тверского р-на', phone2 = '79031112233'"
            )
        )
    return sub


def test_header_of_a_debtor(debtor: Subscriber) -> None:
    front = make_front(debtor)
    data = card(debtor.db, front, debtor.contract)
    assert data.subscriber_name == "Смирнов Олег Петрович"
    assert data.contract_number == "100001" and [c.number for c in data.contracts] == ["100001"]
    assert data.address == "Тверь, ул. Ленина, д. 12, кв. 1"
    assert data.phones == ("+7 (916) 123-45-67", "+7 (903) 111-22-33")
    assert data.balance == debtor.balance < 0 and data.in_debt
    assert data.debt_since == day(15)
    assert data.status == ContractStatus.ACTIVE and data.has_personal_data


def test_services_with_their_states(debtor: Subscriber) -> None:
    rows = services(debtor.db, debtor.cashier, debtor.contract)
    by_kind = {r.kind.value: r for r in rows}
    assert by_kind["internet"].state == ServiceState.BLOCKED and by_kind["internet"].since == day(15)
    assert by_kind["internet"].tariff == "Интернет 100"
    assert by_kind["catv"].state == ServiceState.DISCONNECT_PENDING


def test_running_balance_and_cancellations(debtor: Subscriber) -> None:
    db = debtor.db
    rows = ledger(db, debtor.cashier, debtor.contract, limit=1000)
    assert rows[0].balance_after == debtor.balance  # the top of the list is the contract's balance
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    for newer, older in itertools.pairwise(rows):
        assert older.balance_after == newer.balance_after - newer.amount
    assert rows[-1].balance_after == rows[-1].amount  # the oldest entry starts from zero
    reversal, cancelled = rows[0], rows[1]
    assert reversal.kind == LedgerKind.REVERSAL and reversal.reverses_id == cancelled.id
    assert cancelled.kind == LedgerKind.PAYMENT and cancelled.cancelled
    assert cancelled.cancel_reason == "не тот договор"
    assert cancelled.receipt_number == reversal.receipt_number == 2
    first_payment = rows[-1]
    assert first_payment.kind == LedgerKind.PAYMENT and first_payment.receipt_number == 1
    assert not first_payment.cancelled and first_payment.staff_name == "Kassa Test"
    charges = [r for r in rows if r.kind == LedgerKind.CHARGE]
    assert charges and charges[0].staff_name is None and charges[0].tariff in ("Интернет 100", "КТВ Базовый")

    # Pages join up: the second page carries on the running balance where the first stopped.
    first = ledger(db, debtor.cashier, debtor.contract, limit=7)
    second = ledger(db, debtor.cashier, debtor.contract, limit=7, before_id=first[-1].id)
    assert [r.id for r in first + second] == [r.id for r in rows[:14]]
    assert [r.balance_after for r in first + second] == [r.balance_after for r in rows[:14]]


def test_history_newest_first_filtered_and_paged(debtor: Subscriber) -> None:
    db = debtor.db
    with db.reading() as conn:
        subscriber_id = conn.execute(text("SELECT subscriber_id FROM contract")).scalar_one()
    rows = history(db, debtor.cashier, subscriber_id, limit=1000)
    assert rows[0].kind == EventKind.PAYMENT_CANCELLED and rows[0].actor_name == "Kassa Test"
    assert rows[0].details["reason"] == "не тот договор"
    assert [(r.occurred_at, r.id) for r in rows] == sorted(
        ((r.occurred_at, r.id) for r in rows), reverse=True
    )
    kinds = {r.kind for r in rows}
    assert {EventKind.DEBT_STARTED, EventKind.SERVICE_BLOCKED, EventKind.PAYMENT_POSTED} <= kinds
    system = [r for r in rows if r.kind == EventKind.SERVICE_BLOCKED]
    assert system and system[0].actor_name is None  # the debt policy acts as the system

    only = history(db, debtor.cashier, subscriber_id, kinds=[EventKind.PAYMENT_POSTED])
    assert [r.kind for r in only] == [EventKind.PAYMENT_POSTED] * 2

    first = history(db, debtor.cashier, subscriber_id, limit=2)
    rest = history(db, debtor.cashier, subscriber_id, limit=1000, before_id=first[-1].id)
    assert [r.id for r in first + rest] == [r.id for r in rows]


def test_work_orders_of_the_contract(debtor: Subscriber) -> None:
    rows = work_orders(debtor.db, debtor.cashier, debtor.contract)
    assert [(r.kind.value, r.status.value) for r in rows] == [("disconnect_catv", "new")]
    assert rows[0].service_kind is not None and rows[0].service_kind.value == "catv"


def make_front(sub: Subscriber) -> Actor:
    return make_staff(sub.db, "front", Role.FRONT_DESK)


def test_personal_data_only_for_allowed_roles_and_every_view_is_an_event(debtor: Subscriber) -> None:
    db = debtor.db
    data = card(db, debtor.cashier, debtor.contract)
    with pytest.raises(PermissionDenied):
        personal_data(db, debtor.cashier, data.subscriber_id)
    front = make_front(debtor)
    shown = personal_data(db, front, data.subscriber_id)
    assert (shown.passport_series, shown.passport_number) == ("2804", "123456")
    personal_data(db, front, data.subscriber_id)
    viewed = history(db, front, data.subscriber_id, kinds=[EventKind.PERSONAL_DATA_VIEWED])
    assert len(viewed) == 2 and viewed[0].actor_name == "Front Test"
    assert viewed[0].summary == "Personal data viewed"  # no copy of the name: it is the subscriber_id


def test_notes_are_added_and_listed_newest_first(debtor: Subscriber) -> None:
    db = debtor.db
    front = make_front(debtor)
    subscriber_id = card(db, front, debtor.contract).subscriber_id
    add_note(db, front, subscriber_id, "Звонить после 18:00")
    add_note(db, front, subscriber_id, "  Ключ от щитка у соседа, кв. 2 ")
    rows = notes(db, debtor.cashier, subscriber_id)
    assert [r.text for r in rows] == ["Ключ от щитка у соседа, кв. 2", "Звонить после 18:00"]
    assert rows[0].author == "Front Test"
    with pytest.raises(ValidationError):
        add_note(db, front, subscriber_id, "   ")
    with pytest.raises(PermissionDenied):
        add_note(db, debtor.cashier, subscriber_id, "кассир не пишет заметки")
