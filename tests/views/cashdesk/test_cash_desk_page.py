"""The cash desk driven like a cashier: open a shift, type an amount, Enter (twice), receipts, cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.cashdesk.shifts import open_shift
from app.views.cashdesk.cash_desk_page import CashDeskPage
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.messages import prompts
from app.views.printing import printing
from tests.factories import make_contract, make_desk, make_staff


class PrintRecorder:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, bytes, bool]] = []

    def print_pdf(self, parent, pdf: bytes, title: str, *, ask: bool = True) -> bool:
        self.jobs.append((title, pdf, ask))
        return True


@pytest.fixture
def printed(monkeypatch) -> PrintRecorder:
    recorder = PrintRecorder()
    monkeypatch.setattr(printing, "print_pdf", recorder.print_pdf)
    return recorder


@pytest.fixture
def cashier_db(db: Database):
    cashier = make_staff(db, "anna", Role.CASHIER)
    desk = make_desk(db)
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    return db, cashier, desk, contract


def when_shown(parent, kind, act) -> None:
    """Run `act(dialog)` once a `kind` dialog of `parent` is on screen (it may open only after the
    page has waited for the database)."""
    from PySide6.QtCore import QTimer

    def attempt() -> None:
        shown = [w for w in parent.findChildren(kind) if w.isVisible()]
        if shown:
            act(shown[0])
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def payments(db: Database) -> list[tuple[int, int]]:
    with db.reading() as conn:
        return [
            tuple(r) for r in conn.execute(text("SELECT receipt_number, amount FROM payment ORDER BY id"))
        ]


def test_enter_twice_posts_one_payment_and_prints_one_receipt(qtbot, cashier_db, printed, russian) -> None:
    db, cashier, desk, _contract = cashier_db
    open_shift(db, cashier, desk, 0)
    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    page.show()
    assert page.shift_label.text().startswith("Смена 1 · Касса 1 · открыта с")  # not «касса Касса 1»

    dialogs: list[PaymentDialog] = []

    def drive_dialog(dialog: PaymentDialog) -> None:
        dialogs.append(dialog)
        qtbot.keyClicks(dialog.amount_edit, "1200")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # the cashier's finger stays on Enter


    qtbot.keyClicks(page.number_edit, "100001")
    when_shown(page, PaymentDialog, drive_dialog)
    qtbot.keyClick(page.number_edit, Qt.Key.Key_Return)
    assert payments(db) == [(1, 1200_00)]
    assert len(printed.jobs) == 1 and printed.jobs[0][0] == "Квитанция 1"
    assert printed.jobs[0][1].startswith(b"%PDF")
    assert dialogs[0].posted is not None and dialogs[0].posted.balance_after == 1200_00
    assert page.model.rowCount() == 1


@pytest.mark.parametrize("typed", ["", "0", "-5", "abc", "12,345", "99999999999"])
def test_bad_amounts_are_refused_and_post_nothing(qtbot, cashier_db, typed: str, russian) -> None:
    db, cashier, desk, contract = cashier_db
    open_shift(db, cashier, desk, 0)
    from app.services.frontdesk.contracts import contract_summary

    dialog = PaymentDialog(db, cashier, contract_summary(db, cashier, contract))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount_edit, typed)
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.error_label.isVisibleTo(dialog) and dialog.error_label.text()
    assert dialog.amount_edit.text() == typed
    assert dialog.result() == 0 and payments(db) == []


def test_unknown_contract_number_says_so(qtbot, cashier_db, russian) -> None:
    db, cashier, desk, _contract = cashier_db
    open_shift(db, cashier, desk, 0)
    dialog = PaymentDialog(db, cashier)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.number_edit, "999999")
    qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Договора с номером 999999 нет. Проверьте номер."


def test_reprint_is_a_duplicate_and_cancel_needs_a_reason(qtbot, cashier_db, printed) -> None:
    db, cashier, desk, contract = cashier_db
    open_shift(db, cashier, desk, 0)
    from app.services.frontdesk.contracts import contract_summary

    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    dialog = PaymentDialog(db, cashier, contract_summary(db, cashier, contract), page)
    dialog.amount_edit.setText("500")
    dialog.submit()
    page.reload()
    page.table.selectRow(0)
    page.reprint()
    assert printed.jobs[-1][2] is True  # a duplicate always goes through the preview
    cancel = page.make_cancel_dialog(page.selected())
    qtbot.addWidget(cancel)
    buttons = [b.text() for b in cancel.buttons.buttons()]
    assert sorted(buttons) == ["Cancel the payment", "Keep the payment"]  # not OK / Cancel
    cancel.submit()
    assert cancel.error_label.text().startswith("Write why")
    cancel.field("reason").setText("ошибочный договор")
    cancel.submit()
    page.reload()
    assert page.model.rows[0].cancelled
    with db.reading() as conn:
        assert conn.execute(text("SELECT balance FROM contract")).scalar() == 0


def test_open_and_close_shift_through_the_dialogs(qtbot, cashier_db, printed) -> None:
    db, cashier, _desk, _contract = cashier_db
    from app.views.cashdesk.shift_dialogs import CloseShiftDialog, OpenShiftDialog

    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    assert not page.pay_button.isEnabled()
    opening = OpenShiftDialog(db, cashier, page)
    qtbot.addWidget(opening)
    opening.cash.setText("1 000,00")
    opening.submit()
    assert opening.result() == opening.DialogCode.Accepted
    page.reload()
    assert page.pay_button.isEnabled() and page.shift is not None
    closing = CloseShiftDialog(db, cashier, page.shift, page)
    qtbot.addWidget(closing)
    closing.counted.setText("990")
    assert "1" in closing.difference.text() and "10,00" in closing.difference.text()
    closing.submit()
    assert closing.result_value.kind == "Z" and closing.result_value.counted_cash == 990_00
    page.reload()
    assert page.shift is None and page.open_button.isEnabled()


def test_lost_commit_freezes_the_form_and_check_again_posts_once(qtbot, pg_db, proxied, russian) -> None:
    db, proxy = proxied
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    from app.services.frontdesk.contracts import contract_summary

    dialog = PaymentDialog(db, cashier, contract_summary(pg_db, cashier, contract))
    qtbot.addWidget(dialog)
    dialog.amount_edit.setText("750")
    proxy.cut_after_client_sends(b"COMMIT")
    dialog.submit()
    assert dialog.error_label.text().startswith("Связь с базой данных прервалась во время сохранения")
    assert dialog.amount_edit.isReadOnly() and dialog.posted is None and dialog.result() == 0
    assert dialog.post_button.text() == "&Проверить снова"
    # The connection is back (here: the direct one); the same dialog's retry finds the payment.
    dialog.db = pg_db
    dialog.submit()
    assert dialog.posted is not None and dialog.posted.already_posted
    assert payments(pg_db) == [(1, 750_00)]


def test_the_take_payment_button_opens_the_dialog_for_the_number_typed(qtbot, cashier_db, printed) -> None:
    """It used to fail on every click: `clicked(bool)` landed in the slot's contract parameter."""
    db, cashier, desk, _contract = cashier_db
    open_shift(db, cashier, desk, 0)
    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    page.show()
    seen: list[str] = []

    def drive_dialog(dialog: PaymentDialog) -> None:
        seen.append(dialog.number_edit.text())
        qtbot.keyClicks(dialog.amount_edit, "250")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)


    qtbot.keyClicks(page.number_edit, "100001")
    when_shown(page, PaymentDialog, drive_dialog)
    qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
    assert seen == ["100001"]
    assert payments(db) == [(1, 250_00)]


class Told:
    """What the cash desk told the cashier in message boxes."""

    def __init__(self, monkeypatch) -> None:
        self.messages: list[str] = []
        monkeypatch.setattr(prompts, "inform", lambda _parent, _title, text: self.messages.append(text))
        monkeypatch.setattr(prompts, "warn", lambda _parent, _title, text: self.messages.append(text))


def test_unknown_outcome_cancel_restart_and_the_next_payment_post_it_once(
    qtbot, pg_db, proxied, printed, russian, tmp_path, monkeypatch
) -> None:

    from app.bootstrap import PendingPayments
    from app.services.frontdesk.contracts import contract_summary

    db, proxy = proxied
    told = Told(monkeypatch)
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    pending = PendingPayments(tmp_path / "this-pc")

    page = CashDeskPage(db, cashier, pending=pending)
    qtbot.addWidget(page)

    def lose_the_answer_then_cancel(dialog: PaymentDialog) -> None:
        qtbot.keyClicks(dialog.amount_edit, "990")
        proxy.cut_after_client_sends(b"COMMIT")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
        assert dialog.amount_edit.isReadOnly() and dialog.post_button.text() == "&Проверить снова"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the cashier gives up on the dialog

    when_shown(page, PaymentDialog, lose_the_answer_then_cancel)
    page.take_payment_for(contract_summary(pg_db, cashier, contract))
    assert len(pending.all()) == 1 and printed.jobs == []  # kept, and nothing printed
    assert any("пока не известно" in m for m in told.messages)
    page.close()

    # The program is started again (the network is back: here, the direct connection).
    restarted = CashDeskPage(pg_db, cashier, pending=PendingPayments(tmp_path / "this-pc"))
    qtbot.addWidget(restarted)
    opened: list[PaymentDialog] = []

    def the_cashier_starts_the_next_payment(dialog: PaymentDialog) -> None:
        opened.append(dialog)
        dialog.reject()  # told it went through, the cashier does not take the money again

    when_shown(restarted, PaymentDialog, the_cashier_starts_the_next_payment)
    restarted.take_payment_for(contract_summary(pg_db, cashier, contract))
    assert payments(pg_db) == [(1, 990_00)]
    assert "прошёл: квитанция 1" in restarted.result_label.text()
    assert any("прошёл: квитанция 1" in m for m in told.messages)
    assert [title for title, _pdf, _ask in printed.jobs] == ["Квитанция 1"]  # printed now, once
    assert pending.all() == [] and len(opened) == 1


def test_a_payment_not_posted_is_said_so_and_may_be_taken_again(
    qtbot, pg_db, proxied, printed, russian, tmp_path, monkeypatch
) -> None:
    """The connection breaks before COMMIT was sent: the final answer is «not posted»."""
    from app.bootstrap import PendingPayments
    from app.services.frontdesk.contracts import contract_summary

    db, proxy = proxied
    Told(monkeypatch)
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    pending = PendingPayments(tmp_path / "this-pc")
    dialog = PaymentDialog(db, cashier, contract_summary(pg_db, cashier, contract), pending=pending)
    qtbot.addWidget(dialog)
    dialog.amount_edit.setText("500")
    proxy.cut()  # gone before anything was sent
    dialog.submit()
    assert dialog.amount_edit.isReadOnly() and len(pending.all()) == 1
    dialog.db = pg_db  # the connection is back
    dialog.submit()  # «Check again»
    assert "НЕ проведён" in dialog.error_label.text() and not dialog.amount_edit.isReadOnly()
    assert pending.all() == [] and payments(pg_db) == []
    dialog.submit()  # posted now, under the same UUID
    assert dialog.posted is not None and not dialog.posted.already_posted
    assert payments(pg_db) == [(1, 500_00)]


def test_a_huge_amount_is_read_back_in_words_and_posted_only_when_confirmed(
    qtbot, cashier_db, russian, monkeypatch
) -> None:
    db, cashier, desk, contract = cashier_db
    open_shift(db, cashier, desk, 0)
    from app.services.frontdesk.contracts import contract_summary

    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent, _title, text: str) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(prompts, "confirm", confirm)
    dialog = PaymentDialog(db, cashier, contract_summary(db, cashier, contract))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount_edit, "150000")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert "Сто пятьдесят тысяч рублей 00 копеек" in asked[0] and "150" in asked[0]
    assert payments(db) == [] and dialog.amount_edit.text() == "150000"  # kept for correcting
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # yes, really
    assert payments(db) == [(1, 150_000_00)] and len(asked) == 2
    small = PaymentDialog(db, cashier, contract_summary(db, cashier, contract))
    qtbot.addWidget(small)
    qtbot.keyClicks(small.amount_edit, "1500")
    qtbot.keyClick(small.amount_edit, Qt.Key.Key_Return)
    assert len(asked) == 2 and payments(db)[-1] == (2, 1_500_00)  # no question for an ordinary sum


def test_a_name_typed_at_the_cash_desk_finds_the_subscriber_and_takes_the_payment(
    qtbot, cashier_db, printed, russian
) -> None:

    from app.views.cashdesk.find_contract_dialog import FindContractDialog
    from tests.services.frontdesk.test_search import add_contract
    from tests.views.frontdesk.test_search_widget import type_text

    db, cashier, desk, _contract = cashier_db
    add_contract(db, "200777", "Галкин Сергей Петрович", phone="79161112233", apartment="7")
    open_shift(db, cashier, desk, 0)
    page = CashDeskPage(db, cashier)
    qtbot.addWidget(page)
    page.show()
    seen: list[str] = []

    def pay_in_the_dialog(dialog: PaymentDialog) -> None:
        seen.append(dialog.contract_label.text())
        qtbot.keyClicks(dialog.amount_edit, "700")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)

    def pick_in_the_search(finder: FindContractDialog) -> None:
        if not finder.search.model.rowCount():
            qtbot.waitSignal(finder.search.results_shown, timeout=5000).wait()
        seen.append(finder.search.model.hit(0).number)
        when_shown(page, PaymentDialog, pay_in_the_dialog)
        qtbot.keyClick(finder.search.query_edit, Qt.Key.Key_Return)

    page.number_edit.setFocus()
    type_text(page.number_edit, "Галкин")
    when_shown(page, FindContractDialog, pick_in_the_search)
    qtbot.keyClick(page.number_edit, Qt.Key.Key_Return)
    assert seen[0] == "200777" and "Галкин Сергей Петрович" in seen[1]
    assert payments(db) == [(1, 700_00)]
    assert page.result_label.text().startswith("Проведён: квитанция 1")
