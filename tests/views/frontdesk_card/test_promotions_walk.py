"""«3 months for the price of 2.5» from end to end, through the screens, on both databases: the
administrator defines it (Administration → Promotions), the front desk gives it at signing, the cashier
takes the prepayment in the payment dialog, the card shows the paid period, and the receipt's PDF says
it (its text read with pdftotext)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from app import clock
from app.db import Database
from app.models import Role, ServiceKind
from app.money import format_money
from app.printing.receipt import render_receipt
from app.services.admin.place_editing import create_building
from app.services.cashdesk.receipts import receipt_data
from app.services.cashdesk.shifts import open_shift
from app.services.frontdesk.contracts import contract_summary
from app.views.admin.promotions_page import PromotionsPage
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.frontdesk.card import SubscriberCard
from app.views.frontdesk.new_contract import NewContractDialog
from tests.factories import make_desk, make_staff, make_tariff

MOSCOW = ZoneInfo("Europe/Moscow")


def test_three_months_for_two_and_a_half_from_the_admin_to_the_receipt(
    qtbot, db: Database, russian, tmp_path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: .ci/run installs it")
    with clock.frozen_at(dt.datetime(2026, 12, 7, 11, tzinfo=MOSCOW)):
        admin = make_staff(db, "boss", Role.ADMIN)
        front = make_staff(db, "olga", Role.FRONT_DESK)
        cashier = make_staff(db, "anna", Role.CASHIER)
        building = create_building(db, admin, city="Тверь", street="ул. Ленина", house="12").id
        make_tariff(db, "Интернет 300", "internet", 600_00)
        make_tariff(db, "КТВ Базовый", "catv", 300_00, mode="monthly")

        # the administrator defines the promotion
        page = PromotionsPage(db, admin)
        qtbot.addWidget(page)
        dialog = page.make_promotion_dialog()
        qtbot.addWidget(dialog)
        name, kind, months, paid = (dialog.field(n) for n in ("name", "kind", "months", "paid"))
        assert isinstance(name, QLineEdit) and isinstance(kind, QComboBox)
        assert isinstance(months, QSpinBox) and isinstance(paid, QDoubleSpinBox)
        name.setText("3 месяца по цене 2,5")
        assert kind.currentText() == "месяцы вперёд по цене меньшего числа"
        months.setValue(3)
        paid.setValue(2.5)
        dialog.submit()
        assert dialog.result() == dialog.DialogCode.Accepted
        page.reload()
        assert page.model.rowCount() == 1
        assert page.model.index(0, 1).data() == "3 мес. по цене 2,5"

        # the front desk gives it at signing
        signing = NewContractDialog(db, front)
        qtbot.addWidget(signing)
        signing.show()
        signing.choose_building(building, "Тверь, ул. Ленина, д. 12")
        signing.name_edit.setText("Петрова Анна Ивановна")
        signing.phone_edit.setText("+7 (916) 555-12-34")
        signing.apartment_edit.setText("15")
        signing.series_edit.setText("2804")
        signing.number_edit.setText("123456")
        for service in (ServiceKind.INTERNET, ServiceKind.CATV):
            signing.service_boxes[service].setChecked(True)
        signing.identifier_edits[ServiceKind.INTERNET].setText("petrova15")
        offered = signing.promotion_combo
        offered.setCurrentIndex(offered.findText("3 месяца по цене 2,5 — 3 мес. по цене 2,5"))
        assert offered.currentData() is not None
        signing.submit()
        assert signing.signed is not None
        contract = signing.signed.contract_id

        card = SubscriberCard(db, front, contract, live=False)
        qtbot.addWidget(card)
        card.show()
        assert (
            card.promotions_label.text() == "«3 месяца по цене 2,5» (3 мес. по цене 2,5): ждёт оплаты вперёд"
        )

        # the cashier takes the prepayment
        open_shift(db, cashier, make_desk(db), 0)
        payment = PaymentDialog(db, cashier, contract_summary(db, cashier, contract))
        qtbot.addWidget(payment)
        choice = payment.prepay_combo
        choice.setCurrentIndex(choice.findText("акция «3 месяца по цене 2,5» (3 мес. по цене 2,5)"))
        # January to March at 2.5 ÷ 3 of each fee (500,00 + 250,00), and December from the 7th on
        december = 600_00 - 600_00 * 6 // 31 + 300_00
        required = 3 * (500_00 + 250_00) + december
        assert payment.prepay_quote is not None and payment.prepay_quote.required == required
        assert payment.prepay_label.text() == (
            f"с 01.01.2027 по 31.03.2027: {format_money(2_250_00)}, "
            f"и до начала периода {format_money(783_88)} "
            f"(долг и остаток этого месяца). Принять не меньше {format_money(required)}."
        )
        assert required == 3_033_88
        assert payment.amount_edit.text() == format_money(required, currency="")  # what it needs, to take
        payment.amount_edit.setText("3000,00")  # short of it: refused, nothing posted, the form kept
        payment.submit()
        assert payment.posted is None and f"не меньше {format_money(required)}" in payment.error_label.text()
        assert payment.amount_edit.text() == "3000,00"
        payment.amount_edit.setText("3033,88")
        payment.submit()
        assert payment.posted is not None

        card.reload()
        assert card.promotions_label.text() == (
            "«3 месяца по цене 2,5» (3 мес. по цене 2,5): до 31.03.2027\n"
            "оплачено вперёд с 01.01.2027 по 31.03.2027 (3 мес.)"
        )

        # the receipt says what period was paid
        pdf = tmp_path / "receipt.pdf"
        pdf.write_bytes(render_receipt(receipt_data(db, cashier, payment.posted.payment_id)))
        said = " ".join(
            subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout.split()
        )
        assert "Оплачен период январь — март 2027 г. (3 мес., с 01.01.2027 по 31.03.2027)" in said
        assert "2 250,00 ₽ по акции «3 месяца по цене 2,5»" in said
