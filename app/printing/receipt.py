"""The payment receipt as a PDF: an A4 sheet with a tear-off counterfoil, or an 80 mm thermal-roll slip.

Non-fiscal: the legal cash document in Russia is the online register's cheque (54-FZ), so the receipt
says so. Import this module where a receipt is printed, not at start-up: reportlab is a heavy import.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.models.enums import PaymentMethod
from app.money import format_money
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.words import amount_in_words
from app.services.kernel.documents import CompanyDetails, PaidPeriod, ReceiptData, months_words

Layout = Literal["a4", "roll"]

METHOD_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: "Наличные",
    PaymentMethod.CARD: "Банковская карта",
    PaymentMethod.BANK_REGISTRY: "Банковский реестр",
    PaymentMethod.TERMINAL: "Терминал",
}

ROLL_PAPER_WIDTH = 80 * mm
ROLL_PRINTABLE_WIDTH = 72 * mm  # 576 dots at 203 dpi: the head does not reach the paper's edges
ROLL_MARGIN_Y = 4 * mm
A4_MARGIN = 15 * mm

NOT_FISCAL = "Не является кассовым чеком"
DUPLICATE_MARK = "ДУБЛИКАТ"
CANCELLED_MARK = "ПЛАТЁЖ ОТМЕНЁН"


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """A stored timestamp in the operator's zone. A naive value is taken as UTC (SQLite drops the zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(timezone))


def format_local(moment: dt.datetime, timezone: str) -> str:
    return local_time(moment, timezone).strftime("%d.%m.%Y %H:%M")


# A short abbreviation or initial and what follows it («д. 104», «кв. 31», «М. П.») stay on one line,
# as Russian typesetting does; a narrow roll would otherwise leave «д.» alone at a line end.
_ABBREVIATION = re.compile(r"(?<!\w)(\w{1,4}\.) (?=\S)")


def text(value: str) -> str:
    """Paragraph markup for data typed by people: «ООО "Рога & копыта"» must not break the XML parser."""
    return _ABBREVIATION.sub("\\1\u00a0", escape(value)).replace("\n", "<br/>")


def sum_in_words(kopecks: int) -> str:
    """The sum in words, with «рублей 00 копеек» kept together so the kopecks never start a line."""
    number, ruble_noun, kop, kopeck_noun = amount_in_words(kopecks).rsplit(" ", 3)  # always 4+ words
    return f"{number} {ruble_noun}\u00a0{kop}\u00a0{kopeck_noun}"


def balance_text(balance: int) -> str:
    """The balance as a subscriber reads it: a negative balance is a debt, printed without a minus."""
    if balance < 0:
        return f"Долг {format_money(-balance)}"
    return format_money(balance)


def company_lines(company: CompanyDetails) -> list[str]:
    """The company header as markup lines; empty settings are left out rather than printed as «ИНН »."""
    lines = [f"<b>{text(company.name)}</b>"] if company.name else []
    ids = []
    if company.inn:
        ids.append(f"ИНН {text(company.inn)}")
    if company.kpp:
        ids.append(f"КПП {text(company.kpp)}")
    if ids:
        lines.append(", ".join(ids))
    if company.address:
        lines.append(text(company.address))
    if company.phone:
        lines.append(f"Тел.: {text(company.phone)}")
    return lines


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells default to our font. Every cell holds a Paragraph with its own font, but
    the table still sets its default, Helvetica, and that puts an unembedded Helvetica into the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


@dataclass(frozen=True)
class _Styles:
    """Paragraph styles for one layout; the roll uses a small size so a line holds ~48 characters."""

    body: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    amount: ParagraphStyle
    mark: ParagraphStyle
    centered: ParagraphStyle

    @classmethod
    def for_size(cls, size: float, label_color: colors.Color) -> _Styles:
        lead = size * 1.25
        body = ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=lead)
        return cls(
            body=body,
            label=ParagraphStyle("label", parent=body, textColor=label_color),
            title=ParagraphStyle(
                "title",
                parent=body,
                fontName=BOLD,
                fontSize=size * 1.4,
                leading=size * 1.75,
                alignment=TA_CENTER,
                spaceBefore=size * 0.4,
                spaceAfter=size * 0.2,
            ),
            amount=ParagraphStyle(
                "amount", parent=body, fontName=BOLD, fontSize=size * 1.3, leading=size * 1.6
            ),
            mark=ParagraphStyle(
                "mark",
                parent=body,
                fontName=BOLD,
                fontSize=size * 1.4,
                leading=size * 1.75,
                alignment=TA_CENTER,
            ),
            centered=ParagraphStyle("centered", parent=body, alignment=TA_CENTER),
        )


# Built on first use: a ParagraphStyle names a font, and the fonts are registered lazily.
_STYLE_CACHE: dict[Layout, _Styles] = {}


def _styles(layout: Layout) -> _Styles:
    if layout not in _STYLE_CACHE:
        if layout == "roll":
            # Thermal heads print black or nothing: a grey would come out dithered and ragged.
            _STYLE_CACHE[layout] = _Styles.for_size(7.5, colors.black)
        else:
            _STYLE_CACHE[layout] = _Styles.for_size(10, colors.HexColor("#333333"))
    return _STYLE_CACHE[layout]


def _mark(caption: str, st: _Styles, width: float) -> Table:
    """A boxed banner (ДУБЛИКАТ, ПЛАТЁЖ ОТМЕНЁН): black only, so a thermal head prints it as crisply."""
    banner = Table([[Paragraph(caption, st.mark)]], colWidths=[width])
    banner.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    banner.spaceBefore = banner.spaceAfter = 3
    return banner


def _fields(rows: Sequence[tuple[str, str]], st: _Styles, widths: tuple[float, float]) -> Table:
    """Label / value pairs as a two-column table; Paragraph cells so long names and addresses wrap."""
    table = Table(
        [[Paragraph(label, st.label), Paragraph(value, st.body)] for label, value in rows],
        colWidths=list(widths),
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 4),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _marks(data: ReceiptData, duplicate: bool, st: _Styles, width: float) -> list[Flowable]:
    marks: list[Flowable] = []
    if duplicate:
        marks.append(_mark(DUPLICATE_MARK, st, width))
    if data.cancelled:
        marks.append(_mark(CANCELLED_MARK, st, width))
    return marks


def _receipt_body(
    data: ReceiptData, duplicate: bool, st: _Styles, width: float, label_width: float
) -> list[Flowable]:
    """The subscriber's part: who was paid, for what, how much, and what the balance is now."""
    rows = [
        ("Касса", text(data.desk_name)),
        ("Дата и время", format_local(data.posted_at, data.timezone)),
        ("Абонент", text(data.subscriber_name)),
        ("Лицевой счёт / договор №", f"<b>{text(data.contract_number)}</b>"),
        ("Адрес", text(data.address)),
        ("Способ оплаты", METHOD_LABELS[data.method]),
    ]
    money_rows = [
        ("Сумма прописью", sum_in_words(data.amount)),
        ("Баланс после платежа", balance_text(data.balance_after)),
    ]
    if data.prepaid is not None:
        money_rows.append(("Оплачен период", prepaid_text(data.prepaid)))
    if data.comment:
        money_rows.append(("Комментарий", text(data.comment)))
    cable_tv = reconnection_text(data)
    if cable_tv:
        money_rows.append(("Кабельное ТВ", cable_tv))
    money_rows.append(("Кассир", text(data.cashier_name)))
    fiscal = fiscal_text(data)
    if fiscal:
        money_rows.append(("Кассовый чек", fiscal))
    widths = (label_width, width - label_width)
    amount = Table(
        [[Paragraph("Сумма", st.amount), Paragraph(format_money(data.amount), st.amount)]],
        colWidths=list(widths),
    )
    amount.setStyle(
        table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    amount.spaceBefore = amount.spaceAfter = 3
    return [
        Paragraph("<br/>".join(company_lines(data.company)), st.centered),
        *_marks(data, duplicate, st, width),
        Paragraph(f"Квитанция № {data.receipt_number}", st.title),
        _fields(rows, st, widths),
        amount,
        _fields(money_rows, st, widths),
        *_fiscal_qr(data, st),
        Spacer(0, 8),
        Paragraph("Подпись кассира _______________", st.body),
        Spacer(0, 4),
        Paragraph(f"<b>{NOT_FISCAL}</b>", st.centered),
    ]


FISCAL_QR_MM = 24


def fiscal_qr_payload(data: ReceiptData) -> str | None:
    """The tax service's check string of the printed fiscal receipt (what a fiscal receipt's own QR
    code holds): t=date-time, s=sum, fn=FN, i=document number, fp=sign, n=1 (a sale)."""
    params = data.fiscal or {}
    digits = re.sub(r"\D", "", str(params.get("receiptDatetime", "")))
    needed = ("fnNumber", "fiscalDocumentNumber", "fiscalDocumentSign")
    if len(digits) < 12 or not all(params.get(key) for key in needed):
        return None
    moment = f"{digits[:8]}T{digits[8:12]}"
    total = f"{data.amount // 100}.{data.amount % 100:02d}"
    return (
        f"t={moment}&s={total}&fn={params['fnNumber']}&i={params['fiscalDocumentNumber']}"
        f"&fp={params['fiscalDocumentSign']}&n=1"
    )


def _fiscal_qr(data: ReceiptData, st: _Styles) -> list[Flowable]:
    payload = fiscal_qr_payload(data)
    if payload is None:
        return []
    from app.printing.payment_qr import qr_drawing  # reportlab's QR machinery only when printed

    code = qr_drawing(payload, FISCAL_QR_MM)
    caption = Paragraph("Проверить кассовый чек на сайте ФНС России", st.centered)
    return [
        Spacer(0, 4),
        Table([[code], [caption]], style=[("ALIGN", (0, 0), (-1, -1), "CENTER")]),
    ]


def _register_time(params: dict[str, Any]) -> str:
    """The register's date-time («2026-12-06T12:05:00+03:00») as receipts print it: 06.12.2026 12:05."""
    digits = re.sub(r"\D", "", str(params.get("receiptDatetime", "")))
    if len(digits) < 12:
        return str(params.get("receiptDatetime", ""))
    return f"{digits[6:8]}.{digits[4:6]}.{digits[:4]} {digits[8:10]}:{digits[10:12]}"


def fiscal_text(data: ReceiptData) -> str:
    """The fiscal receipt of the payment, as the online cash register numbered it (54-FZ attributes)."""
    if data.fiscal:
        params = data.fiscal
        return text(
            f"ФД № {params.get('fiscalDocumentNumber', '')}, ФП {params.get('fiscalDocumentSign', '')}, "
            f"ФН {params.get('fnNumber', '')}, {_register_time(params)}, "
            f"смена {params.get('shiftNumber', '')}, чек {params.get('fiscalReceiptNumber', '')}"
        )
    if data.fiscal_pending:
        return "пробивается онлайн-кассой"
    return ""


NBSP = "\u00a0"  # a sum never wraps in the middle of its digits


def prepaid_text(period: PaidPeriod) -> str:
    """«январь — март 2027 г. (3 мес., с 01.01.2027 по 31.03.2027), 1 249,98 ₽ по акции «…»»."""
    first, last = period.first_day, period.last_day
    months = months_words(first, last)
    paid = format_money(period.amount).replace("\u202f", NBSP)
    said = f"<b>{months}</b> ({period.months}\u00a0мес., с {first:%d.%m.%Y} по {last:%d.%m.%Y}), {paid}"
    if period.promotion:
        said += f" по акции «{text(period.promotion)}»"
    return said


def reconnection_text(data: ReceiptData) -> str:
    """What the subscriber still has to do for cable TV cut for debt, or "" when nothing."""
    if data.reconnect_ordered:
        return "отключено за долг; заявка на подключение принята, монтажник подключит в ближайшие дни"
    quote = data.reconnect
    if quote is None:
        return ""
    until = quote.valid_until.strftime("%d.%m.%Y")
    if quote.amount == 0:
        return "отключено за долг; подключим при следующем платеже"
    parts = []
    if quote.debt:
        parts.append(f"долг {format_money(quote.debt)}")
    parts.append(f"подключение {format_money(quote.fee)}")
    parts.append(f"начисления по {until} {format_money(quote.charges_ahead)}")
    if quote.on_account:
        parts.append(f"минус остаток на счёте {format_money(quote.on_account)}")
    return (
        f"отключено за долг. <b>Для подключения внесите {format_money(quote.amount)}</b> "
        f"до {until} ({', '.join(parts)})"
    )


class _CutLine(Flowable):
    """A dashed line with scissors: where the cashier tears the counterfoil off the receipt."""

    def __init__(self, width: float, style: ParagraphStyle) -> None:
        super().__init__()
        self.width = width
        self.height = 8 * mm
        self.style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        y = self.height / 2
        canvas.saveState()
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.6)
        canvas.line(0, y, self.width, y)
        canvas.setDash()
        caption = "✂ линия отреза"
        size = self.style.fontSize * 0.8
        caption_width = canvas.stringWidth(caption, REGULAR, size)
        # White box behind the caption so the dashes do not run through the letters.
        canvas.setFillColor(colors.white)
        canvas.rect(10 * mm - 2, y - size * 0.6, caption_width + 4, size * 1.3, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(REGULAR, size)
        canvas.drawString(10 * mm, y - size * 0.35, caption)
        canvas.restoreState()


def _counterfoil(data: ReceiptData, duplicate: bool, st: _Styles, width: float) -> list[Flowable]:
    """The company's copy that stays at the desk: enough to find the payment and see who took it."""
    rows = [
        ("Касса", text(data.desk_name)),
        ("Дата и время", format_local(data.posted_at, data.timezone)),
        ("Абонент", text(data.subscriber_name)),
        ("Лицевой счёт / договор №", f"<b>{text(data.contract_number)}</b>"),
        ("Сумма", f"<b>{format_money(data.amount)}</b>"),
        ("Сумма прописью", sum_in_words(data.amount)),
        ("Способ оплаты", METHOD_LABELS[data.method]),
        ("Кассир", text(data.cashier_name)),
    ]
    label_width = 55 * mm
    return [
        Paragraph(f"Корешок квитанции № {data.receipt_number}", st.title),
        Paragraph("(остаётся в кассе)", st.centered),
        *_marks(data, duplicate, st, width),
        Spacer(0, 4),
        _fields(rows, st, (label_width, width - label_width)),
        Spacer(0, 14),
        Paragraph(
            "Подпись кассира _______________&nbsp;&nbsp;&nbsp;&nbsp; Подпись плательщика _______________",
            st.body,
        ),
    ]


def _pdf_metadata(data: ReceiptData, duplicate: bool) -> dict[str, Any]:
    title = f"Квитанция № {data.receipt_number}" + (" (дубликат)" if duplicate else "")
    return {"title": title, "author": data.company.name, "creator": "Subscriber Desk"}


def _render_a4(data: ReceiptData, duplicate: bool) -> bytes:
    st = _styles("a4")
    width = A4[0] - 2 * A4_MARGIN
    body = _receipt_body(data, duplicate, st, width, 55 * mm)
    story: list[Flowable] = [
        *body,
        Spacer(0, 6 * mm),
        # Kept together: a long comment may push the counterfoil over, but never cut it in half.
        KeepTogether(
            [_CutLine(width, st.body), Spacer(0, 4 * mm), *_counterfoil(data, duplicate, st, width)]
        ),
    ]
    buffer = io.BytesIO()
    # A frame without the default 6 pt padding: the tables are exactly `width` wide and must line up
    # with the paragraphs instead of sticking out of the frame.
    frame = Frame(A4_MARGIN, A4_MARGIN, width, A4[1] - 2 * A4_MARGIN, 0, 0, 0, 0, id="receipt")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate("receipt", [frame])],
        initialFontName=REGULAR,  # not Helvetica: see _render_roll
        **_pdf_metadata(data, duplicate),
    )
    doc.build(story)
    return buffer.getvalue()


def _render_roll(data: ReceiptData, duplicate: bool) -> bytes:
    """Lay the flowables out by hand: the page is exactly as tall as the content, so the printer
    feeds no blank paper, and there is no frame that could overflow onto a second page."""
    st = _styles("roll")
    width = ROLL_PRINTABLE_WIDTH
    story = _receipt_body(data, duplicate, st, width, 26 * mm)
    buffer = io.BytesIO()
    # Resized below, once the height is known. The initial font is ours: reportlab would otherwise put an
    # unused, unembedded Helvetica into the PDF, which some print drivers substitute or complain about.
    canvas = Canvas(buffer, pagesize=(ROLL_PAPER_WIDTH, A4[1]), initialFontName=REGULAR)
    sizes = [flowable.wrapOn(canvas, width, 10_000) for flowable in story]
    height = 2 * ROLL_MARGIN_Y + sum(
        h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        for flowable, (_, h) in zip(story, sizes, strict=True)
    )
    canvas.setPageSize((ROLL_PAPER_WIDTH, height))
    meta = _pdf_metadata(data, duplicate)
    canvas.setTitle(meta["title"])
    canvas.setAuthor(meta["author"])
    canvas.setCreator(meta["creator"])
    x = (ROLL_PAPER_WIDTH - width) / 2
    y = height - ROLL_MARGIN_Y
    for flowable, (_, h) in zip(story, sizes, strict=True):
        y -= flowable.getSpaceBefore() + h
        flowable.drawOn(canvas, x, y)
        y -= flowable.getSpaceAfter()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_receipt(data: ReceiptData, *, layout: Layout = "a4", duplicate: bool = False) -> bytes:
    """The receipt as PDF bytes. `layout`: "a4" (receipt and counterfoil) or "roll" (80 mm thermal paper);
    `duplicate` marks a reprint «ДУБЛИКАТ»; a cancelled payment is marked «ПЛАТЁЖ ОТМЕНЁН» from the data."""
    if layout not in ("a4", "roll"):
        raise ValueError(f"Unknown receipt layout {layout!r}: expected 'a4' or 'roll'")
    register_fonts()
    if layout == "roll":
        return _render_roll(data, duplicate)
    return _render_a4(data, duplicate)
