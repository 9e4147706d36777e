"""The main window: the sections the signed-in user's roles allow, and a status bar with the user,
the database and whether it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.db import Database
from app.errors import DomainError
from app.services.kernel.permissions import Actor, Permission
from app.services.kernel.settings import idle_lock_minutes
from app.views.dates import follow_company_zone
from app.views.i18n import LANGUAGE_SETTING
from app.views.idle_lock import IdleLock
from app.views.labels import roles_text
from app.views.messages import prompts
from app.views.splitters import remember_sizes
from app.views.waiting import wait_for
from app.views.worker import run_in_background

PING_INTERVAL_MS = 15_000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    permission: Permission
    make_page: Callable[[], QWidget]


def focus_first_field(page: QWidget) -> None:
    """Put the keyboard focus on the page's own choice (`start_field()`: the cash desk's contract field,
    the dispatch board) when it can take it, else on the first widget of `page` that Tab reaches. (Not
    a focus proxy: a page with one is skipped over by Tab.)"""
    start_field = getattr(page, "start_field", None)
    chosen = start_field() if callable(start_field) else None
    if isinstance(chosen, QWidget) and chosen.isEnabled() and chosen.isVisibleTo(page):
        chosen.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes_tab and widget.isVisibleTo(page) and widget.isEnabled() and page.isAncestorOf(widget):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()

SECTION_LIST_MIN = 190  # pixels: «Администрирование» in the section font, and the same for all


class MainWindow(QMainWindow):
    signed_out = Signal()
    lock_requested = Signal()
    change_database_requested = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._closing_for_sign_out = False
        follow_company_zone(db)  # before any page shows a time
        self.idle_lock = IdleLock(idle_lock_minutes(db), self)
        self.idle_lock.idle.connect(self._lock_when_idle)
        self.setWindowTitle(self.tr("Subscriber Desk — {name}").format(name=actor.full_name))
        screen = self.screen().availableGeometry()
        self.resize(max(1100, int(screen.width() * 0.9)), max(700, int(screen.height() * 0.9)))

        self.section_list = QListWidget()
        self.section_list.setObjectName("sections")
        self.section_list.setIconSize(QSize(0, 0))
        self.section_list.setMaximumWidth(320)
        self.pages = QStackedWidget()
        self.sections = [s for s in self._all_sections() if actor.may(s.permission)]
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setSizeHint(QSize(160, 36))
            self.section_list.addItem(item)
            self.pages.addWidget(QWidget())  # built when first shown: signing in reads only one section
        self._built: set[int] = set()
        self.section_list.currentRowChanged.connect(self._open_section)
        # Wide enough for the longest title in the larger section font, never clipped.
        widest = max(
            (self.section_list.fontMetrics().horizontalAdvance(s.title) for s in self.sections), default=120
        )
        # and the same width for every role (a role with short titles got a narrow list that the pages
        # squeezed further, with a scroll bar of its own)
        self.section_list.setMinimumWidth(max(int(widest * 1.25) + 48, SECTION_LIST_MIN))
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setCurrentRow(0)
        self.section_list.setFocus()  # arrow keys move between sections at once

        splitter = QSplitter()
        splitter.addWidget(self.section_list)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        remember_sizes(splitter, "main")
        self.setCentralWidget(splitter)
        self._build_menu()
        self._build_status_bar()

    def _all_sections(self) -> list[Section]:
        return [
            Section(
                "subscribers", self.tr("Subscribers"), Permission.VIEW_SUBSCRIBERS, self._make_front_desk_page
            ),
            Section("cashdesk", self.tr("Cash desk"), Permission.TAKE_PAYMENTS, self._make_cash_desk_page),
            Section("dispatch", self.tr("Dispatch"), Permission.DISPATCH, self._make_dispatch_page),
            Section("reports", self.tr("Reports"), Permission.VIEW_REPORTS, self._make_reports_page),
            Section(
                "administration", self.tr("Administration"), Permission.MANAGE_STAFF, self._make_admin_page
            ),
        ]

    def _make_front_desk_page(self) -> QWidget:
        from app.views.frontdesk.frontdesk_page import FrontDeskPage

        page = FrontDeskPage(self.db, self.actor)
        page.pay_requested.connect(self._pay_from_card)
        return page

    def _pay_from_card(self, contract_id: int) -> None:
        """The card's "Take payment…": the cash desk section with its payment dialog for the contract."""
        from app.services.frontdesk.contracts import contract_summary
        from app.views.cashdesk.cash_desk_page import CashDeskPage

        if not self.show_section("cashdesk"):
            return
        page = self.pages.currentWidget()
        if isinstance(page, CashDeskPage):
            page.take_payment_for(contract_summary(self.db, self.actor, contract_id))

    def _make_cash_desk_page(self) -> QWidget:
        from app.views.cashdesk.cash_desk_page import CashDeskPage

        return CashDeskPage(self.db, self.actor)

    def _make_dispatch_page(self) -> QWidget:
        from app.views.dispatch.board_page import BoardPage

        return BoardPage(self.db, self.actor)

    def _make_reports_page(self) -> QWidget:
        from app.views.reports.reports_page import ReportsPage

        return ReportsPage(self.db, self.actor)

    def _make_admin_page(self) -> QWidget:
        from app.views.admin.admin_page import AdminPage

        return AdminPage(self.db, self.actor)

    def _build_menu(self) -> None:
        sections = self.menuBar().addMenu(self.tr("&Go"))
        self.section_actions: list[QAction] = []
        for number, section in enumerate(self.sections, start=1):
            action = QAction(section.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(
                lambda _checked=False, key=section.key: self.show_section(key, focus=True)
            )
            sections.addAction(action)
            self.section_actions.append(action)
        menu = self.menuBar().addMenu(self.tr("&Workstation"))
        self.lock_action = QAction(self.tr("&Lock workstation"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.sign_out_action = QAction(self.tr("&Sign out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(self.lock_action)
        menu.addAction(self.sign_out_action)
        menu.addSeparator()
        self._build_language_menu(menu.addMenu(self.tr("Lan&guage")))
        self.change_database_action = QAction(self.tr("Change &database…"), self)
        self.change_database_action.triggered.connect(self.change_database_requested)
        menu.addAction(self.change_database_action)
        about_action = QAction(self.tr("&About Subscriber Desk…"), self)
        about_action.triggered.connect(self.show_about)
        menu.addAction(about_action)
        menu.addSeparator()
        menu.addAction(quit_action)

    def _build_language_menu(self, menu: QMenu) -> None:
        """The language of this computer's program (a per-PC setting, read when the program starts)."""
        chosen = str(QSettings().value(LANGUAGE_SETTING, "") or "")
        self.language_actions = QActionGroup(self)
        for code, title in (("", self.tr("As the computer's system")), ("ru", "Русский"), ("en", "English")):
            action = QAction(title, self)
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, language=code: self._choose_language(language))
            self.language_actions.addAction(action)
            menu.addAction(action)

    def _choose_language(self, language: str) -> None:
        QSettings().setValue(LANGUAGE_SETTING, language)
        prompts.inform(
            self,
            self.tr("Language"),
            self.tr("The program will speak the chosen language on this computer from its next start."),
        )

    def about_text(self) -> str:
        from app import __version__
        from app.services.admin.database_choice import database_facts

        try:
            facts = wait_for(lambda: database_facts(self.db, self.actor), parent=self)
            schema = facts.revision or self.tr("none")
            server = facts.server_version
        except DomainError:
            schema = server = self.tr("unknown: the database does not answer")
        lines = [
            self.tr("Subscriber Desk, version {version}").format(version=__version__),
            self.tr("Database: {name}").format(name=self.db.display_name)
            + " — "
            + (self.tr("this computer only") if self.db.is_embedded else self.tr("office server")),
            self.tr("Database schema: {schema}").format(schema=schema),
        ]
        if not self.db.is_embedded:
            lines.append(self.tr("Server: PostgreSQL {version}").format(version=server))
        if prompts.log_path is not None:
            lines.append(self.tr("Program log: {path}").format(path=prompts.log_path))
        return "\n".join(lines)

    def show_about(self) -> None:
        prompts.inform(self, self.tr("About Subscriber Desk"), self.about_text())

    def _build_status_bar(self) -> None:
        roles = roles_text(self.actor.roles)
        self.user_label = QLabel(
            self.tr("User: {name} ({roles})").format(name=self.actor.full_name, roles=roles)
        )
        self.user_label.setObjectName("statusUser")
        if self.db.is_embedded:
            where = self.tr("embedded database {file}").format(file=self.db.display_name)
        else:
            where = self.tr("server {name}").format(name=self.db.display_name)
        self.database_label = QLabel(self.tr("Database: {where}").format(where=where))
        self.database_label.setObjectName("statusDatabase")
        self.connection_label = QLabel()
        self.connection_label.setObjectName("statusConnection")
        self.set_connection_state(True)
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.database_label)
        bar.addPermanentWidget(self.connection_label)
        self._ping_timer = QTimer(self)
        self._ping_timer.setInterval(PING_INTERVAL_MS)
        self._ping_timer.timeout.connect(self.check_connection)
        self._ping_timer.start()
        self._ping_running = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.idle_lock.start()  # shown at sign-in and after an unlock

    def hideEvent(self, event: Any) -> None:
        self.idle_lock.stop()
        super().hideEvent(event)

    def _lock_when_idle(self) -> None:
        if self.isVisible():
            self.lock_requested.emit()

    def set_connection_state(self, connected: bool) -> None:
        if connected:
            self.connection_label.setText(self.tr("● connected"))
            self.connection_label.setStyleSheet("color: #1b7f3b;")
        else:
            self.connection_label.setText(self.tr("● no connection to the database"))
            self.connection_label.setStyleSheet("color: #b00020; font-weight: bold;")

    def check_connection(self) -> None:
        if self._ping_running:
            return
        self._ping_running = True
        db = self.db

        def done(ok: object) -> None:
            self._ping_running = False
            self.set_connection_state(bool(ok))

        run_in_background(db.ping, done, lambda _exc: done(False), parent=self)

    def show_section(self, key: str, *, focus: bool = False) -> bool:
        """Switch to the section `key` if this user has it; with `focus`, the keyboard goes into it (to
        its first field or list), so the person can type at once."""
        keys = self.section_keys()
        if key not in keys:
            return False
        self.section_list.setCurrentRow(keys.index(key))
        page = self.pages.currentWidget()
        if focus and page is not None:
            focus_first_field(page)
        return True

    def _open_section(self, row: int) -> None:
        self._build_page(row)
        self.pages.setCurrentIndex(row)

    def _build_page(self, row: int) -> None:
        if row < 0 or row in self._built:
            return
        current = self.pages.currentWidget()
        placeholder = self.pages.widget(row)
        page = self.sections[row].make_page()
        self.pages.insertWidget(row, page)
        if placeholder is not None:
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        self._built.add(row)
        if current is not placeholder and current is not None:
            self.pages.setCurrentWidget(current)

    def build_all_sections(self) -> None:
        """Build the sections not shown yet (each is otherwise built when first opened)."""
        for row in range(len(self.sections)):
            self._build_page(row)

    def section_keys(self) -> list[str]:
        return [s.key for s in self.sections]

    def sign_out(self) -> None:
        self._closing_for_sign_out = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ping_timer.stop()
        if self._closing_for_sign_out:
            self.signed_out.emit()
        super().closeEvent(event)
