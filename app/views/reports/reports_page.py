"""Reports section: one tab per report."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.db import Database
from app.services.kernel.permissions import Actor
from app.views.reports.debtors_page import DebtorsPage
from app.views.reports.field_work_page import FieldWorkPage
from app.views.reports.journal_page import JournalPage
from app.views.reports.revenue_page import RevenuePage


class ReportsPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.journal_page = JournalPage(db, actor)
        self.debtors_page = DebtorsPage(db, actor)
        self.tabs.addTab(self.journal_page, self.tr("Payments journal"))
        self.field_work_page = FieldWorkPage(db, actor)
        self.tabs.addTab(self.debtors_page, self.tr("Debtors"))
        self.tabs.addTab(self.field_work_page, self.tr("Field work"))
        self.revenue_page = RevenuePage(db, actor)
        self.tabs.addTab(self.revenue_page, self.tr("Revenue"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
