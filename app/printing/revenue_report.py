"""The revenue report as an A4 landscape PDF, in Russian: a chart of the months (grouped bars of what was
charged, the discounts given and the outages' compensation, a line of what was paid), the months'
table with its total, then the compensation of each outage as bars and as a table.

The charts are drawn with reportlab.graphics shapes on the same round steps as the screen's
(app/printing/chart_scale.py), so the printed chart reads like the one on screen."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from app.money import format_money
from app.printing.chart_scale import axis_ticks, rubles_text
from app.printing.contract import KIND_LABELS
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.pages import numbered_canvas
from app.printing.receipt import table_style, text
from app.services.billing.revenue import SERIES, OutageCompensation, RevenueReport
from app.services.kernel.documents import MONTHS_NOMINATIVE

PAGE = landscape(A4)
MARGIN = 12 * mm
FOOTER_Y = 7 * mm
WIDTH = PAGE[0] - 2 * MARGIN
GRID = colors.HexColor("#9a9a9a")
LIGHT_GRID = colors.HexColor("#d9d9d9")
HEADER_FILL = colors.HexColor("#e4e4e4")
TOTAL_FILL = colors.HexColor("#ececec")
STRIPE_FILL = colors.HexColor("#f6f6f6")
INK = colors.HexColor("#333333")
COLORS = {
    "charges": colors.HexColor("#4472c4"),
    "discounts": colors.HexColor("#ed7d31"),
    "promotions": colors.HexColor("#8e5ea2"),
    "compensation": colors.HexColor("#c0504d"),
    "payments": colors.HexColor("#2e7d32"),
}
SHORT_MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
COLUMN_TITLES = {
    "charges": "Начислено",
    "fees": "Разовые платежи",
    "discounts": "Скидки",
    "promotions": "Акции",
    "compensation": "Компенсации",
    "net": "Выручка",
    "payments": "Оплачено",
}
CHART_TITLES = (
    ("charges", "Начислено"),
    ("discounts", "Скидки"),
    ("promotions", "Акции"),
    ("compensation", "Компенсации за перерывы"),
)
FONT_SIZE = 8.0

_COMPANY = ParagraphStyle("revenue-company", fontName=REGULAR, fontSize=9, leading=11, alignment=TA_CENTER)
_TITLE = ParagraphStyle(
    "revenue-title", fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceBefore=2, spaceAfter=2
)
_SUMMARY = ParagraphStyle("revenue-summary", parent=_COMPANY, fontSize=9.5, leading=12, spaceAfter=4)
_HEADING = ParagraphStyle(
    "revenue-heading", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
)
_NOTE = ParagraphStyle(
    "revenue-note", fontName=REGULAR, fontSize=7.5, leading=9.5, textColor=INK, spaceBefore=3
)
_CELL = ParagraphStyle("revenue-cell", fontName=REGULAR, fontSize=FONT_SIZE, leading=9.6)


def month_title(month: dt.date) -> str:
    return f"{MONTHS_NOMINATIVE[month.month - 1]} {month.year}"


def report_title(report: RevenueReport) -> str:
    first, last = month_title(report.first_month), month_title(report.last_month)
    return f"Выручка за {first}" if first == last else f"Выручка: {first} — {last}"


def _moment(value: dt.datetime, zone: str) -> str:
    """A stored (UTC) time as the company's wall clock."""
    return value.astimezone(ZoneInfo(zone)).strftime("%d.%m.%Y %H:%M")


def scope_text(outage: OutageCompensation) -> str:
    parts: list[str] = []
    if outage.districts:
        parts.append("районы: " + ", ".join(outage.districts))
    if outage.buildings:
        parts.append(f"домов: {outage.buildings}")
    if outage.tariffs:
        parts.append("тарифы: " + ", ".join(outage.tariffs))
    if outage.contracts:
        parts.append(f"договоров: {outage.contracts}")
    parts.append(", ".join(KIND_LABELS[k.value] for k in outage.kinds) if outage.kinds else "все услуги")
    return "; ".join(parts)


# ---- the charts


def _drawing(width: float, height: float) -> Drawing:
    """A drawing that starts in our font: reportlab's renderer otherwise sets Helvetica first, and an
    unembedded Helvetica lands in the PDF."""
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = FONT_SIZE
    return drawing


def _legend(drawing: Drawing, items: Sequence[tuple[str, colors.Color, bool]], x: float, y: float) -> None:
    for title, color, line in items:
        if line:
            drawing.add(Line(x, y + 3, x + 14, y + 3, strokeColor=color, strokeWidth=2))
            drawing.add(Circle(x + 7, y + 3, 2.2, fillColor=color, strokeColor=color))
        else:
            drawing.add(Rect(x, y - 1, 12, 8, fillColor=color, strokeColor=None))
        drawing.add(String(x + 17, y, title, fontName=REGULAR, fontSize=FONT_SIZE, fillColor=INK))
        x += 17 + stringWidth(title, REGULAR, FONT_SIZE) + 16


def month_chart(report: RevenueReport, width: float = WIDTH, height: float = 78 * mm) -> Drawing:
    """Grouped bars per month (charged, discounts, compensation) and the payments' line, in rubles."""
    drawing = _drawing(width, height)
    months = report.months
    bars = [(key, COLORS[key], tuple(m.value(key) for m in months)) for key, _t in CHART_TITLES]
    payments = tuple(m.payments for m in months)
    _legend(
        drawing,
        [
            *((title, COLORS[key], False) for key, title in CHART_TITLES),
            ("Оплачено", COLORS["payments"], True),
        ],
        0,
        height - 9,
    )
    ticks = axis_ticks([v for _k, _c, values in bars for v in values] + list(payments))
    labels = [rubles_text(t) for t in ticks]
    left = max(stringWidth(t, REGULAR, FONT_SIZE) for t in [*labels, "₽"]) + 6
    top, bottom = height - 34, 2 * FONT_SIZE + 8
    right = width
    low, high = ticks[0], ticks[-1]

    def y_of(kopecks: int) -> float:
        return bottom + (kopecks - low) / (high - low) * (top - bottom)

    drawing.add(String(left - 4, top + 9, "₽", fontName=REGULAR, fontSize=FONT_SIZE, textAnchor="end"))
    for tick, label in zip(ticks, labels, strict=True):
        y = y_of(tick)
        drawing.add(
            Line(
                left,
                y,
                right,
                y,
                strokeColor=GRID if tick == 0 else LIGHT_GRID,
                strokeWidth=0.8 if tick == 0 else 0.5,
            )
        )
        drawing.add(String(left - 4, y - 2.8, label, fontName=REGULAR, fontSize=FONT_SIZE, textAnchor="end"))
    if not months:
        return drawing
    group = (right - left) / len(months)
    bar = group * 0.78 / len(bars)
    zero = y_of(0)
    every = 1
    while stringWidth("мар", REGULAR, FONT_SIZE) + 6 > group * every:
        every += 1
    for index, month in enumerate(m.month for m in months):
        x = left + index * group + group * 0.11
        for _key, color, values in bars:
            y = y_of(values[index])
            if values[index]:
                drawing.add(
                    Rect(
                        x, min(y, zero), max(bar - 0.6, 0.5), abs(y - zero), fillColor=color, strokeColor=None
                    )
                )
            x += bar
        if index % every == 0:
            middle = left + (index + 0.5) * group
            drawing.add(
                String(middle, bottom - FONT_SIZE - 3, SHORT_MONTHS[month.month - 1], fontName=REGULAR,
                       fontSize=FONT_SIZE, textAnchor="middle")
            )  # fmt: skip
            if index == 0 or month.month == 1:
                drawing.add(
                    String(middle, bottom - 2 * FONT_SIZE - 5, str(month.year), fontName=REGULAR,
                           fontSize=FONT_SIZE, textAnchor="middle")
                )  # fmt: skip
    points: list[float] = []
    for index, value in enumerate(payments):
        points += [left + (index + 0.5) * group, y_of(value)]
    drawing.add(PolyLine(points, strokeColor=COLORS["payments"], strokeWidth=2))
    for index in range(len(payments)):
        drawing.add(
            Circle(
                points[2 * index],
                points[2 * index + 1],
                2.6,
                fillColor=COLORS["payments"],
                strokeColor=colors.white,
            )
        )
    return drawing


def outage_chart(outages: Sequence[OutageCompensation], zone: str, width: float = WIDTH) -> Drawing:
    """One bar per outage: its credits, a cancelled batch pale and marked «отменён»."""
    row = 15.0
    height = row * len(outages) + 4
    drawing = _drawing(width, height)
    labels = [f"№ {o.id}, {_moment(o.starts_at, zone)[:10]}" for o in outages]
    ends = [f"{rubles_text(o.credited)} ₽" + (" · отменён" if o.cancelled_on else "") for o in outages]
    left = max(stringWidth(t, REGULAR, FONT_SIZE) for t in labels) + 8
    right = width - max(stringWidth(t, REGULAR, FONT_SIZE) for t in ends) - 8
    most = max(max(o.credited for o in outages), 1)
    for index, (outage, label, end) in enumerate(zip(outages, labels, ends, strict=True)):
        y = height - (index + 1) * row
        drawing.add(String(0, y + 4, label, fontName=REGULAR, fontSize=FONT_SIZE, fillColor=INK))
        length = max(1.0, (right - left) * max(outage.credited, 0) / most)
        fill = colors.HexColor("#d0d0d0") if outage.cancelled_on else COLORS["compensation"]
        drawing.add(
            Rect(
                left,
                y + 2,
                length,
                row - 5,
                fillColor=fill,
                strokeColor=GRID if outage.cancelled_on else None,
            )
        )
        drawing.add(
            String(left + length + 4, y + 4, end, fontName=REGULAR, fontSize=FONT_SIZE, fillColor=INK)
        )
    return drawing


# ---- the tables


def _months_table(report: RevenueReport) -> Table:
    rows: list[list[Any]] = [["Месяц", *(COLUMN_TITLES[s] for s in SERIES)]]
    for month in report.months:
        rows.append([month_title(month.month), *(format_money(month.value(s)) for s in SERIES)])
    rows.append(["Итого", *(format_money(report.total(s)) for s in SERIES)])
    first_width = 40 * mm
    widths = [first_width, *[(WIDTH - first_width) / len(SERIES)] * len(SERIES)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    last = len(rows) - 1
    table.setStyle(
        table_style(
            [
                ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE + 0.5),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, last - 1), [colors.white, STRIPE_FILL]),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("BACKGROUND", (0, last), (-1, last), TOTAL_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _outages_table(outages: Sequence[OutageCompensation], zone: str) -> Table:
    titles = ["Перерыв", "Начало", "Конец", "Какие услуги", "Услуг", "Зачтено", "Отменён", "Причина"]
    widths = [19 * mm, 28 * mm, 28 * mm, 70 * mm, 14 * mm, 26 * mm, 20 * mm]
    widths.append(WIDTH - sum(widths))
    rows: list[list[Any]] = [titles]
    for o in outages:
        rows.append(
            [
                f"№ {o.id}",
                _moment(o.starts_at, zone),
                _moment(o.ends_at, zone),
                Paragraph(text(scope_text(o)), _CELL),
                str(o.services),
                format_money(o.credited),
                o.cancelled_on.strftime("%d.%m.%Y") if o.cancelled_on else "",
                Paragraph(
                    text(o.reason + (f" (отмена: {o.cancel_reason})" if o.cancel_reason else "")), _CELL
                ),
            ]
        )
    standing = sum(o.standing for o in outages)
    services = sum(o.services for o in outages if not o.cancelled_on)
    rows.append(["Итого без отменённых", "", "", "", str(services), format_money(standing), "", ""])
    last = len(rows) - 1
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (4, 0), (5, -1), "RIGHT"),
                ("SPAN", (0, last), (3, last)),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("BACKGROUND", (0, last), (-1, last), TOTAL_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


NOTE = (
    "Начислено — периодические начисления за услуги за вычетом их сторно, по месяцу проводки. "
    "Скидки — сколько не начислено из-за скидок: полная плата за те же дни минус начисленное. "
    "Акции — во что обошлись акции: бонусы, скидка оплаты вперёд по акции, "
    "недоначисленное по цене первых месяцев. "
    "Компенсации — зачтено абонентам за перерывы связи за вычетом отменённых. "
    "Выручка = начислено + разовые платежи − компенсации − бонусы по акциям. "
    "Оплачено — принятые платежи за вычетом отменённых."
)


def _story(report: RevenueReport) -> list[Flowable]:
    story: list[Flowable] = []
    if report.company:
        story.append(Paragraph(f"<b>{text(report.company)}</b>", _COMPANY))
    story.append(Paragraph(report_title(report), _TITLE))
    words = ("начислено", "скидки", "акции", "компенсации", "выручка", "оплачено")
    totals = (
        report.total(s) for s in ("charges", "discounts", "promotions", "compensation", "net", "payments")
    )
    summary = ", ".join(f"{w} {format_money(t)}" for w, t in zip(words, totals, strict=True))
    story.append(Paragraph(summary[0].upper() + summary[1:], _SUMMARY))
    story.append(month_chart(report))
    story.append(Spacer(1, 4 * mm))
    story.append(_months_table(report))
    story.append(Paragraph(NOTE, _NOTE))
    heading = Paragraph("Компенсации за перерывы связи", _HEADING)
    if not report.outages:
        story.append(KeepTogether([heading, Paragraph("За эти месяцы компенсаций не было.", _SUMMARY)]))
        return story
    story.append(KeepTogether([heading, outage_chart(report.outages, report.zone)]))
    story.append(_outages_table(report.outages, report.zone))
    return story


def render_revenue_report(report: RevenueReport) -> bytes:
    """The revenue report as PDF bytes (A4 landscape)."""
    register_fonts()
    footer = report_title(report) + (f" · {report.company[:60]}" if report.company else "")
    buffer = io.BytesIO()
    frame = Frame(MARGIN, MARGIN, WIDTH, PAGE[1] - 2 * MARGIN, 0, 0, 0, 0, id="report")
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[PageTemplate("report", [frame])],
        initialFontName=REGULAR,
        title=report_title(report),
        author=report.company,
        creator="Subscriber Desk",
    )
    doc.build(_story(report), canvasmaker=numbered_canvas(footer, margin=MARGIN, footer_y=FOOTER_Y))
    return buffer.getvalue()
