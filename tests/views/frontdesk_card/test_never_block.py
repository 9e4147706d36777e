"""The card's «never block»: the badge, the button for those allowed, and the dialog that keeps what
was typed on a mistake."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDateEdit, QLineEdit

from app.models import Role
from app.views.frontdesk.card import SubscriberCard
from app.views.frontdesk.never_block_dialog import never_block_dialog
from tests.factories import make_staff
from tests.services.billing.test_exemptions import story  # noqa: F401 - the fixture


def open_card(qtbot, sub, actor) -> SubscriberCard:
    page = SubscriberCard(sub.db, actor, sub.contract, live=False)
    qtbot.addWidget(page)
    page.show()
    return page


def test_an_admin_marks_a_debtor_and_the_card_shows_the_badge(qtbot, story, russian) -> None:  # noqa: F811
    sub, admin, _moment = story
    page = open_card(qtbot, sub, admin)
    assert page.never_block_button.isVisible() and page.never_block_button.text() == "Не блокировать…"
    assert not page.never_block_label.isVisible()

    assert page.data is not None
    dialog = never_block_dialog(sub.db, admin, page.data, page)
    qtbot.addWidget(dialog)
    reason = dialog.field("reason")
    assert isinstance(reason, QLineEdit)
    dialog.submit()  # no reason: refused, the dialog stays
    assert dialog.error_label.isVisibleTo(dialog) and "Укажите причину" in dialog.error_label.text()
    reason.setText("школа № 5")
    limited = dialog.field("limited")
    until = dialog.field("until")
    assert isinstance(limited, QCheckBox) and isinstance(until, QDateEdit)
    assert not until.isEnabled()
    limited.setChecked(True)
    assert until.isEnabled()
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    assert page.never_block_label.isVisible()
    assert page.never_block_label.text().startswith("не блокировать до ")
    assert page.never_block_label.text().endswith(": школа № 5")
    assert page.never_block_button.text() == "Разрешить блокировку…"
    assert sub.state(sub.internet) == "active"


def test_the_front_desk_sees_the_badge_but_no_button(qtbot, story) -> None:  # noqa: F811
    sub, admin, _moment = story
    page = open_card(qtbot, sub, admin)
    assert page.data is not None
    dialog = never_block_dialog(sub.db, admin, page.data, page)
    qtbot.addWidget(dialog)
    dialog.field("reason").setText("школа")  # type: ignore[attr-defined]
    dialog.submit()
    front = make_staff(sub.db, "front", Role.FRONT_DESK)
    other = open_card(qtbot, sub, front)
    assert other.never_block_label.isVisible() and not other.never_block_button.isVisible()
