"""Front desk → the subscriber card: one contract at a glance (who, where, phone, balance, status) and
tabs for its services, money, history, field work and notes. The passport stays masked until a role
that may see it asks (an audited event). Other workstations' changes to the contract show by themselves."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import (
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.models import ContractStatus
from app.money import format_money
from app.services.billing.discounts import DiscountRow, contract_discounts
from app.services.billing.prepaid import PrepaidRow, contract_prepaid_periods
from app.services.billing.promotions import FIRST_MONTHS, GivenPromotion, contract_promotions, promotions
from app.services.frontdesk.card import (
    CardData,
    HistoryRow,
    ServiceRow,
    WorkOrderRow,
    card,
    history,
    ledger,
    services,
    work_orders,
)
from app.services.frontdesk.notes import NoteRow, add_note, notes
from app.services.frontdesk.personal_data import personal_data
from app.services.kernel.permissions import Actor, Permission
from app.services.notifications.telegram import TelegramLink, telegram_link
from app.views.form_dialog import FormDialog
from app.views.frontdesk.card_models import (
    DEBT_COLOR,
    HISTORY_GROUPS,
    MASK,
    PAGE,
    RELOAD_DELAY_MS,
    HistoryModel,
    LedgerModel,
    NotesModel,
    ServicesModel,
    WorkOrdersModel,
    _day,
    _table,
    contract_status_title,
)
from app.views.frontdesk.discount_dialog import discount_dialog, discount_text, end_discount_dialog
from app.views.frontdesk.never_block_dialog import never_block_dialog
from app.views.frontdesk.promotion_dialog import attach_dialog, end_dialog, given_text, prepaid_text
from app.views.frontdesk.telegram_dialog import TelegramDialog
from app.views.labels import reconnect_text, short_moment
from app.views.live import ChangeWatcher
from app.views.messages import prompts
from app.views.waiting import wait_for

# what the card shows of the contract's offers: its promotions, and the months prepaid from today on
Offers = tuple[list[GivenPromotion], list[PrepaidRow]]


class SubscriberCard(QWidget):
    """The card of one contract. `pay_requested(contract_id)` asks the cash desk for its payment dialog.

    `live=False` (tests) shows no one else's changes; `watcher` shares a window's ChangeWatcher."""

    pay_requested = Signal(int)
    reloaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        contract_id: int,
        parent: QWidget | None = None,
        *,
        live: bool = True,
        watcher: ChangeWatcher | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.contract_id = contract_id
        self.data: CardData | None = None
        self.service_ids: set[int] = set()
        self.order_ids: set[int] = set()
        self._build_header()
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.tabs, 1)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self.reload()
        # A window showing several cards may share one watcher (one LISTEN connection); else the card
        # listens by itself.
        self._owns_watcher = watcher is None and live
        self.watcher: ChangeWatcher | None = watcher
        if self._owns_watcher:
            self.watcher = ChangeWatcher(db, self)
        if self.watcher is not None:
            self.watcher.changed.connect(self._on_change)

    # -- building -----------------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.name_label = QLabel()
        self.name_label.setObjectName("subscriberName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A long name wraps: on one line it set the card's least width (680 px for «Ковалёв Артём
        # Андреевич», far more for a company's full name), and the splitter took that width from the
        # search list beside it: its address column was one letter wide in a 1440-pixel window.
        self.name_label.setWordWrap(True)
        self.contract_label = QLabel()
        self.contract_label.setObjectName("contractNumber")
        self.status_label = QLabel()
        self.status_label.setObjectName("contractStatus")
        self.address_label = QLabel()
        self.address_label.setObjectName("address")
        self.address_label.setWordWrap(True)
        self.phone_label = QLabel()
        self.phone_label.setObjectName("phones")
        self.phone_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balance")
        font = self.balance_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.balance_label.setFont(font)

        self.passport_label = QLabel(MASK)
        self.passport_label.setObjectName("passport")
        self.passport_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_passport_button = QPushButton(self.tr("S&how"))
        self.show_passport_button.setToolTip(self.tr("Showing personal data is recorded in the history"))
        self.show_passport_button.clicked.connect(self.show_personal_data)
        self.passport_row = QWidget()
        passport_layout = QHBoxLayout(self.passport_row)
        passport_layout.setContentsMargins(0, 0, 0, 0)
        passport_layout.addWidget(self.passport_label)
        passport_layout.addWidget(self.show_passport_button)
        passport_layout.addStretch(1)
        self.may_see_passport = self.actor.may(Permission.VIEW_PERSONAL_DATA)
        self.passport_shown = False

        self.pay_button = QPushButton(self.tr("&Take payment…"))
        self.pay_button.setObjectName("takePayment")
        self.pay_button.clicked.connect(lambda: self.pay_requested.emit(self.contract_id))
        self.pay_button.setVisible(self.actor.may(Permission.TAKE_PAYMENTS))

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addSpacing(self.fontMetrics().horizontalAdvance("x") * 3)  # the name never runs into the sum
        top.addWidget(self.balance_label)
        top.addWidget(self.pay_button)
        details = QFormLayout()
        details.addRow(self.tr("Contract:"), self.contract_label)
        self.never_block_label = QLabel()
        self.never_block_label.setObjectName("neverBlock")
        self.never_block_label.setStyleSheet(
            "color: white; background: #1565c0; border-radius: 3px; padding: 1px 6px; font-weight: bold;"
        )
        self.never_block_label.hide()
        self.never_block_button = QPushButton()
        self.never_block_button.setObjectName("neverBlockButton")
        self.never_block_button.clicked.connect(self.edit_never_block)
        self.never_block_button.setVisible(self.actor.may(Permission.EXEMPT_FROM_BLOCKING))
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status_label)
        status_row.addWidget(self.never_block_label)
        status_row.addStretch(1)
        status_row.addWidget(self.never_block_button)
        details.addRow(self.tr("Status:"), status_row)
        self.discounts_label = QLabel()
        self.discounts_label.setObjectName("discounts")
        self.discounts_label.setWordWrap(True)
        self.discount_button = QPushButton(self.tr("Disc&ount…"))
        self.discount_button.setObjectName("discountButton")
        self.discount_button.clicked.connect(self.grant_discount)
        self.discount_button.setVisible(self.actor.may(Permission.GRANT_DISCOUNTS))
        discounts_row = QHBoxLayout()
        discounts_row.setContentsMargins(0, 0, 0, 0)
        self.end_discount_button = QPushButton(self.tr("End discount…"))
        self.end_discount_button.setObjectName("endDiscountButton")
        self.end_discount_button.clicked.connect(self.end_discount)
        self.current_discounts: list[DiscountRow] = []
        discounts_row.addWidget(self.discounts_label, 1)
        discounts_row.addWidget(self.discount_button)
        discounts_row.addWidget(self.end_discount_button)
        details.addRow(self.tr("Discounts:"), discounts_row)
        self.promotions_label = QLabel()
        self.promotions_label.setObjectName("promotions")
        self.promotions_label.setWordWrap(True)
        self.promotion_button = QPushButton(self.tr("Promo&tion…"))
        self.promotion_button.setObjectName("promotionButton")
        self.promotion_button.clicked.connect(self.give_promotion)
        self.promotion_button.setVisible(self.actor.may(Permission.EDIT_SUBSCRIBERS))
        self.end_promotion_button = QPushButton(self.tr("End promotion…"))
        self.end_promotion_button.setObjectName("endPromotionButton")
        self.end_promotion_button.clicked.connect(self.end_promotion)
        self.running_promotions: list[GivenPromotion] = []
        promotions_row = QHBoxLayout()
        promotions_row.setContentsMargins(0, 0, 0, 0)
        promotions_row.addWidget(self.promotions_label, 1)
        promotions_row.addWidget(self.promotion_button)
        promotions_row.addWidget(self.end_promotion_button)
        details.addRow(self.tr("Promotions:"), promotions_row)
        self.telegram_label = QLabel()
        self.telegram_label.setObjectName("telegram")
        self.telegram_button = QPushButton(self.tr("Telegram…"))
        self.telegram_button.setObjectName("telegramButton")
        self.telegram_button.clicked.connect(self.edit_telegram)
        self.telegram_button.setVisible(self.actor.may(Permission.EDIT_SUBSCRIBERS))
        self.telegram_row = QWidget()
        telegram_row = QHBoxLayout(self.telegram_row)
        telegram_row.setContentsMargins(0, 0, 0, 0)
        telegram_row.addWidget(self.telegram_label, 1)
        telegram_row.addWidget(self.telegram_button)
        details.addRow(self.tr("Telegram:"), self.telegram_row)
        self.details = details
        details.addRow(self.tr("Address:"), self.address_label)
        details.addRow(self.tr("Phone:"), self.phone_label)
        details.addRow(self.tr("Passport:"), self.passport_row)
        details.setRowVisible(self.passport_row, self.may_see_passport)  # hidden entirely for others
        self.reconnect_label = QLabel()
        self.reconnect_label.setObjectName("reconnect")
        self.reconnect_label.setWordWrap(True)
        self.reconnect_label.setStyleSheet(f"color: {DEBT_COLOR.name()};")
        self.reconnect_label.hide()
        self.header = QVBoxLayout()
        self.header.addLayout(top)
        self.header.addLayout(details)
        self.header.addWidget(self.reconnect_label)

    def _build_tabs(self) -> None:
        self.services_model = ServicesModel(self)
        self.ledger_model = LedgerModel(
            lambda before: ledger(self.db, self.actor, self.contract_id, limit=PAGE, before_id=before),
            self,
            page_size=PAGE,
        )
        self.history_model = HistoryModel(self._history_page, self, page_size=PAGE)
        self.orders_model = WorkOrdersModel(self)
        self.notes_model = NotesModel(self)
        self.services_table = _table(self.services_model, "services", 1)
        self.ledger_table = _table(self.ledger_model, "ledger", 5)
        self.history_table = _table(self.history_model, "history", 2)
        self.orders_table = _table(self.orders_model, "workOrders", 6)
        self.notes_table = _table(self.notes_model, "notes", 2)

        self.history_filter = QComboBox()
        self.history_filter.setObjectName("historyFilter")
        self.history_filter.addItem(self.tr("all events"), "")
        group_titles = {
            "payments": self.tr("payments"),
            "debt": self.tr("debt and blocking"),
            "services": self.tr("contract and services"),
            "work": self.tr("field work"),
            "personal": self.tr("personal data views"),
        }
        for key, _kinds in HISTORY_GROUPS:
            self.history_filter.addItem(group_titles[key], key)
        self.history_filter.currentIndexChanged.connect(lambda _i: self._reload_history())
        history_tab = QWidget()
        history_layout = QVBoxLayout(history_tab)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:")))
        filter_row.addWidget(self.history_filter)
        filter_row.addStretch(1)
        history_layout.addLayout(filter_row)
        history_layout.addWidget(self.history_table, 1)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("newNote")
        self.note_edit.setPlaceholderText(self.tr("A new note about the subscriber…"))
        self.note_edit.setMaximumHeight(self.note_edit.fontMetrics().height() * 4)
        self.add_note_button = QPushButton(self.tr("&Add note"))
        self.add_note_button.clicked.connect(self.add_note)
        may_edit = self.actor.may(Permission.EDIT_SUBSCRIBERS)
        self.note_edit.setVisible(may_edit)
        self.add_note_button.setVisible(may_edit)
        notes_tab = QWidget()
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.addWidget(self.notes_table, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.note_edit, 1)
        add_row.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignTop)
        notes_layout.addLayout(add_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.services_table, self.tr("&Services"))
        self.tabs.addTab(self.ledger_table, self.tr("&Money"))
        self.tabs.addTab(history_tab, self.tr("H&istory"))
        self.tabs.addTab(self.orders_table, self.tr("&Work orders"))
        self.tabs.addTab(notes_tab, self.tr("&Notes"))

    # -- reading ------------------------------------------------------------------------------------
    def history_kinds(self) -> tuple[str, ...] | None:
        key = str(self.history_filter.currentData() or "")
        for group, kinds in HISTORY_GROUPS:
            if group == key:
                return kinds
        return None

    def _history_page(self, before: int | None) -> list[HistoryRow]:
        if self.data is None:
            return []
        return history(
            self.db,
            self.actor,
            self.data.subscriber_id,
            kinds=self.history_kinds(),
            limit=PAGE,
            before_id=before,
        )

    def _reload_history(self) -> None:
        try:
            self.history_model.reload()
        except Exception as exc:  # noqa: BLE001 - shown; the list stays as it was
            prompts.show_error(self, exc)

    def reload(self) -> None:
        """Read the whole card again (after a change here or at another workstation)."""
        try:
            data, service_rows, order_rows, note_rows, discount_rows, offers, telegram = wait_for(
                self._read_card, parent=self
            )
            self.data = data
            self.ledger_model.reload()
            self.history_model.reload()
        except Exception as exc:  # noqa: BLE001 - shown; the card keeps what it showed
            prompts.show_error(self, exc)
            return
        self._show_header(data)
        self._show_discounts(discount_rows, service_rows, data.status == ContractStatus.ACTIVE)
        self._show_promotions(offers, data.status == ContractStatus.ACTIVE)
        self._show_telegram(telegram)
        self.services_model.set_rows(service_rows)
        self.service_ids = {r.id for r in service_rows}
        self.orders_model.set_rows(order_rows)
        self.order_ids = {r.id for r in order_rows}
        self.notes_model.set_rows(note_rows)
        self.reloaded.emit()

    def _read_card(
        self,
    ) -> tuple[
        CardData, list[ServiceRow], list[WorkOrderRow], list[NoteRow], list[DiscountRow], Offers, TelegramLink
    ]:
        data = card(self.db, self.actor, self.contract_id)
        return (
            data,
            services(self.db, self.actor, self.contract_id),
            work_orders(self.db, self.actor, self.contract_id),
            notes(self.db, self.actor, data.subscriber_id),
            contract_discounts(self.db, self.actor, self.contract_id, current_only=True),
            (
                contract_promotions(self.db, self.actor, self.contract_id),
                contract_prepaid_periods(self.db, self.actor, self.contract_id),
            ),
            telegram_link(self.db, self.actor, self.contract_id),
        )

    def _show_promotions(self, offers: Offers, active: bool) -> None:
        """The promotions not ended and the months prepaid from today on (the rest is in the history)."""
        given, prepaid = offers
        shown = [g for g in given if g.state != "ended"]
        # what «Завершить акцию…» can end: a first-months price, or an offer not taken yet
        self.running_promotions = [g for g in shown if g.kind == FIRST_MONTHS or g.state == "offered"]
        lines = [given_text(g) for g in shown] + [prepaid_text(p) for p in prepaid]
        self.promotions_label.setText("\n".join(lines) or self.tr("none"))
        self.promotion_button.setEnabled(active)
        self.end_promotion_button.setVisible(
            self.actor.may(Permission.EDIT_SUBSCRIBERS) and bool(self.running_promotions)
        )

    def make_promotion_dialog(self) -> FormDialog:
        offered = wait_for(partial(promotions, self.db, self.actor, offered_only=True), parent=self)
        return attach_dialog(self.db, self.actor, self.contract_id, offered, self)

    def make_end_promotion_dialog(self) -> FormDialog:
        return end_dialog(self.db, self.actor, self.running_promotions, self)

    def give_promotion(self) -> None:
        """«Акция…»: one of the promotions on offer, from today; the card shows it."""
        try:
            dialog = self.make_promotion_dialog()
        except Exception as exc:  # noqa: BLE001 - shown; nothing changed
            prompts.show_error(self, exc)
            return
        if dialog.exec():
            self.reload()

    def end_promotion(self) -> None:
        """«Завершить акцию…»: a promotion ends before its time."""
        if self.running_promotions and self.make_end_promotion_dialog().exec():
            self.reload()

    def _show_telegram(self, link: TelegramLink) -> None:
        """Shown while Telegram is on, or while a chat is still linked (turned off: reminders go by SMS)."""
        if link.linked_at is not None:
            text = self.tr("chat linked {when}").format(when=short_moment(link.linked_at))
        elif link.code_expires_at is not None:
            text = self.tr("not linked; a code was issued (valid until {until})").format(
                until=short_moment(link.code_expires_at)
            )
        else:
            text = self.tr("not linked: reminders go by SMS")
        self.telegram_label.setText(text)
        self.details.setRowVisible(self.telegram_row, link.enabled or link.linked_at is not None)

    def make_telegram_dialog(self) -> TelegramDialog:
        return TelegramDialog(self.db, self.actor, self.contract_id, self)

    def edit_telegram(self) -> None:
        """«Telegram…»: a link code for the subscriber, or unlinking their chat; the card shows the state."""
        dialog = self.make_telegram_dialog()
        dialog.exec()
        if dialog.changed:
            self.reload()

    def _show_discounts(
        self, current: list[DiscountRow], service_rows: list[ServiceRow], active: bool
    ) -> None:
        """The discounts that apply now or later (the ended ones are in the history)."""
        self.discounts_label.setText(
            "\n".join(discount_text(r, service_rows) for r in current) or self.tr("none")
        )
        self.discount_button.setEnabled(active)
        self.current_discounts = current
        self.end_discount_button.setVisible(self.actor.may(Permission.GRANT_DISCOUNTS) and bool(current))

    def make_discount_dialog(self) -> FormDialog:
        return discount_dialog(self.db, self.actor, self.contract_id, self.services_model.rows, self)

    def make_end_discount_dialog(self) -> FormDialog:
        rows = self.services_model.rows
        return end_discount_dialog(self.db, self.actor, self.current_discounts, rows, self)

    def end_discount(self) -> None:
        """«Завершить скидку…»: the last day of one of them; the card shows the result."""
        if self.current_discounts and self.make_end_discount_dialog().exec():
            self.reload()

    def grant_discount(self) -> None:
        """«Скидка…»: a discount on a service or the whole contract; the card shows it."""
        if self.make_discount_dialog().exec():
            self.reload()

    def _show_header(self, data: CardData) -> None:
        self.setWindowTitle(
            self.tr("{name}, contract {number}").format(
                name=data.subscriber_name, number=data.contract_number
            )
        )
        self.name_label.setText(data.subscriber_name)
        others = [c.number for c in data.contracts if c.id != data.contract_id]
        contract = data.contract_number
        if others:
            contract = self.tr("{number} (other contracts: {others})").format(
                number=data.contract_number, others=", ".join(others)
            )
        self.contract_label.setText(contract)
        self.status_label.setText(contract_status_title(data.status))
        terminated = data.status != ContractStatus.ACTIVE
        self.status_label.setStyleSheet(f"color: {DEBT_COLOR.name()};" if terminated else "")
        exemption = data.exemption
        self.never_block_label.setVisible(exemption is not None)
        if exemption is not None:
            if exemption.until is None:
                badge = self.tr("never blocked: {reason}").format(reason=exemption.reason)
            else:
                badge = self.tr("never blocked until {date}: {reason}").format(
                    date=_day(exemption.until), reason=exemption.reason
                )
            self.never_block_label.setText(badge.rstrip(": "))
        self.never_block_button.setText(
            self.tr("Allow blocking…") if exemption is not None else self.tr("Never block…")
        )
        self.never_block_button.setEnabled(data.status == ContractStatus.ACTIVE)
        self.address_label.setText(data.address or self.tr("no address"))
        self.phone_label.setText(", ".join(data.phones) or self.tr("no phone"))
        balance = self.tr("Balance: {amount}").format(amount=format_money(data.balance))
        if data.in_debt or data.debt_since is not None:
            if data.debt_since is not None:
                balance = self.tr("{balance}, debt since {date}").format(
                    balance=balance, date=_day(data.debt_since)
                )
            self.balance_label.setStyleSheet(f"color: {DEBT_COLOR.name()};")
        else:
            self.balance_label.setStyleSheet("")
        self.balance_label.setText(balance)
        self.reconnect_label.setVisible(data.reconnect is not None)
        self.reconnect_label.setText(reconnect_text(data.reconnect) if data.reconnect else "")
        if not self.passport_shown:
            self.passport_label.setText(MASK if data.has_personal_data else self.tr("not on file"))
            self.show_passport_button.setEnabled(data.has_personal_data)

    @property
    def balance_in_red(self) -> bool:
        return DEBT_COLOR.name() in self.balance_label.styleSheet()

    # -- actions ------------------------------------------------------------------------------------
    def show_personal_data(self) -> None:
        """Reveal the passport (recorded in the history as a personal-data view)."""
        if self.data is None:
            return
        try:
            subscriber_id = self.data.subscriber_id
            shown = wait_for(lambda: personal_data(self.db, self.actor, subscriber_id), parent=self)
        except Exception as exc:  # noqa: BLE001 - permission or database errors are shown
            prompts.show_error(self, exc)
            return
        parts = [f"{shown.passport_series} {shown.passport_number}".strip()]
        if shown.passport_issued_by:
            parts.append(self.tr("issued by {by}").format(by=shown.passport_issued_by))
        if shown.passport_issued_on:
            parts.append(_day(shown.passport_issued_on))
        if shown.birth_date:
            parts.append(self.tr("born {date}").format(date=_day(shown.birth_date)))
        self.passport_label.setText(", ".join(p for p in parts if p))
        self.passport_shown = True
        self.show_passport_button.setEnabled(False)
        self._reload_history()  # the view itself is now in the history

    def edit_never_block(self) -> None:
        """Set or clear «never block» (with a reason); the card shows the result."""
        if self.data is None:
            return
        dialog = never_block_dialog(self.db, self.actor, self.data, self)
        if dialog.exec():
            self.reload()

    def add_note(self) -> None:
        if self.data is None:
            return
        try:
            subscriber_id, text = self.data.subscriber_id, self.note_edit.toPlainText()
            wait_for(lambda: add_note(self.db, self.actor, subscriber_id, text), parent=self, writes=True)
        except Exception as exc:  # noqa: BLE001 - shown; the typed note stays in the box
            prompts.show_error(self, exc)
            return
        self.note_edit.clear()
        try:
            self.notes_model.set_rows(notes(self.db, self.actor, self.data.subscriber_id))
        except Exception as exc:  # noqa: BLE001 - the note is saved; the list refreshes later
            prompts.show_error(self, exc)
        self._reload_history()

    # -- live ---------------------------------------------------------------------------------------
    def _on_change(self, table: str, ids: list[int]) -> None:
        changed = set(ids)
        if (
            table == "*"
            or (table == "contract" and self.contract_id in changed)
            or (table == "service" and changed & self.service_ids)
            or (table == "work_order" and changed & self.order_ids)
        ):
            self._reload_timer.start()
        elif table == "work_order":
            self._reload_orders()  # maybe a new order of this contract: its id is not known here yet

    def _reload_orders(self) -> None:
        try:
            rows = work_orders(self.db, self.actor, self.contract_id)
        except Exception:  # noqa: BLE001 - a background refresh: the next change or reload tries again
            return
        if [(r.id, r.status) for r in rows] != [(r.id, r.status) for r in self.orders_model.rows]:
            self.orders_model.set_rows(rows)
            self.order_ids = {r.id for r in rows}

    def closeEvent(self, event: Any) -> None:
        if self.watcher is not None and self._owns_watcher:
            self.watcher.stop()
        super().closeEvent(event)
