"""The sheet of recovery codes printed once at second-factor enrolment (in Russian, as all paper)."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.printing.fonts import BOLD, REGULAR, register_fonts


def render_recovery_codes(*, login: str, full_name: str, codes: list[str], moment: dt.datetime) -> bytes:
    """One A4 page: whose codes, when made, the ten codes, and how to keep them."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=15)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=6)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    document.title = "Коды восстановления"
    rows = [[f"{i}.", code] for i, code in enumerate(codes, start=1)]
    table = Table(rows, colWidths=[12 * mm, 60 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTNAME", (1, 0), (1, -1), BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 14),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story = [
        Paragraph("Subscriber Desk — коды восстановления второго фактора", title),
        Paragraph(
            escape(f"Сотрудник: {full_name} (логин {login}). Коды созданы {moment:%d.%m.%Y %H:%M}."), body
        ),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph(
            "Каждый код действует один раз — вместо кода из приложения, если телефона нет под рукой. "
            "Храните лист там же, где храните документы, и никому не показывайте. Эти коды больше "
            "нигде не будут показаны; если они кончились или лист потерян, попросите администратора "
            "сбросить второй фактор и настройте его заново.",
            body,
        ),
    ]
    document.build(story)
    return out.getvalue()
