"""The card's «Скидка…»: the dialog keeps what was typed on a mistake, a granted discount shows on the
card, and only those allowed see the button."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from app.models import Role
from app.views.frontdesk.card import SubscriberCard
from tests.factories import make_staff
from tests.services.billing.test_discounts import office  # noqa: F401 - the fixture


def open_card(qtbot, db, actor, contract) -> SubscriberCard:
    page = SubscriberCard(db, actor, contract, live=False)
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_discount_granted_from_the_card_shows_on_it(qtbot, office, russian) -> None:  # noqa: F811
    db, admin, contract, internet, _tv, _tariff, _moment = office
    page = open_card(qtbot, db, admin, contract)
    assert page.discount_button.isVisible() and page.discount_button.text() == "&Скидка…"
    assert page.discounts_label.text() == "нет" and not page.end_discount_button.isVisible()
    dialog = page.make_discount_dialog()
    qtbot.addWidget(dialog)
    target, kind, amount, reason = (dialog.field(n) for n in ("service", "kind", "amount", "reason"))
    assert isinstance(target, QComboBox) and isinstance(kind, QComboBox)
    assert isinstance(amount, QLineEdit) and isinstance(reason, QLineEdit)
    target.setCurrentIndex(target.findData(internet))
    kind.setCurrentIndex(1)  # a sum off the fee
    amount.setText("сто рублей")
    reason.setText("Пенсионер")
    dialog.submit()  # not a sum: refused, what was typed stays
    assert dialog.error_label.isVisibleTo(dialog) and amount.text() == "сто рублей"
    assert page.discounts_label.text() == "нет"
    amount.setText("100,50")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    assert page.discounts_label.text() == "100,50\u00a0₽ на Интернет с 01.03.2026: Пенсионер"

    assert page.end_discount_button.isVisible()
    ending = page.make_end_discount_dialog()
    qtbot.addWidget(ending)
    ending.field("last_day").setDate(QDate(2026, 3, 20))
    ending.submit()
    page.reload()
    assert page.discounts_label.text() == "100,50\u00a0₽ на Интернет с 01.03.2026 по 20.03.2026: Пенсионер"


def test_a_percent_for_the_whole_contract_until_a_date(qtbot, office, russian) -> None:  # noqa: F811
    db, admin, contract, _internet, _tv, _tariff, _moment = office
    page = open_card(qtbot, db, admin, contract)
    dialog = page.make_discount_dialog()
    qtbot.addWidget(dialog)
    percent, limited, reason = (dialog.field(n) for n in ("percent", "limited", "reason"))
    assert isinstance(percent, QSpinBox) and isinstance(limited, QCheckBox) and isinstance(reason, QLineEdit)
    percent.setValue(15)
    limited.setChecked(True)
    reason.setText("Акция «Соседи»")
    dialog.submit()
    page.reload()
    assert page.discounts_label.text() == "15 % на все услуги с 01.03.2026 по 01.04.2026: Акция «Соседи»"


def test_the_front_desk_sees_discounts_but_grants_none(qtbot, office, russian) -> None:  # noqa: F811
    db, _admin, contract, _internet, _tv, _tariff, _moment = office
    page = open_card(qtbot, db, make_staff(db, "anna", Role.FRONT_DESK), contract)
    assert not page.discount_button.isVisible() and page.discounts_label.isVisible()
