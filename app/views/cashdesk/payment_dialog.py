"""Taking one payment. The dialog makes the payment's UUID when it opens, so Enter pressed twice,
a double click or a retry after a lost connection can never post it twice.

When the connection breaks while the payment is being saved, the outcome is unknown: the form freezes,
the payment is noted in this PC's pending file (so neither Cancel nor a restart forgets its UUID) and
«Check again» asks the database for the final answer — posted earlier (with its receipt), or not
posted (the form thaws and the same UUID may be posted)."""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.bootstrap import PendingPayment, PendingPayments, pending_payments
from app.db import Database
from app.errors import CommitOutcomeUnknown, DatabaseUnavailable, DomainError
from app.models import PaymentMethod
from app.money import format_money, parse_money
from app.printing.words import amount_in_words
from app.services.billing.prepaid import PrepayQuote, PrepayRequest, prepay_quote
from app.services.billing.promotions import GivenPromotion, prepay_offers
from app.services.billing.reconnection import reconnect_quote
from app.services.cashdesk.payments import PostedPayment, find_payment, post_payment
from app.services.cashdesk.typo_guard import CAP, confirm_above
from app.services.frontdesk.contracts import ContractSummary, contract_by_number
from app.services.kernel.documents import ReconnectQuote
from app.services.kernel.permissions import Actor
from app.services.kernel.text import format_phone
from app.views.frontdesk.promotion_dialog import terms_words
from app.views.labels import reconnect_text, short_date
from app.views.messages import error_text, prompts
from app.views.waiting import wait_for

PREPAY_MONTHS = (1, 2, 3, 6, 12)


class PaymentDialog(QDialog):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        contract: ContractSummary | None = None,
        parent: QWidget | None = None,
        *,
        pending: PendingPayments | None = None,
        electronic_receipt: bool = False,
    ) -> None:
        """`electronic_receipt`: the desk has an online cash register, so the subscriber may ask for the
        fiscal receipt by SMS or e-mail (the register sends it)."""
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.pending = pending if pending is not None else pending_payments()
        self.client_uuid = uuid.uuid4()
        self.contract: ContractSummary | None = None
        self.posted: PostedPayment | None = None
        self._outcome_unknown = False
        self._confirmed_amount: int | None = None  # a large amount the cashier has confirmed
        self._confirm_limit = CAP
        self.setWindowTitle(self.tr("Payment"))
        self.setMinimumWidth(480)

        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("contractNumber")
        self.number_edit.setMaxLength(32)
        self.number_edit.setPlaceholderText(self.tr("contract number, then Enter"))
        self.number_edit.returnPressed.connect(self.find_contract)
        self.contract_label = QLabel()
        self.contract_label.setObjectName("contractInfo")
        self.contract_label.setWordWrap(True)
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.amount_edit.setMaxLength(20)
        self.amount_edit.setPlaceholderText("0,00")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        font = self.amount_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.amount_edit.setFont(font)
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("method")
        self.method_combo.addItem(self.tr("Cash"), PaymentMethod.CASH)
        self.method_combo.addItem(self.tr("Card"), PaymentMethod.CARD)
        self.comment_edit = QLineEdit()
        self.comment_edit.setObjectName("comment")
        self.comment_edit.setMaxLength(500)
        # Empty: the paper receipt only. The subscriber's phone and e-mail are offered; another may be typed.
        self.receipt_to = QComboBox()
        self.receipt_to.setObjectName("receiptTo")
        self.receipt_to.setEditable(True)
        self.receipt_to.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = QLineEdit()
        self.receipt_to.setLineEdit(line)
        line.setMaxLength(64)
        line.setPlaceholderText(self.tr("paper only; or a phone or e-mail"))
        self.receipt_to.setMinimumContentsLength(24)
        # Paying months ahead: plain months, or a prepayment promotion the contract was given.
        self.prepay_combo = QComboBox()
        self.prepay_combo.setObjectName("prepay")
        self.prepay_combo.currentIndexChanged.connect(lambda _index: self._show_prepay())
        self.prepay_label = QLabel()
        self.prepay_label.setObjectName("prepayInfo")
        self.prepay_label.setWordWrap(True)
        self.prepay_quote: PrepayQuote | None = None
        self._fill_prepay([])

        form = QFormLayout()
        form.addRow(self.tr("Contract:"), self.number_edit)
        form.addRow("", self.contract_label)
        form.addRow(self.tr("Pay ahead:"), self.prepay_combo)
        form.addRow("", self.prepay_label)
        form.addRow(self.tr("Amount, ₽:"), self.amount_edit)
        form.addRow(self.tr("Method:"), self.method_combo)
        form.addRow(self.tr("Comment:"), self.comment_edit)
        if electronic_receipt:
            form.addRow(self.tr("Electronic receipt to:"), self.receipt_to)
        else:
            self.receipt_to.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.post_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.post_button.setText(self.tr("&Post payment"))
        self.post_button.setObjectName("post")
        # Enter posts from the amount and comment fields (wired below), never through QDialog's
        # default-button logic, which depends on focus and visibility.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.amount_edit.returnPressed.connect(self.submit)
        self.comment_edit.returnPressed.connect(self.submit)
        line.returnPressed.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._contract_fixed = contract is not None
        if contract is not None:
            self._set_contract(contract)
            self.number_edit.setReadOnly(True)
            self.amount_edit.setFocus()
        else:
            self.number_edit.setFocus()

    def _set_contract(self, contract: ContractSummary) -> None:
        self.contract = contract
        typed = self.receipt_to.currentText()
        self.receipt_to.clear()
        self.receipt_to.addItem("")
        for contact in (format_phone(contract.phone) if contract.phone else "", contract.email):
            if contact:
                self.receipt_to.addItem(contact)
        self.receipt_to.setEditText(typed)
        self.number_edit.setText(contract.number)
        balance = format_money(contract.balance)
        debt = self.tr(" — in debt") if contract.balance < 0 else ""
        text = (
            f"<b>{escape(contract.subscriber_name)}</b><br>{escape(contract.address)}<br>"
            + self.tr("Balance: {balance}").format(balance=balance)
            + debt
        )
        try:
            limit = wait_for(lambda: confirm_above(self.db, self.actor, contract.id), parent=self)
            self._confirm_limit = limit
        except DomainError:
            self._confirm_limit = CAP  # the database is not answering: the plain cap still guards
        quote = self._reconnect_quote(contract)
        if quote is not None:
            text += "<br>" + escape(reconnect_text(quote))
            if quote.amount and not self.amount_edit.text().strip():
                # The suggestion the cashier can take with Enter or type over.
                self.amount_edit.setText(format_money(quote.amount, currency=""))
                self.amount_edit.selectAll()
        self.contract_label.setText(text)
        self.contract_label.setStyleSheet("color: #b00020;" if contract.balance < 0 or quote else "")
        try:
            offers = wait_for(lambda: prepay_offers(self.db, self.actor, contract.id), parent=self)
        except DomainError:
            offers = []  # the plain months are still offered
        self._fill_prepay(offers)

    def _fill_prepay(self, offers: list[GivenPromotion]) -> None:
        """«no», the contract's prepayment promotions, then 1, 2, 3, 6 and 12 months."""
        self.prepay_combo.blockSignals(True)
        self.prepay_combo.clear()
        self.prepay_combo.addItem(self.tr("no: an ordinary payment"), None)
        for offer in offers:
            label = self.tr("promotion «{name}» ({terms})").format(
                name=offer.name, terms=terms_words(offer.promotion)
            )
            self.prepay_combo.addItem(label, PrepayRequest(offer.months or 1, offer.id))
        for months in PREPAY_MONTHS:
            self.prepay_combo.addItem(self.tr("%n month(s)", "", months), PrepayRequest(months))
        self.prepay_combo.setCurrentIndex(0)
        self.prepay_combo.blockSignals(False)
        self.prepay_quote = None
        self.prepay_label.hide()

    def _show_prepay(self) -> None:
        """What the chosen months cost and cover; the amount becomes what they need."""
        request = self.prepay_combo.currentData()
        self.prepay_quote = None
        if request is None or self.contract is None:
            self.prepay_label.hide()
            return
        contract_id = self.contract.id
        try:
            quote = wait_for(
                lambda: prepay_quote(
                    self.db, self.actor, contract_id, request.months, attachment_id=request.attachment_id
                ),
                parent=self,
            )
        except DomainError as exc:
            self.prepay_label.setText(error_text(exc))
            self.prepay_label.setStyleSheet("color: #b00020;")
            self.prepay_label.show()
            self.adjustSize()
            return
        self.prepay_quote = quote
        said = self.tr("{first} to {last}: {period}").format(
            first=short_date(quote.first_day),
            last=short_date(quote.last_day),
            period=format_money(quote.period_amount),
        )
        if quote.owed_before:
            said += self.tr(", and {owed} owed before it (the debt, the rest of this month)").format(
                owed=format_money(quote.owed_before)
            )
        said += self.tr(". To take: at least {required}.").format(required=format_money(quote.required))
        self.prepay_label.setText(said)
        self.prepay_label.setStyleSheet("")
        self.prepay_label.show()
        self.adjustSize()  # the label's lines get their room
        self.amount_edit.setText(format_money(quote.required, currency=""))
        self.amount_edit.selectAll()

    def _amount_confirmed(self, amount: int) -> bool:
        """Above the typo guard's limit the cashier reads the amount back in words and confirms."""
        assert self.contract is not None
        if self._confirmed_amount == amount or amount <= self._confirm_limit:
            return True
        text = self.tr(
            "Post {amount} ({words}) to contract {number}?\n\nThis is much more than the contract's fees: "
            "check the amount the subscriber actually gave."
        ).format(amount=format_money(amount), words=amount_in_words(amount), number=self.contract.number)
        if not prompts.confirm(self, self.tr("Check the amount"), text):
            return False
        self._confirmed_amount = amount
        return True

    def _reconnect_quote(self, contract: ContractSummary) -> ReconnectQuote | None:
        try:
            return wait_for(lambda: reconnect_quote(self.db, self.actor, contract.id), parent=self)
        except DomainError:
            return None  # a hint only: taking the payment must not depend on it

    def find_contract(self) -> None:
        if self._outcome_unknown:
            return
        try:
            typed = self.number_edit.text()
            self._set_contract(wait_for(lambda: contract_by_number(self.db, self.actor, typed), parent=self))
        except DomainError as exc:
            self.contract = None
            self.contract_label.clear()
            self._error(error_text(exc))
            return
        self.error_label.hide()
        self.amount_edit.setFocus()

    def submit(self) -> None:
        if self.posted is not None:
            return  # Enter held down after the payment went through: nothing more to do
        if self._outcome_unknown:
            self.check_again()
            return
        if self.contract is None or self.contract.number != "".join(self.number_edit.text().split()):
            self.find_contract()
            if self.contract is None:
                return
        try:
            amount = parse_money(self.amount_edit.text())
            if not self._amount_confirmed(amount):
                self.amount_edit.setFocus()
                self.amount_edit.selectAll()
                return
            contract_id = self.contract.id
            method = PaymentMethod(self.method_combo.currentData())
            comment = self.comment_edit.text()
            receipt_to = self.receipt_to.currentText()
            prepay = self.prepay_combo.currentData()
            self.posted = wait_for(
                lambda: post_payment(
                    self.db,
                    self.actor,
                    client_uuid=self.client_uuid,
                    contract_id=contract_id,
                    amount=amount,
                    method=method,
                    comment=comment,
                    receipt_to=receipt_to,
                    prepay=prepay,
                ),
                parent=self,
                writes=True,
            )
        except (CommitOutcomeUnknown, DatabaseUnavailable) as exc:
            self._lost_connection(exc)
            return
        except DomainError as exc:
            self._error(error_text(exc))
            if getattr(exc, "field", None) == "amount":
                self.amount_edit.setFocus()
                self.amount_edit.selectAll()
            elif getattr(exc, "field", None) == "receipt_to":
                self.receipt_to.setFocus()
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported, the input stays
            prompts.show_error(self, exc)
            return
        self.accept()

    def _lost_connection(self, exc: DomainError) -> None:
        """Until the program knows whether the payment is in, the input is frozen, nothing prints and
        the payment is noted in the pending file; «Check again» asks for the final answer."""
        self._outcome_unknown = True
        if self.contract is not None:
            self.pending.add(
                PendingPayment(
                    client_uuid=self.client_uuid,
                    staff_id=self.actor.staff_id,
                    contract_id=self.contract.id,
                    contract_number=self.contract.number,
                    amount=parse_money(self.amount_edit.text()),
                    method=str(self.method_combo.currentData()),
                    noted_at=clock.now(),
                )
            )
        self._freeze(True)
        self.post_button.setText(self.tr("&Check again"))
        self._error(
            error_text(exc)
            + "\n"
            + self.tr(
                "Press «Check again» when the connection is back: the payment will not be posted twice."
            )
        )

    def check_again(self) -> None:
        """The final answer for a payment whose outcome was unknown."""
        try:
            found = wait_for(lambda: find_payment(self.db, self.actor, self.client_uuid), parent=self)
        except DomainError as exc:  # still unreachable, or still being finished by the server
            self._error(error_text(exc))
            return
        self.pending.remove(self.client_uuid)
        self._outcome_unknown = False
        if found is not None:
            self.posted = found
            self.accept()
            return
        self._freeze(False)
        self.post_button.setText(self.tr("&Post payment"))
        self._error(
            self.tr("The payment was NOT posted. Check the amount and press «Post payment» to post it now.")
        )

    def _freeze(self, frozen: bool) -> None:
        self.number_edit.setReadOnly(frozen or self._contract_fixed)
        for edit in (self.amount_edit, self.comment_edit):
            edit.setReadOnly(frozen)
        self.method_combo.setEnabled(not frozen)
        self.receipt_to.setEnabled(not frozen)
        self.prepay_combo.setEnabled(not frozen)

    def reject(self) -> None:
        if self._outcome_unknown:
            prompts.warn(
                self,
                self.tr("Payment"),
                self.tr(
                    "Whether this payment went through is not known yet. The cash desk will check it "
                    "before the next payment: do not take the money again until it says so."
                ),
            )
        super().reject()

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.show()
