"""Printing the PDFs that `app.printing` draws: through Qt's print dialog with a preview, or straight
to the default printer when the workstation is set to print without asking.

QtPdf rasterises each page at the printer's resolution, so what prints is exactly the PDF."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSettings, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

SETTING_WITHOUT_ASKING = "printing/receipts_without_asking"
SETTING_RECEIPT_LAYOUT = "printing/receipt_layout"  # "a4" or "roll"


def receipts_without_asking() -> bool:
    return str(QSettings().value(SETTING_WITHOUT_ASKING, "false")).lower() in ("true", "1")


def receipt_layout() -> str:
    value = str(QSettings().value(SETTING_RECEIPT_LAYOUT, "a4"))
    return value if value in ("a4", "roll") else "a4"


def load_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """The document and the buffer it reads from (keep both alive while printing)."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def match_page_size(printer: QPrinter, document: QPdfDocument) -> None:
    """Give the printer the PDF's own paper (A4, or an 80 mm roll of the receipt's length)."""
    if document.pageCount() == 0:
        return
    size = document.pagePointSize(0)
    page = QPageSize(
        QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    printer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page onto the printer, one page each; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = printer.resolution()
    pages = document.pageCount()
    for number in range(pages):
        if number:
            printer.newPage()
        size_pt = document.pagePointSize(number)
        target = QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi))
        image = document.render(number, target)
        area = printer.pageLayout().paintRectPixels(dpi)
        scaled = target.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
    painter.end()
    return pages


class PdfPrinting:
    """Prints PDFs; tests swap it for a recorder, so they never open a real print dialog."""

    def print_pdf(self, parent: QWidget | None, pdf: bytes, title: str, *, ask: bool = True) -> bool:
        document, _buffer = load_pdf(pdf)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        match_page_size(printer, document)
        if not ask:
            return paint_pdf(document, printer) > 0
        preview = QPrintPreviewDialog(printer, parent)
        preview.setWindowTitle(title)
        preview.paintRequested.connect(lambda target: paint_pdf(document, target))
        return bool(preview.exec())


printing = PdfPrinting()
