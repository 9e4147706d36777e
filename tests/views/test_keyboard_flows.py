"""The three daily flows done from the keyboard only, keys counted (every key goes to whatever has the
focus, as a person's would): the cashier finds a subscriber by surname, takes the money and prints the
receipt; the dispatcher assigns ten orders and prints one installer's route sheet."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.cashdesk.shifts import open_shift
from app.views.cashdesk.cash_desk_page import CashDeskPage
from app.views.cashdesk.find_contract_dialog import FindContractDialog
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.main_window import MainWindow
from tests.factories import make_contract, make_desk, make_staff
from tests.views.cashdesk.test_cash_desk_page import payments, printed  # noqa: F401
from tests.views.key_script import KeyScript

Key = Qt.Key


def close(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def visible(kind: type) -> bool:
    return any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_the_cashier_finds_by_surname_pays_and_prints_in_a_few_keys(
    qtbot,
    db: Database,
    printed,  # noqa: F811
    russian,
) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    make_contract(db, "100001", "Иванов Иван Иванович")
    make_contract(db, "100002", "Сидорова Мария Петровна", street="ул. Мира", house="3", apartment="7")
    window = MainWindow(db, cashier)
    try:
        window.show()
        window.show_section("cashdesk", focus=True)
        page = window.pages.currentWidget()
        assert isinstance(page, CashDeskPage)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.number_edit, timeout=5_000)

        def found() -> bool:
            dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, FindContractDialog)]
            return bool(dialogs) and dialogs[0].isVisible() and dialogs[0].search.model.rowCount() > 0

        script = KeyScript(qtbot)
        script.type("сидорова").press(Key.Key_Return)  # not a number: the search opens with it
        script.wait(found).press(Key.Key_Down).press(Key.Key_Return)  # the first match, chosen
        script.wait(lambda: visible(PaymentDialog) and isinstance(QApplication.focusWidget(), QLineEdit))
        script.type("750").press(Key.Key_Return)  # posted; the receipt prints
        script.wait(lambda: bool(printed.jobs))
        script.run()
        assert script.keys <= 12, script.pressed
        assert script.pressed == [
            "NoModifier+Key_Return",
            "NoModifier+Key_Down",
            "NoModifier+Key_Return",
            "NoModifier+Key_Return",
        ]
        assert payments(db) == [(1, 750_00)] and page.result_label.text().startswith("Проведён: квитанция 1")
        with db.reading() as conn:
            paid_to = conn.execute(
                text("SELECT c.number FROM payment p JOIN contract c ON c.id = p.contract_id")
            ).scalar_one()
        assert paid_to == "100002" and len(printed.jobs) == 1  # Сидорова's contract, one receipt
    finally:
        close(window)


def test_the_dispatcher_assigns_ten_orders_and_prints_one_route_sheet_without_the_mouse(
    qtbot, db: Database, monkeypatch, russian
) -> None:
    from app.models import WorkOrderKind
    from app.services.dispatch.board import create_manual_order
    from app.services.dispatch.installers import create_installer
    from app.services.kernel.settings import business_date
    from app.views.dispatch.board_page import BoardPage
    from app.views.form_dialog import FormDialog
    from app.views.printing import printing

    admin = make_staff(db, "boss", Role.ADMIN)
    dispatcher = make_staff(db, "disp", Role.DISPATCHER)
    create_installer(db, admin, full_name="Соколов Пётр")
    today = business_date(db)
    for n in range(10):
        number = f"20000{n}"
        make_contract(db, number, f"Абонент {n}", street="ул. Ленина", house="12", apartment=str(n + 1))
        create_manual_order(
            db,
            dispatcher,
            kind=WorkOrderKind.REPAIR,
            contract_number=number,
            due_on=today,
            note="нет сигнала",
        )
    jobs: list[str] = []
    monkeypatch.setattr(printing, "print_pdf", lambda _p, _pdf, title, ask=True: jobs.append(title) or True)
    window = MainWindow(db, dispatcher)
    try:
        window.show()
        window.show_section("dispatch", focus=True)
        page = window.pages.currentWidget()
        assert isinstance(page, BoardPage)
        qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=5_000)

        script = KeyScript(qtbot)
        script.wait(lambda: QApplication.focusWidget() is page.table)  # the section opens on the board
        script.press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # every order on the board
        script.alt("н")  # «&Назначить…»
        # the dialog starts on its first field, the installer (not on OK, where Down would move to Cancel)
        script.wait(lambda: visible(FormDialog) and script.focused() is not None)
        script.wait(lambda: script.focused().objectName() == "installer")
        # No installer covers ул. Ленина's district, so none is proposed: Down chooses the first; today; OK.
        script.press(Key.Key_Down).press(Key.Key_Return)
        script.wait(lambda: not visible(FormDialog) and all(r.installer for r in page.model.rows))
        # One installer's route sheet: the installer filter, then «&Печать маршрутных листов…».
        script.press_until(Key.Key_Tab, lambda: script.focused() is page.installer_combo)
        script.press_until(Key.Key_Down, lambda: page.installer_combo.currentText() == "Соколов Пётр")
        script.alt("п")
        script.wait(lambda: bool(jobs))
        script.run()
        assert [r.installer for r in page.model.rows] == ["Соколов Пётр"] * 10
        assert jobs == [f"Маршрутный лист: Соколов Пётр на {today:%d.%m.%Y}"]
        assert not any("Button" in key for key in script.pressed)  # keys only, no mouse anywhere
    finally:
        close(window)


def test_a_new_contract_with_two_services_is_signed_without_the_mouse(
    qtbot, db: Database, monkeypatch, russian
) -> None:
    from app.services.admin.place_editing import create_building
    from app.views.frontdesk.new_contract import NewContractDialog
    from app.views.messages import prompts
    from tests.factories import make_tariff

    admin = make_staff(db, "boss", Role.ADMIN)
    create_building(db, admin, city="Тверь", street="ул. Ленина", house="12")
    make_tariff(db, "Интернет 300", "internet", 550_00)
    make_tariff(db, "КТВ Базовый", "catv", 390_00)
    asked: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or False)  # print later
    window = MainWindow(db, make_staff(db, "olga", Role.FRONT_DESK))

    def dialog() -> NewContractDialog | None:
        found = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, NewContractDialog) and w.isVisible()
        ]
        return found[0] if found else None

    def on(name: str) -> bool:
        focused = script.focused()
        parent = focused.parent() if focused is not None else None
        return focused is not None and name in (focused.objectName(), getattr(parent, "objectName", str)())

    try:
        window.show()
        window.show_section("subscribers", focus=True)
        script = KeyScript(qtbot)
        script.alt("н")  # «&Новый договор…»
        script.wait(lambda: dialog() is not None and on("full_name"))
        script.type("Петрова Анна Ивановна").press(Key.Key_Tab).type("+7 (916) 555-12-34")
        script.press_until(Key.Key_Tab, lambda: on("passport_series"))
        script.type("2804").press(Key.Key_Tab).type("123456")
        script.press_until(Key.Key_Tab, lambda: on("building"))
        script.type("ленина 12")
        script.wait(lambda: dialog().building_combo.count() > 0)  # the matching buildings are offered
        script.press(Key.Key_Down).press(Key.Key_Return)  # the first one, chosen
        script.press_until(Key.Key_Tab, lambda: on("apartment"))
        script.type("15")
        script.press_until(Key.Key_Tab, lambda: on("service_internet"))
        script.press(Key.Key_Space)  # Internet on
        script.press_until(Key.Key_Tab, lambda: on("identifier_internet"))
        script.type("petrova15")
        script.press_until(Key.Key_Tab, lambda: on("service_catv"))
        script.press(Key.Key_Space)  # cable TV on
        script.alt("з")  # «&Заключить договор»
        script.wait(lambda: dialog() is None and bool(asked))
        script.run(timeout_ms=30_000)
        with db.reading() as conn:
            signed = conn.execute(
                text(
                    "SELECT s.full_name, b.street, p.apartment, count(v.id) FROM contract c "
                    "JOIN subscriber s ON s.id = c.subscriber_id JOIN premises p ON p.id = c.premises_id "
                    "JOIN building b ON b.id = p.building_id JOIN service v ON v.contract_id = c.id "
                    "GROUP BY s.full_name, b.street, p.apartment"
                )
            ).all()
        assert [tuple(r) for r in signed] == [("Петрова Анна Ивановна", "ул. Ленина", "15", 2)]
        assert script.pressed.count("AltModifier+З") == 1  # signed with the keyboard
    finally:
        close(window)
