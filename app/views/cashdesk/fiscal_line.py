"""The cash desk's fiscal line: what became of the desk's fiscal receipts on its online cash register
(«printed, document No. …» or «waiting for the register: …» with what to check), and «Send to the
register now». Receipts the register could not take are tried again every half minute and after each
payment, off the GUI thread, one round at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from app.db import Database
from app.errors import DomainError
from app.services.cashdesk.fiscal import (
    DONE,
    SALE,
    Delivery,
    FiscalRegister,
    FiscalStatus,
    deliver,
    fiscal_status,
    waiting_receipts,
)
from app.services.kernel.permissions import Actor
from app.views.labels import WrappedLabel
from app.views.messages import error_text
from app.views.worker import run_in_background

FISCAL_RETRY_MS = 30_000


def register_words() -> dict[str, str]:
    """The adapters' and the domain's words for a register that did not answer or print, for the
    cashier (app/adapters/atol_driver.py, app/services/cashdesk/fiscal.py)."""
    return {
        "connection refused": QCoreApplication.translate(
            "FiscalLine", "the register's driver does not accept connections"
        ),
        "no answer in time": QCoreApplication.translate("FiscalLine", "the register did not answer in time"),
        "connection broken": QCoreApplication.translate("FiscalLine", "the connection to the register broke"),
        "waiting for the sale receipt": QCoreApplication.translate(
            "FiscalLine", "a return waits for its sale receipt"
        ),
        "the register has not finished the receipt yet": QCoreApplication.translate(
            "FiscalLine", "the register is still printing"
        ),
    }


def register_error_text(exc: BaseException) -> str:
    """An error from the register, in the cashier's words (its «why» translated where it is ours)."""
    if isinstance(exc, DomainError):
        why = exc.params.get("why")
        if isinstance(why, str) and why in register_words():
            exc.params["why"] = register_words()[why]
        return error_text(exc)
    return str(exc)


class FiscalLine(WrappedLabel):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        register_for: Callable[[str], FiscalRegister],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("", parent)
        self.setObjectName("fiscalStatus")
        self.db = db
        self.actor = actor
        self._register_for = register_for
        self.desk_id: int | None = None
        self.url = ""
        self.last_payment_id: int | None = None  # its printed receipt is named on the line
        self._delivering = False
        self._deliver_again = ""  # "due" or "all": asked for while a round was running
        self.send_button = QPushButton(self.tr("Sen&d to the register now"))
        self.send_button.setObjectName("sendToRegister")
        self.send_button.clicked.connect(self.send_now)
        self._timer = QTimer(self)
        self._timer.setInterval(FISCAL_RETRY_MS)
        self._timer.timeout.connect(self.deliver)

    def show_for(self, desk_id: int | None, url: str) -> None:
        """The desk of the cashier's open shift and its register ("" or None: the line is hidden)."""
        shown = desk_id is not None and bool(url)
        self.desk_id, self.url = desk_id, url
        self.setVisible(shown)
        self.send_button.setVisible(shown)
        if shown and not self._timer.isActive():
            self._timer.start()
            QTimer.singleShot(0, self.deliver)  # what an earlier session left queued
        elif not shown:
            self._timer.stop()

    def send_now(self) -> None:
        """«Send to the register now»: every waiting receipt, without waiting for its back-off."""
        self.deliver(everything=True)

    def deliver(self, everything: bool = False) -> None:
        """Hand the desk's queued fiscal receipts to its register, off the GUI thread; the line says
        what came of it. One delivery at a time from this window."""
        if self.desk_id is None or not self.url:
            return
        if self._delivering:
            self._deliver_again = "all" if everything else (self._deliver_again or "due")
            return  # one at a time; the next round follows this one at once
        self._delivering = True
        self.setText(self.tr("Sending the receipts to the cash register…"))
        db, actor, desk, last = self.db, self.actor, self.desk_id, self.last_payment_id
        register = self._register_for(self.url)

        def work() -> tuple[Delivery, list[FiscalStatus], list[FiscalStatus]]:
            delivery = deliver(db, actor, desk, register, everything=everything)
            latest = fiscal_status(db, actor, last) if last is not None else []
            return delivery, waiting_receipts(db, actor, desk), latest

        run_in_background(work, self._delivered, self._failed, parent=self)

    def _delivered(self, outcome: tuple[Delivery, list[FiscalStatus], list[FiscalStatus]]) -> None:
        delivery, waiting, latest = outcome
        self.setText(self.fiscal_text(delivery, waiting, latest))
        self.setStyleSheet("color: #b00020;" if waiting else "")
        self._next_round()

    def _failed(self, exc: BaseException) -> None:
        self.setText(self.tr("Fiscal receipts not checked: {why}").format(why=register_error_text(exc)))
        self.setStyleSheet("color: #b00020;")
        self._next_round()

    def _next_round(self) -> None:
        """A payment posted (or «Send now» pressed) while a round was running gets its own round."""
        self._delivering = False
        again, self._deliver_again = self._deliver_again, ""
        if again:
            self.deliver(everything=again == "all")

    def fiscal_text(self, delivery: Delivery, waiting: list[FiscalStatus], latest: list[FiscalStatus]) -> str:
        parts: list[str] = []
        for status in latest:
            if status.state == DONE:
                parts.append(
                    self.tr("Fiscal receipt printed: document No. {document} (receipt {receipt}).").format(
                        document=status.document_number, receipt=status.receipt_number
                    )
                    if status.kind == SALE
                    else self.tr("Return receipt printed: document No. {document}.").format(
                        document=status.document_number
                    )
                )
        if waiting:
            why = next((w.last_error for w in reversed(waiting) if w.last_error), "") or delivery.last_error
            why = register_words().get(why, why)
            parts.append(
                self.tr(
                    "Waiting for the cash register: {count} receipt(s) not printed yet ({why}). Check that "
                    "the register is on, has paper and its shift is not over 24 hours; they are printed "
                    "as soon as it answers. Do not take the money again."
                ).format(count=len(waiting), why=why or self.tr("no answer yet"))
            )
        elif not parts:
            parts.append(self.tr("Every fiscal receipt of this desk is on the cash register."))
        return " ".join(parts)
