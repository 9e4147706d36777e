"""The card's promotions: what the contract was given and what it prepaid (shown on the card), «Акция…»
to give one of the promotions on offer and «Завершить акцию…» to end one before its time. The rules are
in docs/promotions.md (app/services/billing/promotions.py, app/services/billing/prepaid.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QComboBox, QWidget

from app.db import Database
from app.money import format_money
from app.services.billing.prepaid import PrepaidRow
from app.services.billing.promotions import (
    FIRST_MONTHS,
    PREPAY,
    GivenPromotion,
    PromotionRow,
    PromotionTerms,
    attach_promotion,
    end_attachment,
)
from app.services.kernel.permissions import Actor
from app.views.form_dialog import FormDialog
from app.views.labels import short_date


def given_text(row: GivenPromotion) -> str:
    """«3 месяца по цене 2,5 (3 мес. по цене 2,5): ждёт оплаты вперёд» — as the card lists it."""
    if row.state == "offered":
        state = QCoreApplication.translate("PromotionDialog", "waiting for the prepayment")
    elif row.state == "ended":
        state = QCoreApplication.translate("PromotionDialog", "ended")
    elif row.ends_on is not None:
        state = QCoreApplication.translate("PromotionDialog", "until {date}").format(
            date=short_date(row.ends_on)
        )
    else:
        state = QCoreApplication.translate("PromotionDialog", "in force")
    return QCoreApplication.translate("PromotionDialog", "«{name}» ({terms}): {state}").format(
        name=row.name, terms=terms_words(row.promotion), state=state
    )


def prepaid_text(row: PrepaidRow) -> str:
    """«оплачено вперёд с 01.01.2027 по 31.03.2027 (3 мес.)»."""
    return QCoreApplication.translate(
        "PromotionDialog", "prepaid from {first} to {last} ({months} mo.)"
    ).format(first=short_date(row.first_day), last=short_date(row.last_day), months=row.months)


def terms_words(terms: PromotionTerms) -> str:
    """A promotion's terms in the operator's language («3 мес. по цене 2,5», «бонус 300,00 ₽»)."""
    if terms.kind == FIRST_MONTHS:
        return QCoreApplication.translate(
            "PromotionDialog", "the first {months} mo. at {price} a month"
        ).format(months=terms.months, price=format_money(terms.price or 0))
    if terms.kind == PREPAY:
        paid = QLocale().toString((terms.paid_tenths or 0) / 10, "g", 4)
        return QCoreApplication.translate("PromotionDialog", "{months} mo. for the price of {paid}").format(
            months=terms.months, paid=paid
        )
    return QCoreApplication.translate("PromotionDialog", "a bonus of {amount}").format(
        amount=format_money(terms.bonus or 0)
    )


def offered_text(row: PromotionRow) -> str:
    return f"{row.terms.name} — {terms_words(row.terms)}"


def attach_dialog(
    db: Database,
    actor: Actor,
    contract_id: int,
    offered: Sequence[PromotionRow],
    parent: QWidget | None = None,
) -> FormDialog:
    """Give one of the promotions on offer to the contract, today."""
    dialog = FormDialog(QCoreApplication.translate("PromotionDialog", "Give a promotion"), parent)
    which = QComboBox()
    for row in offered:
        which.addItem(offered_text(row), row.id)
    dialog.add_field(QCoreApplication.translate("PromotionDialog", "Promotion:"), which, "promotion")
    dialog.set_call(lambda: partial(attach_promotion, db, actor, contract_id, which.currentData()))
    return dialog


def end_dialog(
    db: Database, actor: Actor, running: Sequence[GivenPromotion], parent: QWidget | None = None
) -> FormDialog:
    """End one of the contract's promotions before its time (a price: the tariff from tomorrow)."""
    dialog = FormDialog(QCoreApplication.translate("PromotionDialog", "End a promotion"), parent)
    which = QComboBox()
    for row in running:
        which.addItem(given_text(row), row.id)
    dialog.add_field(QCoreApplication.translate("PromotionDialog", "Promotion:"), which, "promotion")
    dialog.set_call(lambda: partial(end_attachment, db, actor, which.currentData()))
    return dialog
