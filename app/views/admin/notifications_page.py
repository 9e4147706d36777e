"""Administration → Reminders: the texts sent to debtors (editable, in Russian) and the outbox with
what was sent, what waits for a retry and what failed; failed reminders can be queued again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import ConcurrentEdit, DomainError
from app.models import NotificationStatus
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key
from app.services.notifications.reminders import PLACEHOLDERS, Templates, load_templates, save_templates
from app.services.notifications.sending import OutboxRow, outbox_rows, retry_failed
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
        return (
            short_moment(row.created_at),
            "SMS" if row.channel == "sms" else "e-mail",
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
        for edit in (self.debt_started, self.before_disconnect, self.compensation):
            edit.setFixedHeight(edit.fontMetrics().height() * 4)
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
        form.addRow("", hint)
        form.addRow("", self.error_label)
        form.addRow("", self.save_button)

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
        self.reload_outbox()

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
