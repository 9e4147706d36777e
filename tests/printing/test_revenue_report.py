"""The printed revenue report, read back as a reader does (pdftotext, pdffonts, pdftoppm): Russian
headings, the months' sums and the outages, charts drawn on the page, only the bundled font."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from app import clock
from app.models import PaymentMethod, ServiceKind
from app.printing.chart_scale import axis_ticks, rubles_text
from app.printing.revenue_report import render_revenue_report
from app.services.billing.revenue import MonthRevenue, OutageCompensation, RevenueReport, revenue_report
from tests.printing.pdf import ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze
from tests.services.billing.test_revenue import story  # noqa: F401 - the fixture

MOSCOW = ZoneInfo("Europe/Moscow")


def realistic_report() -> RevenueReport:
    """A year of a town of about 6,000 subscribers: some 3.1 million rubles charged a month."""
    months = []
    for index in range(12):
        month = dt.date(2025 + (4 + index) // 12, (4 + index) % 12 + 1, 1)
        charges = 3_050_000_00 + index * 21_500_00 + (index % 3) * 37_000_00
        months.append(
            MonthRevenue(
                month=month,
                charges=charges,
                fees=(12 + index % 5) * 500_00,
                discounts=182_000_00 + index * 2_300_00,
                compensation=(48_750_00 if index == 7 else 6_200_00 if index in (2, 10) else 0),
                payments=charges + (95_000_00 if index % 2 else -120_000_00),
                payments_by_method={
                    PaymentMethod.CASH: charges // 2,
                    PaymentMethod.BANK_REGISTRY: charges // 2,
                },
            )
        )
    moment = dt.datetime(2025, 12, 14, 3, tzinfo=MOSCOW)
    outages = [
        OutageCompensation(
            id=n,
            reason=reason,
            starts_at=moment + dt.timedelta(days=9 * n),
            ends_at=moment + dt.timedelta(days=9 * n, hours=7),
            business_date=dt.date(2025, 12, 20),
            districts=districts,
            buildings=buildings,
            tariffs=(),
            contracts=0,
            kinds=kinds,
            services=services,
            credited=credited,
            cancelled_on=dt.date(2026, 1, 10) if n == 3 else None,
            cancel_reason="по ошибке" if n == 3 else "",
        )
        for n, reason, districts, buildings, kinds, services, credited in (
            (1, "Авария на магистрали", ("Заречный",), 0, (), 2140, 31_250_00),
            (2, "Обрыв кабеля на ул. Мира", (), 3, (ServiceKind.INTERNET,), 211, 2_480_00),
            (3, "Плановые работы", ("Центральный", "Северный"), 0, (), 3900, 17_500_00),
            (4, "Отключение электричества", (), 1, (ServiceKind.CATV, ServiceKind.IPTV), 64, 480_00),
        )
    ]
    return RevenueReport(dt.date(2025, 5, 1), dt.date(2026, 4, 1), months, outages, company="ООО «Телесеть»")


def test_the_axis_takes_round_steps_in_rubles() -> None:
    assert axis_ticks([3_350_000_00, 0]) == [0, 1_000_000_00, 2_000_000_00, 3_000_000_00, 4_000_000_00]
    assert axis_ticks([814, -814]) == [-1000, -500, 0, 500, 1000]  # 5 and 10 rubles
    assert axis_ticks([]) == [0, 2000, 4000, 6000, 8000, 10000]
    assert rubles_text(1_234_567_00, " ") == "1 234 567" and rubles_text(-81_400, " ") == "−814"


def test_a_year_of_figures_prints_with_its_charts(tmp_path: Path) -> None:
    report = realistic_report()
    pdf = render_revenue_report(report)
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "ООО «Телесеть»" in text and "Выручка: май 2025 — апрель 2026" in text
    assert "Месяц Начислено Разовые платежи Скидки Акции Компенсации Выручка Оплачено" in text
    may = "май 2025 3 050 000,00 ₽ 6 000,00 ₽ 182 000,00 ₽ 0,00 ₽ 0,00 ₽ 3 056 000,00 ₽ 2 930 000,00 ₽"
    assert may in text
    assert f"Итого {squeeze(_money(report.total('charges')))}" in text
    assert "Компенсации за перерывы связи" in text
    assert "районы: Заречный; все услуги" in text and "домов: 1; Кабельное ТВ, IPTV" in text
    assert "31 250 ₽" in text and "17 500 ₽ · отменён" in text  # the bars' ends
    assert "Итого без отменённых" in text and "34 210,00 ₽" in text  # 31 250 + 2 480 + 480
    assert "4 000 000" in text and "Начислено Скидки Акции Компенсации за перерывы Оплачено" in text
    info = pdf_info(pdf, tmp_path)
    assert info.title == "Выручка: май 2025 — апрель 2026" and info.pages >= 1
    assert {name.split("+")[-1] for name, embedded in pdf_fonts(pdf, tmp_path) if embedded} == {
        "DejaVuSans",
        "DejaVuSans-Bold",
    }
    assert all(embedded for _name, embedded in pdf_fonts(pdf, tmp_path))
    folder = Path(os.environ.get("REVENUE_PNG_DIR", tmp_path))
    pages = rasterise(pdf, folder, dpi=80)
    assert ink(pages[0]).dark_fraction > 0.02  # the bars are on the page, not only the words


def _money(kopecks: int) -> str:
    from app.money import format_money

    return format_money(kopecks).replace("\u202f", " ").replace("\u00a0", " ")


def test_the_storys_report_prints_its_sums(story, tmp_path: Path) -> None:  # noqa: F811
    with clock.frozen_at(dt.datetime(2026, 4, 11, 9, tzinfo=MOSCOW)):
        report = revenue_report(story.db, story.admin, dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    text = squeeze(pdf_text(render_revenue_report(report), tmp_path))
    assert "Выручка: март 2026 — апрель 2026" in text
    assert "март 2026 2 597,42 ₽ 150,00 ₽ 287,10 ₽ 0,00 ₽ 17,82 ₽ 2 729,60 ₽ 1 500,00 ₽" in text
    assert "апрель 2026 1 309,48 ₽ 0,00 ₽ 151,48 ₽ 0,00 ₽ −8,14 ₽ 1 317,62 ₽ 200,00 ₽" in text
    assert "Авария на узле" in text and "договоров: 1; все услуги" in text and "02.04.2026" in text
    assert "Работы на линии (отмена: Работы были плановыми)" in text


def test_months_without_outages_say_so(tmp_path: Path) -> None:
    report = RevenueReport(dt.date(2026, 3, 1), dt.date(2026, 3, 1), [MonthRevenue(dt.date(2026, 3, 1))], [])
    text = squeeze(pdf_text(render_revenue_report(report), tmp_path))
    assert "Выручка за март 2026" in text and "За эти месяцы компенсаций не было." in text
