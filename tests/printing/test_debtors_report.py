"""The debtors report as a dispatcher reads it: by district and building, with sums that add up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from app.printing.debtors_report import render_debtors_report
from app.services.kernel.documents import DebtorBuilding, DebtorLine, DebtorsReportData
from tests.printing.pdf import MM, pdf_fonts, pdf_info, pdf_text, squeeze
from tests.printing.test_payment_qr import COMPANY

AS_OF = dt.date(2025, 3, 5)


def line(number: int, debt: int, **changes: object) -> DebtorLine:
    values: dict[str, object] = {
        "contract_number": str(100000 + number),
        "subscriber_name": f"Абонент Номер {number}",
        "phone": "79161234567",
        "apartment": str(number),
        "debt": debt,
        "debt_since": AS_OF - dt.timedelta(days=number),
        "days_in_debt": number,
        "services": "Интернет: заблокирована; КТВ: ожидает отключения",
        **changes,
    }
    return DebtorLine(**values)  # type: ignore[arg-type]


def report(buildings: list[DebtorBuilding]) -> DebtorsReportData:
    return DebtorsReportData(
        company=COMPANY,
        as_of=AS_OF,
        buildings=buildings,
        total_debt=sum(item.debt for building in buildings for item in building.lines),
        total_contracts=sum(len(building.lines) for building in buildings),
    )


SMALL = report(
    [
        DebtorBuilding(
            "Заволжский", "г. Тверь, ул. Вагжанова, д. 7", "ТП-12", [line(1, 1000_00), line(2, 250_50)]
        ),
        DebtorBuilding("Заволжский", "г. Тверь, ул. Горького, д. 3", "", [line(3, 99_50)]),
        DebtorBuilding("Центральный", "г. Тверь, ул. Советская, д. 10", "УЗ-4", [line(4, 12_345_67)]),
    ]
)


def test_debtors_are_grouped_by_district_and_building_with_sums_that_add_up(tmp_path: Path) -> None:
    pdf = render_debtors_report(SMALL)
    info = pdf_info(pdf, tmp_path)
    assert info.pages == 1
    assert info.page_sizes[0] == pytest.approx((297 * MM, 210 * MM), abs=1)  # landscape
    assert info.title == "Должники на 05.03.2025"
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "Должники на 05.03.2025" in text
    assert "Договоров с задолженностью: 4 договора, на сумму 13 695,67 ₽" in text
    # The order on paper: district, its buildings with their subtotals, the district total, the next one.
    order = [
        "Район: Заволжский",
        "г. Тверь, ул. Вагжанова, д. 7 · отвод/узел: ТП-12",
        "100001 Абонент Номер 1 +7 (916) 123-45-67 1 1 000,00 ₽ 04.03.2025 1",
        "Итого по дому: 2 договора 1 250,50 ₽",
        "г. Тверь, ул. Горького, д. 3",
        "Итого по дому: 1 договор 99,50 ₽",
        "Итого по району Заволжский: 3 договора 1 350,00 ₽",
        "Район: Центральный",
        "г. Тверь, ул. Советская, д. 10 · отвод/узел: УЗ-4",
        "Итого по дому: 1 договор 12 345,67 ₽",
        "Итого по району Центральный: 1 договор 12 345,67 ₽",
        "ВСЕГО: 4 договора 13 695,67 ₽",
    ]
    positions = [text.find(phrase) for phrase in order]
    assert -1 not in positions, [phrase for phrase, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert "Интернет: заблокирована; КТВ: ожидает отключения" in text
    assert "Страница 1 из 1" in text


def test_a_long_list_repeats_the_building_and_column_headings_and_numbers_the_pages(tmp_path: Path) -> None:
    lines = [line(n, 100_00 + n) for n in range(1, 121)]
    building = DebtorBuilding("Заволжский", "г. Тверь, ул. Вагжанова, д. 7", "ТП-12", lines)
    pdf = render_debtors_report(report([building]))
    pages = pdf_info(pdf, tmp_path).pages
    assert pages >= 3
    text = pdf_text(pdf, tmp_path)
    page_texts = text.split("\f")[:pages]
    for number, page in enumerate(page_texts, start=1):
        flat = squeeze(page)
        assert "г. Тверь, ул. Вагжанова, д. 7" in flat, number
        assert re.search(r"Договор\s+Абонент\s+Телефон\s+Кв\.\s+Долг\s+Долг с\s+Дней\s+Услуги", flat), number
        assert f"Страница {number} из {pages}" in flat
    # The grand total never stands alone on the last page: the district's total comes with it.
    assert "Итого по району Заволжский" in squeeze(page_texts[-1])
    every_line = squeeze(text)
    assert all(f" {100000 + n} " in every_line for n in range(1, 121))  # nothing lost at a page break
    total = sum(100_00 + n for n in range(1, 121))
    assert f"ВСЕГО: 120 договоров {total // 100:,},{total % 100:02d} ₽".replace(",", " ", 1) in every_line


def test_long_names_wrap_inside_their_column(tmp_path: Path) -> None:
    name = "Общество с ограниченной ответственностью «Управляющая компания Заволжского района»"
    pdf = render_debtors_report(report([DebtorBuilding("", "", "", [line(1, 500_00, subscriber_name=name)])]))
    text = pdf_text(pdf, tmp_path)
    assert "Общество с ограниченной" in text and "Заволжского района»" in text
    assert not any(name in row for row in text.splitlines())  # more than one line in the table
    flat = squeeze(text)
    assert "Район не указан" in flat
    assert "Адрес не указан" in flat
    assert "Итого (район не указан): 1 договор 500,00 ₽" in flat


def test_a_day_without_debtors_says_so(tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_debtors_report(report([])), tmp_path))
    assert "Должники на 05.03.2025" in text
    assert "Договоров с задолженностью нет" in text


def test_only_the_bundled_font_is_used(tmp_path: Path) -> None:
    fonts = pdf_fonts(render_debtors_report(SMALL), tmp_path)
    assert fonts and all("DejaVu" in name and embedded for name, embedded in fonts), fonts
