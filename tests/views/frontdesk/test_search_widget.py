"""The front desk's search box, driven by the keyboard as an operator drives it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.db import Database
from app.models import Role
from app.money import format_money
from app.views.frontdesk import search_widget
from app.views.frontdesk.search_widget import SearchResultsModel, SearchWidget
from tests.factories import make_staff
from tests.services.frontdesk.test_search import add_contract


def type_text(widget: QWidget, text: str) -> None:
    """Key presses as a keyboard sends them (QTest.keyClicks asserts on non-ASCII characters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_type_arrow_down_enter_picks_the_contract(qtbot, db: Database) -> None:
    add_contract(db, "100001", "Иванов Иван Иванович", phone="79161234567")
    wanted = add_contract(db, "100002", "Иванова Мария Петровна", phone="79160001122", apartment="2")
    add_contract(db, "100003", "Петров Пётр", apartment="3")
    widget = SearchWidget(db, make_staff(db, "olga", Role.FRONT_DESK))
    qtbot.addWidget(widget)
    widget.show()
    widget.query_edit.setFocus()
    with qtbot.waitSignal(widget.results_shown, timeout=5000) as shown:
        type_text(widget.query_edit, "ИВАНОВ")
    assert shown.args == ["ИВАНОВ"]
    assert [widget.model.hit(r).number for r in range(widget.model.rowCount())] == ["100001", "100002"]
    address = widget.model.index(1, search_widget.ADDRESS_COLUMN)
    assert widget.model.data(address) == "Тверь, ул. Ленина, д. 12, кв. 2"

    qtbot.keyClick(widget.query_edit, Qt.Key.Key_Down)  # into the list, on the first row
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)  # the second row
    with qtbot.waitSignal(widget.contract_chosen, timeout=1000) as chosen:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert chosen.args == [wanted]


def test_double_click_picks_and_a_newer_query_wins(qtbot, db: Database) -> None:
    first = add_contract(db, "100001", "Сидоров Иван", phone="79161234567")
    widget = SearchWidget(db, make_staff(db, "olga", Role.FRONT_DESK))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.results_shown, timeout=5000):
        qtbot.keyClicks(widget.query_edit, "+7 (916) 123-45-67")
    assert widget.model.rowCount() == 1
    rect = widget.table.visualRect(widget.model.index(0, 1))
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(widget.contract_chosen, timeout=1000) as chosen:
        qtbot.mouseDClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == [first]
    with qtbot.waitSignal(widget.results_shown, timeout=5000):
        widget.query_edit.selectAll()
        type_text(widget.query_edit, "нет такого")
    assert widget.model.rowCount() == 0
    assert widget.status_label.text().startswith("Nothing found")
    widget.query_edit.clear()
    assert widget.model.rowCount() == 0


def test_results_page_in_and_pass_the_model_tester(qtbot, qtmodeltester, db: Database, monkeypatch) -> None:
    monkeypatch.setattr(search_widget, "PAGE", 4)
    for n in range(10):
        add_contract(db, f"1000{n:02d}", f"Кузнецов Клиент {n:02d}", apartment=str(n + 1), balance=-n * 100)
    model = SearchResultsModel(db, make_staff(db, "olga", Role.FRONT_DESK))
    model.set_query("кузнецов")
    assert model.rowCount() == 4 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert [model.hit(r).number for r in range(model.rowCount())] == [f"1000{n:02d}" for n in range(10)]
    balance = search_widget.BALANCE_COLUMN
    assert model.data(model.index(3, balance)) == format_money(-300)
    assert model.data(model.index(3, balance), Qt.ItemDataRole.ForegroundRole) == QColor(Qt.GlobalColor.red)
    assert model.data(model.index(0, balance), Qt.ItemDataRole.ForegroundRole) is None
    qtmodeltester.check(model)
    model.set_query("")
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_a_contract_found_by_name_and_address_is_listed_once(qtbot, db: Database, monkeypatch) -> None:
    monkeypatch.setattr(search_widget, "PAGE", 1)
    lenina = add_contract(db, "100001", "Ленина Анна", street="ул. Ленина", house="12")
    other = add_contract(db, "100002", "Соседов Олег", street="ул. Ленина", house="12", apartment="2")
    model = SearchResultsModel(db, make_staff(db, "olga", Role.FRONT_DESK))
    model.set_query("ленина")
    while model.canFetchMore():
        model.fetchMore()
    assert [model.hit(r).contract_id for r in range(model.rowCount())] == [lenina, other]


def test_more_than_a_page_says_how_many_matched(qtbot, db: Database, monkeypatch) -> None:
    monkeypatch.setattr(search_widget, "PAGE", 2)
    for n in range(5):
        add_contract(db, f"1000{n:02d}", f"Кузнецов Клиент {n:02d}", apartment=str(n + 1))
    add_contract(db, "100099", "Петров Пётр", apartment="99")
    widget = SearchWidget(db, make_staff(db, "olga", Role.FRONT_DESK))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.count_shown, timeout=5000) as counted:
        type_text(widget.query_edit, "кузнецов")
    assert counted.args == [5]
    assert "5" in widget.status_label.text()
    # A query that fits on a page is not counted: the list itself shows how many.
    widget.query_edit.clear()
    with qtbot.waitSignal(widget.results_shown, timeout=5000):
        type_text(widget.query_edit, "петров")
    assert widget.model.rowCount() == 1 and widget.status_label.text() == ""
