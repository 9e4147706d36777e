"""The card's «Telegram…»: whether the contract's reminders go to a Telegram chat, a one-time code for
the subscriber to send to the bot, and unlinking (docs/telegram.md)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db import Database
from app.errors import DomainError
from app.services.kernel.permissions import Actor, Permission
from app.services.notifications.telegram import (
    LinkCode,
    TelegramLink,
    format_code,
    issue_link_code,
    telegram_link,
    unlink_chat,
)
from app.views.labels import short_moment
from app.views.messages import error_text, prompts
from app.views.waiting import wait_for


class TelegramDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, contract_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.contract_id = contract_id
        self.link: TelegramLink | None = None
        self.changed = False
        self.setWindowTitle(QCoreApplication.translate("TelegramDialog", "Telegram"))
        self.status_label = QLabel()
        self.status_label.setObjectName("telegramStatus")
        self.status_label.setWordWrap(True)
        self.code_label = QLabel()
        self.code_label.setObjectName("telegramCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setObjectName("telegramHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.code_button = QPushButton(QCoreApplication.translate("TelegramDialog", "&New code"))
        self.code_button.setObjectName("telegramNewCode")
        self.code_button.clicked.connect(self.new_code)
        self.unlink_button = QPushButton(QCoreApplication.translate("TelegramDialog", "&Unlink the chat"))
        self.unlink_button.setObjectName("telegramUnlink")
        self.unlink_button.clicked.connect(self.unlink)
        close = QPushButton(QCoreApplication.translate("TelegramDialog", "&Close"))
        close.clicked.connect(self.accept)
        may_edit = actor.may(Permission.EDIT_SUBSCRIBERS)
        self.code_button.setVisible(may_edit)
        self.unlink_button.setVisible(may_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.code_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.code_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.reload()

    def reload(self) -> None:
        try:
            self.link = wait_for(lambda: telegram_link(self.db, self.actor, self.contract_id), parent=self)
        except Exception as exc:  # noqa: BLE001 - shown; the dialog keeps what it showed
            self._failed(exc)
            return
        link = self.link
        if link.linked_at is not None:
            text = QCoreApplication.translate(
                "TelegramDialog", "Reminders go to the subscriber's Telegram chat, linked {when}."
            ).format(when=short_moment(link.linked_at))
        else:
            text = QCoreApplication.translate(
                "TelegramDialog", "No Telegram chat is linked: reminders go by SMS."
            )
        if not link.enabled:
            text += " " + QCoreApplication.translate(
                "TelegramDialog", "Telegram is turned off in Administration → Reminders."
            )
        self.status_label.setText(text)
        self.unlink_button.setEnabled(link.linked_at is not None)
        self.code_button.setEnabled(link.enabled)

    def new_code(self) -> None:
        if (
            self.link is not None
            and self.link.linked_at is not None
            and not prompts.confirm(
                self,
                QCoreApplication.translate("TelegramDialog", "Telegram"),
                QCoreApplication.translate(
                    "TelegramDialog",
                    "A chat is linked already. The chat that sends the new code will replace it. Go on?",
                ),
            )
        ):
            return
        try:
            code = wait_for(
                lambda: issue_link_code(self.db, self.actor, self.contract_id), parent=self, writes=True
            )
        except Exception as exc:  # noqa: BLE001 - shown
            self._failed(exc)
            return
        self.changed = True
        self.error_label.hide()
        self.show_code(code)
        self.reload()

    def show_code(self, code: LinkCode) -> None:
        self.code_label.setText(format_code(code.code))
        self.code_label.show()
        until = short_moment(code.expires_at)
        if code.link:
            hint = QCoreApplication.translate(
                "TelegramDialog",
                "Give the subscriber this code. They open {link} in Telegram (or find @{bot} and send the "
                "code to it). The code works once, until {until}; a new code makes this one void.",
            ).format(link=code.link, bot=code.bot_name, until=until)
        else:
            hint = QCoreApplication.translate(
                "TelegramDialog",
                "Give the subscriber this code to send to the company's Telegram bot. It works once, "
                "until {until}; a new code makes this one void.",
            ).format(until=until)
        self.hint_label.setText(hint)
        self.hint_label.show()

    def unlink(self) -> None:
        if not prompts.confirm(
            self,
            QCoreApplication.translate("TelegramDialog", "Telegram"),
            QCoreApplication.translate(
                "TelegramDialog", "Unlink the Telegram chat? Reminders will go by SMS again."
            ),
        ):
            return
        try:
            wait_for(lambda: unlink_chat(self.db, self.actor, self.contract_id), parent=self, writes=True)
        except Exception as exc:  # noqa: BLE001 - shown
            self._failed(exc)
            return
        self.changed = True
        self.error_label.hide()
        self.reload()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            self.error_label.setText(error_text(exc))
            self.error_label.show()
        else:
            prompts.show_error(self, exc)
