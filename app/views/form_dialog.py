"""A dialog whose OK runs a domain action: on an expected error it shows the message, keeps what the
user typed and stays open; it closes only when the action has been saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import DomainError
from app.views.messages import error_text, prompts
from app.views.waiting import wait_for


def error_label() -> QLabel:
    """Where a form says what to fix: red, wrapped, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error_label = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        self._action: Callable[[], Any] | None = None
        self._off_thread = False
        self._fields: dict[str, QWidget] = {}

    def add_field(self, label: str, widget: QWidget, name: str) -> None:
        widget.setObjectName(name)
        self._fields[name] = widget
        self.form.addRow(label, widget)

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def name_buttons(self, ok: str, cancel: str) -> None:
        """Say on the buttons what they do («Cancel the payment» / «Keep it»), where OK and Cancel would
        be ambiguous — cancelling a cancellation."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)

    def set_action(self, action: Callable[[], Any]) -> None:
        """`action()` runs on OK, on the GUI thread; its result is kept in `result_value`. Prefer
        `set_call` for anything that reaches the database."""
        self._action = action
        self._off_thread = False

    def set_call(self, prepare: Callable[[], Callable[[], Any]]) -> None:
        """On OK, `prepare()` reads the fields (on the GUI thread) and returns the domain call to make —
        typically `partial(domain_function, db, actor, field.text(), …)` — which then runs off the GUI
        thread (views/waiting.py): the window stays alive while the database works."""
        self._action = prepare
        self._off_thread = True

    def showEvent(self, event: QShowEvent) -> None:
        """The keyboard starts in the first field that takes it, not on OK: Enter still sends the form
        (the fields pass it to the dialog's OK), but a choice to make is made first, not skipped."""
        super().showEvent(event)
        focused = self.focusWidget()
        if focused is not None and focused not in self.buttons.buttons():
            return  # the form chose already (e.g. the field an error is about)
        for widget in self._fields.values():
            takes = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            if takes and widget.isEnabled() and widget.isVisibleTo(self):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def show_error(self, text: str, field: str | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.adjustSize()  # the dialog grows with its message: a long one is never cut off
        if field and field in self._fields:
            self._fields[field].setFocus()

    def submit(self) -> None:
        assert self._action is not None
        try:
            if self._off_thread:
                self.result_value = wait_for(self._action(), parent=self, writes=True)
            else:
                self.result_value = self._action()
        except DomainError as exc:
            self.show_error(error_text(exc), getattr(exc, "field", None))
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged, reported, the form stays filled
            prompts.show_error(self, exc)
            return
        self.accept()
