"""The service contract as signed at the front desk: «Договор № … об оказании услуг связи», A4 portrait.

One copy per PDF (the operator prints it twice: one for the subscriber, one for the file). The text is
short standard clauses; what varies is the parties, the ordered services with their fees, the credit
limit and the debt policy (the grace period before CaTV is disconnected, the reconnection fee), which
the caller passes from the company settings. A typical contract (a few services) fits on two pages.
Import this module where a contract is printed: reportlab is a heavy import.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.pages import numbered_canvas
from app.printing.receipt import sum_in_words, table_style, text
from app.printing.words import plural_form
from app.services.kernel.documents import CompanyDetails, ContractDocumentData, ContractServiceLine
from app.services.kernel.text import format_phone, short_name

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 16 * mm
FOOTER_Y = 8 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X

GRID = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#e4e4e4")
FOOTER_COLOR = colors.HexColor("#444444")


KIND_LABELS: dict[str, str] = {
    "internet": "Интернет",
    "catv": "Кабельное ТВ",
    "iptv": "IPTV",
    "other": "Прочее",
}
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
BLANK = "_" * 24  # a value the company settings do not hold: filled in by hand
SIGNATURE = "_" * 18

_BODY = ParagraphStyle(
    "contract-body", fontName=REGULAR, fontSize=9.5, leading=12, alignment=TA_JUSTIFY, spaceAfter=2
)
_PLAIN = ParagraphStyle("contract-plain", fontName=REGULAR, fontSize=9.5, leading=12)
_SMALL = ParagraphStyle("contract-small", fontName=REGULAR, fontSize=8.5, leading=10.5)
_CELL = ParagraphStyle("contract-cell", fontName=REGULAR, fontSize=9, leading=11)
_CELL_RIGHT = ParagraphStyle("contract-cell-right", parent=_CELL, alignment=TA_RIGHT)
_HEAD = ParagraphStyle("contract-head", fontName=BOLD, fontSize=8.5, leading=10.5)
_HEAD_RIGHT = ParagraphStyle("contract-head-right", parent=_HEAD, alignment=TA_RIGHT)
_TITLE = ParagraphStyle("contract-title", fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER)
_SUBTITLE = ParagraphStyle(
    "contract-subtitle", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=6
)
_RIGHT = ParagraphStyle("contract-right", parent=_PLAIN, alignment=TA_RIGHT)
_SECTION = ParagraphStyle(
    "contract-section",
    fontName=BOLD,
    fontSize=10,
    leading=12.5,
    alignment=TA_CENTER,
    spaceBefore=6,
    spaceAfter=3,
    keepWithNext=1,
)
_PARTY_HEAD = ParagraphStyle("contract-party-head", fontName=BOLD, fontSize=10, leading=13, spaceAfter=2)


# --- small formatters ---------------------------------------------------------------------------------


def date_words(day: dt.date) -> str:
    """«05» марта 2025 г. — the way a contract dates itself."""
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year}\u00a0г."


def kind_label(kind: str) -> str:
    """internet → «Интернет»; an unknown kind is printed as stored."""
    return KIND_LABELS.get(kind, kind)


def days_text(days: int) -> str:
    """«в течение 10 календарных дней», «… 1 календарного дня» (genitive after «в течение»)."""
    return f"{days} {plural_form(days, 'календарного дня', 'календарных дней', 'календарных дней')}"


def monthly_total(services: list[ContractServiceLine]) -> int:
    return sum(line.monthly_fee for line in services)


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:]


def _or_blank(value: str) -> str:
    return text(value) if value.strip() else BLANK


def _is_company(data: ContractDocumentData) -> bool:
    return data.subscriber_kind == "company"


# --- the parts of the contract --------------------------------------------------------------------------


def _heading(data: ContractDocumentData) -> list[Flowable]:
    place = Table(
        [
            [
                Paragraph(f"г.\u00a0{text(data.city)}" if data.city.strip() else "", _PLAIN),
                Paragraph(date_words(data.signed_on), _RIGHT),
            ]
        ],
        colWidths=[WIDTH / 2, WIDTH / 2],
        style=table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
    place.spaceAfter = 8
    return [
        Paragraph(f"ДОГОВОР №\u00a0{text(data.number)}", _TITLE),
        Paragraph("об оказании услуг связи", _SUBTITLE),
        place,
    ]


def _subscriber_clause(data: ContractDocumentData) -> str:
    """The subscriber in the preamble: a person with the passport, a company with its INN."""
    name = f"<b>{_or_blank(data.subscriber_name)}</b>"
    if _is_company(data):
        inn = f", ИНН\u00a0{text(data.inn)}" if data.inn.strip() else ""
        return f"{name}{inn}, именуемое в дальнейшем «Абонент»"
    passport = f", паспорт {text(data.passport)}" if data.passport.strip() else ""
    return f"гражданин(ка) {name}{passport}, именуемый(ая) в дальнейшем «Абонент»"


def _preamble(data: ContractDocumentData) -> Paragraph:
    company = f"<b>{_or_blank(data.company.name)}</b>"
    return Paragraph(
        f"{company}, именуемое в дальнейшем «Оператор», с одной стороны, и {_subscriber_clause(data)}, "
        "с другой стороны, вместе именуемые «Стороны», заключили настоящий договор о нижеследующем.",
        _BODY,
    )


def _section(number: int, title: str) -> Paragraph:
    return Paragraph(f"{number}.&nbsp;{title}", _SECTION)


def _clause(number: str, body: str) -> Paragraph:
    return Paragraph(f"{number}.&nbsp;{body}", _BODY)


def _services_table(data: ContractDocumentData) -> Table:
    head = ["№", "Услуга", "Тариф", "Абонентская плата в месяц", "Дата начала", "Логин / идентификатор"]
    widths = [8 * mm, 27 * mm, 45 * mm, 30 * mm, 22 * mm]
    widths.append(WIDTH - sum(widths))
    rows: list[list[Any]] = [
        [Paragraph(name, _HEAD_RIGHT if index == 3 else _HEAD) for index, name in enumerate(head)]
    ]
    for index, line in enumerate(data.services, start=1):
        rows.append(
            [
                Paragraph(str(index), _CELL),
                Paragraph(text(kind_label(line.kind)), _CELL),
                Paragraph(text(line.tariff_name), _CELL),
                Paragraph(format_money(line.monthly_fee), _CELL_RIGHT),
                Paragraph(line.started_on.strftime("%d.%m.%Y"), _CELL),
                Paragraph(text(line.identifier) if line.identifier.strip() else "—", _CELL),
            ]
        )
    if not data.services:
        rows.append(["", Paragraph("Услуги не выбраны", _CELL), "", "", "", ""])
        extra: list[tuple[Any, ...]] = [("SPAN", (1, 1), (-1, 1))]
    else:
        total = format_money(monthly_total(data.services))
        rows.append(
            [
                "",
                Paragraph("<b>Итого в месяц</b>", _CELL),
                "",
                Paragraph(f"<b>{total}</b>", _CELL_RIGHT),
                "",
                "",
            ]
        )
        extra = [("SPAN", (1, -1), (2, -1))]
    table = Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
        style=table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        ),
    )
    table.spaceBefore = 2
    table.spaceAfter = 4
    return table


def _reconnection_fee_text(reconnection_fee: int | None) -> str:
    if reconnection_fee is None:
        return "в размере одной ежемесячной абонентской платы за услугу «Кабельное ТВ»"
    return f"в размере {format_money(reconnection_fee)}"


PERSONAL_DATA_LAW = "Федеральным законом от 27.07.2006 <b>№\u00a0152-ФЗ «О персональных данных»</b>"
PERSONAL_DATA_USE = (
    "в целях исполнения договора, расчётов и уведомлений о состоянии лицевого счёта. Согласие действует "
    "в течение срока договора и срока хранения документов по закону и может быть отозвано письменным "
    "заявлением."
)


def _personal_data(data: ContractDocumentData) -> str:
    """A person consents for himself; an organisation vouches for its representatives' consent."""
    if _is_company(data):
        return (
            f"Абонент подтверждает, что в соответствии с {PERSONAL_DATA_LAW} получил согласие своих "
            "представителей и контактных лиц на обработку Оператором их персональных данных (фамилия, "
            f"имя, отчество, телефон, электронная почта) {PERSONAL_DATA_USE}"
        )
    return (
        f"Подписывая договор, Абонент в соответствии с {PERSONAL_DATA_LAW} даёт Оператору согласие на "
        "обработку своих персональных данных (фамилия, имя, отчество, паспортные данные, адрес, телефон, "
        f"электронная почта) {PERSONAL_DATA_USE}"
    )


def _clauses(data: ContractDocumentData, grace_days: int, reconnection_fee: int | None) -> list[Flowable]:
    account = text(data.number)
    address = _or_blank(data.address)
    story: list[Flowable] = [
        _section(1, "Предмет договора"),
        _clause(
            "1.1",
            "Оператор оказывает Абоненту услуги связи (доступ в сеть Интернет, кабельное телевидение, IPTV и "
            f"иные услуги) в помещении по адресу: <b>{address}</b>, а Абонент принимает и оплачивает их.",
        ),
        _clause(
            "1.2",
            "Перечень заказанных услуг, тарифы, размер абонентской платы и дата начала оказания услуг:",
        ),
        _services_table(data),
        _clause(
            "1.3",
            "Лицевой счёт Абонента совпадает с номером настоящего договора "
            f"(№\u00a0{account}). Состав услуг и тарифы могут быть изменены по заявлению Абонента.",
        ),
        _section(2, "Порядок оплаты"),
        _clause(
            "2.1",
            "Услуги оплачиваются <b>авансом</b>: абонентская плата списывается с лицевого счёта Абонента "
            "за текущий месяц, и Абонент поддерживает на лицевом счёте положительный баланс.",
        ),
        _clause(
            "2.2",
            "Оплата вносится в кассу Оператора или безналичным переводом по реквизитам Оператора с указанием "
            f"номера договора (№\u00a0{account}). Датой оплаты считается дата поступления средств Оператору.",
        ),
    ]
    number = 3
    if data.credit_limit > 0:
        limit = format_money(data.credit_limit)
        words = _lower_first(sum_in_words(data.credit_limit))
        story.append(
            _clause(
                "2.3",
                f"Абоненту установлен <b>кредитный лимит {limit}</b> ({words}): "
                f"услуги оказываются, пока задолженность на лицевом счёте не превышает {limit}.",
            )
        )
        number = 4
    story.append(
        _clause(
            f"2.{number}",
            "Об изменении тарифов Оператор уведомляет Абонента не позднее чем за 10 календарных дней "
            "до их введения (в офисе Оператора, по SMS или электронной почте).",
        )
    )
    threshold = (
        f"ниже минус {format_money(data.credit_limit)} (кредитного лимита)"
        if data.credit_limit > 0
        else "ниже нуля"
    )
    story += [
        _section(3, "Приостановление и отключение услуг"),
        _clause(
            "3.1",
            f"Если баланс лицевого счёта Абонента становится {threshold}, Оператор в тот же день "
            "<b>приостанавливает услуги «Интернет» и «IPTV»</b> до погашения задолженности и уведомляет "
            "Абонента по SMS или электронной почте.",
        ),
        _clause(
            "3.2",
            f"Если задолженность не погашена в течение {days_text(grace_days)} со дня её возникновения, "
            "Оператор производит <b>физическое отключение кабельного ТВ</b> от абонентского ответвителя.",
        ),
        _clause(
            "3.3",
            "Приостановленные услуги возобновляются после погашения задолженности. Повторное подключение "
            "кабельного ТВ производится после погашения задолженности и оплаты "
            f"<b>платы за повторное подключение</b> {_reconnection_fee_text(reconnection_fee)}.",
        ),
        _section(4, "Обязанности сторон"),
        _clause(
            "4.1",
            "Оператор оказывает услуги круглосуточно, кроме времени плановых профилактических работ, "
            "и устраняет неисправности своей сети в разумный срок с момента обращения Абонента.",
        ),
        _clause(
            "4.2",
            "Абонент своевременно оплачивает услуги, не подключает к сети Оператора устройства третьих лиц, "
            "не вмешивается в работу абонентской линии и обеспечивает доступ работникам Оператора к "
            "оборудованию в помещении и в подъезде.",
        ),
        _section(5, "Персональные данные"),
        _clause("5.1", _personal_data(data)),
        _section(6, "Срок действия и расторжение договора"),
        _clause(
            "6.1",
            "Договор вступает в силу с момента подписания и заключён на неопределённый срок.",
        ),
        _clause(
            "6.2",
            "Абонент вправе расторгнуть договор в любое время, письменно уведомив Оператора и оплатив "
            "оказанные услуги. Оператор вправе расторгнуть договор в случаях, предусмотренных "
            "законодательством Российской Федерации о связи.",
        ),
        _clause(
            "6.3",
            "Споры разрешаются путём переговоров, а при недостижении согласия — в порядке, установленном "
            "законодательством Российской Федерации. Договор составлен в двух экземплярах, имеющих "
            "одинаковую юридическую силу, по одному для каждой из Сторон.",
        ),
    ]
    return story


def _operator_lines(company: CompanyDetails) -> list[str]:
    lines = [f"<b>{_or_blank(company.name)}</b>"]
    ids = [f"ИНН {_or_blank(company.inn)}"]
    if company.kpp.strip():
        ids.append(f"КПП {text(company.kpp)}")
    lines.append(", ".join(ids))
    lines.append(f"Адрес: {_or_blank(company.address)}")
    lines.append(f"р/с {_or_blank(company.bank_account)}")
    lines.append(f"в {_or_blank(company.bank_name)}")
    lines.append(f"БИК {_or_blank(company.bic)}")
    lines.append(f"к/с {_or_blank(company.corr_account)}")
    if company.phone.strip():
        lines.append(f"Тел.: {text(company.phone)}")
    return lines


def _subscriber_lines(data: ContractDocumentData) -> list[str]:
    lines = [f"<b>{_or_blank(data.subscriber_name)}</b>"]
    if _is_company(data):
        lines.append(f"ИНН {_or_blank(data.inn)}")
    else:
        lines.append(f"Паспорт: {_or_blank(data.passport)}")
    lines.append(f"Адрес оказания услуг: {_or_blank(data.address)}")
    if data.phone.strip():
        lines.append(f"Тел.: {text(format_phone(data.phone.strip()))}")
    if data.email.strip():
        lines.append(f"Эл. почта: {text(data.email)}")
    return lines


def _signature(name: str, seal: bool) -> Paragraph:
    who = text(short_name(name)) if name.strip() else "_" * 16
    line = f"{SIGNATURE} / {who} /"
    if seal:
        line += "<br/><br/>М.П."
    return Paragraph(line, _PLAIN)


def _parties(data: ContractDocumentData) -> Flowable:
    """Section 7: both parties' details side by side, their signatures under them, kept on one page."""
    half = WIDTH / 2
    # A company's contract is signed by its representative: the name is left to be written by hand.
    subscriber_signer = "" if _is_company(data) else data.subscriber_name
    table = Table(
        [
            [Paragraph("Оператор", _PARTY_HEAD), Paragraph("Абонент", _PARTY_HEAD)],
            [
                Paragraph("<br/>".join(_operator_lines(data.company)), _SMALL),
                Paragraph("<br/>".join(_subscriber_lines(data)), _SMALL),
            ],
            # Only an organisation has a seal: «М.П.» under a private person's signature means nothing.
            [_signature("", seal=True), _signature(subscriber_signer, seal=_is_company(data))],
        ],
        colWidths=[half, half],
        hAlign="LEFT",
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LEFTPADDING", (1, 0), (1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 2), (-1, 2), 18),
                ("LINEAFTER", (0, 0), (0, -1), 0.5, GRID),
            ]
        ),
    )
    return KeepTogether([_section(7, "Реквизиты и подписи сторон"), table])


# --- the document -------------------------------------------------------------------------------------


def contract_title(data: ContractDocumentData) -> str:
    return f"Договор № {data.number} от {data.signed_on.strftime('%d.%m.%Y')}"


def render_contract(data: ContractDocumentData) -> bytes:
    """The contract as PDF bytes: A4 portrait, one copy, usually two pages. The debt clauses print the
    data's grace period and reconnection fee (the operator's settings, as the program applies them)."""
    register_fonts()
    story: list[Flowable] = [
        *_heading(data),
        _preamble(data),
        *_clauses(data, data.grace_days, data.reconnection_fee),
        Spacer(0, 2 * mm),
        _parties(data),
    ]
    buffer = io.BytesIO()
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, WIDTH, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM, 0, 0, 0, 0, id="contract"
    )
    title = contract_title(data)
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        pageTemplates=[PageTemplate("contract", [frame])],
        initialFontName=REGULAR,  # otherwise reportlab lists an unembedded Helvetica in the PDF
        title=title,
        author=data.company.name,
        creator="Subscriber Desk",
    )
    footer = f"{title} · Оператор ________ · Абонент ________"

    maker = numbered_canvas(footer, margin=MARGIN_X, footer_y=FOOTER_Y, font_size=8, color=FOOTER_COLOR)
    doc.build(story, canvasmaker=maker)
    return buffer.getvalue()
