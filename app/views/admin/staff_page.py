"""Administration → Staff: add staff, set roles, reset passwords, deactivate (never delete)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import Role
from app.services.admin import staff as staff_service
from app.services.admin.auth import reset_second_factor, unlock_account
from app.services.admin.server_roles import staff_login_role
from app.services.admin.staff import StaffRow
from app.services.kernel.permissions import Actor
from app.views.admin.list_page import ListPage
from app.views.form_dialog import FormDialog
from app.views.labels import role_title, roles_text
from app.views.messages import prompts
from app.views.tables import RowsModel

_Index = QModelIndex | QPersistentModelIndex


class StaffTableModel(RowsModel[StaffRow]):
    """On a shared server a fifth column shows each person's own server login (e.g. ivanova@billing)."""

    def __init__(self, server_database: str | None = None) -> None:
        super().__init__()
        self._server_database = server_database
        self.COLUMNS = ("login", "full_name", "roles", "status", "inn") + (
            ("server_login",) if server_database else ()
        )

    def column_titles(self) -> tuple[str, ...]:
        titles = (self.tr("Login"), self.tr("Full name"), self.tr("Roles"), self.tr("Status"), self.tr("INN"))
        return titles + ((self.tr("Server login"),) if self._server_database else ())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.gray) if not row.active else None
        column = self.COLUMNS[index.column()]
        if column == "login":
            return row.login
        if column == "full_name":
            return row.full_name
        if column == "roles":
            return roles_text(row.roles)
        if column == "inn":
            return row.inn
        if column == "server_login":
            return staff_login_role(self._server_database or "", row.login)
        if not row.active:
            return self.tr("deactivated")
        if row.locked_until is not None:
            local = QDateTime.fromSecsSinceEpoch(int(row.locked_until.timestamp()))
            until = QLocale().toString(local, QLocale.FormatType.ShortFormat)
            return self.tr("locked until {time}").format(time=until)
        return self.tr("active")


class StaffPage(ListPage[StaffRow]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        server = None if db.is_embedded else str(db.url.database)
        super().__init__(db, actor, StaffTableModel(server), "staffTable", parent=parent)
        self.set_heading(self.tr("Staff"))
        self.add_button = self.add_command(self.tr("&Add…"), self.add_staff)
        self.roles_button = self.add_command(self.tr("&Roles…"), self.edit_roles, needs_row=True)
        self.password_button = self.add_command(
            self.tr("Reset &password…"), self.reset_password, needs_row=True
        )
        self.active_button = self.add_command(self.tr("&Deactivate"), self.toggle_active, needs_row=True)
        if db.is_embedded:  # on a server, failed sign-ins are the server's (auth_delay)
            self.unlock_button = self.add_command(self.tr("&Unlock"), self.unlock, needs_row=True)
        self.reset_factor_button = self.add_command(
            self.tr("Reset second &factor…"), self.reset_second_factor, needs_row=True
        )
        self.inn_button = self.add_command(self.tr("&INN…"), self.edit_inn, needs_row=True)
        self.inn_button.setToolTip(self.tr("The cashier's INN, printed on their fiscal receipts"))
        self.reload()

    def load_rows(self) -> list[StaffRow]:
        return staff_service.list_staff(self.db, self.actor)

    def row_activated(self) -> None:
        self.edit_roles()

    def selection_changed(self, row: StaffRow | None) -> None:
        self.active_button.setText(
            self.tr("Re&activate") if row and not row.active else self.tr("&Deactivate")
        )

    def _role_boxes(self, dialog: FormDialog, checked: frozenset[Role]) -> dict[Role, QCheckBox]:
        boxes: dict[Role, QCheckBox] = {}
        box_row = QWidget()
        box_layout = QHBoxLayout(box_row)
        box_layout.setContentsMargins(0, 0, 0, 0)
        for role in Role:
            box = QCheckBox(role_title(role))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in checked)
            boxes[role] = box
            box_layout.addWidget(box)
        dialog.add_field(self.tr("Roles:"), box_row, "roles")
        return boxes

    def _password_fields(self, dialog: FormDialog) -> tuple[QLineEdit, QLineEdit]:
        password, repeat = QLineEdit(), QLineEdit()
        for edit in (password, repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        dialog.add_field(self.tr("Password:"), password, "password")
        dialog.add_field(self.tr("Repeat password:"), repeat, "repeat")
        return password, repeat

    @staticmethod
    def _same_passwords(password: QLineEdit, repeat: QLineEdit) -> str:
        if password.text() != repeat.text():
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The two passwords differ. Type the same password twice."),
                field="repeat",
            )
        return password.text()

    def make_add_dialog(self) -> FormDialog:
        dialog = FormDialog(self.tr("New staff member"), self)
        login, full_name = QLineEdit(), QLineEdit()
        dialog.add_field(self.tr("Login:"), login, "login")
        dialog.add_field(self.tr("Full name:"), full_name, "full_name")
        password, repeat = self._password_fields(dialog)
        boxes = self._role_boxes(dialog, frozenset())
        dialog.set_call(
            lambda: partial(
                staff_service.add_staff,
                self.db,
                self.actor,
                login=login.text(),
                full_name=full_name.text(),
                password=self._same_passwords(password, repeat),
                roles=[r for r, box in boxes.items() if box.isChecked()],
            )
        )
        return dialog

    def add_staff(self) -> None:
        dialog = self.make_add_dialog()
        if dialog.exec():
            self.reload(select_id=dialog.result_value.id)

    def make_roles_dialog(self, row: StaffRow) -> FormDialog:
        dialog = FormDialog(self.tr("Roles of {login}").format(login=row.login), self)
        boxes = self._role_boxes(dialog, row.roles)
        dialog.set_call(
            lambda: partial(
                staff_service.set_roles,
                self.db,
                self.actor,
                row.id,
                [r for r, box in boxes.items() if box.isChecked()],
                version=row.version,
            )
        )
        return dialog

    def edit_roles(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = self.make_roles_dialog(row)
        dialog.exec()
        self.reload(select_id=row.id)  # also after a conflict: show what is there now

    def make_inn_dialog(self, row: StaffRow) -> FormDialog:
        dialog = FormDialog(self.tr("INN of {name}").format(name=row.full_name), self)
        inn = QLineEdit(row.inn)
        inn.setMaxLength(20)
        inn.setPlaceholderText(self.tr("12 digits; empty: none"))
        dialog.add_field(self.tr("INN:"), inn, "inn")
        dialog.set_call(
            lambda: partial(staff_service.set_cashier_inn, self.db, self.actor, row.id, inn.text())
        )
        return dialog

    def edit_inn(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.make_inn_dialog(row).exec()
        self.reload(select_id=row.id)

    def make_password_dialog(self, row: StaffRow) -> FormDialog:
        dialog = FormDialog(self.tr("New password for {login}").format(login=row.login), self)
        password, repeat = self._password_fields(dialog)
        dialog.set_call(
            lambda: partial(
                staff_service.reset_password,
                self.db,
                self.actor,
                row.id,
                self._same_passwords(password, repeat),
                version=row.version,
            )
        )
        return dialog

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.make_password_dialog(row).exec()
        self.reload(select_id=row.id)

    def unlock(self) -> None:
        """Let the person try to sign in again at once (after failed attempts made them wait)."""
        row = self.selected()
        if row is None:
            return
        try:
            unlock_account(self.db, self.actor, row.id)
        except Exception as exc:  # noqa: BLE001 - shown; the list is reloaded either way
            prompts.show_error(self, exc)
        self.reload(select_id=row.id)

    def reset_second_factor(self) -> None:
        """A lost phone: the person sets up a new authenticator app at their next sign-in."""
        row = self.selected()
        if row is None:
            return
        question = self.tr(
            "Reset the second factor of {login}? Their authenticator app and recovery codes stop working; "
            "they set up a new app at their next sign-in. Do it only when you are sure who asks."
        )
        if not prompts.confirm(self, self.tr("Reset second factor"), question.format(login=row.login)):
            return
        try:
            reset_second_factor(self.db, self.actor, row.id)
        except Exception as exc:  # noqa: BLE001 - shown; the list is reloaded either way
            prompts.show_error(self, exc)
        self.reload(select_id=row.id)

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active:
            question = self.tr(
                "Deactivate the account {login}? The person will no longer be able to sign in."
            )
            if not prompts.confirm(self, self.tr("Deactivate"), question.format(login=row.login)):
                return
        try:
            staff_service.set_active(self.db, self.actor, row.id, not row.active, version=row.version)
        except Exception as exc:  # noqa: BLE001 - shown; the list is reloaded either way
            prompts.show_error(self, exc)
        self.reload(select_id=row.id)
