"""The debtors report as an A4 landscape PDF: contracts in debt on a date, grouped by district and then by
building (with its tap label, where the installer disconnects), with subtotals and a grand total.

A large operator's report runs to thousands of lines, so cells that fit their column are plain strings;
only a name or a service list too long for its column becomes a (much slower) wrapping Paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Table,
)

from app.money import format_money
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.pages import numbered_canvas
from app.printing.receipt import table_style, text
from app.printing.words import plural_form
from app.services.kernel.documents import DebtorBuilding, DebtorLine, DebtorsReportData
from app.services.kernel.text import format_phone

PAGE = landscape(A4)
MARGIN = 12 * mm
FOOTER_Y = 7 * mm
WIDTH = PAGE[0] - 2 * MARGIN
GRID = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e4e4e4")
BUILDING_FILL = colors.HexColor("#d0d0d0")
SUBTOTAL_FILL = colors.HexColor("#ececec")
STRIPE_FILL = colors.HexColor("#f6f6f6")
CELL_SIZE = 7.5  # DejaVu Sans is wide: at 8 pt a full name or two services wrapped on most lines
CELL_LEADING = 9.2
PADDING = 3

COLUMNS: tuple[tuple[str, float], ...] = (
    ("Договор", 21 * mm),
    ("Абонент", 73 * mm),
    ("Телефон", 29 * mm),
    ("Кв.", 11 * mm),
    ("Долг", 25 * mm),
    ("Долг с", 18 * mm),
    ("Дней", 11 * mm),
    ("Услуги", WIDTH - 188 * mm),
)
WIDTHS = [width for _, width in COLUMNS]
DEBT_COLUMN = 4
NAME_COLUMN = 1
DAYS_COLUMN = 6
SERVICES_COLUMN = 7

_CELL = ParagraphStyle("debtors-cell", fontName=REGULAR, fontSize=CELL_SIZE, leading=CELL_LEADING)
_BUILDING = ParagraphStyle("debtors-building", parent=_CELL, fontSize=9, leading=11)
_COMPANY = ParagraphStyle("debtors-company", fontName=REGULAR, fontSize=9, leading=11, alignment=TA_CENTER)
_TITLE = ParagraphStyle(
    "debtors-title", fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceBefore=2, spaceAfter=2
)
_SUMMARY = ParagraphStyle("debtors-summary", parent=_COMPANY, fontSize=10, leading=13, spaceAfter=4)
_DISTRICT = ParagraphStyle(
    "debtors-district", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
)
START_ROOM = 32 * mm  # a building's heading, the column names and three lines
NO_DISTRICT = "Район не указан"
NO_BUILDING = "Адрес не указан"


def date_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def report_title(data: DebtorsReportData) -> str:
    return f"Должники на {date_text(data.as_of)}"


def contracts_text(count: int) -> str:
    """«1 договор», «3 договора», «25 договоров»."""
    return f"{count} {plural_form(count, 'договор', 'договора', 'договоров')}"


def _cell(value: str, width: float) -> str | Paragraph:
    """The value as it fits: a plain string when one line holds it (fast), else a wrapping Paragraph."""
    if stringWidth(value, REGULAR, CELL_SIZE) <= width - 2 * PADDING:
        return value
    return Paragraph(text(value), _CELL)


def _line_row(line: DebtorLine) -> list[Any]:
    return [
        line.contract_number,
        _cell(line.subscriber_name, WIDTHS[NAME_COLUMN]),
        format_phone(line.phone),
        line.apartment,
        format_money(line.debt),
        date_text(line.debt_since),
        str(line.days_in_debt),
        _cell(line.services, WIDTHS[SERVICES_COLUMN]),
    ]


def _building_heading(building: DebtorBuilding) -> Paragraph:
    address = text(building.address) if building.address else NO_BUILDING
    markup = f"<b>{address}</b>"
    if building.tap_label:
        markup += f"&nbsp;&nbsp;·&nbsp;&nbsp;отвод/узел: <b>{text(building.tap_label)}</b>"
    return Paragraph(markup, _BUILDING)


def _building_table(building: DebtorBuilding) -> LongTable:
    """One building: its heading and the column names repeat at the top of every page it runs onto."""
    debt = sum(line.debt for line in building.lines)
    rows: list[list[Any]] = [
        [_building_heading(building)] + [""] * (len(COLUMNS) - 1),
        [name for name, _ in COLUMNS],
        *[_line_row(line) for line in building.lines],
        [f"Итого по дому: {contracts_text(len(building.lines))}", "", "", "", format_money(debt), "", "", ""],
    ]
    last = len(rows) - 1
    table = LongTable(rows, colWidths=WIDTHS, repeatRows=2, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
                ("GRID", (0, 1), (-1, -1), 0.4, GRID),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), BUILDING_FILL),
                ("BACKGROUND", (0, 1), (-1, 1), HEADER_FILL),
                ("FONTNAME", (0, 1), (-1, 1), BOLD),
                ("ALIGN", (DEBT_COLUMN, 1), (DEBT_COLUMN, -1), "RIGHT"),
                ("ALIGN", (DAYS_COLUMN, 1), (DAYS_COLUMN, -1), "RIGHT"),
                # Every other line shaded: a wide landscape line is read across without losing it.
                ("ROWBACKGROUNDS", (0, 2), (-1, last - 1), [colors.white, STRIPE_FILL]),
                ("SPAN", (0, last), (DEBT_COLUMN - 1, last)),
                ("SPAN", (DEBT_COLUMN + 1, last), (-1, last)),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("BACKGROUND", (0, last), (-1, last), SUBTOTAL_FILL),
            ]
        )
    )
    table.spaceAfter = 5
    return table


def _total_row(label: str, debt: int, *, fill: colors.Color, size: float) -> Table:
    """A subtotal outside the building tables, its sum in the debt column so the sums line up."""
    label_width = sum(WIDTHS[:DEBT_COLUMN])
    rest = WIDTH - label_width - WIDTHS[DEBT_COLUMN]
    table = Table(
        [[label, format_money(debt), ""]], colWidths=[label_width, WIDTHS[DEBT_COLUMN], rest], hAlign="LEFT"
    )
    table.setStyle(
        table_style(
            [
                ("FONTNAME", (0, 0), (-1, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), size),
                ("LEADING", (0, 0), (-1, -1), size * 1.25),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    table.spaceAfter = 4
    return table


def group_by_district(buildings: Sequence[DebtorBuilding]) -> dict[str, list[DebtorBuilding]]:
    """Buildings under their districts, in the order they come: the domain sorts them, and a district
    split up in the input (it should not be) is still printed in one piece with one subtotal."""
    districts: dict[str, list[DebtorBuilding]] = {}
    for building in buildings:
        if building.lines:
            districts.setdefault(building.district, []).append(building)
    return districts


def _story(data: DebtorsReportData) -> list[Flowable]:
    districts = group_by_district(data.buildings)
    total_debt = sum(line.debt for group in districts.values() for b in group for line in b.lines)
    total_contracts = sum(len(b.lines) for group in districts.values() for b in group)
    story: list[Flowable] = []
    if data.company.name:
        story.append(Paragraph(f"<b>{text(data.company.name)}</b>", _COMPANY))
    story.append(Paragraph(report_title(data), _TITLE))
    if not total_contracts:
        story.append(Paragraph("Договоров с задолженностью нет.", _SUMMARY))
        return story
    story.append(
        Paragraph(
            f"Договоров с задолженностью: {contracts_text(total_contracts)}, "
            f"на сумму {format_money(total_debt)}",
            _SUMMARY,
        )
    )
    for district, buildings in districts.items():
        name = f"Район: {text(district)}" if district else NO_DISTRICT
        # Not keepWithNext: that would carry a many-page building table whole onto the next page. A
        # heading or a table just needs room for itself and its first few lines on the page it starts.
        story.append(CondPageBreak(START_ROOM + 20))
        story.append(Paragraph(name, _DISTRICT))
        for building in buildings:
            story.append(CondPageBreak(START_ROOM))
            story.append(_building_table(building))
        debt = sum(line.debt for building in buildings for line in building.lines)
        count = sum(len(building.lines) for building in buildings)
        where = f"по району {district}" if district else "(район не указан)"
        story.append(_total_row(f"Итого {where}: {contracts_text(count)}", debt, fill=SUBTOTAL_FILL, size=9))
    grand_total = _total_row(
        f"ВСЕГО: {contracts_text(total_contracts)}", total_debt, fill=HEADER_FILL, size=10.5
    )
    # The last district's total and the grand total share a page: the grand total is never alone on one.
    story.append(KeepTogether([story.pop(), grand_total]))
    return story


def render_debtors_report(data: DebtorsReportData) -> bytes:
    """The debtors report as PDF bytes: A4 landscape, as many pages as the debtors need."""
    register_fonts()
    company = data.company.name if len(data.company.name) <= 60 else data.company.name[:59] + "…"
    footer = f"{report_title(data)}" + (f" · {company}" if company else "")
    buffer = io.BytesIO()
    frame = Frame(MARGIN, MARGIN, WIDTH, PAGE[1] - 2 * MARGIN, 0, 0, 0, 0, id="report")
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[PageTemplate("report", [frame])],
        initialFontName=REGULAR,  # otherwise reportlab lists an unembedded Helvetica in the PDF
        title=report_title(data),
        author=data.company.name,
        creator="Subscriber Desk",
    )

    doc.build(_story(data), canvasmaker=numbered_canvas(footer, margin=MARGIN, footer_y=FOOTER_Y))
    return buffer.getvalue()
