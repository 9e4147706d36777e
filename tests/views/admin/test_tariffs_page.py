"""Administration → Tariffs driven through the real widgets, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox
from sqlalchemy import text

from app.db import Database
from app.models import ChargingMode, Role, ServiceKind
from app.services.admin import tariff_editing, tariffs
from app.services.kernel.settings import business_date
from app.views.admin.tariffs_page import TariffsPage
from tests.factories import make_staff

DAY = dt.timedelta(days=1)


def saved(db: Database) -> list[tuple[str, int]]:
    """(tariff, fee) of every price row, in order."""
    with db.reading() as conn:
        return [
            (name, fee)
            for name, fee in conn.execute(
                text(
                    "SELECT t.name, p.monthly_fee FROM tariff t JOIN tariff_price p ON p.tariff_id = t.id "
                    "ORDER BY t.name, p.effective_from"
                )
            )
        ]


@pytest.fixture
def page(qtbot, db: Database) -> TariffsPage:
    admin = make_staff(db, "boss", Role.ADMIN)
    tariff_editing.create_tariff(
        db,
        admin,
        name="КТВ Базовый",
        kind=ServiceKind.CATV,
        charging_mode=ChargingMode.MONTHLY,
        monthly_fee=350_00,
        valid_from=business_date(db),
    )
    widget = TariffsPage(db, admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def set_date(dialog, name: str, day: dt.date) -> None:
    dialog.findChild(QDateEdit, name).setDate(QDate(day.year, day.month, day.day))


def choose(dialog, name: str, value: str) -> None:
    combo = dialog.findChild(QComboBox, name)
    combo.setCurrentIndex(combo.findData(value))


def test_models_pass_qtmodeltester(qtmodeltester, page: TariffsPage, db: Database) -> None:
    row = page.model.rows[0]
    tariff_editing.set_price(db, page.actor, row.id, 390_00, business_date(db) + DAY, version=row.version)
    page.reload(select_id=row.id)
    assert page.model.rowCount() == 1 and page.prices.rowCount() == 2
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.prices)


def test_table_shows_price_kind_and_status(page: TariffsPage) -> None:
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == [
        "Name",
        "Kind",
        "Charging",
        "Price now",
        "Next price",
        "Speed / devices",
        "Status",
        "In use",
    ]
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells == ["КТВ Базовый", "Cable TV", "monthly", "350,00\u00a0₽", "", "", "active", "0"]


def test_create_through_the_dialog(qtbot, page: TariffsPage, db: Database) -> None:
    dialog = page.make_new_dialog()
    qtbot.addWidget(dialog)
    speed, devices = dialog.findChild(QLineEdit, "speed_kbps"), dialog.findChild(QSpinBox, "device_limit")
    choose(dialog, "kind", "catv")
    assert not dialog.form.isRowVisible(speed) and not dialog.form.isRowVisible(devices)
    choose(dialog, "kind", "iptv")
    assert dialog.form.isRowVisible(devices) and not dialog.form.isRowVisible(speed)
    choose(dialog, "kind", "internet")
    assert dialog.form.isRowVisible(speed) and not dialog.form.isRowVisible(devices)

    dialog.findChild(QLineEdit, "name").setText("Интернет 300")
    speed.setText("300")
    devices.setValue(4)  # hidden for Internet: cleared, not saved
    dialog.findChild(QLineEdit, "monthly_fee").setText("1200,50")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    assert saved(db) == [("Интернет 300", 1200_50), ("КТВ Базовый", 350_00)]

    page.reload(select_id=dialog.result_value.id)
    row = page.selected()
    assert row is not None and (row.speed_kbps, row.device_limit) == (300_000, None)
    number = page.model.rows.index(row)
    assert page.model.index(number, 3).data() == "1\u202f200,50\u00a0₽"
    assert page.model.index(number, 5).data() == "300 Mbit/s"
    assert page.price_label.text() == "Price history of Интернет 300"
    assert page.prices.index(0, 2).data() == "in effect"


BAD_INPUT = [  # (name, fee, speed, the start of the message shown)
    ("Интернет 300", "-5", "300", "The amount cannot be negative."),
    ("Интернет 300", "abc", "300", "Enter the amount as rubles with up to two decimals"),
    ("   ", "500", "300", "Enter the tariff's name."),
    ("Интернет 300", "500", "", "Enter the speed of the Internet tariff."),
    ("Интернет 300", "500", "fast", "Enter the speed in Mbit/s"),
    ("ктв базовый", "500", "300", "A tariff named КТВ Базовый already exists"),
]


def test_bad_input_keeps_the_form_and_saves_nothing(qtbot, page: TariffsPage, db: Database) -> None:
    dialog = page.make_new_dialog()
    qtbot.addWidget(dialog)
    choose(dialog, "kind", "internet")
    for name, fee, speed, message in BAD_INPUT:
        dialog.findChild(QLineEdit, "name").setText(name)
        dialog.findChild(QLineEdit, "monthly_fee").setText(fee)
        dialog.findChild(QLineEdit, "speed_kbps").setText(speed)
        dialog.submit()
        assert dialog.result() == 0
        assert dialog.error_label.text().startswith(message), (fee, dialog.error_label.text())
        assert not dialog.error_label.isHidden()
        assert dialog.findChild(QLineEdit, "monthly_fee").text() == fee
        assert dialog.findChild(QLineEdit, "name").text() == name
    assert saved(db) == [("КТВ Базовый", 350_00)]


def test_edit_renames_and_keeps_the_kind_of_a_tariff_in_use(qtbot, page: TariffsPage, db: Database) -> None:
    page.table.selectRow(0)
    row = page.selected()
    assert row is not None
    dialog = page.make_edit_dialog(row)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "name").text() == "КТВ Базовый"
    assert dialog.findChild(QComboBox, "kind").currentData() == "catv"
    dialog.findChild(QLineEdit, "name").setText("КТВ «Базовый+»")
    choose(dialog, "charging_mode", "daily")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    with qtbot.waitSignal(page.tariffs_changed):
        page._changed(row.id)
    assert page.model.index(0, 0).data() == "КТВ «Базовый+»"
    assert page.model.index(0, 2).data() == "daily, pro rata"


def test_new_price_shows_in_the_list_and_the_history(qtbot, page: TariffsPage, db: Database) -> None:
    page.table.selectRow(0)
    row = page.selected()
    assert row is not None
    dialog = page.make_price_dialog(row)
    qtbot.addWidget(dialog)
    start = business_date(db) + 10 * DAY
    set_date(dialog, "effective_from", start)
    dialog.findChild(QLineEdit, "monthly_fee").setText("390")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    page.reload(select_id=row.id)
    assert page.model.index(0, 3).data() == "350,00\u00a0₽"
    assert page.model.index(0, 4).data().startswith("390,00\u00a0₽ from ")
    assert [page.prices.index(r, 2).data() for r in range(page.prices.rowCount())] == [
        "scheduled",
        "in effect",
    ]
    assert tariffs.price_on(db, row.id, start - DAY) == 350_00
    assert tariffs.price_on(db, row.id, start) == 390_00


def test_new_price_refused_when_someone_changed_the_tariff(qtbot, page: TariffsPage, db: Database) -> None:
    page.table.selectRow(0)
    row = page.selected()
    assert row is not None
    dialog = page.make_price_dialog(row)
    qtbot.addWidget(dialog)
    # Another administrator schedules a price while this dialog is open.
    tariff_editing.set_price(db, page.actor, row.id, 400_00, business_date(db) + DAY, version=row.version)
    dialog.findChild(QLineEdit, "monthly_fee").setText("390")
    dialog.submit()
    assert dialog.result() == 0
    assert dialog.error_label.text().startswith("This record was changed by someone else")
    assert dialog.findChild(QLineEdit, "monthly_fee").text() == "390"
    assert saved(db) == [("КТВ Базовый", 350_00), ("КТВ Базовый", 400_00)]


def test_retire_keeps_the_row(qtbot, page: TariffsPage, db: Database) -> None:
    page.table.selectRow(0)
    row = page.selected()
    assert row is not None and page.retire_button.isEnabled()
    dialog = page.make_retire_dialog(row)
    qtbot.addWidget(dialog)
    dialog.submit()  # from today, the default
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    page.reload(select_id=row.id)
    assert page.model.index(0, 6).data() == "retired"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == Qt.GlobalColor.gray
    assert not page.retire_button.isEnabled() and page.price_button.isEnabled()
    assert tariffs.tariffs_for_new_service(db, ServiceKind.CATV, business_date(db)) == []
    assert saved(db) == [("КТВ Базовый", 350_00)]
