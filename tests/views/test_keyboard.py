"""The keyboard on every screen of the main window (each section, each tab), in Russian and English:
no two visible controls share an Alt+letter (a shared one only moves the focus between them, which is
how «Назначить» and «Новый наряд» once both answered Alt+Н), and Tab leaves every list."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from app.db import Database
from app.models import Role
from app.views.main_window import MainWindow
from tests.factories import make_staff

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Mnemonic → the texts of the visible controls that carry it (tab titles of visible tab bars and
    the menu bar's menus too: Alt+letter reaches them all)."""
    seen: dict[str, list[str]] = defaultdict(list)
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            key = mnemonic(action.text())
            if key:
                seen[key].append(action.text())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i))
        for text in texts:
            key = mnemonic(text)
            if key:
                seen[key].append(text)
    return seen


def screens(window: MainWindow):
    """Every section, and inside it every tab of its tab widgets, shown in turn."""
    for key in window.section_keys():
        window.show_section(key)
        page = window.pages.currentWidget()
        tab_widgets = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(window)]
        if not tab_widgets:
            yield key
            continue
        for tabs in tab_widgets:
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                yield f"{key} / {tabs.tabText(index)}"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_screen_has_two_controls_on_one_alt_letter(qapp, db: Database, language: str) -> None:
    from app.views.i18n import install_translators

    install_translators(language)
    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    try:
        window.resize(1400, 900)
        window.show()
        clashes = []
        for screen in screens(window):
            for key, texts in visible_mnemonics(window).items():
                if len(texts) > 1:
                    clashes.append(f"{screen}: Alt+{key.upper()} on {texts}")
        assert clashes == []
    finally:
        install_translators("en")
        # gone now, with its pages' change watchers: none of them may poll the next test's database
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_tab_leaves_every_list(qapp, db: Database) -> None:
    """A list is one stop of the Tab key (arrows move between its rows), on every screen."""
    from PySide6.QtWidgets import QTableView

    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    window.build_all_sections()
    try:
        tables = window.findChildren(QTableView)
        assert len(tables) >= 10
        trapping = [t.objectName() or type(t.model()).__name__ for t in tables if t.tabKeyNavigation()]
        assert trapping == []
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_tab_leaves_a_date_field_and_every_date_on_screen_is_one(qtbot, db: Database) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDateEdit, QLineEdit, QVBoxLayout

    from app.views.dates import DateField

    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    before, date, after = QLineEdit(), DateField(), QLineEdit()
    for field in (before, date, after):
        layout.addWidget(field)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after  # Qt's own date box would move to the month instead
    qtbot.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is date

    window = MainWindow(db, make_staff(db, "boss", Role.ADMIN))
    window.build_all_sections()
    try:
        dates = window.findChildren(QDateEdit)
        assert dates and all(isinstance(d, DateField) for d in dates)
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
