"""Printing the PDFs that `app.printing` draws: through Qt's print dialog with a preview, or straight
to the default printer when the workstation is set to print without asking.

PDFium (pypdfium2) rasterises each page at the printer's resolution, so what prints is exactly the
PDF, on its own paper size (A4, or an 80 mm roll of the receipt's length). No external program runs."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QSettings, QSize, QSizeF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

SETTING_WITHOUT_ASKING = "printing/receipts_without_asking"
SETTING_RECEIPT_LAYOUT = "printing/receipt_layout"  # "a4" or "roll"
POINTS_PER_INCH = 72
QT_PREVIEW_CONTEXT = "QPrintPreviewDialog"  # Qt's own catalog (qtbase) translates its Print button


def receipts_without_asking() -> bool:
    return str(QSettings().value(SETTING_WITHOUT_ASKING, "false")).lower() in ("true", "1")


def receipt_layout() -> str:
    value = str(QSettings().value(SETTING_RECEIPT_LAYOUT, "a4"))
    return value if value in ("a4", "roll") else "a4"


@dataclass
class PdfPages:
    """A PDF opened for drawing: page sizes in points and a renderer per page."""

    document: pdfium.PdfDocument

    @classmethod
    def load(cls, pdf: bytes) -> PdfPages:
        return cls(pdfium.PdfDocument(pdf))

    def __len__(self) -> int:
        return len(self.document)

    def size_points(self, number: int) -> tuple[float, float]:
        width, height = self.document[number].get_size()
        return float(width), float(height)

    def render(self, number: int, dpi: int) -> QImage:
        bitmap = self.document[number].render(scale=dpi / POINTS_PER_INCH, grayscale=False)
        image = bitmap.to_pil().convert("RGB")
        data = image.tobytes()
        return QImage(data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888).copy()


def match_page_size(printer: QPrinter, pages: PdfPages) -> None:
    """Give the printer the PDF's own paper, without margins (the PDF has its own)."""
    if len(pages) == 0:
        return
    width, height = pages.size_points(0)
    page = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def paint_pdf(pages: PdfPages, printer: QPrinter) -> int:
    """Draw every page onto the printer, one page each; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    dpi = min(printer.resolution(), 300)  # thermal and office printers gain nothing above 300 dpi
    for number in range(len(pages)):
        if number:
            printer.newPage()
        image = pages.render(number, dpi)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        scaled = QSize(image.width(), image.height()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
    painter.end()
    return len(pages)


class PdfPrinting:
    """Prints PDFs; tests swap it for a recorder, so they never open a real print dialog."""

    def print_pdf(self, parent: QWidget | None, pdf: bytes, title: str, *, ask: bool = True) -> bool:
        pages = PdfPages.load(pdf)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        match_page_size(printer, pages)
        if not ask:
            return paint_pdf(pages, printer) > 0
        return bool(preview_dialog(parent, printer, pages, title).exec())


def preview_dialog(
    parent: QWidget | None, printer: QPrinter, pages: PdfPages, title: str
) -> QPrintPreviewDialog:
    """Qt's print preview, with Ctrl+P doing what its toolbar's Print button does (Qt gives the button
    no key: a cashier would have to reach for the mouse)."""
    preview = QPrintPreviewDialog(printer, parent)
    preview._printer = printer  # type: ignore[attr-defined]  # Qt keeps a bare pointer: keep it alive
    preview.setWindowTitle(title)
    preview.paintRequested.connect(lambda target: paint_pdf(pages, target))
    print_action = preview_print_action(preview)
    if print_action is not None:
        print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        key = print_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        print_action.setToolTip(f"{print_action.text()} ({key})")
    return preview


def preview_print_action(preview: QPrintPreviewDialog) -> QAction | None:
    """The toolbar's Print action, found by the text Qt gives it (in the language Qt speaks)."""
    wanted = QCoreApplication.translate(QT_PREVIEW_CONTEXT, "Print")
    return next((a for a in preview.findChildren(QAction) if a.text() == wanted), None)


printing = PdfPrinting()
