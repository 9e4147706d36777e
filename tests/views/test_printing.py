"""Printing through Qt: a PDF from app.printing goes to a printer page for page, at its own paper size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from app.models import PaymentMethod
from app.printing.receipt import render_receipt
from app.services.kernel.documents import CompanyDetails, ReceiptData
from app.views.printing import PdfPages, match_page_size, paint_pdf
from tests.printing.pdf import MM, ink, pdf_info, rasterise

COMPANY = CompanyDetails(
    "ООО «Сети»", "7707083893", "770701001", "Тверь", "", "ПАО Сбербанк", "044525225", "", ""
)
RECEIPT = ReceiptData(
    company=COMPANY,
    timezone="Europe/Moscow",
    desk_name="Касса 1",
    receipt_number=7,
    posted_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC),
    subscriber_name="Иванов Иван",
    contract_number="100001",
    address="Тверь, ул. Ленина, д. 12, кв. 5",
    amount=1200_00,
    method=PaymentMethod.CASH,
    balance_after=0,
    cashier_name="Анна",
)


def print_to_file(pdf: bytes, target: Path) -> int:
    pages = PdfPages.load(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    match_page_size(printer, pages)
    return paint_pdf(pages, printer)


def test_roll_receipt_prints_on_its_own_paper(qapp, tmp_path) -> None:
    pdf = render_receipt(RECEIPT, layout="roll")
    printed = tmp_path / "printed.pdf"
    assert print_to_file(pdf, printed) == 1
    info = pdf_info(printed.read_bytes(), tmp_path)
    assert info.pages == 1
    width, height = info.page_sizes[0]
    original_height = pdf_info(pdf, tmp_path).page_sizes[0][1]
    assert abs(width - 80 * MM) < 2 and abs(height - original_height) < 2  # the roll, not A4
    page = rasterise(printed.read_bytes(), tmp_path)[0]
    assert ink(page).dark_fraction > 0.01  # the receipt was drawn, not a blank page


def test_a4_receipt_prints_one_page(qapp, tmp_path) -> None:
    printed = tmp_path / "printed.pdf"
    assert print_to_file(render_receipt(RECEIPT, layout="a4"), printed) == 1
    assert pdf_info(printed.read_bytes(), tmp_path).pages == 1


def test_ctrl_p_prints_from_the_preview(qtbot, russian) -> None:
    """The preview's Print button answers Ctrl+P (Qt gives it no key), in Russian too."""
    from PySide6.QtCore import Qt

    from app.views.printing import preview_dialog, preview_print_action

    pages = PdfPages.load(render_receipt(RECEIPT, layout="roll"))
    preview = preview_dialog(None, QPrinter(QPrinter.PrinterMode.HighResolution), pages, "Квитанция 7")
    qtbot.addWidget(preview)
    action = preview_print_action(preview)
    assert action is not None and action.shortcut().toString() == "Ctrl+P"
    action.triggered.disconnect()  # not Qt's print dialog in a test: just see that the key reaches it
    pressed: list[bool] = []
    action.triggered.connect(lambda: pressed.append(True))
    preview.show()
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    qtbot.keyClick(preview.focusWidget() or preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True]
