"""Administration → Buildings driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.admin import place_editing, places
from app.views.admin.buildings_page import BuildingsPage, BuildingTableModel
from app.views.form_dialog import FormDialog
from app.views.messages import prompts
from tests.factories import make_staff


def scalar(db: Database, sql: str) -> object:
    with db.reading() as conn:
        return conn.execute(text(sql)).scalar()


@pytest.fixture
def page(qtbot, db: Database) -> BuildingsPage:
    admin = make_staff(db, "boss", Role.ADMIN)
    centre = place_editing.create_district(db, admin, "Центральный")
    place_editing.create_district(db, admin, "Северный")
    for house in ("12", "2", "10"):
        place_editing.create_building(
            db,
            admin,
            city="Заречный",
            street="ул. Ленина",
            house=house,
            district_id=centre.id,
            tap_label="ТП-7",
        )
    place_editing.create_building(db, admin, city="Заречный", street="ул. Мира", house="5")
    widget = BuildingsPage(db, admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill(dialog: FormDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.findChild(QLineEdit, name).setText(value)


def select_building(page: BuildingsPage, address: str) -> places.BuildingRow:
    number = next(n for n, row in enumerate(page.building_model.rows) if row.address == address)
    page.building_table.selectRow(number)
    selected = page.selected_building()
    assert selected is not None
    return selected


def select_district(page: BuildingsPage, name: str) -> places.DistrictRow:
    number = next(n for n, row in enumerate(page.district_model.rows) if row.name == name)
    page.district_list.setCurrentIndex(page.district_model.index(number))
    selected = page.selected_district()
    assert selected is not None
    return selected


def shown_addresses(page: BuildingsPage) -> list[str]:
    model = page.building_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_models_pass_qtmodeltester(qtmodeltester, page: BuildingsPage) -> None:
    assert page.building_model.rowCount() == 4 and page.district_model.rowCount() == 2
    qtmodeltester.check(page.building_model)
    qtmodeltester.check(page.district_model)


def test_building_model_fetches_pages_as_the_view_scrolls(
    qtmodeltester, db: Database, page: BuildingsPage
) -> None:
    calls: list[tuple[str, int, int]] = []

    def fetch(query: str, limit: int, offset: int) -> list[places.BuildingRow]:
        calls.append((query, limit, offset))
        return places.search_buildings(db, query, limit, offset=offset)

    model = BuildingTableModel(fetch)
    model.PAGE = 3
    model.set_query("")
    assert model.rowCount() == 3 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 4 and not model.canFetchMore(QModelIndex())
    assert calls == [("", 3, 0), ("", 3, 3)]
    qtmodeltester.check(model)


def test_table_shows_buildings_in_house_order_with_premises_count(page: BuildingsPage) -> None:
    assert shown_addresses(page) == [
        "ул. Ленина, д. 2",
        "ул. Ленина, д. 10",
        "ул. Ленина, д. 12",
        "ул. Мира, д. 5",
    ]
    model = page.building_model
    assert [model.index(0, c).data() for c in range(5)] == [
        "ул. Ленина, д. 2",
        "Заречный",
        "Центральный",
        "ТП-7",
        "0",
    ]
    assert page.district_model.index(0).data() == "Северный"  # by name


def test_search_filters_as_you_type(qtbot, page: BuildingsPage) -> None:
    for letter in "ЛЕНИНА 1":  # QTest.keyClicks types only ASCII
        page.search_edit.insert(letter)
    assert len(shown_addresses(page)) == 4  # one query after the typing pauses, not one per letter
    qtbot.waitUntil(lambda: shown_addresses(page) == ["ул. Ленина, д. 10", "ул. Ленина, д. 12"])
    page.search_edit.setText("мира")
    qtbot.waitUntil(lambda: shown_addresses(page) == ["ул. Мира, д. 5"])
    page.search_edit.clear()
    qtbot.waitUntil(lambda: len(shown_addresses(page)) == 4)


def test_new_building_with_bad_input_keeps_the_form_and_saves_nothing(qtbot, page: BuildingsPage, db) -> None:
    dialog = page.make_building_dialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, city="Заречный", street="ул. Ленина", house="12")
    combo = dialog.findChild(QComboBox, "district_id")
    combo.setCurrentIndex(combo.findText("Северный"))
    dialog.submit()
    assert dialog.error_label.text() == "The building Заречный, ул. Ленина, д. 12 is already in the list."
    assert dialog.result() == 0
    fill(dialog, house="12 корп. 2")
    dialog.submit()
    assert dialog.error_label.text().startswith("Enter the house number as digits")
    assert dialog.findChild(QLineEdit, "street").text() == "ул. Ленина"
    assert dialog.findChild(QLineEdit, "house").text() == "12 корп. 2"
    assert scalar(db, "SELECT count(*) FROM building") == 4

    fill(dialog, house="12", block="к2", tap_label="ТП-7")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.result_value.district_name == "Северный"
    page.reload_buildings(select_id=dialog.result_value.id)
    assert page.selected_building().address == "ул. Ленина, д. 12, к2"


def test_edit_building_and_a_stale_edit_is_refused(qtbot, page: BuildingsPage, db: Database) -> None:
    row = select_building(page, "ул. Мира, д. 5")
    dialog = page.make_building_dialog(row)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "house").text() == "5"
    fill(dialog, house="5а", tap_label="ТП-3")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    stale = page.make_building_dialog(row)  # opened from the row as it was before the edit
    qtbot.addWidget(stale)
    fill(stale, house="6")
    stale.submit()
    assert stale.error_label.text().startswith("This record was changed by someone else")
    page.reload_buildings()
    assert "ул. Мира, д. 5а" in shown_addresses(page)
    assert scalar(db, "SELECT tap_label FROM building WHERE house = '5а'") == "ТП-3"


def test_add_apartments(qtbot, page: BuildingsPage, db: Database) -> None:
    row = select_building(page, "ул. Ленина, д. 2")
    dialog = page.make_premises_dialog(row)
    qtbot.addWidget(dialog)
    fill(dialog, spec="1-50, 40-60")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.show_premises_result(row, dialog.result_value)
    assert page.result_label.text() == "ул. Ленина, д. 2: 60 added, 0 already there."
    page.reload_buildings(select_id=row.id)
    assert page.selected_building().premises_count == 60

    again = page.make_premises_dialog(page.selected_building())
    qtbot.addWidget(again)
    fill(again, spec="60 - 61")
    again.submit()
    assert (again.result_value.added, again.result_value.skipped) == (1, 1)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("60-1", "The range “60-1” runs backwards: write the smaller number first (1-60)."),
        ("1-5000", "That is 5000 apartments at once; add at most 2000 at a time. Check the range."),
        ("1, 2, кв3", "Cannot read “кв3”."),
    ],
)
def test_bad_apartment_spec_keeps_the_form_and_saves_nothing(
    qtbot, page, db, spec: str, message: str
) -> None:
    dialog = page.make_premises_dialog(select_building(page, "ул. Ленина, д. 2"))
    qtbot.addWidget(dialog)
    fill(dialog, spec=spec)
    dialog.submit()
    assert dialog.error_label.text().startswith(message)
    assert dialog.result() == 0 and dialog.findChild(QLineEdit, "spec").text() == spec
    assert scalar(db, "SELECT count(*) FROM premises") == 0


def test_private_house(qtbot, page: BuildingsPage, db: Database) -> None:
    dialog = page.make_premises_dialog(select_building(page, "ул. Мира, д. 5"))
    qtbot.addWidget(dialog)
    dialog.findChild(QCheckBox, "private_house").setChecked(True)
    assert not dialog.findChild(QLineEdit, "spec").isEnabled()
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert scalar(db, "SELECT apartment FROM premises") == ""


def test_districts_added_renamed_deactivated(qtbot, page: BuildingsPage, db, monkeypatch) -> None:
    dialog = page.make_district_dialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, name="северный")
    dialog.submit()
    assert dialog.error_label.text() == "There is already a district named Северный."
    fill(dialog, name="Южный")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted

    centre = select_district(page, "Центральный")
    rename = page.make_district_dialog(centre)
    qtbot.addWidget(rename)
    fill(rename, name="Центр")
    rename.submit()
    assert rename.result() == rename.DialogCode.Accepted
    page.reload_districts()
    page.reload_buildings()
    assert page.building_model.index(0, 2).data() == "Центр"

    select_district(page, "Центр")
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    page.toggle_district_active()
    assert page.selected_district().active
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    page.toggle_district_active()
    assert not page.selected_district().active
    assert page.district_active_button.text() == "Reac&tivate"
    assert [page.district_model.index(r).data() for r in range(3)] == [
        "Северный",
        "Центр (deactivated)",
        "Южный",
    ]
    assert scalar(db, "SELECT count(*) FROM district") == 3  # never deleted

    # A deactivated district is offered only to the buildings that already have it.
    assert page.make_building_dialog(None).findChild(QComboBox, "district_id").findText("Центр") == -1
    combo = page.make_building_dialog(select_building(page, "ул. Ленина, д. 2")).findChild(
        QComboBox, "district_id"
    )
    assert combo.currentText() == "Центр (deactivated)"
