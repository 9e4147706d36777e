"""The Subscribers section end to end: type a query, arrow down, Enter, the card opens with the right
balance; a stale service change shows the conflict message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from app.db import Database
from app.models import Role, ServiceKind
from app.services.admin.place_editing import create_building
from app.services.frontdesk.service_changes import change_tariff
from app.services.frontdesk.signing import NewService, NewSubscriber, sign_contract
from app.services.kernel.settings import business_today
from app.views.frontdesk.frontdesk_page import FrontDeskPage
from tests.factories import make_staff, make_tariff


def setup_contract(db: Database):
    admin = make_staff(db, "boss", Role.ADMIN)
    operator = make_staff(db, "olga", Role.FRONT_DESK)
    building = create_building(db, admin, city="Тверь", street="ул. Ленина", house="12").id
    internet = make_tariff(db, "Интернет 300", "internet", 550_00)
    faster = make_tariff(db, "Интернет 500", "internet", 700_00)
    signed = sign_contract(
        db,
        operator,
        subscriber=NewSubscriber(full_name="Смирнова Ольга Петровна", phone="+7 916 555-12-34"),
        building_id=building,
        apartment="7",
        services=[NewService(ServiceKind.INTERNET, internet, "smirnova")],
        signed_on=business_today({}),
    )
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO ledger_entry (contract_id, kind, amount, business_date, created_at, comment) "
                "VALUES (:c, 'adjustment', -12345, :d, CURRENT_TIMESTAMP, '')"
            ),
            {"c": signed.contract_id, "d": business_today({})},
        )
    return operator, signed, faster


def test_find_and_open_the_card_with_the_keyboard(qtbot, db: Database, russian) -> None:
    operator, signed, _ = setup_contract(db)
    page = FrontDeskPage(db, operator, live=False)
    qtbot.addWidget(page)
    page.show()
    for letter in "смирн":  # typed letter by letter (QTest's keyClicks cannot send Cyrillic)
        page.search.query_edit.insert(letter)
    qtbot.waitUntil(lambda: page.search.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(page.search.query_edit, Qt.Key.Key_Down)
    qtbot.keyClick(page.search.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.card is not None and page.card.data is not None, timeout=5000)
    assert page.card is not None and page.card.contract_id == signed.contract_id
    assert "123,45" in page.card.balance_label.text()


def test_a_stale_tariff_change_shows_the_conflict_message(qtbot, db: Database, russian) -> None:
    operator, signed, faster = setup_contract(db)
    page = FrontDeskPage(db, operator, live=False)
    qtbot.addWidget(page)
    page.open_contract(signed.contract_id)
    assert page.card is not None and page.card.data is not None
    service = page.card.services_model.rows[0]
    dialog = page.make_tariff_dialog(service)
    qtbot.addWidget(dialog)
    # A colleague changes the same contract first.
    change_tariff(
        db,
        operator,
        signed.contract_id,
        service.id,
        tariff_id=faster,
        on=business_today({}),
        version=page.card.data.version,
    )
    dialog.submit()
    assert dialog.error_label.text().startswith("Эту запись за это время изменил другой пользователь")


def test_f2_takes_a_payment_for_the_highlighted_result_or_the_open_card(qtbot, db: Database, russian) -> None:
    _operator, signed, _ = setup_contract(db)
    cashier = make_staff(db, "kassa", Role.CASHIER)
    page = FrontDeskPage(db, cashier, live=False)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    asked: list[int] = []
    page.pay_requested.connect(asked.append)
    for letter in "смирн":
        page.search.query_edit.insert(letter)
    qtbot.waitUntil(lambda: page.search.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(page.search.query_edit, Qt.Key.Key_F2)  # straight from the search box
    assert asked == [signed.contract_id]
    qtbot.keyClick(page.search.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.card is not None and page.card.data is not None, timeout=5000)
    # A window shortcut answers only in the active window; on a loaded machine the offscreen platform
    # may not have given the activation back after the card's read (there is no window manager).
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.card, Qt.Key.Key_F2)
    assert asked == [signed.contract_id, signed.contract_id]


def test_network_access_from_the_card(qtbot, db: Database, russian) -> None:
    from app.services.kernel.settings import Key, write_settings

    operator, signed, _ = setup_contract(db)
    with db.transaction() as session:  # RADIUS turned on: the card says what reached it
        write_settings(session, {Key.RADIUS_ENABLED: "yes"})
    page = FrontDeskPage(db, operator, live=False)
    qtbot.addWidget(page)
    page.open_contract(signed.contract_id)
    assert page.card is not None and page.card.data is not None
    service = page.card.services_model.rows[0]
    assert len(service.password) == 8  # the first password, made at signing
    model = page.card.services_model
    assert model.index(0, 4).data() == "smirnova" and model.index(0, 5).data() == "передаётся"
    dialog = page.make_access_dialog(service)
    qtbot.addWidget(dialog)
    assert dialog.field("password").text() == service.password  # type: ignore[attr-defined]
    dialog.field("login").setText("смирнова")  # type: ignore[attr-defined]
    dialog.submit()
    assert dialog.error_label.text().startswith("Логин — латинские буквы")
    assert dialog.field("login").text() == "смирнова"  # type: ignore[attr-defined]
    dialog.field("login").setText("smirnova.o")  # type: ignore[attr-defined]
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.card.reload()
    assert page.card.services_model.index(0, 4).data() == "smirnova.o"
