"""Cable TV cut for debt: the card and the payment dialog say what to pay to get it back, the dialog
offers that amount, and taking it reconnects."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.money import format_money
from app.services.billing.reconnection import reconnect_quote
from app.services.frontdesk.contracts import contract_by_number
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.frontdesk.card import SubscriberCard
from tests.services.billing.test_reconnection import cut, reconnect_orders  # noqa: F401 - the fixture


def test_the_card_shows_what_brings_cable_tv_back(qtbot, cut, russian) -> None:  # noqa: F811
    sub, _moment = cut
    quote = reconnect_quote(sub.db, sub.cashier, sub.contract)
    assert quote is not None
    page = SubscriberCard(sub.db, sub.cashier, sub.contract, live=False)
    qtbot.addWidget(page)
    page.show()
    assert page.reconnect_label.isVisible()
    shown = page.reconnect_label.text()
    assert shown.startswith(f"Для подключения кабельного ТВ внесите {format_money(quote.amount)}")
    assert f"долг {format_money(quote.debt)}" in shown and "подключение 310,00" in shown


def test_the_dialog_offers_the_amount_and_enter_takes_it_and_reconnects(qtbot, cut, russian) -> None:  # noqa: F811
    sub, _moment = cut
    quote = reconnect_quote(sub.db, sub.cashier, sub.contract)
    assert quote is not None
    summary = contract_by_number(sub.db, sub.cashier, "100001")
    dialog = PaymentDialog(sub.db, sub.cashier, summary)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.amount_edit.text() == format_money(quote.amount, currency="")
    assert dialog.amount_edit.selectedText() == dialog.amount_edit.text()  # typing replaces it
    assert "Для подключения кабельного ТВ" in dialog.contract_label.text()
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.posted is not None and dialog.posted.amount == quote.amount
    assert reconnect_orders(sub) == 1


def test_a_cashier_may_type_over_the_suggestion(qtbot, cut, russian) -> None:  # noqa: F811
    sub, _moment = cut
    summary = contract_by_number(sub.db, sub.cashier, "100001")
    dialog = PaymentDialog(sub.db, sub.cashier, summary)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount_edit.setFocus()
    qtbot.keyClicks(dialog.amount_edit, "100")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.posted is not None and dialog.posted.amount == 100_00
    assert reconnect_orders(sub) == 0
