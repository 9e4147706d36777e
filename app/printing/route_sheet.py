"""Installers' route sheets as an A4 portrait PDF: one installer's day, or every installer's in one file.

A sheet goes on a clipboard up the staircases, so it is built for that: large type, the work of each stop
in plain Russian and in bold, the stops numbered and grouped under their building (with the district),
and blanks to fill by hand — the result as boxes to tick, the time, the seal number, a signature.

The stops are printed in the order given: the caller sorts them by district, street, house and apartment.
Each stop is a one-row table, so a stop never splits across pages; the column names come back at the top
of every page, with the building again («продолжение») when its stops run onto the next page. Pages are
numbered per installer («Страница 1 из 2» of his own sheet), so a batch can be split into handouts.
The words (what each work is called, the grouping by building) are in app/printing/route_words.py.
Import this module where a sheet is printed: reportlab is a heavy import.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import SetTopFlowables

from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.receipt import table_style, text
from app.printing.route_words import (
    FIELD_LIMIT,
    NO_ADDRESS,
    NOTE_LIMIT,
    RESULTS,
    TITLE,
    Building,
    clip,
    date_text,
    day_text,
    debt_text,
    group_by_building,
    kind_label,
    kinds_summary,
    sheet_title,
)
from app.services.kernel.documents import RouteSheetData, RouteStop
from app.services.kernel.text import format_phone

PAGE = A4
MARGIN_X = 12 * mm
MARGIN_TOP = 11 * mm
MARGIN_BOTTOM = 14 * mm
FOOTER_Y = 7 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X

GRID = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#e4e4e4")
BUILDING_FILL = colors.HexColor("#cfcfcf")
PADDING = 3.5


COLUMNS: tuple[tuple[str, float], ...] = (
    ("№", 9 * mm),  # «100» in bold
    ("Кв.", 12 * mm),
    ("Задание, абонент", 83 * mm),  # the name on one line, the phone and the contract on another
    ("Результат", 35 * mm),  # «☐ Перенос на __.__» in 9 pt on one line
    ("Время", 13 * mm),
    ("№ пломбы", 15 * mm),
    ("Подпись абонента", WIDTH - 167 * mm),
)
WIDTHS = [width for _, width in COLUMNS]
APARTMENT_COLUMN = 1
RESULT_COLUMN = 3

# Body type is 9.5 pt and the work is 11 pt bold: read at arm's length on a dim staircase.
BODY_SIZE = 9.5
_BODY = ParagraphStyle("route-body", fontName=REGULAR, fontSize=BODY_SIZE, leading=12.2)
_TASK = ParagraphStyle("route-task", parent=_BODY)
_HEAD = ParagraphStyle("route-head", fontName=BOLD, fontSize=8, leading=9.5)
_ADDRESS = ParagraphStyle("route-address", fontName=BOLD, fontSize=11.5, leading=14)
_DISTRICT = ParagraphStyle("route-district", parent=_BODY, alignment=TA_RIGHT)
_COMPANY = ParagraphStyle("route-company", parent=_BODY)
_COMPANY_RIGHT = ParagraphStyle("route-company-right", parent=_BODY, alignment=TA_RIGHT)
_TITLE = ParagraphStyle(
    "route-title", fontName=BOLD, fontSize=18, leading=22, alignment=TA_CENTER, spaceBefore=4
)
_DAY = ParagraphStyle(
    "route-day", fontName=REGULAR, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=6
)
_INFO = ParagraphStyle("route-info", fontName=REGULAR, fontSize=11, leading=14)
_SUMMARY = ParagraphStyle("route-summary", parent=_BODY, fontSize=10.5, leading=14)
_SIGN = ParagraphStyle("route-sign", fontName=REGULAR, fontSize=10.5, leading=13)


APARTMENT_SIZE = 12
NUMBER_SIZE = 11
BOX = 7.5  # points (2.6 mm): tick boxes big enough to mark on a clipboard
RESULT_PITCH = 9.5  # four results as tall as a three-line task: 12 stops on the first page, 16 on the next
RESULT_SIZE = 9

# --- the table pieces ---------------------------------------------------------------------------------


def _row_style(extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    return table_style(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            *extra,
        ]
    )


_HEADER_STYLE = _row_style(
    [
        ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),  # «пломбы», «абонента» whole in their narrow columns
        ("RIGHTPADDING", (0, 0), (-1, -1), 1),
    ]
)
_STOP_STYLE = _row_style(
    [
        ("FONTNAME", (0, 0), (0, 0), BOLD),
        ("FONTSIZE", (0, 0), (0, 0), NUMBER_SIZE),
        ("LEADING", (0, 0), (0, 0), NUMBER_SIZE * 1.2),
        ("FONTNAME", (APARTMENT_COLUMN, 0), (APARTMENT_COLUMN, 0), BOLD),
        ("FONTSIZE", (APARTMENT_COLUMN, 0), (APARTMENT_COLUMN, 0), APARTMENT_SIZE),
        ("LEADING", (APARTMENT_COLUMN, 0), (APARTMENT_COLUMN, 0), APARTMENT_SIZE * 1.2),
        ("ALIGN", (0, 0), (APARTMENT_COLUMN, 0), "CENTER"),
        # the 12 pt apartment stands on the baseline of the 11 pt work beside it
        ("TOPPADDING", (APARTMENT_COLUMN, 0), (APARTMENT_COLUMN, 0), 2),
        ("TOPPADDING", (RESULT_COLUMN, 0), (RESULT_COLUMN, 0), 4),
    ]
)
_BUILDING_STYLE = table_style(
    [
        ("BACKGROUND", (0, 0), (-1, -1), BUILDING_FILL),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
)


def _column_header() -> Table:
    return Table(
        [[Paragraph(name, _HEAD) for name, _ in COLUMNS]],
        colWidths=WIDTHS,
        style=_HEADER_STYLE,
        hAlign="LEFT",
    )


def _building_heading(building: Building, *, continued: bool = False) -> Table:
    address = text(clip(building.address, FIELD_LIMIT)) if building.address.strip() else NO_ADDRESS
    if continued:
        address += " <font size=9.5>(продолжение)</font>"
    parts = []
    if building.district.strip():
        parts.append(f"Район: {clip(building.district, 60)}")
    if building.tap_label:
        parts.append(f"Отвод: {clip(building.tap_label, 40)}")
    if not continued:
        parts.append(f"заявок: {len(building.stops)}")
    plain = "  ·  ".join(parts)
    # The district column is as wide as its text (measured in bold, an upper bound); the address, the rest.
    side = min(max(stringWidth(plain, BOLD, BODY_SIZE) + 2 * PADDING + 4, 30 * mm), 100 * mm)
    district = "&nbsp;&nbsp;·&nbsp;&nbsp;".join(
        f"{label}:&nbsp;<b>{text(value)}</b>" for label, value in (part.split(": ", 1) for part in parts)
    )
    table = Table(
        [[Paragraph(address, _ADDRESS), Paragraph(district, _DISTRICT)]],
        colWidths=[WIDTH - side, side],
        style=_BUILDING_STYLE,
        hAlign="LEFT",
    )
    return table


class _ResultBoxes(Flowable):
    """«☐ Выполнено / ☐ Нет доступа / ☐ Отказ / ☐ Перенос на __.__» as real boxes: drawn, not typed, so
    they are big enough to tick, and cheaper than a Paragraph on a hundred-stop sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.height = RESULT_PITCH * (len(RESULTS) - 1) + BOX

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(colors.black)
        canvas.setFont(REGULAR, RESULT_SIZE)
        for index, label in enumerate(RESULTS):
            bottom = self.height - BOX - index * RESULT_PITCH
            canvas.rect(0, bottom, BOX, BOX, stroke=1, fill=0)
            canvas.drawString(BOX + 4, bottom + 1.2, label)


@dataclass
class _Progress:
    """What the last drawn stop was, so the top of the next page knows whether a building continues."""

    building: Building | None = None
    more_in_building: bool = False


class _StopRow(Table):
    """One stop as a one-row table: a row cannot split, and drawing it records where the route is."""

    def __init__(self, row: list[Any], progress: _Progress, building: Building, last: bool) -> None:
        super().__init__([row], colWidths=WIDTHS, style=_STOP_STYLE, hAlign="LEFT")
        self._progress = progress
        self._building = building
        self._last = last

    def draw(self) -> None:
        self._progress.building = self._building
        self._progress.more_in_building = not self._last
        super().draw()


class _Continuation(Flowable):
    """At the top of a page: the building heading again, if the page starts in the middle of its stops."""

    def __init__(self, progress: _Progress) -> None:
        super().__init__()
        self._progress = progress
        self._table: Table | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        building = self._progress.building
        if building is None or not self._progress.more_in_building:
            self._table = None
            return avail_width, 0
        self._table = _building_heading(building, continued=True)
        return self._table.wrap(avail_width, avail_height)

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)


class _SheetStart(Flowable):
    """Zero-size mark at the start of an installer's sheet: the pages from here on are numbered as his."""

    _ZEROSIZE = True

    def __init__(self, index: int, footer: str) -> None:
        super().__init__()
        self._index = index
        self._footer = footer

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        if isinstance(canvas, _NumberedCanvas):
            canvas.begin_sheet(self._index, self._footer)


def _apartment_fits(value: str) -> bool:
    """The apartment goes into its narrow column in large type: «15», «123А», «12/1»."""
    return stringWidth(value, BOLD, APARTMENT_SIZE) <= WIDTHS[APARTMENT_COLUMN] - 2 * PADDING


def _unbroken(value: str) -> str:
    """Escaped text whose spaces never break a line: a phone number or a sum stays in one piece."""
    return text(value).replace(" ", "&nbsp;").replace("\u202f", "&nbsp;")


def _task(stop: RouteStop, building_tap: str) -> Paragraph:
    """Three lines for a usual stop — the work and the debt; who; the phone and the contract — so a
    page holds a dozen stops and more. Numbers never break across lines. The tap is in the building's
    heading when the building has one; a stop on another tap says so."""
    first = f'<font size="11"><b>{text(kind_label(stop.kind))}</b></font>'
    money = debt_text(stop)
    if money:
        first += f" &nbsp;·&nbsp; <b>{_unbroken(money)}</b>"
    if stop.tap_label.strip() and stop.tap_label.strip() != building_tap:
        first += f" &nbsp;·&nbsp; Отвод/пломба:&nbsp;<b>{text(clip(stop.tap_label, FIELD_LIMIT))}</b>"
    lines = [first]
    apartment = clip(stop.apartment, FIELD_LIMIT)
    if apartment and not _apartment_fits(apartment):
        # «офис 12-Б (цоколь)» would break letter by letter in the column: it is written out here instead.
        lines.append(f"Помещение: <b>{text(apartment)}</b>")
    if stop.subscriber_name.strip():
        lines.append(text(clip(stop.subscriber_name, FIELD_LIMIT)))
    reach = []
    if stop.phone.strip():
        reach.append(f"тел.&nbsp;<b>{_unbroken(format_phone(stop.phone.strip()))}</b>")
    if stop.contract_number.strip():
        reach.append(f"Договор&nbsp;{_unbroken(clip(stop.contract_number, FIELD_LIMIT))}")
    if reach:
        lines.append(" &nbsp;·&nbsp; ".join(reach))
    if stop.note.strip():
        lines.append(f"Примечание: {text(clip(stop.note, NOTE_LIMIT))}")
    return Paragraph("<br/>".join(lines), _TASK)


def _apartment(stop: RouteStop) -> str:
    """The apartment column: a plain string (drawn without a Paragraph's layout work); a dash for a whole
    house, and «см.» (see the task) for a value too long for the column."""
    value = clip(stop.apartment, FIELD_LIMIT)
    if not value:
        return "—"
    return value if _apartment_fits(value) else "см."


def _stop_row(number: int, stop: RouteStop, progress: _Progress, building: Building, last: bool) -> _StopRow:
    # A fresh _ResultBoxes per row: a flowable keeps the canvas it draws on, and batches print on threads.
    row = [str(number), _apartment(stop), _task(stop, building.tap_label), _ResultBoxes(), "", "", ""]
    return _StopRow(row, progress, building, last)


# --- the sheet ----------------------------------------------------------------------------------------


def _header(data: RouteSheetData) -> list[Flowable]:
    company = data.company
    top: list[Flowable] = []
    if company.name or company.phone:
        name = f"<b>{text(company.name)}</b>" if company.name else ""
        phone = f"Тел.: <b>{text(company.phone)}</b>" if company.phone else ""
        bar = Table(
            [[Paragraph(name, _COMPANY), Paragraph(phone, _COMPANY_RIGHT)]],
            colWidths=[WIDTH - 65 * mm, 65 * mm],
            style=table_style(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            ),
            hAlign="LEFT",
        )
        top.append(bar)
    top.append(Paragraph(TITLE, _TITLE))
    top.append(Paragraph(day_text(data.day), _DAY))
    installer = f"Монтажник: <b>{text(data.installer_name)}</b>"
    phone = f"Тел.: <b>{text(format_phone(data.installer_phone))}</b>" if data.installer_phone.strip() else ""
    buildings = len(group_by_building(data.stops))
    count = f"Заявок: <b>{len(data.stops)}</b>"
    if data.stops:
        count += f" ({text(kinds_summary(data.stops))}), адресов: <b>{buildings}</b>"
    info = Table(
        [
            [Paragraph(installer, _INFO), Paragraph(phone, _INFO)],
            [Paragraph(count, _INFO), ""],
        ],
        colWidths=[WIDTH - 80 * mm, 80 * mm],
        style=table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (0, 1), (-1, 1)),
            ]
        ),
        hAlign="LEFT",
    )
    info.spaceAfter = 6
    top.append(info)
    return top


def _signatures(data: RouteSheetData) -> list[Flowable]:
    line = "_" * 20
    summary = Paragraph(
        f"Всего заявок: <b>{len(data.stops)}</b>.&nbsp;&nbsp;&nbsp;Выполнено: ________"
        "&nbsp;&nbsp;&nbsp;Не выполнено: ________",
        _SUMMARY,
    )
    installer = text(data.installer_name) or "_" * 24
    rows = [
        [Paragraph("Монтажник", _SIGN), Paragraph(line, _SIGN), Paragraph(f"/ {installer} /", _SIGN)],
        [Paragraph("Диспетчер", _SIGN), Paragraph(line, _SIGN), Paragraph("/ " + "_" * 24 + " /", _SIGN)],
    ]
    table = Table(
        rows,
        colWidths=[28 * mm, 50 * mm, WIDTH - 78 * mm],
        style=table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        ),
        hAlign="LEFT",
    )
    return [Spacer(0, 5 * mm), summary, table]


def _sheet_story(data: RouteSheetData, index: int) -> list[Flowable]:
    footer = sheet_title(data)
    story: list[Flowable] = [_SheetStart(index, footer), *_header(data)]
    if not data.stops:
        story.append(Paragraph("Заявок на этот день нет.", _SUMMARY))
        story.append(KeepTogether(_signatures(data)))
        return story
    progress = _Progress()
    # From the next page on, every page starts with the column names and, mid-building, its heading.
    story.append(_column_header())
    story.append(SetTopFlowables([_column_header(), _Continuation(progress)]))
    # Runs of flowables that must share a page: the heading with its first stop, the other stops alone.
    runs: list[list[Flowable]] = []
    for building in group_by_building(data.stops):
        last = len(building.stops) - 1
        rows = [
            _stop_row(building.first_number + i, stop, progress, building, i == last)
            for i, stop in enumerate(building.stops)
        ]
        # The heading never stays at the foot of a page without its first stop.
        runs.append([_building_heading(building), rows[0]])
        runs.extend([row] for row in rows[1:])
    # Nor do the signatures go onto a page of their own: the last stop comes along with them.
    runs[-1].extend(_signatures(data))
    story.extend(run[0] if len(run) == 1 else KeepTogether(run) for run in runs)
    # Processed after the signatures are placed, before the next installer's page begins.
    story.append(SetTopFlowables([]))
    return story


class _NumberedCanvas(Canvas):
    """Holds each page back until the end so the footer can say «Страница 2 из 3» — of the installer's
    own sheet, not of the whole batch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._sheet: tuple[int, str] = (0, "")

    def begin_sheet(self, index: int, footer: str) -> None:
        self._sheet = (index, footer)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        per_sheet = Counter(page["_sheet"][0] for page in self._pages)
        seen: Counter[int] = Counter()
        for page in self._pages:
            self.__dict__.update(page)
            index, footer = self._sheet
            seen[index] += 1
            self.setFont(REGULAR, 8)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN_X, FOOTER_Y, footer)
            number = f"Страница {seen[index]} из {per_sheet[index]}"
            self.drawRightString(PAGE[0] - MARGIN_X, FOOTER_Y, number)
            super().showPage()
        super().save()


def _build(story: list[Flowable], *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0, id="route"
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[PageTemplate("route", [frame])],
        initialFontName=REGULAR,  # otherwise reportlab lists an unembedded Helvetica in the PDF
        title=title,
        author=author,
        creator="Subscriber Desk",
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def render_route_sheet(data: RouteSheetData) -> bytes:
    """One installer's route sheet for a day as PDF bytes (A4 portrait, as many pages as the stops need)."""
    return render_route_sheets([data])


def render_route_sheets(sheets: Sequence[RouteSheetData]) -> bytes:
    """Several installers' sheets in one PDF, each starting on a new page and numbered on its own.

    An empty list still gives a valid one-page PDF saying there is nothing to print.
    """
    register_fonts()
    story: list[Flowable] = []
    for index, data in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story.extend(_sheet_story(data, index))
    if not story:
        story.append(Paragraph("Маршрутных листов нет.", _SUMMARY))
    days = {data.day for data in sheets}
    if len(sheets) == 1:
        title = sheet_title(sheets[0])
    elif len(days) == 1:
        title = f"Маршрутные листы на {date_text(next(iter(days)))}"
    else:
        title = "Маршрутные листы"
    author = sheets[0].company.name if sheets else ""
    return _build(story, title=title, author=author)
