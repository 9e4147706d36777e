"""«Сведения о персональных данных субъекта»: everything held about a subscriber, printed for them
(152-FZ, art. 14), from app/services/frontdesk/subject_export.py."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.money import format_money
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.receipt import format_local
from app.services.frontdesk.subject_export import SubjectRecord
from app.services.kernel.text import format_phone

_WORDS: dict[str, str] = {
    # services
    "internet": "Интернет",
    "catv": "кабельное ТВ",
    "iptv": "IPTV",
    "other": "прочее",
    "pending": "ожидает подключения",
    "active": "действует",
    "blocked": "приостановлена за долг",
    "suspended": "приостановлена по заявлению",
    "disconnect_pending": "ожидает отключения",
    "disconnected": "отключена",
    "closed": "закрыта",
    # the ledger
    "payment": "платёж",
    "charge": "начисление",
    "fee": "разовый платёж",
    "adjustment": "корректировка",
    "reversal": "сторно",
    # payment methods
    "cash": "наличные",
    "card": "карта",
    "bank_registry": "банк / агент",
    "terminal": "терминал",
    # why personal data was opened
    "shown": "показаны в карточке",
    "contract": "печать договора",
    "subject_export": "сведения для субъекта",
    "look": "просмотр",
}


def _word(code: str) -> str:
    return _WORDS.get(code, code)


_BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
_CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=10)
_TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, spaceAfter=4)
_HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _cell(value: Any) -> Paragraph:
    return Paragraph(escape(str(value)), _CELL)


def _table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Flowable:
    if not rows:
        return Paragraph("нет", _BODY)
    table = Table(
        [[_cell(h) for h in header], *[[_cell(v) for v in row] for row in rows]],
        colWidths=[w * mm for w in widths],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_subject_record(
    record: SubjectRecord, timezone: str, summarize: Callable[[dict[str, Any]], str] | None = None
) -> bytes:
    """The record on A4 pages; `summarize` words a history entry in Russian (the program's
    translation of its kind's template; without it, the stored English summary)."""
    words = summarize or (lambda entry: str(entry["summary"]))
    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm
    )
    document.title = "Сведения о персональных данных"
    subscriber = record.subscriber
    personal = record.personal_data
    passport = " ".join(p for p in (personal["passport_series"], personal["passport_number"]) if p) or "—"
    story: list[Flowable] = [
        Paragraph("Сведения о персональных данных, которые обрабатывает оператор", _TITLE),
        Paragraph(
            escape(
                f"Субъект: {subscriber['full_name']}. Сведения подготовлены "
                f"{format_local(record.produced_at, timezone)}, подготовил(а): {record.produced_by}."
            ),
            _BODY,
        ),
        Paragraph("Абонент", _HEAD),
        _table(
            ["Сведение", "Значение"],
            [
                ["ФИО / наименование", subscriber["full_name"]],
                ["Телефон", format_phone(subscriber["phone"]) or "—"],
                ["Второй телефон", format_phone(subscriber["phone2"]) or "—"],
                ["Электронная почта", subscriber["email"] or "—"],
                ["ИНН", subscriber["inn"] or "—"],
                ["SMS-уведомления", "да" if subscriber["notify_sms"] else "нет"],
                ["Уведомления по почте", "да" if subscriber["notify_email"] else "нет"],
                ["Паспорт", passport],
                ["Кем выдан", personal["passport_issued_by"] or "—"],
                ["Дата выдачи", _date(personal["passport_issued_on"])],
                ["Дата рождения", _date(personal["birth_date"])],
                ["Карточка создана", format_local(subscriber["created_at"], timezone)],
            ],
            [55, 125],
        ),
    ]
    for contract in record.contracts:
        story += [
            Paragraph(escape(f"Договор № {contract.number}"), _HEAD),
            Paragraph(
                escape(
                    f"Адрес: {contract.address or '—'}. Заключён {_date(contract.signed_on)}, "
                    f"расторгнут {_date(contract.terminated_on)}. Баланс: {format_money(contract.balance)}."
                ),
                _BODY,
            ),
            Paragraph("Услуги", _BODY),
            _table(
                ["Услуга", "Тариф", "Идентификатор", "Состояние", "С", "По"],
                [
                    [
                        _word(s["kind"]),
                        s["tariff"],
                        s["identifier"] or "—",
                        _word(s["state"]),
                        _date(s["started_on"]),
                        _date(s["ended_on"]),
                    ]
                    for s in contract.services
                ],
                [22, 45, 35, 28, 25, 25],
            ),
            Paragraph("Платежи", _BODY),
            _table(
                ["Платёж", "Сумма", "Способ", "Чек", "Кассир"],
                [
                    [
                        format_local(p["posted_at"], timezone),
                        format_money(p["amount"]),
                        _word(p["method"]),
                        p["receipt"] or "—",
                        p["cashier"],
                    ]
                    for p in contract.payments
                ],
                [35, 30, 30, 20, 65],
            ),
            Paragraph("Операции по лицевому счёту", _BODY),
            _table(
                ["Дата", "Операция", "Сумма", "Комментарий"],
                [
                    [_date(e["date"]), _word(e["kind"]), format_money(e["amount"]), e["comment"]]
                    for e in contract.ledger
                ],
                [25, 30, 30, 95],
            ),
        ]
    story += [
        Paragraph("Заметки", _HEAD),
        _table(
            ["Когда", "Кто", "Текст"],
            [[format_local(n["at"], timezone), n["by"], n["text"]] for n in record.notes],
            [35, 45, 100],
        ),
        Paragraph("Кто и когда просматривал персональные данные", _HEAD),
        _table(
            ["Когда", "Кто", "Зачем"],
            [
                [
                    format_local(v["at"], timezone),
                    v["by"] or "—",
                    _word(v["purpose"]) if v["purpose"] else "совпадение паспорта при заключении договора",
                ]
                for v in record.viewed_by
            ],
            [35, 80, 65],
        ),
        Paragraph("История", _HEAD),
        _table(
            ["Когда", "Кто", "Событие"],
            [[format_local(h["at"], timezone), h["by"] or "—", words(h)] for h in record.history],
            [35, 45, 100],
        ),
    ]
    document.build(story)
    return out.getvalue()
