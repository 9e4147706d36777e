"""Errors and prompts toward people: translated messages for expected errors, a short note with the
log file's path for bugs, and confirmations through one injectable service (tests answer them)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.errors import DomainError

log = logging.getLogger(__name__)


def error_text(exc: DomainError) -> str:
    """The error's message in the operator's language, parameters filled in."""
    translated = QCoreApplication.translate("Errors", exc.source_text)
    try:
        return translated.format(**exc.params) if exc.params else translated
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the error
        return exc.english()


class Prompts:
    """Message boxes behind one object, so tests can replace it with scripted answers."""

    log_path: Path | None = None
    # Writes the report an administrator can send for an unexpected error (set by the start-up).
    report_error: Callable[[BaseException], Path] | None = None

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
        """The path the user chose to save to, or None when they cancelled."""
        path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path or None

    def open_file(self, parent: QWidget | None, title: str, folder: str, file_filter: str) -> str | None:
        """The existing file the user chose to open, or None when they cancelled."""
        path, _selected = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
        return path or None

    def choose_folder(self, parent: QWidget | None, title: str, folder: str) -> str | None:
        """The folder the user chose, or None when they cancelled."""
        path = QFileDialog.getExistingDirectory(parent, title, folder)
        return path or None

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        """A line of text the user typed (such as a reason), or None when they cancelled."""
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return answer if ok else None

    def show_error(self, parent: QWidget | None, exc: BaseException) -> None:
        """Expected errors: their message. Anything else is a bug: log it, say where the details are."""
        title = QCoreApplication.translate("Prompts", "Subscriber Desk")
        if isinstance(exc, DomainError):
            self.warn(parent, title, error_text(exc))
            return
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        report: Path | None = None
        if self.report_error is not None:
            try:
                report = self.report_error(exc)
            except OSError:
                log.exception("the error report could not be written")
        if report is not None:
            text = QCoreApplication.translate(
                "Prompts",
                "Something went wrong and the action was not completed. A report for your administrator "
                "is saved to {path}.",
            ).format(path=report)
        else:
            where = str(self.log_path or QCoreApplication.translate("Prompts", "the program log"))
            text = QCoreApplication.translate(
                "Prompts",
                "Something went wrong and the action was not completed. Details are saved to {path}.",
            ).format(path=where)
        self.warn(parent, title, text)


prompts = Prompts()
