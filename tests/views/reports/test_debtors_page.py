"""Reports → Debtors: the list, CSV, and the notices of the selected building."""

from __future__ import annotations

from PySide6.QtCore import QDate

from app.services.admin.company import load_company_settings, save_company_settings
from app.views.messages import prompts
from app.views.printing import printing
from app.views.reports.debtors_page import DebtorsPage
from tests.services.admin.test_company import GOOD
from tests.services.billing.test_debtors import DAY, debtors_db  # noqa: F401 - the fixture


def make_page(qtbot, db, admin) -> DebtorsPage:
    page = DebtorsPage(db, admin)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # read on a worker thread
        page.reload()
    assert page.show_button.isEnabled()
    return page


def test_list_export_and_notices(qtbot, qtmodeltester, debtors_db, monkeypatch, tmp_path, russian) -> None:  # noqa: F811
    db, admin = debtors_db
    save_company_settings(db, admin, GOOD, load_company_settings(db, admin).versions)
    page = make_page(qtbot, db, admin)
    assert page.model.rowCount() == 3 and page.totals_label.text().startswith("Должников: 3")
    qtmodeltester.check(page.model)
    phones = [page.model.index(row, 5).data() for row in range(3)]
    assert phones == ["+7 (916) 123-45-67"] * 3  # as people read them, not «79161234567»

    target = tmp_path / "debtors.csv"
    monkeypatch.setattr(prompts, "save_file", lambda *_a: str(target))
    monkeypatch.setattr(prompts, "inform", lambda *_a: None)
    page.export_csv()
    assert target.read_text(encoding="utf-8-sig").count("\n") == 4

    jobs: list[tuple[str, bytes]] = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _p, pdf, title, ask=True: jobs.append((title, pdf)) or True
    )
    page.table.selectRow(0)
    page.print_notices()
    page.print_report()
    assert [title.split(":")[0] for title, _ in jobs] == ["Уведомления о долге", "Должники на 01.03.2026"]
    assert all(pdf.startswith(b"%PDF") for _, pdf in jobs)
    # Each took personal data out: who, which report, how many records, in what form.
    from sqlalchemy import select

    from app.models import Event

    with db.transaction() as session:
        exported = session.execute(
            select(Event.actor_staff_id, Event.details).where(Event.kind == "personal_data_exported")
        ).all()
    assert [(a, d["report"], d["form"], d["records"]) for a, d in exported] == [
        (admin.staff_id, "debtors", "csv", 3),
        (admin.staff_id, "debt_notices", "pdf", 2),  # two debtors live in the first building
        (admin.staff_id, "debtors", "pdf", 3),
    ]


def test_notices_without_bank_details_say_what_to_fill(qtbot, debtors_db, monkeypatch, russian) -> None:  # noqa: F811
    db, admin = debtors_db
    page = make_page(qtbot, db, admin)
    warnings: list[str] = []
    monkeypatch.setattr(prompts, "warn", lambda _p, _t, text: warnings.append(text))
    page.table.selectRow(0)
    page.print_notices()
    assert warnings and "банковские реквизиты организации" in warnings[0]


def test_the_list_is_read_on_a_worker_and_the_newest_request_wins(qtbot, debtors_db, russian) -> None:  # noqa: F811
    db, admin = debtors_db
    page = make_page(qtbot, db, admin)
    page.date_edit.setDate(QDate(2020, 1, 1))  # before anyone owed
    page.reload()  # overtaken by the next request: its list is never shown
    page.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
        assert not page.show_button.isEnabled() and page.totals_label.text() == "Читаю список должников…"
    assert page.model.rowCount() == 3 and page.show_button.isEnabled()
    qtbot.wait(200)  # the overtaken request has finished by now too, and changed nothing
    assert page.model.rowCount() == 3 and page.totals_label.text().startswith("Должников: 3")


def test_the_first_page_and_totals_show_before_the_whole_list(
    qtbot,
    debtors_db,  # noqa: F811
    monkeypatch,
    russian,
) -> None:
    import threading

    from app.views.reports import debtors_page

    db, admin = debtors_db
    monkeypatch.setattr(debtors_page, "FIRST_PAGE", 1)
    release = threading.Event()
    real = debtors_page.debtor_rows

    def slow_whole_list(*args):
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(debtors_page, "debtor_rows", slow_whole_list)
    page = DebtorsPage(db, admin)
    qtbot.addWidget(page)
    page.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    page.reload()
    qtbot.waitUntil(lambda: "первые 1" in page.totals_label.text(), timeout=10_000)
    assert page.totals_label.text().startswith("Должников: 3") and page.model.rowCount() == 1
    assert not page.export_button.isEnabled()  # an export is of the whole list: not yet
    page.table.selectRow(0)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        release.set()
    assert page.model.rowCount() == 3 and page.export_button.isEnabled()
    assert page.table.currentIndex().row() == 0 and page.totals_label.text().startswith("Должников: 3")
