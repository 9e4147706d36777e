"""Debt notices for subscribers' mailboxes: A4 sheets with two notices each, cut apart along a marked line.

Each notice says who owes what since when, the date cable TV will be disconnected, and how to pay, with a
GOST R 56042-2014 payment QR code a bank app scans. Two per sheet because a notice fits half an A4 (A5)
with every line at a readable size and the QR code at a comfortable 38 mm, a half sheet goes into a
mailbox slot without folding, and a building's batch takes half the paper and printer time.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table

from app.errors import QT_TRANSLATE_NOOP, DomainError
from app.money import format_money
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.payment_qr import PaymentQr, payment_qr_payload
from app.printing.receipt import sum_in_words, table_style, text
from app.printing.words import plural_form
from app.services.kernel.documents import CompanyDetails, DebtNotice, DebtNoticesData

PAGE_WIDTH, PAGE_HEIGHT = A4
HALF_HEIGHT = PAGE_HEIGHT / 2
MARGIN_X = 14 * mm
MARGIN_Y = 10 * mm  # from the sheet's edge and from the cut line alike
WIDTH = PAGE_WIDTH - 2 * MARGIN_X
HEIGHT = HALF_HEIGHT - 2 * MARGIN_Y
QR_SIZE_MM = 38.0  # ~0.45 mm modules for a ~400-byte payload: phone cameras read it from arm's length
LABEL_WIDTH = 36 * mm
GREY = colors.HexColor("#444444")

TITLE = "УВЕДОМЛЕНИЕ О ЗАДОЛЖЕННОСТИ"


class NoDebtNotices(DomainError):
    """Nobody in the building is in debt (any more: someone may have paid since the list was shown).

    Deliberately not a ValueError: callers read a ValueError from here as missing bank details.
    """

    message = QT_TRANSLATE_NOOP(
        "Errors", "No subscriber in this building is in debt on this date: there are no notices to print."
    )


def _style(name: str, **kwargs: Any) -> ParagraphStyle:
    """A notice style: 10 pt DejaVu unless told otherwise (the notice is read by people of every age)."""
    defaults: dict[str, Any] = {"fontName": REGULAR, "fontSize": 10, "leading": 12.5}
    return ParagraphStyle(f"notice-{name}", **{**defaults, **kwargs})


_BODY = _style("body")
_BULLET = _style("bullet", leftIndent=9, bulletIndent=0, bulletFontName=REGULAR)
_LABEL = _style("label", textColor=GREY)
_COMPANY = _style("company", fontSize=9, leading=11)
_TITLE = _style(
    "title", fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER, spaceBefore=3, spaceAfter=5
)
_DEBT = _style("debt", leading=14, spaceBefore=6)
_WARNING = _style("warning", fontName=BOLD, fontSize=11, leading=14)
_REQUEST = ParagraphStyle("notice-request", parent=_WARNING, spaceBefore=6)
_SECTION = _style("section", fontName=BOLD, spaceBefore=2, spaceAfter=2)
_NOTE = _style("note", fontSize=8.5, leading=10.5)
_SMALL = _style("small", fontSize=7, leading=8.5, textColor=GREY)
_CAPTION = _style("caption", fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=GREY)


def date_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def payment_purpose(contract_number: str) -> str:
    """What the bank statement says the money is for: the office matches payments by contract number."""
    return f"Оплата услуг связи по договору {contract_number}"


def notice_payload(company: CompanyDetails, notice: DebtNotice) -> str:
    """The notice's QR payload: the debt as the sum, the contract as the payer's account, the subscriber
    as the payer. No address: the bank does not need it, and every byte left out makes the code coarser
    and easier to scan at the same printed size."""
    return payment_qr_payload(
        company,
        amount=notice.debt,
        contract_number=notice.contract_number,
        purpose=payment_purpose(notice.contract_number),
        payer_name=notice.subscriber_name,
    )


def days_text(days: int) -> str:
    return f"{days} {plural_form(days, 'день', 'дня', 'дней')}"


@dataclass(frozen=True)
class _Shared:
    """What every notice of a batch prints the same: built once, laid out again on each notice."""

    company_header: str
    how_to_pay: tuple[str, ...]  # the ways to pay, one bullet each
    bank_details: str

    @classmethod
    def of(cls, company: CompanyDetails) -> _Shared:
        contacts = [text(company.address)] if company.address else []
        if company.phone:
            contacts.append(f"тел. {text(company.phone)}")
        header = f"<b>{text(company.name)}</b>" + ("<br/>" + ", ".join(contacts) if contacts else "")
        office = "в кассе абонентского отдела" + (f": {text(company.address)}" if company.address else "")
        how_to_pay = (
            f"{office};",
            "в приложении банка: «Оплата по QR-коду» — получатель, договор и сумма заполнятся сами;",
            "по реквизитам ниже в любом банке, указав номер договора.",
        )
        return cls(company_header=header, how_to_pay=how_to_pay, bank_details=_bank_details(company))


def _bank_details(company: CompanyDetails) -> str:
    parts = [f"Получатель: {text(company.name)}"]
    if company.inn:
        parts.append(f"ИНН {text(company.inn)}")
    if company.kpp:
        parts.append(f"КПП {text(company.kpp)}")
    parts.append(f"р/с {text(company.bank_account)} в {text(company.bank_name)}")
    parts.append(f"БИК {text(company.bic)}")
    parts.append(f"к/с {text(company.corr_account)}")
    return ", ".join(parts)


def _fields(notice: DebtNotice) -> Table:
    rows = [
        ("Абонент", f"<b>{text(notice.subscriber_name)}</b>"),
        ("Адрес", text(notice.address)),
        ("Договор", f"<b>№\u00a0{text(notice.contract_number)}</b>"),
    ]
    table = Table(
        [[Paragraph(label, _LABEL), Paragraph(value, _BODY)] for label, value in rows],
        colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _debt_paragraph(notice: DebtNotice) -> Paragraph:
    days = (notice.as_of - notice.debt_since).days
    since = f"Задолженность образовалась {date_text(notice.debt_since)}"
    if days > 0:
        since += f" и не погашена {days_text(days)}"
    return Paragraph(
        f"По состоянию на {date_text(notice.as_of)} задолженность по договору составляет "
        f'<font name="{BOLD}" size="12">{format_money(notice.debt)}</font> '
        f"({sum_in_words(notice.debt).lower()}). {since}.",
        _DEBT,
    )


def _warning(notice: DebtNotice) -> list[Flowable]:
    """The consequence, boxed and bold: it is why the notice is in the mailbox."""
    if notice.disconnect_on is None:
        return [Paragraph("Просим погасить задолженность в ближайшее время.", _REQUEST)]
    warning = Paragraph(
        f"Если задолженность не будет погашена до {date_text(notice.disconnect_on)}, "
        "кабельное телевидение будет отключено.",
        _WARNING,
    )
    box = Table([[warning]], colWidths=[WIDTH])
    box.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    box.spaceBefore = 6
    box.spaceAfter = 2
    return [
        box,
        Paragraph(
            "Чтобы подключить телевидение после отключения, потребуется погасить задолженность "
            "и оплатить повторное подключение по тарифу.",
            _NOTE,
        ),
    ]


def _how_to_pay(shared: _Shared, payload: str) -> Table:
    """How to pay on the left, the QR code on the right: the text points at the code beside it. The bank
    details go under the text, beside the code rather than below it, which keeps the notice short."""
    qr_width = QR_SIZE_MM * mm
    text_width = WIDTH - qr_width - 6 * mm
    left = [
        Paragraph("Как оплатить", _SECTION),
        *[Paragraph(way, _BULLET, bulletText="•") for way in shared.how_to_pay],
        Spacer(0, 4),
        Paragraph("Если вы уже оплатили, не обращайте внимания на это уведомление.", _BODY),
        Spacer(0, 6),
        Paragraph(shared.bank_details, _SMALL),
    ]
    right = [PaymentQr(payload, QR_SIZE_MM), Paragraph("Оплата по QR-коду", _CAPTION)]
    table = Table([[left, right]], colWidths=[text_width + 6 * mm, qr_width], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    table.spaceBefore = 8
    return table


class _Rule(Flowable):  # a thin line under the company header
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 4

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 2, self.width, 2)


def _notice_story(notice: DebtNotice, shared: _Shared, payload: str) -> list[Flowable]:
    return [
        Paragraph(shared.company_header, _COMPANY),
        _Rule(WIDTH),
        Paragraph(TITLE, _TITLE),
        _fields(notice),
        _debt_paragraph(notice),
        *_warning(notice),
        _how_to_pay(shared, payload),
    ]


def _draw_notice(canvas: Canvas, story: Sequence[Flowable], top: float) -> None:
    """Lay a notice into its half of the sheet. An unusually long name or address shrinks the notice a
    little to fit rather than pushing the bank details over the cut line."""
    frame = KeepInFrame(WIDTH, HEIGHT, list(story), mode="shrink")
    _, height = frame.wrapOn(canvas, WIDTH, HEIGHT)
    frame.drawOn(canvas, MARGIN_X, top - height)


def _draw_cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.6)
    canvas.setStrokeColor(GREY)
    canvas.line(0, HALF_HEIGHT, PAGE_WIDTH, HALF_HEIGHT)
    caption = "✂ линия отреза"
    size = 7
    width = canvas.stringWidth(caption, REGULAR, size)
    # White behind the caption so the dashes do not run through the letters.
    canvas.setFillColor(colors.white)
    canvas.rect(MARGIN_X - 2, HALF_HEIGHT - size * 0.6, width + 4, size * 1.3, stroke=0, fill=1)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, size)
    canvas.drawString(MARGIN_X, HALF_HEIGHT - size * 0.35, caption)
    canvas.restoreState()


def render_debt_notices(data: DebtNoticesData) -> bytes:
    """The building's notices as PDF bytes: A4 sheets, two notices each, in the order given.

    Raises BankDetailsMissing (a ValueError) before drawing anything when the company's bank details
    cannot make a payment QR code, and NoDebtNotices when there is nobody to notify.
    """
    if not data.notices:
        raise NoDebtNotices()
    register_fonts()
    # All payloads first: a missing bank detail fails at once, not after half the batch is drawn.
    payloads = [notice_payload(data.company, notice) for notice in data.notices]
    shared = _Shared.of(data.company)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=REGULAR)  # no unembedded Helvetica in the PDF
    canvas.setTitle(f"Уведомления о задолженности: {data.building_address}")
    canvas.setAuthor(data.company.name)
    canvas.setCreator("Subscriber Desk")
    for index, (notice, payload) in enumerate(zip(data.notices, payloads, strict=True)):
        story = _notice_story(notice, shared, payload)
        if index % 2 == 0:
            _draw_notice(canvas, story, PAGE_HEIGHT - MARGIN_Y)
        else:
            _draw_cut_line(canvas)
            _draw_notice(canvas, story, HALF_HEIGHT - MARGIN_Y)
            canvas.showPage()
    if len(data.notices) % 2:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
