"""The cashier's shift report as an A4 PDF: an X report during the shift, a Z report when it is closed.

It lists the shift's payments and cancellations, totals by payment method and the cash that should be in
the drawer; a Z report also compares that with the counted cash. Import it where it is printed (reportlab
is a heavy import).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from app import clock
from app.models.enums import PaymentMethod
from app.money import format_money
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.pages import numbered_canvas
from app.printing.receipt import METHOD_LABELS, company_lines, format_local, local_time, table_style, text
from app.services.kernel.documents import ShiftCancellationLine, ShiftPaymentLine, ShiftReportData

MARGIN = 15 * mm
FOOTER_Y = 8 * mm
WIDTH = A4[0] - 2 * MARGIN
HEADER_FILL = colors.HexColor("#e4e4e4")
STRIPE_FILL = colors.HexColor("#f5f5f5")
GRID = colors.HexColor("#9a9a9a")
CANCELLED_TEXT = colors.HexColor("#666666")

_BODY = ParagraphStyle("shift-body", fontName=REGULAR, fontSize=9.5, leading=12)
_CELL = ParagraphStyle("shift-cell", fontName=REGULAR, fontSize=8.5, leading=10.5)
_CELL_RIGHT = ParagraphStyle("shift-cell-right", parent=_CELL, alignment=TA_RIGHT)
_HEAD = ParagraphStyle("shift-head", parent=_CELL, fontName=BOLD)
_HEAD_RIGHT = ParagraphStyle("shift-head-right", parent=_HEAD, alignment=TA_RIGHT)
_TITLE = ParagraphStyle(
    "shift-title", fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER, spaceBefore=4, spaceAfter=6
)
_SECTION = ParagraphStyle(
    "shift-section", fontName=BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
)
_COMPANY = ParagraphStyle("shift-company", parent=_BODY, alignment=TA_CENTER)


def _title(data: ShiftReportData) -> str:
    return "Z-отчёт (закрытие смены)" if data.kind == "Z" else "X-отчёт"


def _p(markup: str, style: ParagraphStyle = _CELL) -> Paragraph:
    return Paragraph(markup, style)


def _grid_table(
    rows: list[list[Flowable]], widths: Sequence[float], *, header: bool, long: bool = False
) -> Table:
    """A ruled table; a header row repeats on every page the table runs onto."""
    cls = LongTable if long else Table  # LongTable splits long lists across pages without quadratic cost
    table = cls(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        # Every other row shaded: a long list is read across a wide page without losing the line.
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE_FILL]))
    table.setStyle(table_style(commands))
    return table


def _receipt_no(number: int | None) -> str:
    return str(number) if number is not None else "—"  # imported bank payments have no receipt


def _info_table(data: ShiftReportData) -> Table:
    rows = [
        ("Касса", text(data.desk_name)),
        ("Смена №", str(data.shift_id)),
        ("Кассир", text(data.cashier_name)),
        ("Смена открыта", format_local(data.opened_at, data.timezone)),
    ]
    if data.closed_at is not None:
        rows.append(("Смена закрыта", format_local(data.closed_at, data.timezone)))
    else:
        rows.append(("Смена закрыта", "смена открыта, отчёт промежуточный"))
    label_width = 40 * mm
    table = Table(
        [[_p(label, _BODY), _p(value, _BODY)] for label, value in rows],
        colWidths=[label_width, WIDTH - label_width],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#333333")),
            ]
        )
    )
    return table


def _time_in_shift(moment: dt.datetime, data: ShiftReportData) -> str:
    """«14:07» for the shift's own day, «06.03 00:15» past midnight: a narrow column that never wraps."""
    local = local_time(moment, data.timezone)
    if local.date() == local_time(data.opened_at, data.timezone).date():
        return local.strftime("%H:%M")
    return local.strftime("%d.%m %H:%M")


def _payment_row(line: ShiftPaymentLine, data: ShiftReportData) -> list[Flowable]:
    amount = format_money(line.amount)
    subscriber = text(line.subscriber_name)
    if line.cancelled:
        # Struck through and greyed, and said in words too: a cancelled payment must not be read as money.
        amount = f'<font color="#666666"><strike>{amount}</strike></font>'
        subscriber = f'<font color="#666666">{subscriber}</font><br/><b>ОТМЕНЁН</b>'
    return [
        _p(_receipt_no(line.receipt_number)),
        _p(_time_in_shift(line.posted_at, data)),
        _p(text(line.contract_number)),
        _p(subscriber),
        _p(METHOD_LABELS[line.method]),
        _p(amount, _CELL_RIGHT),
    ]


def _payments_table(data: ShiftReportData) -> list[Flowable]:
    if not data.payments:
        return [_p("Платежей за смену не было.", _BODY)]
    header = [_p("№ квит.", _HEAD), _p("Время", _HEAD), _p("Договор", _HEAD), _p("Абонент", _HEAD),
              _p("Способ", _HEAD), _p("Сумма", _HEAD_RIGHT)]  # fmt: skip
    rows = [header] + [_payment_row(line, data) for line in data.payments]
    widths = [16 * mm, 21 * mm, 24 * mm, 60 * mm, 34 * mm, 25 * mm]
    cancelled = sum(1 for line in data.payments if line.cancelled)
    summary = f"Всего платежей: {len(data.payments)}"
    if cancelled:
        summary += f", из них отменено: {cancelled}"
    return [_grid_table(rows, widths, header=True, long=True), Spacer(0, 3), _p(summary, _BODY)]


def _cancellation_row(line: ShiftCancellationLine, data: ShiftReportData) -> list[Flowable]:
    return [
        _p(_receipt_no(line.receipt_number)),
        _p(_time_in_shift(line.cancelled_at, data)),
        _p(text(line.contract_number)),
        _p(METHOD_LABELS[line.method]),
        _p(format_money(line.amount), _CELL_RIGHT),
        _p(text(line.reason)),
        _p(text(line.cancelled_by)),
    ]


def _cancellations_table(data: ShiftReportData) -> list[Flowable]:
    if not data.cancellations:
        return [_p("Отмен не было.", _BODY)]
    header = [_p("№ квит.", _HEAD), _p("Время", _HEAD), _p("Договор", _HEAD), _p("Способ", _HEAD),
              _p("Сумма", _HEAD_RIGHT), _p("Причина", _HEAD), _p("Кто отменил", _HEAD)]  # fmt: skip
    rows = [header] + [_cancellation_row(line, data) for line in data.cancellations]
    widths = [16 * mm, 21 * mm, 22 * mm, 31 * mm, 22 * mm, 38 * mm, 30 * mm]
    return [_grid_table(rows, widths, header=True, long=True)]


def _totals_table(data: ShiftReportData) -> Table:
    # Every method is listed, zero or not, so the cashier finds each line in the same place every day.
    rows: list[list[Flowable]] = [[_p("Способ оплаты", _HEAD), _p("Сумма", _HEAD_RIGHT)]]
    for method in PaymentMethod:
        rows.append(
            [_p(METHOD_LABELS[method]), _p(format_money(data.totals_by_method.get(method, 0)), _CELL_RIGHT)]
        )
    total = sum(data.totals_by_method.values())
    rows.append([_p("<b>Итого</b>"), _p(f"<b>{format_money(total)}</b>", _CELL_RIGHT)])
    return _grid_table(rows, [75 * mm, 40 * mm], header=True)


def difference_text(expected: int, counted: int) -> str:
    """«Излишек 50,00 ₽» / «Недостача 50,00 ₽» / «Расхождений нет»: counted cash against the expected."""
    if counted > expected:
        return f"Излишек {format_money(counted - expected)}"
    if counted < expected:
        return f"Недостача {format_money(expected - counted)}"
    return "Расхождений нет"


def _cash_table(data: ShiftReportData) -> Table:
    rows: list[tuple[str, str]] = [
        ("Остаток на начало смены", format_money(data.opening_cash)),
        (
            "Принято наличными (за вычетом отмен)",
            format_money(data.totals_by_method.get(PaymentMethod.CASH, 0)),
        ),
        ("<b>Должно быть в кассе</b>", f"<b>{format_money(data.expected_cash)}</b>"),
    ]
    if data.kind == "Z":
        if data.counted_cash is None:
            rows.append(("Пересчитано в кассе", "не пересчитано"))
        else:
            rows.append(("Пересчитано в кассе", format_money(data.counted_cash)))
            rows.append(
                ("<b>Расхождение</b>", f"<b>{difference_text(data.expected_cash, data.counted_cash)}</b>")
            )
    table_rows: list[list[Flowable]] = [[_p(label), _p(value, _CELL_RIGHT)] for label, value in rows]
    return _grid_table(table_rows, [75 * mm, 40 * mm], header=False)


def _signatures(data: ShiftReportData) -> Flowable:
    line = "_" * 22
    receiver = "Наличные принял" if data.kind == "Z" else "Проверил"
    rows = [
        [_p("Кассир", _BODY), _p(line, _BODY), _p(f"/ {text(data.cashier_name)} /", _BODY)],
        [_p(receiver, _BODY), _p(line, _BODY), _p("/ " + "_" * 24 + " /", _BODY)],
    ]
    table = Table(rows, colWidths=[40 * mm, 50 * mm, 90 * mm], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return table


def render_shift_report(data: ShiftReportData) -> bytes:
    """The X or Z report of one shift as PDF bytes (A4, as many pages as the payments need)."""
    if data.kind not in ("X", "Z"):
        raise ValueError(f"Unknown shift report kind {data.kind!r}: expected 'X' or 'Z'")
    register_fonts()
    story: list[Flowable] = [
        _p("<br/>".join(company_lines(data.company)), _COMPANY),
        _p(_title(data), _TITLE),
        _info_table(data),
        _p("Платежи", _SECTION),
        *_payments_table(data),
        _p("Отмены платежей", _SECTION),
        *_cancellations_table(data),
        # The money summary and the signatures stay on one page: they are what the cashier signs.
        KeepTogether(
            [
                _p("Итоги по способам оплаты", _SECTION),
                _totals_table(data),
                _p("Наличные в кассе", _SECTION),
                _cash_table(data),
                Spacer(0, 8 * mm),
                _signatures(data),
            ]
        ),
    ]
    generated = format_local(clock.now(), data.timezone)
    desk = data.desk_name if len(data.desk_name) <= 40 else data.desk_name[:39] + "…"  # clear of the page no.
    footer = f"{_title(data)} · {desk} · смена № {data.shift_id} · сформирован {generated}"
    buffer = io.BytesIO()
    frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, 0, 0, 0, 0, id="report")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate("report", [frame])],
        initialFontName=REGULAR,  # otherwise reportlab lists an unembedded Helvetica in the PDF
        title=f"{_title(data)}, смена № {data.shift_id}",
        author=data.company.name,
        creator="Subscriber Desk",
    )

    doc.build(story, canvasmaker=numbered_canvas(footer, margin=MARGIN, footer_y=FOOTER_Y))
    return buffer.getvalue()
