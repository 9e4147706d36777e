"""Administration → Promotions: the offers the front desk may give a contract — the first months at a
price, months paid ahead for the price of fewer («3 months for the price of 2.5»), a bonus credit — and
retiring one. The rules are in docs/promotions.md (app/services/billing/promotions.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from app.db import Database
from app.models import ServiceKind
from app.money import format_money, parse_money
from app.services.billing.prepaid import MAX_MONTHS
from app.services.billing.promotions import (
    BONUS,
    FIRST_MONTHS,
    MAX_NAME,
    PREPAY,
    PromotionRow,
    PromotionTerms,
    define_promotion,
    promotions,
    retire_promotion,
)
from app.services.kernel.permissions import Actor
from app.views.admin.list_page import ListPage
from app.views.dates import DateField, business_qdate, to_date
from app.views.form_dialog import FormDialog
from app.views.frontdesk.promotion_dialog import terms_words
from app.views.labels import service_title, short_date
from app.views.messages import prompts
from app.views.tables import RowsModel
from app.views.waiting import wait_for

_Index = QModelIndex | QPersistentModelIndex


class PromotionsModel(RowsModel[PromotionRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Terms"),
            self.tr("Offered until"),
            self.tr("Given"),
            self.tr("Cost so far"),
            self.tr("Status"),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if row.retired else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        terms = row.terms
        until = short_date(terms.offered_until) if terms.offered_until else self.tr("no end")
        return (
            terms.name,
            terms_words(terms),
            until,
            str(row.given),
            format_money(row.cost),
            self.tr("retired") if row.retired else self.tr("offered"),
        )[index.column()]


class PromotionsPage(ListPage[PromotionRow]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, PromotionsModel(), "promotionsTable", parent=parent)
        self.set_note(
            self.tr(
                "Offers the front desk gives a contract on its card or at signing. A first-months price "
                "and a bonus take effect when given; a prepayment offer waits for the cashier. Terms never "
                "change once defined: retire a promotion and define another."
            )
        )
        self.add_button = self.add_command(self.tr("&New promotion…"), self.add_promotion)
        self.retire_button = self.add_command(self.tr("&Retire"), self.retire, needs_row=True)
        self.reload()

    def load_rows(self) -> list[PromotionRow]:
        return wait_for(partial(promotions, self.db, self.actor, with_costs=True), parent=self)

    def selection_changed(self, row: PromotionRow | None) -> None:
        self.retire_button.setEnabled(row is not None and not row.retired)

    def make_promotion_dialog(self) -> FormDialog:
        dialog = FormDialog(self.tr("New promotion"), self)
        name = QLineEdit()
        name.setMaxLength(MAX_NAME)
        name.setPlaceholderText(self.tr("for example: 3 months for the price of 2.5"))
        dialog.add_field(self.tr("Name:"), name, "name")
        kind = QComboBox()
        kind.addItem(self.tr("months paid ahead for the price of fewer"), PREPAY)
        kind.addItem(self.tr("the first months at a price"), FIRST_MONTHS)
        kind.addItem(self.tr("a bonus credited to the account"), BONUS)
        dialog.add_field(self.tr("Gives:"), kind, "kind")
        months = QSpinBox()
        months.setRange(1, MAX_MONTHS)
        months.setValue(3)
        dialog.add_field(self.tr("Months:"), months, "months")
        paid = QDoubleSpinBox()
        paid.setDecimals(1)
        paid.setSingleStep(0.5)
        paid.setRange(0.1, MAX_MONTHS)
        paid.setValue(2.5)
        dialog.add_field(self.tr("Months paid:"), paid, "paid")
        price = QLineEdit()
        price.setMaxLength(12)
        price.setPlaceholderText("1,00")
        dialog.add_field(self.tr("Price a month, ₽:"), price, "price")
        service_kind = QComboBox()
        service_kind.addItem(self.tr("every service"), None)
        for service in ServiceKind:
            service_kind.addItem(service_title(service), service)
        dialog.add_field(self.tr("For:"), service_kind, "service_kind")
        bonus = QLineEdit()
        bonus.setMaxLength(12)
        bonus.setPlaceholderText("300,00")
        dialog.add_field(self.tr("Bonus, ₽:"), bonus, "bonus")
        limited = QCheckBox(self.tr("offered only until a date"))
        dialog.add_field("", limited, "limited")
        today = business_qdate(self.db)
        until = DateField(today.addMonths(1))
        until.setCalendarPopup(True)
        until.setMinimumDate(today)
        until.setEnabled(False)
        limited.toggled.connect(until.setEnabled)
        dialog.add_field(self.tr("Offered until:"), until, "offered_until")

        def show_kind() -> None:
            chosen = kind.currentData()
            months.setEnabled(chosen != BONUS)
            paid.setEnabled(chosen == PREPAY)
            price.setEnabled(chosen == FIRST_MONTHS)
            service_kind.setEnabled(chosen == FIRST_MONTHS)
            bonus.setEnabled(chosen == BONUS)

        kind.currentIndexChanged.connect(lambda _index: show_kind())
        show_kind()

        def prepare() -> Any:
            chosen = kind.currentData()
            terms = PromotionTerms(
                name=name.text(),
                kind=chosen,
                months=months.value() if chosen != BONUS else None,
                price=parse_money(price.text()) if chosen == FIRST_MONTHS else None,
                paid_tenths=round(paid.value() * 10) if chosen == PREPAY else None,
                bonus=parse_money(bonus.text()) if chosen == BONUS else None,
                service_kind=service_kind.currentData() if chosen == FIRST_MONTHS else None,
                offered_until=to_date(until.date()) if limited.isChecked() else None,
            )
            return partial(define_promotion, self.db, self.actor, terms)

        dialog.set_call(prepare)
        return dialog

    def add_promotion(self) -> None:
        dialog = self.make_promotion_dialog()
        if dialog.exec():
            self.reload(select_id=dialog.result_value)

    def retire(self) -> None:
        row = self.selected()
        if row is None or row.retired:
            return
        question = self.tr("Stop offering «{name}»? Contracts that have it keep it to its end.").format(
            name=row.terms.name
        )
        if not prompts.confirm(self, self.tr("Retire the promotion"), question):
            return
        try:
            wait_for(partial(retire_promotion, self.db, self.actor, row.id), parent=self, writes=True)
        except Exception as exc:  # noqa: BLE001 - shown; the list stays
            prompts.show_error(self, exc)
        self.reload(select_id=row.id)
