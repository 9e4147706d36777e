"""Administration → Outages, driven as an administrator would: say what happened and when, choose the
district, see every credit and the totals, credit them, then cancel the batch."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from sqlalchemy import text

from app import clock
from app.views.admin.outages_page import OutagesPage
from app.views.messages import prompts
from tests.services.billing.test_outages import NOW, balances_equal_ledger, town  # noqa: F401 - the fixture


def moment(day: int, hour: int) -> QDateTime:
    return QDateTime(QDate(2026, 3, day), QTime(hour, 0))


def make_page(qtbot, db, admin) -> OutagesPage:
    page = OutagesPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    return page


def choose_district(page: OutagesPage, name: str) -> None:
    for row in range(page.districts.count()):
        item = page.districts.item(row)
        if item.text() == name:
            item.setCheckState(Qt.CheckState.Checked)


def test_preview_credit_and_cancel_the_batch(qtbot, town, monkeypatch, russian) -> None:  # noqa: F811
    db, admin, _contracts, _zarechny, _internet = town
    with clock.frozen_at(NOW):
        page = make_page(qtbot, db, admin)
        page.reason_edit.setText("Обрыв кабеля на ул. Мира")
        page.starts_edit.setDateTime(moment(5, 8))
        page.ends_edit.setDateTime(moment(5, 20))
        choose_district(page, "Заречный")
        assert not page.post_button.isEnabled()
        page.preview_button.click()
        assert page.credits_model.rowCount() == 4  # Internet and cable TV in two flats
        assert page.credits_model.cells(page.credits_model.rows[0])[4] == "12,0"
        assert page.totals_label.text().startswith("Услуг: 4, договоров: 2, всего 29,36")
        monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
        page.post_button.click()
        assert page.outages_model.rowCount() == 1 and page.credits_model.rowCount() == 0
        assert page.outages_model.cells(page.outages_model.rows[0])[6] == "начислено"
        assert balances_equal_ledger(db)

        page.outages_table.selectRow(0)
        monkeypatch.setattr(prompts, "ask_text", lambda *_args: "Ошибка в районе")
        page.cancel_selected()
        assert page.outages_model.cells(page.outages_model.rows[0])[6] == "отменено: Ошибка в районе"
    with db.reading() as conn:
        assert conn.execute(text("SELECT sum(amount) FROM ledger_entry")).scalar() == 0


def test_what_is_missing_is_said_and_nothing_is_credited(qtbot, town, russian) -> None:  # noqa: F811
    db, admin, _contracts, _zarechny, _internet = town
    with clock.frozen_at(NOW):
        page = make_page(qtbot, db, admin)
        page.starts_edit.setDateTime(moment(5, 8))
        page.ends_edit.setDateTime(moment(5, 20))
        page.preview_button.click()  # nothing chosen
        assert page.error_label.isVisible()
        nothing_chosen = "Выберите районы, дома, тарифы или договоры, которых коснулся перерыв."
        assert page.error_label.text() == nothing_chosen
        qtbot.keyClicks(page.contracts_edit, "1001, 7777")
        page.preview_button.click()
        assert not page.error_label.isVisible() and page.credits_model.rowCount() == 2
        assert "Нет таких договоров: 7777." in page.totals_label.text()
        page.post_button.click()  # no reason typed: refused, the preview and the fields stay
        assert page.error_label.text() == "Напишите, что случилось (это видно у каждого начисления)."
        assert page.credits_model.rowCount() == 2 and page.contracts_edit.text() == "1001, 7777"
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger_entry")).scalar() == 0
