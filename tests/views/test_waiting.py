"""The window never freezes on the database: a call waits off the GUI thread with the window alive and a
busy sign, typed keys are dropped rather than replayed, and a server that stops answering ends in a
clear message within the deadline — for a payment, with the cash desk's unknown-outcome rules."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import text

from app.errors import AnswerLostWhileSaving, DatabaseBusy, DatabaseNotAnswering, ValidationError
from app.models import Role
from app.services.cashdesk.shifts import open_shift
from app.services.frontdesk.contracts import contract_summary
from app.views import waiting
from app.views.cashdesk.payment_dialog import PaymentDialog
from app.views.waiting import wait_for
from tests.factories import make_contract, make_desk, make_staff


def test_the_answer_or_the_error_comes_back(qtbot) -> None:
    assert wait_for(lambda: 42, parent=None) == 42
    with pytest.raises(ValidationError):
        wait_for(lambda: (_ for _ in ()).throw(ValidationError("bad")), parent=None)
    seen: list[bool] = []
    worker = threading.Thread(target=lambda: seen.append(wait_for(lambda: True, parent=None)))
    worker.start()
    worker.join()
    assert seen == [True]  # off the GUI thread it simply calls


def test_while_waiting_timers_run_a_busy_sign_shows_and_keys_are_dropped(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    signs: list[int] = []
    QTimer.singleShot(500, lambda: signs.append(len(waiting.active_signs)))
    QTimer.singleShot(600, lambda: qtbot.keyClicks(field, "999"))  # typed while waiting

    assert wait_for(lambda: time.sleep(1.0) or "done", parent=field) == "done"
    timer.stop()
    assert len(ticks) >= 20, "the event loop kept running while the call waited"
    assert signs == [1] and waiting.active_signs == []
    qtbot.wait(50)
    assert field.text() == "", "keys typed while waiting were dropped, not replayed"


def test_no_answer_ends_in_a_clear_error_at_the_deadline(qtbot) -> None:
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(DatabaseNotAnswering) as caught:
        wait_for(lambda: release.wait(30), parent=None, deadline_s=0.5)
    assert time.monotonic() - started < 3
    with pytest.raises(AnswerLostWhileSaving):
        wait_for(lambda: release.wait(30), parent=None, writes=True, deadline_s=0.5)
    release.set()
    assert caught.value.params == {"seconds": 0} and "nothing was changed" in caught.value.english()


def test_a_hung_server_leaves_the_payment_window_alive_and_the_outcome_to_check(
    qtbot, pg_db, proxied, russian, monkeypatch
) -> None:
    db, proxy = proxied
    monkeypatch.setattr(waiting, "ANSWER_DEADLINE_S", 2.0)
    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001")
    dialog = PaymentDialog(db, cashier, contract_summary(pg_db, cashier, contract))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount_edit.setText("750")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    signs: list[int] = []
    QTimer.singleShot(1000, lambda: signs.append(len(waiting.active_signs)))
    QTimer.singleShot(1200, lambda: qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return))  # impatience

    proxy.hold()  # the server stops answering
    started = time.monotonic()
    dialog.submit()
    waited = time.monotonic() - started
    timer.stop()
    assert 1.5 < waited < 5, f"a clear message within the deadline, not a frozen window ({waited:.1f} s)"
    assert len(ticks) >= 20 and signs == [1]
    assert dialog.error_label.text().startswith("База данных не ответила за 2 с во время сохранения")
    assert dialog.amount_edit.isReadOnly() and dialog.post_button.text() == "&Проверить снова"
    assert dialog.pending.of_staff(cashier.staff_id), "the payment is noted as pending, as for a lost commit"

    proxy.release()  # the server answers again: the held payment goes through once
    qtbot.waitUntil(lambda: _payments(pg_db) == 1, timeout=10_000)
    dialog.submit()  # «Check again»
    assert dialog.posted is not None and dialog.posted.already_posted and _payments(pg_db) == 1


def _payments(db) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT count(*) FROM payment")).scalar() or 0)


def test_a_lock_held_too_long_says_the_database_is_busy(pg_db, pg_owner_url, monkeypatch) -> None:
    """The window's connections wait INTERACTIVE_LOCK_TIMEOUT_MS for a lock, then say so: rolled back."""
    import app.db
    from app.db import Database

    monkeypatch.setattr(app.db, "INTERACTIVE_LOCK_TIMEOUT_MS", 500)
    clerk = make_staff(pg_db, "olga", Role.FRONT_DESK)
    contract = make_contract(pg_db, "100001")
    window = Database(pg_db.url, interactive=True)
    owner = Database(pg_owner_url)
    try:
        with owner.transaction() as holder:
            holder.execute(text("LOCK TABLE contract IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(DatabaseBusy):
                contract_summary(window, clerk, contract)
            assert time.monotonic() - started < 5
    finally:
        window.dispose()
        owner.dispose()
