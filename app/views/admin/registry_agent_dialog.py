"""Administration → Payment registries → a bank or agent: its code and name, the format of its files
(for a CSV or Excel table, the column mapping as JSON, checked as it is typed), and the folder the
scheduled import watches."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.cashdesk.payment_agents import (
    COLUMNS,
    FILE_FORMATS,
    SBERBANK,
    Agent,
    check_columns,
    save_agent,
)
from app.services.kernel.permissions import Actor
from app.views.form_dialog import FormDialog
from app.views.messages import error_text, prompts

EXAMPLE_MAPPING = '{"columns": {"date": 1, "operation": 2, "account": 3, "amount": 4}, "delimiter": ";"}'


def format_title(file_format: str) -> str:
    titles = {
        SBERBANK: QCoreApplication.translate("Registries", "Sberbank registry (text, «;»-separated)"),
        COLUMNS: QCoreApplication.translate("Registries", "CSV or Excel table (column mapping)"),
    }
    return titles.get(file_format, file_format)


def read_mapping(text: str) -> dict[str, Any]:
    """The column mapping typed as JSON, checked by the domain (a ValidationError says what to fix)."""
    value: Any = None
    try:
        if text.strip():
            value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The column mapping is not valid JSON: check line {line}, position {column}."
            ),
            field="columns",
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    check_columns(value)
    return value  # check_columns has made sure it is a mapping


class AgentDialog(FormDialog):
    def __init__(
        self, db: Database, actor: Actor, agent: Agent | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("", parent)
        self.setWindowTitle(
            self.tr("New payment agent")
            if agent is None
            else self.tr("Payment agent {name}").format(name=agent.name)
        )
        self.setMinimumWidth(620)
        self.db = db
        self.actor = actor
        self.agent = agent
        self.code = QLineEdit(agent.code if agent else "")
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(self.tr("Latin letters and digits, such as sber"))
        self.name = QLineEdit(agent.name if agent else "")
        self.name.setMaxLength(200)
        self.file_format = QComboBox()
        for file_format in FILE_FORMATS:
            self.file_format.addItem(format_title(file_format), file_format)
        if agent is not None:
            self.file_format.setCurrentIndex(max(0, self.file_format.findData(agent.file_format)))
        self.columns = QPlainTextEdit()
        self.columns.setObjectName("columns")
        self.columns.setTabChangesFocus(True)
        self.columns.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.columns.setPlaceholderText(EXAMPLE_MAPPING)
        self.columns.setMinimumHeight(120)
        if agent is not None and agent.columns:
            self.columns.setPlainText(json.dumps(agent.columns, ensure_ascii=False, indent=2))
        self.columns_error = QLabel()
        self.columns_error.setObjectName("columnsError")
        self.columns_error.setWordWrap(True)
        self.columns_error.setStyleSheet("color: #b00020;")
        self.columns_error.hide()
        hint = QLabel(
            self.tr(
                "Required fields: date, operation, account, amount; optional: commission, payer, address, "
                "period, time. A column is named by its header text or its number from 1. Also: delimiter, "
                "encoding (auto, cp1251, utf-8), header_rows, date_format, total_label."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.columns_box = QWidget()
        box = QVBoxLayout(self.columns_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.columns)
        box.addWidget(self.columns_error)
        box.addWidget(hint)
        self.folder = QLineEdit(agent.watch_folder if agent else "")
        self.folder.setMaxLength(500)
        self.folder.setPlaceholderText(self.tr("none: files are imported by hand"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setObjectName("chooseFolder")
        self.choose_button.clicked.connect(lambda _checked=False: self.choose_folder())
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        self.active = QCheckBox(self.tr("Active: the scheduled import reads its watched folder"))
        self.active.setChecked(agent.active if agent else True)
        self.add_field(self.tr("Code:"), self.code, "code")
        self.add_field(self.tr("Name:"), self.name, "name")
        self.add_field(self.tr("File format:"), self.file_format, "file_format")
        self.add_field(self.tr("Column mapping:"), self.columns_box, "columns_box")
        self.add_field(self.tr("Watched folder:"), folder_row, "watch_folder")
        self.add_field("", self.active, "active")
        self.file_format.currentIndexChanged.connect(lambda _index: self.format_changed())
        self.columns.textChanged.connect(self.check_mapping)
        self.set_action(self.save)
        self.format_changed()

    def uses_columns(self) -> bool:
        return bool(self.file_format.currentData() == COLUMNS)

    def format_changed(self) -> None:
        self.form.setRowVisible(self.columns_box, self.uses_columns())
        self.check_mapping()
        self.adjustSize()

    def check_mapping(self) -> None:
        """The mapping's trouble under the box as it is typed (nothing while the box is still empty)."""
        if not self.uses_columns() or not self.columns.toPlainText().strip():
            self.columns_error.hide()
            return
        try:
            read_mapping(self.columns.toPlainText())
        except ValidationError as exc:
            self.columns_error.setText(error_text(exc))
            self.columns_error.show()
        else:
            self.columns_error.hide()

    def choose_folder(self) -> None:
        folder = prompts.choose_folder(
            self, self.tr("Folder the agent's files arrive in"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def save(self) -> int:
        columns = read_mapping(self.columns.toPlainText()) if self.uses_columns() else None
        return save_agent(
            self.db,
            self.actor,
            code=self.code.text(),
            name=self.name.text(),
            file_format=str(self.file_format.currentData()),
            columns=columns,
            watch_folder=self.folder.text(),
            active=self.active.isChecked(),
            agent_id=self.agent.id if self.agent else None,
            version=self.agent.version if self.agent else None,
        )

    def show_error(self, text: str, field: str | None = None) -> None:
        """The mapping's errors go under the mapping; the others under the form."""
        if field == "columns":
            self.error_label.hide()
            self.columns_error.setText(text)
            self.columns_error.show()
            self.columns.setFocus()
            return
        super().show_error(text, field)
