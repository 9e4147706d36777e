"""Reports → Revenue: the table shows the domain's figures, the charts paint their series, the report
prints and exports; and the page drawn with a year of realistic figures (saved as PNG to look at)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from app import clock
from app.money import format_money
from app.services.billing.revenue import revenue_report
from app.views.messages import prompts
from app.views.printing import printing
from app.views.reports.revenue_page import RevenuePage
from tests.printing.test_revenue_report import realistic_report
from tests.services.billing.test_revenue import (
    APRIL_CHARGES,
    MARCH_CHARGES,
    MARCH_DISCOUNTS,
    MOSCOW,
    Story,
    story,  # noqa: F401 - the fixture
)

LATER = dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)


def show(qtbot, page: RevenuePage, first: dt.date, last: dt.date) -> None:
    page.from_edit.setDate(QDate(first.year, first.month, 1))
    page.to_edit.setDate(QDate(last.year, last.month, 1))
    with qtbot.waitSignal(page.loaded, timeout=15_000):  # read on a worker thread
        page.reload()


def test_the_table_shows_the_domains_figures(qtbot, qtmodeltester, story: Story, russian) -> None:  # noqa: F811
    with clock.frozen_at(LATER):
        page = RevenuePage(story.db, story.admin)
        qtbot.addWidget(page)
        show(qtbot, page, dt.date(2026, 3, 1), dt.date(2026, 4, 1))
        expected = revenue_report(story.db, story.admin, dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    qtmodeltester.check(page.months_model)
    model = page.months_model
    assert model.rowCount() == 3  # March, April, the total
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert titles[:4] == ["Месяц", "Начислено", "Разовые платежи", "Скидки"]
    assert titles[4:] == ["Акции", "Компенсации", "Выручка", "Оплачено"]
    assert [model.index(r, 0).data() for r in range(3)] == ["март 2026", "апрель 2026", "Итого"]
    for row, month in enumerate(expected.months):
        shown = [model.index(row, c).data() for c in range(1, 8)]
        assert shown == [format_money(month.value(s)) for s in model.SERIES]
    assert model.index(0, 1).data() == format_money(MARCH_CHARGES)
    assert model.index(0, 3).data() == format_money(MARCH_DISCOUNTS)
    assert model.index(2, 1).data() == format_money(MARCH_CHARGES + APRIL_CHARGES)
    assert page.chart.series_count() == 5  # charged, discounts, promotions, compensation; payments a line
    assert page.chart.series[0].values == (MARCH_CHARGES, APRIL_CHARGES)
    assert page.outages_model.rowCount() == 2 and page.outage_chart.series_count() == 1
    assert page.outages_model.index(1, 6).data() == "02.04.2026"  # the cancelled batch
    assert page.outages_model.index(0, 3).data() == "договоров: 1; все услуги"
    assert page.status_label.text().startswith("март 2026 – апрель 2026: начислено")
    page.resize(1200, 800)
    assert not page.chart.grab().isNull() and not page.outage_chart.grab().isNull()  # paints without error


def test_print_and_export(qtbot, story: Story, monkeypatch, tmp_path, russian) -> None:  # noqa: F811
    with clock.frozen_at(LATER):
        page = RevenuePage(story.db, story.admin)
        qtbot.addWidget(page)
        show(qtbot, page, dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    target = tmp_path / "revenue.csv"
    monkeypatch.setattr(prompts, "save_file", lambda *_a: str(target))
    said: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, message: said.append(message))
    page.export_csv()
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Месяц;Начислено;") and lines[1].startswith("2026-03;2597,42;")
    assert said == [f"Сохранено месяцев: 2, файл {target}."]
    jobs: list[tuple[str, bytes]] = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda _p, pdf, title, ask=True: jobs.append((title, pdf)) or True
    )
    page.print_report()
    assert [title for title, _pdf in jobs] == ["Выручка: март 2026 – апрель 2026"]
    assert jobs[0][1].startswith(b"%PDF")


def test_the_report_is_read_when_the_tab_is_first_shown(qtbot, db, russian) -> None:
    from app.models import Role
    from tests.factories import make_staff

    with clock.frozen_at(LATER):
        admin = make_staff(db, "boss", Role.ADMIN)
        page = RevenuePage(db, admin)
        qtbot.addWidget(page)
        assert page.report is None and not page.print_button.isEnabled()
        with qtbot.waitSignal(page.loaded, timeout=15_000):
            page.show()
    assert page.report is not None and len(page.report.months) == 12  # the last twelve business months
    assert page.months_model.index(11, 0).data() == "апрель 2026"
    assert page.chart.series_count() == 5 and page.outage_chart.series_count() == 0


def test_the_page_drawn_with_a_year_of_figures(qtbot, sqlite_db, russian, tmp_path) -> None:
    from app.models import Role
    from tests.factories import make_staff

    admin = make_staff(sqlite_db, "boss", Role.ADMIN)
    page = RevenuePage(sqlite_db, admin)
    qtbot.addWidget(page)
    page.resize(1366, 860)
    page._generation = 1  # as if read: the figures are given
    page._show(1, realistic_report())
    assert page.months_model.rowCount() == 13 and page.outages_model.rowCount() == 4
    folder = Path(os.environ.get("REVENUE_PNG_DIR", tmp_path))
    assert page.grab().save(str(folder / "revenue_page.png"))
    page.chart.resize(1000, 360)
    assert page.chart.grab().save(str(folder / "revenue_chart.png"))
    page.outage_chart.resize(520, 200)
    assert page.outage_chart.grab().save(str(folder / "outage_chart.png"))
