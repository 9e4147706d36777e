"""Administration → Reminders: the texts sent to debtors (editable, in Russian), Telegram (on or off,
the bot's name, its token in this PC's keyring) and the outbox with what was sent, what waits for a
retry and what failed, on which channel; failed reminders can be queued again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import ConcurrentEdit, DomainError
from app.models import NotificationChannel, NotificationStatus
from app.secrets import store_secret
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key, TransportKey
from app.services.notifications.ports import SECRET_TELEGRAM_TOKEN
from app.services.notifications.reminders import PLACEHOLDERS, Templates, load_templates, save_templates
from app.services.notifications.sending import OutboxRow, outbox_rows, retry_failed
from app.services.notifications.telegram import (
    TelegramSettings,
    load_telegram_settings,
    save_telegram_settings,
)
from app.views.labels import short_moment
from app.views.messages import error_text, prompts
from app.views.tables import RowsModel, setup_table

_Index = QModelIndex | QPersistentModelIndex
ALL = "all"  # combo data meaning every status (never None: see the Qt binding test)


class OutboxModel(RowsModel[OutboxRow]):
    def column_titles(self) -> tuple[str, ...]:
        titles = (self.tr("Queued"), self.tr("Channel"), self.tr("Recipient"), self.tr("Contract"))
        return (*titles, self.tr("Status"), self.tr("Attempts"), self.tr("Text / last error"))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.status == NotificationStatus.FAILED:
            return QColor(Qt.GlobalColor.darkRed)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        statuses = {
            NotificationStatus.QUEUED: self.tr("sending") if row.sending else self.tr("queued"),
            NotificationStatus.SENT: self.tr("sent"),
            NotificationStatus.FAILED: self.tr("failed"),
        }
        channels = {
            NotificationChannel.SMS: "SMS",
            NotificationChannel.EMAIL: "e-mail",
            NotificationChannel.TELEGRAM: "Telegram",
        }
        return (
            short_moment(row.created_at),
            channels.get(row.channel, str(row.channel)),
            row.recipient,
            row.contract_number or "",
            statuses[NotificationStatus(row.status)],
            str(row.attempts),
            row.last_error or row.text,
        )[index.column()]


class NotificationsPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.templates: Templates | None = None
        self.debt_started = QPlainTextEdit()
        self.debt_started.setObjectName(Key.TEMPLATE_DEBT_STARTED)
        self.before_disconnect = QPlainTextEdit()
        self.before_disconnect.setObjectName(Key.TEMPLATE_BEFORE_DISCONNECT)
        self.compensation = QPlainTextEdit()
        self.compensation.setObjectName(Key.TEMPLATE_COMPENSATION)
        self.promotion = QPlainTextEdit()
        self.promotion.setObjectName(Key.TEMPLATE_PROMOTION)
        for edit in (self.debt_started, self.before_disconnect, self.compensation, self.promotion):
            edit.setFixedHeight(edit.fontMetrics().height() * 4)
            # the texts wrap at the edit's width: a scroll bar across would only take a line from them
            edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hint = QLabel(
            self.tr("Placeholders: {list}.").format(list=", ".join("{" + p + "}" for p in PLACEHOLDERS))
        )
        hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton(self.tr("&Save texts"))
        self.save_button.clicked.connect(self.save)
        texts = QGroupBox(self.tr("Reminder texts"))
        form = QFormLayout(texts)
        form.addRow(self.tr("When the debt starts:"), self.debt_started)
        form.addRow(self.tr("Before the disconnect:"), self.before_disconnect)
        form.addRow(self.tr("Outage compensation:"), self.compensation)
        form.addRow(self.tr("A promotion given:"), self.promotion)
        form.addRow("", hint)
        form.addRow("", self.error_label)
        form.addRow("", self.save_button)

        self.telegram: TelegramSettings | None = None
        self.telegram_enabled = QCheckBox(
            self.tr("Send reminders by Telegram to subscribers who &linked a chat (instead of SMS)")
        )
        self.telegram_enabled.setObjectName(TransportKey.TELEGRAM_ENABLED)
        self.bot_name = QLineEdit()
        self.bot_name.setObjectName(TransportKey.TELEGRAM_BOT_NAME)
        self.bot_name.setMaxLength(40)
        self.bot_name.setPlaceholderText(self.tr("for example: @cable_tver_bot"))
        self.telegram_error = QLabel()
        self.telegram_error.setObjectName("telegramError")
        self.telegram_error.setWordWrap(True)
        self.telegram_error.setStyleSheet("color: #b00020;")
        self.telegram_error.hide()
        self.telegram_save = QPushButton(self.tr("Save Telegra&m settings"))
        self.telegram_save.clicked.connect(self.save_telegram)
        self.token_button = QPushButton(self.tr("Bot &token on this PC…"))
        self.token_button.clicked.connect(self.set_token)
        telegram_buttons = QHBoxLayout()
        telegram_buttons.addWidget(self.telegram_save)
        telegram_buttons.addWidget(self.token_button)
        telegram_buttons.addStretch(1)
        telegram = QGroupBox(self.tr("Telegram"))
        telegram_form = QFormLayout(telegram)
        telegram_form.addRow("", self.telegram_enabled)
        telegram_form.addRow(self.tr("The bot's username:"), self.bot_name)
        telegram_form.addRow("", self.telegram_error)
        telegram_form.addRow("", telegram_buttons)

        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("all"), ALL)
        self.status_combo.addItem(self.tr("queued"), NotificationStatus.QUEUED.value)
        self.status_combo.addItem(self.tr("failed"), NotificationStatus.FAILED.value)
        self.status_combo.addItem(self.tr("sent"), NotificationStatus.SENT.value)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload_outbox())
        self.retry_button = QPushButton(self.tr("&Retry failed"))
        self.retry_button.clicked.connect(self.retry)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Outbox:")))
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        bar.addWidget(self.retry_button)
        self.model = OutboxModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=6)
        layout = QVBoxLayout(self)
        layout.addWidget(texts)
        layout.addWidget(telegram)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        try:
            self.templates = load_templates(self.db, self.actor)
        except Exception as exc:  # noqa: BLE001 - shown; the page keeps what it had
            prompts.show_error(self, exc)
            return
        self.debt_started.setPlainText(self.templates.values[Key.TEMPLATE_DEBT_STARTED])
        self.before_disconnect.setPlainText(self.templates.values[Key.TEMPLATE_BEFORE_DISCONNECT])
        self.compensation.setPlainText(self.templates.values[Key.TEMPLATE_COMPENSATION])
        self.promotion.setPlainText(self.templates.values[Key.TEMPLATE_PROMOTION])
        self.reload_telegram()
        self.reload_outbox()

    def reload_telegram(self) -> None:
        try:
            self.telegram = load_telegram_settings(self.db, self.actor)
        except Exception as exc:  # noqa: BLE001 - shown; the page keeps what it had
            prompts.show_error(self, exc)
            return
        self.telegram_enabled.setChecked(self.telegram.enabled)
        self.bot_name.setText("@" + self.telegram.bot_name if self.telegram.bot_name else "")

    def save_telegram(self) -> None:
        assert self.telegram is not None
        try:
            self.telegram = save_telegram_settings(
                self.db,
                self.actor,
                enabled=self.telegram_enabled.isChecked(),
                bot_name=self.bot_name.text(),
                versions=self.telegram.versions,
            )
        except ConcurrentEdit as exc:
            self.reload_telegram()
            self._telegram_error(error_text(exc))
            return
        except DomainError as exc:  # what was typed stays
            self._telegram_error(error_text(exc))
            self.bot_name.setFocus()
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported
            prompts.show_error(self, exc)
            return
        self.telegram_error.hide()
        self.bot_name.setText("@" + self.telegram.bot_name if self.telegram.bot_name else "")
        prompts.inform(self, self.tr("Telegram"), self.tr("The Telegram settings are saved."))

    def _telegram_error(self, text: str) -> None:
        self.telegram_error.setText(text)
        self.telegram_error.show()

    def set_token(self) -> None:
        token = prompts.ask_text(
            self, self.tr("Telegram"), self.tr("The bot's token from @BotFather (like 123456:ABC-DEF…):")
        )
        if not token or not token.strip():
            return
        if store_secret(SECRET_TELEGRAM_TOKEN, self.db.url, token.strip()):
            prompts.inform(
                self,
                self.tr("Telegram"),
                self.tr(
                    "Kept in this computer's keyring. The computer that runs the reminders' scheduled "
                    "task needs it there too (or in its environment)."
                ),
            )
        else:
            prompts.inform(
                self,
                self.tr("Telegram"),
                self.tr(
                    "This computer has no keyring to keep it in. Give it to the reminders' scheduled task "
                    "in its environment instead (SUBSCRIBER_DESK_TELEGRAM_TOKEN)."
                ),
            )

    def reload_outbox(self) -> None:
        status = str(self.status_combo.currentData())
        try:
            rows = outbox_rows(
                self.db,
                self.actor,
                None if status == ALL else NotificationStatus(status),
                newest_first=True,
            )
        except Exception as exc:  # noqa: BLE001 - shown; the old list stays
            prompts.show_error(self, exc)
            return
        self.model.set_rows(rows)

    def save(self) -> None:
        assert self.templates is not None
        values = {
            Key.TEMPLATE_DEBT_STARTED: self.debt_started.toPlainText(),
            Key.TEMPLATE_BEFORE_DISCONNECT: self.before_disconnect.toPlainText(),
            Key.TEMPLATE_COMPENSATION: self.compensation.toPlainText(),
            Key.TEMPLATE_PROMOTION: self.promotion.toPlainText(),
        }
        try:
            self.templates = save_templates(self.db, self.actor, values, self.templates.versions)
        except ConcurrentEdit as exc:
            self.reload()
            self._error(error_text(exc))
            return
        except DomainError as exc:
            self._error(error_text(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported, the texts stay
            prompts.show_error(self, exc)
            return
        self.error_label.hide()
        prompts.inform(self, self.tr("Reminder texts"), self.tr("The texts are saved."))

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.show()

    def retry(self) -> None:
        failed = [r.id for r in self.model.rows if r.status == NotificationStatus.FAILED]
        if not failed:
            prompts.inform(self, self.tr("Outbox"), self.tr("There are no failed reminders in the list."))
            return
        try:
            count = retry_failed(self.db, self.actor, failed)
        except Exception as exc:  # noqa: BLE001 - shown
            prompts.show_error(self, exc)
            return
        prompts.inform(
            self, self.tr("Outbox"), self.tr("{count} reminders queued again.").format(count=count)
        )
        self.reload_outbox()
