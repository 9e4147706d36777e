"""Dispatch → the board, driven like a dispatcher; the live update from another workstation."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox
from sqlalchemy import text

from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.board import assign, board
from app.views.dispatch.board_page import BoardPage
from app.views.messages import prompts
from tests.factories import make_desk, make_staff
from tests.services.dispatch.test_board import START, TODAY, queue  # noqa: F401 - the fixture


def make_page(qtbot, db: Database, actor, live: bool = False) -> BoardPage:
    page = BoardPage(db, actor, live=live)
    qtbot.addWidget(page)
    page.show()
    return page


def test_filter_select_assign_and_outcome(qtbot, qtmodeltester, queue, russian) -> None:  # noqa: F811
    db, dispatcher, installer = queue
    page = make_page(qtbot, db, dispatcher)
    assert page.model.rowCount() == 3 and page.counters_label.text().startswith("Новых: 3")
    qtmodeltester.check(page.model)
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(page.selected()) == 2
    dialog = page.make_assign_dialog(page.selected())
    qtbot.addWidget(dialog)
    chosen = dialog.field("installer")
    assert chosen.currentData() is None  # nobody covers these districts: no one is preselected
    dialog.submit()  # Enter without a choice assigns no one
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Выберите монтажника, который поедет."
    day = dialog.field("day")
    day.setDate(QDate(2020, 3, 12))
    assert day.date() == day.minimumDate()  # no visit on a day that has passed
    chosen.setCurrentIndex(chosen.findData(installer))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    assert page.counters_label.text().startswith("Новых: 1   Назначено: 2")
    page.installer_combo.setCurrentIndex(page.installer_combo.findData(installer))
    assert page.model.rowCount() == 2
    row = page.model.rows[0]
    outcome = page.make_outcome_dialog(row)
    qtbot.addWidget(outcome)
    outcome.submit()  # "done" is the first choice
    page.reload()
    with db.reading() as conn:
        assert (
            conn.execute(
                text(
                    "SELECT state FROM service WHERE id = (SELECT service_id FROM work_order WHERE id = :o)"
                ),
                {"o": row.id},
            ).scalar()
            == "disconnected"
        )


def test_a_conflicting_assignment_is_refused_with_the_message(qtbot, queue, monkeypatch, russian) -> None:  # noqa: F811
    db, dispatcher, installer = queue
    page = make_page(qtbot, db, dispatcher)
    page.table.selectRow(0)
    seen = page.selected()
    other = make_staff(db, "disp2", Role.DISPATCHER)
    assign(db, other, [(seen[0].id, seen[0].version)], installer, TODAY)  # the other dispatcher was quicker
    dialog = page.make_assign_dialog(seen)
    qtbot.addWidget(dialog)
    dialog.field("installer").setCurrentIndex(dialog.field("installer").findData(installer))
    dialog.submit()
    assert dialog.error_label.text().startswith("Эту запись за это время изменил другой пользователь")


def test_live_update_from_another_workstation_on_postgresql(qtbot, pg_db: Database) -> None:
    from app.services.billing.run import run_day
    from tests.factories import add_service, make_contract, make_tariff

    tv = make_tariff(pg_db, "КТВ", "catv", 310_00)
    contract = make_contract(pg_db, "100001")
    add_service(pg_db, contract, "catv", tv, START)
    for day in range(11):
        run_day(pg_db, START + dt.timedelta(days=day))
    dispatcher = make_staff(pg_db, "disp", Role.DISPATCHER)
    page = make_page(qtbot, pg_db, dispatcher, live=True)
    qtbot.waitUntil(lambda: page.watcher is not None and page.watcher._conn is not None, timeout=5000)
    assert page.model.rowCount() == 1

    # A cashier at another workstation takes the debt: the order is cancelled and leaves the board.
    cashier_db = pg_db.fresh_connections()
    cashier = make_staff(cashier_db, "kassa", Role.CASHIER)
    open_shift(cashier_db, cashier, make_desk(cashier_db), 0)
    with cashier_db.reading() as conn:
        balance = conn.execute(text("SELECT balance FROM contract")).scalar()
    post_payment(
        cashier_db,
        cashier,
        client_uuid=uuid.uuid4(),
        contract_id=contract,
        amount=-balance,
        method=PaymentMethod.CASH,
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)
    cashier_db.dispose()
    page.watcher.stop()


def test_live_polling_on_sqlite(qtbot, queue) -> None:  # noqa: F811
    db, dispatcher, installer = queue
    if not db.is_embedded:
        return  # PostgreSQL is covered by LISTEN/NOTIFY above
    page = make_page(qtbot, db, dispatcher, live=True)
    qtbot.wait(1200)  # the first poll learns the current version
    other = db.fresh_connections()
    row = board(other, dispatcher)[0]
    assign(other, dispatcher, [(row.id, row.version)], installer, TODAY)
    qtbot.waitUntil(lambda: any(r.installer for r in page.model.rows), timeout=3000)
    other.dispose()
    page.watcher.stop()
    assert isinstance(page.installer_combo, QComboBox) and prompts


def test_print_the_days_route_sheets(qtbot, queue, monkeypatch, tmp_path, russian) -> None:  # noqa: F811
    from app.services.dispatch.installers import create_installer
    from app.views.printing import printing
    from tests.printing.pdf import pdf_text

    db, dispatcher, installer = queue
    admin = make_staff(db, "chief", Role.ADMIN)
    other = create_installer(db, admin, full_name="Соколов Пётр").id
    rows = board(db, dispatcher)
    day = START + dt.timedelta(days=11)
    assign(db, dispatcher, [(r.id, r.version) for r in rows[:2]], installer, day)
    assign(db, dispatcher, [(rows[2].id, rows[2].version)], other, day)
    page = make_page(qtbot, db, dispatcher)
    jobs: list[tuple[str, bytes]] = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _p, pdf, title, ask=True: jobs.append((title, pdf)) or True
    )
    page.installer_combo.setCurrentIndex(page.installer_combo.findData(other))  # one installer's sheet
    page.print_route_sheets(day)
    assert not page.print_button.isEnabled()  # laid out on a worker meanwhile
    qtbot.waitUntil(lambda: bool(jobs), timeout=10_000)
    title, pdf = jobs[0]
    assert title == f"Маршрутный лист: Соколов Пётр на {day:%d.%m.%Y}" and page.print_button.isEnabled()
    text_of_pdf = pdf_text(pdf, tmp_path)
    assert "Соколов" in text_of_pdf and "Монтажников" not in text_of_pdf

    page.installer_combo.setCurrentIndex(0)  # all installers
    page.print_route_sheets(day)
    qtbot.waitUntil(lambda: len(jobs) == 2, timeout=10_000)
    assert jobs[1][0] == f"Маршрутные листы на {day:%d.%m.%Y}"
    assert "Монтажников" in pdf_text(jobs[1][1], tmp_path)
    with db.reading() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM work_order WHERE printed_at IS NOT NULL")).scalar() == 3
        )


def test_the_assign_dialog_proposes_the_installer_of_the_orders_district(qtbot, queue, russian) -> None:  # noqa: F811
    from app.services.admin.place_editing import create_district
    from app.services.dispatch.installers import create_installer

    db, dispatcher, _installer = queue
    admin = make_staff(db, "chief", Role.ADMIN)
    zarechny = create_district(db, admin, "Заречный").id
    with db.transaction() as session:  # ул. Мира lies in Заречный
        session.execute(
            text("UPDATE building SET district_id = :d WHERE street = 'ул. Мира'"), {"d": zarechny}
        )
    local = create_installer(db, admin, full_name="Соколов Пётр", district_ids=[zarechny]).id
    page = make_page(qtbot, db, dispatcher)
    mira = [r for r in page.model.rows if r.district == "Заречный"]
    assert len(mira) == 1
    dialog = page.make_assign_dialog(mira)
    qtbot.addWidget(dialog)
    chosen = dialog.field("installer")
    assert chosen.currentData() == local and chosen.currentText() == "Соколов Пётр (Заречный)"


def test_the_assign_dialog_shows_each_installers_visits_on_the_chosen_day(qtbot, queue, russian) -> None:  # noqa: F811
    db, dispatcher, installer = queue
    rows = board(db, dispatcher)
    assign(db, dispatcher, [(r.id, r.version) for r in rows[:2]], installer, TODAY)
    page = make_page(qtbot, db, dispatcher)
    dialog = page.make_assign_dialog([r for r in page.model.rows if r.id == rows[2].id])
    qtbot.addWidget(dialog)
    chosen = dialog.field("installer")
    at = chosen.findData(installer)
    assert chosen.itemText(at) == "Монтажников Игорь — 2 визита на этот день"
    dialog.field("day").setDate(QDate(TODAY.year, TODAY.month, TODAY.day + 1))
    assert chosen.itemText(at) == "Монтажников Игорь"
