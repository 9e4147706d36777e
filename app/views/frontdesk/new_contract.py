"""New contract: the subscriber, the premises (a building from the directory, found as you type), the
services on tariffs on sale, in one form; one save makes them all. Bad input keeps the form filled and
says what to fix; possible duplicates are shown before anything is saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import DomainError
from app.models import ServiceKind, SubscriberKind
from app.money import format_money, parse_money
from app.services.admin.places import search_buildings
from app.services.admin.tariffs import tariffs_for_new_service
from app.services.billing.promotions import promotions
from app.services.frontdesk.signing import (
    NewService,
    NewSubscriber,
    PossibleDuplicates,
    SignedContract,
    sign_contract,
)
from app.services.kernel.permissions import Actor
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import error_label
from app.views.frontdesk.promotion_dialog import offered_text
from app.views.messages import error_text, prompts

KINDS = (ServiceKind.INTERNET, ServiceKind.CATV, ServiceKind.IPTV)
SEARCH_DELAY_MS = 200


class NewContractDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.signed: SignedContract | None = None
        self.setWindowTitle(self.tr("New contract"))
        self.setMinimumWidth(1000)

        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Person"), SubscriberKind.PERSON.value)
        self.kind_combo.addItem(self.tr("Company"), SubscriberKind.COMPANY.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.name_edit = self._line("full_name", 300)
        self.phone_edit = self._line("phone", 30, self.tr("+7 (916) 123-45-67"))
        self.phone2_edit = self._line("phone2", 30)
        self.email_edit = self._line("email", 200)
        self.sms_box = QCheckBox(self.tr("SMS reminders"))
        self.sms_box.setChecked(True)
        self.email_box = QCheckBox(self.tr("E-mail reminders"))
        self.series_edit = self._line("passport_series", 4, "1234")
        self.number_edit = self._line("passport_number", 6, "567890")
        self.issued_edit = self._line("passport_issued_by", 300)
        self.inn_edit = self._line("inn", 12)
        who = QGroupBox(self.tr("Subscriber"))
        form = QFormLayout(who)
        form.addRow(self.tr("Type:"), self.kind_combo)
        form.addRow(self.tr("Full name:"), self.name_edit)
        form.addRow(self.tr("Phone:"), self.phone_edit)
        form.addRow(self.tr("Second phone:"), self.phone2_edit)
        form.addRow(self.tr("E-mail:"), self.email_edit)
        reminders = QVBoxLayout()
        reminders.addWidget(self.sms_box)
        reminders.addWidget(self.email_box)
        form.addRow(self.tr("Reminders:"), reminders)
        passport = QHBoxLayout()
        passport.addWidget(self.series_edit)
        passport.addWidget(self.number_edit)
        passport.addStretch(1)
        self.passport_label = QLabel(self.tr("Passport (series, number):"))
        form.addRow(self.passport_label, passport)
        self.issued_label = QLabel(self.tr("Issued by:"))
        form.addRow(self.issued_label, self.issued_edit)
        self.inn_label = QLabel(self.tr("INN:"))
        form.addRow(self.inn_label, self.inn_edit)

        self.building_combo = QComboBox()
        self.building_combo.setObjectName("building")
        self.building_combo.setEditable(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.timeout.connect(self._find_buildings)
        building_text = self.building_combo.lineEdit()
        assert building_text is not None  # an editable combo has one
        building_text.setPlaceholderText(self.tr("street and house, e.g. ленина 12"))
        building_text.textEdited.connect(lambda _t: self._search_timer.start(SEARCH_DELAY_MS))
        self.apartment_edit = self._line("apartment", 20)
        where = QGroupBox(self.tr("Premises"))
        where_form = QFormLayout(where)
        where_form.addRow(self.tr("Building:"), self.building_combo)
        where_form.addRow(self.tr("Apartment:"), self.apartment_edit)

        self.signed_edit = DateField(business_qdate(self.db))
        self.signed_edit.setCalendarPopup(True)
        self.signed_edit.dateChanged.connect(lambda _d: self._fill_tariffs())
        self.limit_edit = self._line("credit_limit", 12, "0")
        services = QGroupBox(self.tr("Services"))
        grid = QGridLayout(services)
        self.service_boxes: dict[ServiceKind, QCheckBox] = {}
        self.tariff_combos: dict[ServiceKind, QComboBox] = {}
        self.identifier_edits: dict[ServiceKind, QLineEdit] = {}
        titles = {
            ServiceKind.INTERNET: self.tr("Internet"),
            ServiceKind.CATV: self.tr("Cable TV"),
            ServiceKind.IPTV: self.tr("IPTV"),
        }
        for row, kind in enumerate(KINDS):
            box = QCheckBox(titles[kind])
            box.setObjectName(f"service_{kind.value}")
            combo = QComboBox()
            combo.setObjectName(f"tariff_{kind.value}")
            ident = QLineEdit()
            ident.setObjectName(f"identifier_{kind.value}")
            ident.setPlaceholderText(self.tr("login / card / MAC"))
            ident.setMaxLength(100)
            ident.setMinimumWidth(160)
            self.service_boxes[kind], self.tariff_combos[kind], self.identifier_edits[kind] = (
                box,
                combo,
                ident,
            )
            grid.addWidget(box, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(ident, row, 2)
        grid.setColumnStretch(1, 1)
        terms = QFormLayout()
        terms.addRow(self.tr("Signed on:"), self.signed_edit)
        terms.addRow(self.tr("Credit limit, ₽:"), self.limit_edit)
        # a promotion on offer, given with the contract (docs/promotions.md)
        self.promotion_combo = QComboBox()
        self.promotion_combo.setObjectName("promotion")
        self.promotion_combo.addItem(self.tr("none"), None)
        for offer in promotions(self.db, self.actor, offered_only=True):
            self.promotion_combo.addItem(offered_text(offer), offer.id)
        self.promotion_combo.setEnabled(self.promotion_combo.count() > 1)
        terms.addRow(self.tr("Promotion:"), self.promotion_combo)
        grid.addLayout(terms, len(KINDS), 0, 1, 3)

        self.error_label = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Sign contract"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(who, 3)
        right = QVBoxLayout()
        right.addWidget(where)
        right.addWidget(services)
        top.addLayout(right, 4)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill_tariffs()
        self._kind_changed()
        self.name_edit.setFocus()

    def _line(self, name: str, length: int, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(length)
        edit.setPlaceholderText(placeholder)
        return edit

    def _kind_changed(self) -> None:
        person = self.kind_combo.currentData() == SubscriberKind.PERSON.value
        for widget in (
            self.passport_label,
            self.series_edit,
            self.number_edit,
            self.issued_label,
            self.issued_edit,
        ):
            widget.setVisible(person)
        self.inn_label.setVisible(not person)
        self.inn_edit.setVisible(not person)

    def signed_on(self) -> dt.date:
        return to_date(self.signed_edit.date())

    def _fill_tariffs(self) -> None:
        for kind in KINDS:
            combo = self.tariff_combos[kind]
            chosen = combo.currentData()
            combo.clear()
            options = tariffs_for_new_service(self.db, kind, self.signed_on())
            for option in options:
                combo.addItem(f"{option.name} — {format_money(option.monthly_fee)}", option.id)
            if chosen is not None and combo.findData(chosen) >= 0:
                combo.setCurrentIndex(combo.findData(chosen))
            elif options:  # the cheapest to start with, never the dearest by the list's order
                cheapest = min(options, key=lambda option: option.monthly_fee)
                combo.setCurrentIndex(combo.findData(cheapest.id))
            self.service_boxes[kind].setEnabled(combo.count() > 0)

    def _find_buildings(self) -> None:
        text = self.building_combo.currentText()
        self.building_combo.blockSignals(True)
        self.building_combo.clear()
        for row in search_buildings(self.db, text, limit=20):
            self.building_combo.addItem(row.full_address, row.id)
        self.building_combo.setEditText(text)
        self.building_combo.blockSignals(False)
        if self.building_combo.count():
            self.building_combo.showPopup()

    def choose_building(self, building_id: int, title: str) -> None:
        """Pick a building directly (the card's "new contract at this address", and tests)."""
        self.building_combo.clear()
        self.building_combo.addItem(title, building_id)
        self.building_combo.setCurrentIndex(0)

    def _building_id(self) -> int:
        index = self.building_combo.findText(self.building_combo.currentText())
        return (
            int(self.building_combo.itemData(index))
            if index >= 0 and self.building_combo.itemData(index)
            else 0
        )

    def subscriber(self) -> NewSubscriber:
        return NewSubscriber(
            full_name=self.name_edit.text(),
            phone=self.phone_edit.text(),
            kind=SubscriberKind(str(self.kind_combo.currentData())),
            phone2=self.phone2_edit.text(),
            email=self.email_edit.text(),
            notify_sms=self.sms_box.isChecked(),
            notify_email=self.email_box.isChecked(),
            passport_series=self.series_edit.text(),
            passport_number=self.number_edit.text(),
            passport_issued_by=self.issued_edit.text(),
            inn=self.inn_edit.text(),
        )

    def services(self) -> list[NewService]:
        return [
            NewService(kind, int(self.tariff_combos[kind].currentData()), self.identifier_edits[kind].text())
            for kind in KINDS
            if self.service_boxes[kind].isChecked() and self.tariff_combos[kind].currentData() is not None
        ]

    def submit(self, accept_duplicates: bool = False) -> None:
        try:
            limit = parse_money(self.limit_edit.text() or "0", field="credit_limit", allow_zero=True)
            self.signed = sign_contract(
                self.db,
                self.actor,
                subscriber=self.subscriber(),
                building_id=self._building_id(),
                apartment=self.apartment_edit.text(),
                services=self.services(),
                signed_on=self.signed_on(),
                credit_limit=limit,
                accept_duplicates=accept_duplicates,
                promotion_id=self.promotion_combo.currentData(),
            )
        except PossibleDuplicates as exc:
            if prompts.confirm(self, self.tr("Possible duplicate"), self.duplicates_text(exc)):
                self.submit(accept_duplicates=True)
            return
        except DomainError as exc:
            self._error(error_text(exc), getattr(exc, "field", None))
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported, the form stays filled
            prompts.show_error(self, exc)
            return
        self.accept()

    def duplicates_text(self, exc: PossibleDuplicates) -> str:
        """The warning in the operator's words: what matched (phone, passport, premises) named in their
        language, with the contract and subscriber it matched."""
        matched = {
            "phone": self.tr("the same phone"),
            "passport": self.tr("the same passport"),
            "premises": self.tr("the same premises"),
        }
        details = "; ".join(
            f"{matched.get(d.what, d.what)} — {d.contract_number} {d.subscriber_name}" for d in exc.duplicates
        )
        return QCoreApplication.translate("Errors", exc.source_text).format(details=details)

    def _error(self, text: str, field: str | None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        widget = self.findChild(QWidget, field) if field else None
        if widget is not None:
            widget.setFocus()
