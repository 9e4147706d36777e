"""The new-contract form, filled like an operator does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from app.db import Database
from app.models import Role, ServiceKind
from app.services.admin.place_editing import create_building
from app.views.frontdesk.new_contract import NewContractDialog
from app.views.messages import prompts
from tests.factories import make_staff, make_tariff


def make_dialog(qtbot, db: Database) -> NewContractDialog:
    admin = make_staff(db, "boss", Role.ADMIN)
    building = create_building(db, admin, city="Тверь", street="ул. Ленина", house="12").id
    make_tariff(db, "Интернет 300", "internet", 550_00)
    make_tariff(db, "КТВ Базовый", "catv", 390_00)
    dialog = NewContractDialog(db, make_staff(db, "olga", Role.FRONT_DESK))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_building(building, "Тверь, ул. Ленина, д. 12")
    return dialog


def fill(qtbot, dialog: NewContractDialog, phone: str) -> None:
    qtbot.keyClicks(dialog.name_edit, "Petrova")  # Latin letters are allowed in a name; replaced below
    dialog.name_edit.setText("Петрова Анна Ивановна")
    qtbot.keyClicks(dialog.phone_edit, phone)
    dialog.apartment_edit.setText("15")
    dialog.series_edit.setText("2804")
    dialog.number_edit.setText("123456")
    for kind in (ServiceKind.INTERNET, ServiceKind.CATV):
        dialog.service_boxes[kind].setChecked(True)
    dialog.identifier_edits[ServiceKind.INTERNET].setText("petrova15")


def contracts(db: Database) -> list[tuple[str, int]]:
    with db.reading() as conn:
        return [
            (number, int(n))
            for number, n in conn.execute(
                text(
                    "SELECT c.number, count(s.id) FROM contract c "
                    "JOIN service s ON s.contract_id = c.id GROUP BY c.number"
                )
            )
        ]


def test_sign_a_contract_with_two_services_through_the_form(qtbot, db: Database) -> None:
    dialog = make_dialog(qtbot, db)
    fill(qtbot, dialog, "+7 (916) 555-12-34")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.signed is not None and dialog.result() == dialog.DialogCode.Accepted
    assert contracts(db) == [("100001", 2)]


def test_a_bad_phone_keeps_the_form_and_says_what_to_fix(qtbot, db: Database, russian) -> None:
    dialog = make_dialog(qtbot, db)
    fill(qtbot, dialog, "916 55")
    dialog.submit()
    assert dialog.error_label.text().startswith("Российский номер — это +7 или 8 и ещё 10 цифр")
    assert dialog.focusWidget() is dialog.phone_edit
    assert dialog.name_edit.text() == "Петрова Анна Ивановна" and dialog.apartment_edit.text() == "15"
    assert contracts(db) == []


def test_a_possible_duplicate_asks_first(qtbot, db: Database, monkeypatch, russian) -> None:
    dialog = make_dialog(qtbot, db)
    fill(qtbot, dialog, "+7 (916) 555-12-34")
    dialog.submit()
    second = NewContractDialog(db, dialog.actor)
    qtbot.addWidget(second)
    second.choose_building(dialog._building_id(), "Тверь, ул. Ленина, д. 12")
    fill(qtbot, second, "+7 (916) 555-12-34")
    second.identifier_edits[ServiceKind.INTERNET].setText("petrova15-2")  # a login is taken once
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, message: asked.append(message) or False)
    second.submit()
    assert asked and second.signed is None and len(contracts(db)) == 1
    # said in Russian through and through: no «phone» or «premises» left in English
    assert asked[0].startswith("Возможный дубль: тот же телефон — ") and "phone" not in asked[0]
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    second.submit()
    assert second.signed is not None and len(contracts(db)) == 2


def test_internet_starts_on_the_cheapest_tariff_and_needs_a_login(qtbot, db: Database, russian) -> None:
    make_tariff(db, "Интернет 1000", "internet", 1200_00)  # first by name, dearest by price
    dialog = make_dialog(qtbot, db)
    assert dialog.tariff_combos[ServiceKind.INTERNET].currentText().startswith("Интернет 300")
    fill(qtbot, dialog, "+7 (916) 555-12-34")
    dialog.identifier_edits[ServiceKind.INTERNET].setText("  ")
    dialog.submit()
    assert dialog.signed is None and contracts(db) == []
    assert "логин" in dialog.error_label.text().lower()
    assert dialog.name_edit.text() == "Петрова Анна Ивановна"  # what was typed stays
