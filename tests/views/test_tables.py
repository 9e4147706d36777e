"""Every list's columns: fitted to their contents as rows change, a width the user dragged kept for
that list on this PC (and forgotten on a double-click of the column's edge)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTableView

from app.views.tables import RowsModel, setup_table


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    note: str


class PeopleModel(RowsModel[Person]):
    def column_titles(self) -> tuple[str, ...]:
        return ("Name", "Phone", "Note")

    def cells(self, row: Person) -> tuple[str, ...]:
        return (row.name, row.phone, row.note)


def make_table(qtbot, name: str = "people") -> tuple[QTableView, PeopleModel]:
    model = PeopleModel()
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    setup_table(table, stretch=2)
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    return table, model


def test_columns_fit_new_rows_and_keep_what_the_user_dragged(qtbot) -> None:
    table, model = make_table(qtbot)
    header = table.horizontalHeader()
    empty = header.sectionSize(0)
    model.set_rows([Person("Константинопольская-Задунайская Анастасия", "+7 (916) 123-45-67", "")])
    assert header.sectionSize(0) > empty  # fitted to the long name
    fitted = header.sectionSize(0)
    assert header.fontMetrics().horizontalAdvance("Константинопольская") < fitted

    header.resizeSection(1, 333)  # the user drags the phone column wider
    model.set_rows([Person("Ли Ан", "1", "")])
    assert header.sectionSize(1) == 333 and header.sectionSize(0) < fitted  # kept; the name refits

    again, again_model = make_table(qtbot)  # the same list opened again (another window, next start)
    again_model.set_rows([Person("Ли Ан", "1", "")])
    assert again.horizontalHeader().sectionSize(1) == 333
    other, _ = make_table(qtbot, "other")  # another list keeps its own widths
    assert other.horizontalHeader().sectionSize(1) != 333

    again.horizontalHeader().sectionHandleDoubleClicked.emit(1)  # fit it again, and forget the drag
    assert again.horizontalHeader().sectionSize(1) < 333
    third, third_model = make_table(qtbot)
    third_model.set_rows([Person("Ли Ан", "1", "")])
    assert third.horizontalHeader().sectionSize(1) < 333


def test_a_damaged_setting_is_ignored(qtbot) -> None:
    from PySide6.QtCore import QSettings

    QSettings().setValue("tables/people/widths", "{not json")
    table, model = make_table(qtbot)
    model.set_rows([Person("Иванов", "1", "")])
    assert table.horizontalHeader().sectionSize(0) > 0
