"""Subscribers section: find a subscriber, see the card, sign a new contract, change services."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.models import ServiceKind
from app.services.admin.tariffs import tariffs_for_new_service
from app.services.frontdesk import service_changes
from app.services.frontdesk.card import ServiceRow
from app.services.kernel.permissions import Actor, Permission
from app.services.kernel.settings import business_date
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import FormDialog
from app.views.frontdesk.card import SubscriberCard
from app.views.frontdesk.new_contract import NewContractDialog
from app.views.frontdesk.search_widget import SearchWidget
from app.views.messages import prompts
from app.views.printing import printing
from app.views.splitters import remember_sizes


def _date(edit: QDateEdit) -> dt.date:
    return to_date(edit.date())


class FrontDeskPage(QWidget):
    pay_requested = Signal(int)

    def __init__(
        self, db: Database, actor: Actor, parent: QWidget | None = None, *, live: bool = True
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.live = live
        self.card: SubscriberCard | None = None
        self.search = SearchWidget(db, actor)
        self.search.contract_chosen.connect(self.open_contract)
        self.new_button = QPushButton(self.tr("&New contract…"))
        self.new_button.setVisible(actor.may(Permission.EDIT_SUBSCRIBERS))
        self.new_button.clicked.connect(self.new_contract)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search, 1)
        left_layout.addWidget(self.new_button)

        if actor.may(Permission.TAKE_PAYMENTS):
            # F2 takes a payment wherever a contract is chosen, as at the cash desk
            QShortcut(QKeySequence("F2"), self, self.pay_for_chosen)

        self.edit_bar = QWidget()
        # two rows (the services', then the contract's): one row of seven buttons made the card so wide
        # that the search list beside it lost its columns
        rows = QVBoxLayout(self.edit_bar)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        service_row, contract_row = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(service_row)
        rows.addLayout(contract_row)
        self.add_service_button = QPushButton(self.tr("Add service…"))
        self.tariff_button = QPushButton(self.tr("Change tariff…"))
        self.suspend_button = QPushButton(self.tr("Suspend…"))
        self.access_button = QPushButton(self.tr("Network access…"))
        self.close_service_button = QPushButton(self.tr("Close service…"))
        self.terminate_button = QPushButton(self.tr("Terminate contract…"))
        self.print_button = QPushButton(self.tr("Print contract"))
        for row, button, slot in (
            (service_row, self.add_service_button, self.add_service),
            (service_row, self.tariff_button, self.change_tariff),
            (service_row, self.suspend_button, self.suspend),
            (service_row, self.access_button, self.network_access),
            (contract_row, self.close_service_button, self.close_service),
            (contract_row, self.terminate_button, self.terminate),
            (contract_row, self.print_button, self.print_contract),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        service_row.addStretch(1)
        contract_row.addStretch(1)
        self.edit_bar.setVisible(False)
        self.placeholder = QLabel(self.tr("Find a subscriber by name, phone, address or contract number."))
        self.placeholder.setWordWrap(True)
        self.cards = QStackedWidget()
        self.cards.addWidget(self.placeholder)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.edit_bar)
        right_layout.addWidget(self.cards, 1)
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)  # room for name and phone
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        remember_sizes(splitter, "frontdesk")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def pay_for_chosen(self) -> None:
        """F2: the open card's contract, else the highlighted search result's."""
        contract_id = self.card.contract_id if self.card is not None else self.search.selected_contract()
        if contract_id is not None:
            self.pay_requested.emit(contract_id)

    def open_contract(self, contract_id: int) -> None:
        if self.card is not None:
            self.cards.removeWidget(self.card)
            self.card.close()
            self.card.deleteLater()
        self.card = SubscriberCard(self.db, self.actor, contract_id, live=self.live)
        self.card.pay_requested.connect(self.pay_requested)
        self.cards.addWidget(self.card)
        self.cards.setCurrentWidget(self.card)
        self.edit_bar.setVisible(self.actor.may(Permission.EDIT_SUBSCRIBERS))

    def new_contract(self) -> None:
        dialog = NewContractDialog(self.db, self.actor, self)
        if dialog.exec() and dialog.signed is not None:
            self.open_contract(dialog.signed.contract_id)
            if prompts.confirm(self, self.tr("New contract"), self.tr("Print the contract now?")):
                self.print_contract()

    def print_contract(self) -> None:
        from app.printing.contract import render_contract
        from app.services.frontdesk.signing import contract_document

        if self.card is None:
            return
        try:
            pdf = render_contract(contract_document(self.db, self.actor, self.card.contract_id))
        except Exception as exc:  # noqa: BLE001 - shown
            prompts.show_error(self, exc)
            return
        printing.print_pdf(
            self,
            pdf,
            self.tr("Contract {number}").format(
                number=self.card.data.contract_number if self.card.data else ""
            ),
        )

    # -- service changes ---------------------------------------------------------------------------

    def _version(self) -> int:
        assert self.card is not None and self.card.data is not None
        return self.card.data.version

    def selected_service(self) -> ServiceRow | None:
        if self.card is None:
            return None
        indexes = self.card.services_table.selectionModel().selectedRows()
        if not indexes:
            prompts.inform(self, self.tr("Services"), self.tr("Select a service in the Services tab first."))
            return None
        return self.card.services_model.rows[indexes[0].row()]

    def _run(self, dialog: FormDialog) -> None:
        dialog.exec()
        if self.card is not None:
            self.card.reload()  # after a conflict too: the card shows what is there now

    def _tariff_combo(self, kind: ServiceKind, on: dt.date) -> QComboBox:
        combo = QComboBox()
        for option in tariffs_for_new_service(self.db, kind, on):
            combo.addItem(option.name, option.id)
        return combo

    def make_add_service_dialog(self) -> FormDialog:
        assert self.card is not None
        dialog = FormDialog(self.tr("Add service"), self)
        kind = QComboBox()
        for value, title in (
            (ServiceKind.INTERNET, self.tr("Internet")),
            (ServiceKind.CATV, self.tr("Cable TV")),
            (ServiceKind.IPTV, self.tr("IPTV")),
        ):
            kind.addItem(title, value.value)
        tariff = self._tariff_combo(ServiceKind.INTERNET, business_date(self.db))

        def refill(_index: int) -> None:
            tariff.clear()
            for option in tariffs_for_new_service(
                self.db, ServiceKind(str(kind.currentData())), business_date(self.db)
            ):
                tariff.addItem(option.name, option.id)

        kind.currentIndexChanged.connect(refill)
        ident = QLineEdit()
        start = DateField(business_qdate(self.db))
        start.setCalendarPopup(True)
        dialog.add_field(self.tr("Service:"), kind, "kind")
        dialog.add_field(self.tr("Tariff:"), tariff, "tariff")
        dialog.add_field(self.tr("Login / card:"), ident, "identifier")
        dialog.add_field(self.tr("From:"), start, "start_on")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.add_service,
                self.db,
                self.actor,
                contract_id,
                kind=ServiceKind(str(kind.currentData())),
                tariff_id=int(tariff.currentData() or 0),
                identifier=ident.text(),
                start_on=_date(start),
                version=version,
            )
        )
        return dialog

    def add_service(self) -> None:
        if self.card is not None and self.card.data is not None:
            self._run(self.make_add_service_dialog())

    def make_tariff_dialog(self, service: ServiceRow) -> FormDialog:
        assert self.card is not None
        dialog = FormDialog(self.tr("Change tariff"), self)
        tariff = self._tariff_combo(service.kind, business_date(self.db))
        when = DateField(business_qdate(self.db))
        when.setCalendarPopup(True)
        dialog.add_field(self.tr("New tariff:"), tariff, "tariff")
        dialog.add_field(self.tr("From (today = at once):"), when, "date")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.change_tariff,
                self.db,
                self.actor,
                contract_id,
                service.id,
                tariff_id=int(tariff.currentData() or 0),
                on=_date(when),
                version=version,
            )
        )
        return dialog

    def make_access_dialog(self, service: ServiceRow) -> FormDialog:
        """The login and password RADIUS checks (Internet), or the TV platform's login and this
        contract's own device limit (IPTV)."""
        assert self.card is not None
        dialog = FormDialog(self.tr("Network access"), self)
        internet = service.kind == ServiceKind.INTERNET
        login = QLineEdit(service.identifier)
        password = QLineEdit(service.password)
        devices = QSpinBox()
        devices.setRange(0, service_changes.MAX_DEVICE_LIMIT)
        devices.setSpecialValueText(self.tr("as the tariff"))
        devices.setValue(service.device_limit if service.own_device_limit and service.device_limit else 0)
        if internet:
            password.setPlaceholderText(self.tr("6 or more Latin letters and digits"))
            dialog.add_field(self.tr("Login:"), login, "login")
            dialog.add_field(self.tr("Password:"), password, "password")
        else:
            login.setPlaceholderText(self.tr("empty: the subscriber's phone"))
            dialog.add_field(self.tr("TV platform login (phone):"), login, "login")
            dialog.add_field(self.tr("Devices at most:"), devices, "device_limit")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.set_network_access,
                self.db,
                self.actor,
                contract_id,
                service.id,
                login=login.text(),
                password=password.text(),
                device_limit=None if internet or devices.value() == 0 else devices.value(),
                version=version,
            )
        )
        return dialog

    def network_access(self) -> None:
        service = self.selected_service()
        if service is None:
            return
        if service.kind not in (ServiceKind.INTERNET, ServiceKind.IPTV):
            only = self.tr("Only Internet and IPTV services have network access.")
            prompts.inform(self, self.tr("Network access"), only)
            return
        self._run(self.make_access_dialog(service))

    def change_tariff(self) -> None:
        service = self.selected_service()
        if service is not None:
            self._run(self.make_tariff_dialog(service))

    def suspend(self) -> None:
        service = self.selected_service()
        if service is None or self.card is None:
            return
        dialog = FormDialog(self.tr("Suspend service"), self)
        until = DateField(business_qdate(self.db).addDays(30))
        until.setCalendarPopup(True)
        dialog.add_field(self.tr("Until:"), until, "until")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.suspend_service,
                self.db,
                self.actor,
                contract_id,
                service.id,
                until=_date(until),
                version=version,
            )
        )
        self._run(dialog)

    def close_service(self) -> None:
        service = self.selected_service()
        if service is None or self.card is None:
            return
        dialog = FormDialog(self.tr("Close service"), self)
        when = DateField(business_qdate(self.db))
        when.setCalendarPopup(True)
        dialog.add_field(self.tr("From:"), when, "date")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.close_service,
                self.db,
                self.actor,
                contract_id,
                service.id,
                on=_date(when),
                version=version,
            )
        )
        self._run(dialog)

    def terminate(self) -> None:
        if self.card is None or self.card.data is None:
            return
        dialog = FormDialog(
            self.tr("Terminate contract {number}").format(number=self.card.data.contract_number), self
        )
        when = DateField(business_qdate(self.db))
        when.setCalendarPopup(True)
        dialog.add_field(self.tr("From:"), when, "date")
        contract_id, version = self.card.contract_id, self._version()
        dialog.set_call(
            lambda: partial(
                service_changes.terminate_contract,
                self.db,
                self.actor,
                contract_id,
                on=_date(when),
                version=version,
            )
        )
        self._run(dialog)
