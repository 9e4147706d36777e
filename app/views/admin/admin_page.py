"""Administration: one tab per kind of reference data the administrator keeps true."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.db import Database
from app.services.kernel.permissions import Actor
from app.views.admin.billing_page import BillingPage
from app.views.admin.buildings_page import BuildingsPage
from app.views.admin.cash_desks_page import CashDesksPage
from app.views.admin.company_page import CompanyPage
from app.views.admin.installers_page import InstallersPage
from app.views.admin.network_page import NetworkPage
from app.views.admin.notifications_page import NotificationsPage
from app.views.admin.outages_page import OutagesPage
from app.views.admin.promotions_page import PromotionsPage
from app.views.admin.registries_page import RegistriesPage
from app.views.admin.staff_page import StaffPage
from app.views.admin.tariffs_page import TariffsPage


class AdminPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.tabs.setDocumentMode(True)
        self.company_page = CompanyPage(db, actor)
        self.cash_desks_page = CashDesksPage(db, actor)
        self.registries_page = RegistriesPage(db, actor)
        self.tariffs_page = TariffsPage(db, actor)
        self.buildings_page = BuildingsPage(db, actor)
        self.installers_page = InstallersPage(db, actor)
        self.staff_page = StaffPage(db, actor)
        self.billing_page = BillingPage(db, actor)
        self.notifications_page = NotificationsPage(db, actor)
        self.network_page = NetworkPage(db, actor)
        self.outages_page = OutagesPage(db, actor)
        self.promotions_page = PromotionsPage(db, actor)
        self.tabs.addTab(self.company_page, self.tr("Company"))
        self.tabs.addTab(self.tariffs_page, self.tr("Tariffs"))
        self.tabs.addTab(self.cash_desks_page, self.tr("Cash desks"))
        self.tabs.addTab(self.registries_page, self.tr("Payment registries"))
        self.tabs.addTab(self.buildings_page, self.tr("Buildings"))
        self.tabs.addTab(self.installers_page, self.tr("Installers"))
        self.tabs.addTab(self.staff_page, self.tr("Staff"))
        self.tabs.addTab(self.billing_page, self.tr("Billing"))
        self.tabs.addTab(self.notifications_page, self.tr("Reminders"))
        self.tabs.addTab(self.promotions_page, self.tr("Promotions"))
        self.tabs.addTab(self.outages_page, self.tr("Outages"))
        self.tabs.addTab(self.network_page, self.tr("Network"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
