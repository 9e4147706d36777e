"""The cash desk's online cash register as the cashier sees it: its shift in step with theirs, what
it says of itself (over 24 hours, fiscal drive, unsent documents) before it stops, and its own X report
and Z report. Every call to the register runs off the GUI thread: a register that does not answer
leaves the window working and says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QWidget

from app.db import Database
from app.services.cashdesk.fiscal import FiscalRegister
from app.services.cashdesk.register_shift import (
    EXPIRED,
    FN_ENDS,
    FN_FULL,
    OFD_UNSENT,
    OPENED,
    SHIFT_ENDS,
    SHIFT_HELD,
    SHIFT_NOT_OPEN,
    SHIFT_OVER_24H,
    RegisterCheck,
    RegisterShiftHeld,
    RegisterShiftOpened,
    RegisterWarning,
    check_register,
    close_register_shift,
    open_register_shift,
    print_register_x_report,
)
from app.services.kernel.permissions import Actor
from app.views.cashdesk.fiscal_line import register_error_text
from app.views.dates import in_company_zone
from app.views.labels import WrappedLabel, short_date, short_moment, short_time
from app.views.messages import prompts
from app.views.worker import run_in_background

CHECK_EVERY_MS = 5 * 60_000  # the register's state is read again every five minutes


class RegisterPanel(QWidget):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        register_for: Callable[[str], FiscalRegister],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._register_for = register_for
        self.shift_id: int | None = None
        self.url = ""
        self.busy = False
        self.label = WrappedLabel()
        self.label.setObjectName("registerStatus")
        self.button = QPushButton(self.tr("Cash re&gister"))
        self.button.setObjectName("registerMenu")
        menu = QMenu(self.button)
        self.open_action = menu.addAction(self.tr("Open the register's shift"), self.open_shift)
        self.x_action = menu.addAction(self.tr("X report on the register"), self.x_report)
        self.close_action = menu.addAction(
            self.tr("Close the register's shift (Z report)…"), self.close_shift
        )
        menu.addSeparator()
        self.check_action = menu.addAction(self.tr("Check the register"), self.check)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self.hide()

    def show_for(self, shift_id: int | None, url: str, *, open_shift: bool = False) -> None:
        """The cashier's open shift and its desk's register ("" or None: nothing to show); `open_shift`:
        the shift was just opened, so the register's is opened with it."""
        changed = (shift_id, url) != (self.shift_id, self.url)
        self.shift_id, self.url = shift_id, url
        shown = shift_id is not None and bool(url)
        self.setVisible(shown)
        if not shown:
            self._timer.stop()
        elif changed:
            self._timer.start()
            if open_shift:
                self.open_shift()
            else:
                self.check()

    # -- the register, off the GUI thread --------------------------------------------------------------

    def _run(
        self,
        doing: str,
        work: Callable[[FiscalRegister, int], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        shift_id = self.shift_id
        if shift_id is None or not self.url or self.busy:
            return
        self.busy = True
        self.button.setEnabled(False)
        self.label.setText(doing)
        self.label.setStyleSheet("")
        register = self._register_for(self.url)

        def finish(result: Any) -> None:
            self._idle()
            done(result)

        run_in_background(lambda: work(register, shift_id), finish, failed or self._failed, parent=self)

    def _idle(self) -> None:
        self.busy = False
        self.button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        self._say(self.tr("Cash register: {why}").format(why=register_error_text(exc)), alarm=True)

    def _say(self, text: str, *, alarm: bool) -> None:
        self.label.setText(text)
        self.label.setStyleSheet("color: #b00020;" if alarm else "")

    def check(self) -> None:
        self._run(
            self.tr("Asking the cash register…"),
            lambda register, shift_id: check_register(self.db, self.actor, shift_id, register),
            self._checked,
        )

    def _checked(self, check: RegisterCheck) -> None:
        state = check.state
        if state.shift_state == OPENED and state.shift_ends_at is not None:
            head = self.tr("Cash register: shift {number} open until {time}.").format(
                number=state.shift_number, time=short_moment(state.shift_ends_at)
            )
        elif state.shift_state == EXPIRED:
            head = self.tr("Cash register: shift {number} open for over 24 hours.").format(
                number=state.shift_number
            )
        else:
            head = self.tr("Cash register: its shift is closed.")
        texts = [
            self.warning_text(w) for w in check.warnings if w.code not in (SHIFT_OVER_24H, SHIFT_NOT_OPEN)
        ]
        texts += [self.warning_text(w) for w in check.warnings if w.code in (SHIFT_OVER_24H, SHIFT_NOT_OPEN)]
        self._say(" ".join([head, *texts]), alarm=bool(check.warnings))

    def warning_text(self, warning: RegisterWarning) -> str:
        p = warning.params
        if warning.code == SHIFT_OVER_24H:
            return self.tr(
                "The register refuses receipts until that shift is closed: «Cash register» → «Open the "
                "register's shift» closes it (Z report) and opens a new one."
            )
        if warning.code == SHIFT_ENDS:
            return self.tr("It turns 24 hours old at {time}: close your shift before then.").format(
                time=short_time(p["at"])
            )
        if warning.code == SHIFT_HELD:
            return (
                self.held_text(p)
                + " "
                + self.tr("Open yours: «Cash register» → «Open the register's shift».")
            )
        if warning.code == SHIFT_NOT_OPEN:
            return self.tr("The first receipt opens it, or «Cash register» → «Open the register's shift».")
        if warning.code == FN_FULL:
            return self.tr(
                "The fiscal drive is nearly full or must be replaced: call the register's service company."
            )
        if warning.code == FN_ENDS:
            return self.tr("The fiscal drive expires on {date}: order a new one.").format(
                date=short_date(in_company_zone(p["at"]).date())
            )
        if warning.code == OFD_UNSENT:
            return self.tr(
                "The register has not sent {count} document(s) to the fiscal data operator since {time}: "
                "check its Internet connection."
            ).format(count=p["count"], time=short_moment(p["since"]))
        return warning.code

    def held_text(self, params: dict[str, Any]) -> str:
        """Whose register shift is open, for the warning and the question before closing it."""
        if params.get("holder"):
            return self.tr(
                "The register's shift {number} was opened with {name}'s shift {shift} of {time}."
            ).format(
                number=params["number"],
                name=params["holder"],
                shift=params["holder_shift"],
                time=short_moment(params["since"]),
            )
        return self.tr(
            "The register's shift {number} was opened at the register itself or by another program."
        ).format(number=params["number"])

    def open_shift(self) -> None:
        """Open the register's shift with the cashier's; a shift held otherwise is closed only when the
        cashier says so."""
        self._open(close_held=False)

    def _open(self, *, close_held: bool) -> None:
        self._run(
            self.tr("Opening the cash register's shift…"),
            lambda register, shift_id: open_register_shift(
                self.db, self.actor, shift_id, register, close_held=close_held
            ),
            self._opened,
            self._failed_to_open,
        )

    def _opened(self, _opened: RegisterShiftOpened) -> None:
        self.check()

    def _failed_to_open(self, exc: BaseException) -> None:
        if not isinstance(exc, RegisterShiftHeld):
            self._failed(exc)
            return
        self._idle()
        params = exc.params
        over = self.tr("It has been open for over 24 hours.") if params.get("expired") else ""
        question = " ".join(
            part
            for part in (
                self.held_text(params),
                over,
                self.tr("Close it now (its Z report is printed) and open yours?"),
            )
            if part
        )
        if prompts.confirm(self, self.tr("Cash register"), question):
            self._open(close_held=True)
        else:
            self.check()

    def x_report(self) -> None:
        self._run(
            self.tr("Printing the X report on the cash register…"),
            lambda register, _shift_id: print_register_x_report(self.db, self.actor, register),
            lambda _none: self.check(),
        )

    def close_shift(self) -> None:
        if not prompts.confirm(
            self,
            self.tr("Cash register"),
            self.tr(
                "Close the cash register's shift now? It prints the register's Z report; receipts after "
                "it open a new register shift."
            ),
        ):
            return
        self.close_with(self.shift_id)

    def close_with(self, shift_id: int | None, *, on_failure: Callable[[str], None] | None = None) -> None:
        """Close the register's shift with our shift `shift_id` (just closed, or open)."""
        if shift_id is None or not self.url:
            return
        register = self._register_for(self.url)

        def failed(exc: BaseException) -> None:
            if on_failure is not None:
                on_failure(register_error_text(exc))
            else:
                self._failed(exc)

        def done(_document: int | None) -> None:
            if self.isVisible():
                self.check()

        run_in_background(
            lambda: close_register_shift(self.db, self.actor, shift_id, register), done, failed, parent=self
        )
