"""Reports → Field work: done per installer and day, trips saved, CSV."""

from __future__ import annotations

from PySide6.QtCore import QDate

from app.services.dispatch.board import BoardFilter, assign, board
from app.services.dispatch.orders import Outcome, record_outcome
from app.services.kernel.settings import business_today
from app.views.messages import prompts
from app.views.reports.field_work_page import FieldWorkPage
from tests.services.dispatch.test_board import TODAY, queue  # noqa: F401 - the fixture


def test_figures_and_export(qtbot, qtmodeltester, queue, monkeypatch, tmp_path, russian) -> None:  # noqa: F811
    db, dispatcher, installer = queue
    row = board(db, dispatcher)[0]
    assign(db, dispatcher, [(row.id, row.version)], installer, TODAY)
    done = board(db, dispatcher, BoardFilter(installer_id=installer))[0]
    record_outcome(db, dispatcher, done.id, Outcome.DONE, version=done.version)
    page = FieldWorkPage(db, dispatcher)
    qtbot.addWidget(page)
    today = business_today({})
    page.date_from.setDate(QDate(today.year, today.month, 1))
    page.reload()
    assert page.model.rowCount() == 1 and page.model.index(0, 2).data() == "1"
    assert "Сэкономлено выездов" in page.summary.text() or "Сэкономлено" in page.summary.text()
    qtmodeltester.check(page.model)
    target = tmp_path / "field.csv"
    monkeypatch.setattr(prompts, "save_file", lambda *_a: str(target))
    page.export_csv()
    assert "Монтажников Игорь" in target.read_text(encoding="utf-8-sig")
