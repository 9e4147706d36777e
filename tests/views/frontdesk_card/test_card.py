"""Front desk → the subscriber card, driven like an operator: a debtor's header, the tabs, the masked
passport, notes, the cashier's payment button and the live refresh from another workstation."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from sqlalchemy import text

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.frontdesk.card import history
from app.services.kernel.history import EventKind
from app.services.kernel.permissions import Actor
from app.views.frontdesk.card import MASK, SubscriberCard
from app.views.labels import short_date
from app.views.messages import prompts
from tests.factories import make_staff
from tests.services.billing.test_debt_policy import Subscriber, run_until
from tests.services.frontdesk.test_card import debtor  # noqa: F401 - the fixture
from tests.services.frontdesk.test_search import add_contract


def open_card(qtbot, sub: Subscriber, actor: Actor, live: bool = False) -> SubscriberCard:
    page = SubscriberCard(sub.db, actor, sub.contract, live=live)
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_debtors_card_in_red_with_every_tab_filled(qtbot, qtmodeltester, debtor) -> None:  # noqa: F811
    front = make_staff(debtor.db, "front", Role.FRONT_DESK)
    page = open_card(qtbot, debtor, front)
    assert page.name_label.text() == "Смирнов Олег Петрович"
    assert page.contract_label.text() == "100001" and page.status_label.text() == "active"
    assert page.address_label.text() == "Тверь, ул. Ленина, д. 12, кв. 1"
    assert page.phone_label.text() == "+7 (916) 123-45-67, +7 (903) 111-22-33"
    since = short_date(dt.date(2026, 3, 16))  # the operator's language's date
    assert page.balance_label.text() == f"Balance: −140,00\u00a0₽, debt since {since}"
    assert page.balance_in_red
    assert not page.pay_button.isVisible()  # the front desk does not take money

    assert page.services_model.rowCount() == 2
    states = {page.services_model.index(r, 2).data() for r in range(2)}
    assert states == {"blocked for debt", "to be disconnected"}
    assert page.ledger_model.index(0, 4).data() == "−140,00\u00a0₽"  # the running balance at the top
    assert page.ledger_model.index(0, 1).data() == "reversal"
    assert page.ledger_model.index(1, 3).data() == "50,00\u00a0₽ (cancelled)"
    foreground = page.ledger_model.index(1, 3).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(foreground, QColor)
    assert page.history_model.index(0, 2).data().startswith("Payment of 50,00")
    system = [r for r, row in enumerate(page.history_model.rows) if row.kind == EventKind.SERVICE_BLOCKED]
    assert page.history_model.index(system[0], 1).data() == "system"
    assert page.orders_model.index(0, 1).data() == "disconnect CaTV"
    for model in (
        page.services_model,
        page.ledger_model,
        page.history_model,
        page.orders_model,
        page.notes_model,
    ):
        qtmodeltester.check(model)


def test_history_in_russian_and_filtered_by_kind(qtbot, debtor, russian) -> None:  # noqa: F811
    page = open_card(qtbot, debtor, debtor.cashier)
    assert page.history_model.index(0, 2).data().startswith("Платёж")
    all_rows = page.history_model.rowCount()
    page.history_filter.setCurrentIndex(page.history_filter.findData("payments"))
    kinds = {r.kind for r in page.history_model.rows}
    assert kinds == {EventKind.PAYMENT_POSTED, EventKind.PAYMENT_CANCELLED}
    assert 0 < page.history_model.rowCount() < all_rows
    system = [
        page.history_model.index(r, 1).data()
        for r, row in enumerate(page.history_model.rows)
        if row.actor_name is None
    ]
    assert not system  # payments are always somebody's
    page.history_filter.setCurrentIndex(page.history_filter.findData("debt"))
    assert {r.kind for r in page.history_model.rows} == {EventKind.DEBT_STARTED, EventKind.SERVICE_BLOCKED}
    assert page.history_model.index(0, 2).data().startswith("Услуга")  # «Услуга … заблокирована за долг»


def test_passport_hidden_for_a_cashier_who_may_take_a_payment(qtbot, debtor) -> None:  # noqa: F811
    page = open_card(qtbot, debtor, debtor.cashier)
    assert not page.passport_row.isVisible()
    assert "123456" not in page.passport_label.text()
    assert page.pay_button.isVisible()
    with qtbot.waitSignal(page.pay_requested) as signal:
        page.pay_button.click()
    assert signal.args == [debtor.contract]


def test_passport_shown_on_request_and_the_view_recorded(qtbot, debtor) -> None:  # noqa: F811
    front = make_staff(debtor.db, "front", Role.FRONT_DESK)
    page = open_card(qtbot, debtor, front)
    assert page.passport_row.isVisible() and page.passport_label.text() == MASK
    page.show_passport_button.click()
    assert page.passport_label.text().startswith("2804 123456, issued by ОВД Тверского р-на")
    assert page.data is not None
    viewed = history(debtor.db, front, page.data.subscriber_id, kinds=[EventKind.PERSONAL_DATA_VIEWED])
    assert len(viewed) == 1 and viewed[0].actor_name == "Front Test"
    assert page.history_model.rows[0].kind == EventKind.PERSONAL_DATA_VIEWED  # the tab shows it at once


def test_add_a_note_and_an_empty_one_keeps_nothing(qtbot, debtor, monkeypatch) -> None:  # noqa: F811
    front = make_staff(debtor.db, "front", Role.FRONT_DESK)
    page = open_card(qtbot, debtor, front)
    page.note_edit.setPlainText("Звонить после 18:00")
    page.add_note_button.click()
    assert page.notes_model.rowCount() == 1
    assert page.notes_model.index(0, 2).data() == "Звонить после 18:00"
    assert page.notes_model.index(0, 1).data() == "Front Test" and page.note_edit.toPlainText() == ""
    warnings: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, message: warnings.append(message))
    page.note_edit.setPlainText("   ")
    page.add_note_button.click()
    assert warnings == ["Write the note first."] and page.notes_model.rowCount() == 1


def test_the_card_follows_a_payment_taken_at_another_workstation(qtbot, pg_db: Database) -> None:
    sub = Subscriber(pg_db)

    run_until(sub, 20)
    front = make_staff(pg_db, "front", Role.FRONT_DESK)
    page = open_card(qtbot, sub, front, live=True)
    assert page.watcher is not None
    qtbot.waitUntil(lambda: page.watcher is not None and page.watcher._conn is not None, timeout=5000)
    assert page.balance_in_red

    cashier_db = pg_db.fresh_connections()
    with cashier_db.reading() as conn:
        balance = int(conn.execute(text("SELECT balance FROM contract")).scalar_one())
    post_payment(
        cashier_db,
        sub.cashier,
        client_uuid=uuid.uuid4(),
        contract_id=sub.contract,
        amount=-balance + 100_00,
        method=PaymentMethod.CASH,
    )
    qtbot.waitUntil(lambda: page.balance_label.text() == "Balance: 100,00\u00a0₽", timeout=2000)
    assert not page.balance_in_red
    states = {page.services_model.index(r, 2).data() for r in range(page.services_model.rowCount())}
    assert states == {"active"}  # Internet unblocked by the payment, seen here too
    cashier_db.dispose()
    page.watcher.stop()


def test_the_card_follows_another_workstation_on_sqlite_by_polling(qtbot, debtor) -> None:  # noqa: F811
    if not debtor.db.is_embedded:
        return  # PostgreSQL is covered by LISTEN/NOTIFY above
    page = open_card(qtbot, debtor, debtor.cashier, live=True)
    qtbot.wait(1200)  # the first poll learns the current version
    other = debtor.db.fresh_connections()
    post_payment(
        other,
        debtor.cashier,
        client_uuid=uuid.uuid4(),
        contract_id=debtor.contract,
        amount=140_00,
        method=PaymentMethod.CASH,
    )
    qtbot.waitUntil(lambda: page.balance_label.text() == "Balance: 0,00\u00a0₽", timeout=3000)
    other.dispose()
    assert page.watcher is not None
    page.watcher.stop()


def test_the_money_tab_pages_in_as_it_scrolls(qtbot, qtmodeltester, debtor, monkeypatch) -> None:  # noqa: F811
    from app.views.frontdesk import card as card_module

    monkeypatch.setattr(card_module, "PAGE", 10)
    page = open_card(qtbot, debtor, debtor.cashier)
    model = page.ledger_model
    assert model.rowCount() == 10 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    balances = [r.balance_after for r in model.rows]
    amounts = [r.amount for r in model.rows]
    assert all(balances[i + 1] == balances[i] - amounts[i] for i in range(19))  # no seam between pages
    while model.canFetchMore():
        model.fetchMore()
    assert model.rows[-1].balance_after == model.rows[-1].amount  # down to the first entry
    qtmodeltester.check(model)


def test_a_long_name_wraps_instead_of_widening_the_card(qtbot, db: Database) -> None:
    # A name on one line set the card's least width, which the splitter took from the search list.
    front = make_staff(db, "front", Role.FRONT_DESK)
    name = "Общество с ограниченной ответственностью «Тверская кабельная телевизионная сеть»"
    card = SubscriberCard(db, front, add_contract(db, "100002", name), live=False)
    qtbot.addWidget(card)
    card.show()
    assert card.name_label.text() == name
    one_line = card.name_label.fontMetrics().horizontalAdvance(name)
    assert card.minimumSizeHint().width() < one_line / 2
