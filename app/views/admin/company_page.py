"""Administration → Company: details printed on documents and payment QR codes, region, debt policy,
the cash desk's typo guard, workstations, and how long former subscribers' personal data is kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import ConcurrentEdit, DomainError
from app.models import Role
from app.money import format_money
from app.services.admin.company import (
    MAX_GRACE_DAYS,
    MAX_IDLE_LOCK_MINUTES,
    RETENTION_MONTHS_RANGE,
    CompanySettings,
    load_company_settings,
    save_company_settings,
)
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key
from app.views.admin.anonymise_action import AnonymiseButton
from app.views.dates import follow_company_zone
from app.views.labels import role_title
from app.views.messages import error_text, prompts

# Russia's time zones, west to east; any other IANA name may be typed.
TIME_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)


class CompanyPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.settings: CompanySettings | None = None
        self.edits: dict[str, QWidget] = {}

        company = self._group(
            self.tr("Company"),
            [
                (Key.COMPANY_NAME, "company_name", self.tr("Legal name:"), self._line(160)),
                (Key.COMPANY_INN, "inn", self.tr("INN:"), self._line(12)),
                (Key.COMPANY_KPP, "kpp", self.tr("KPP:"), self._line(9)),
                (Key.COMPANY_ADDRESS, "address", self.tr("Address:"), self._line(300)),
                (Key.COMPANY_PHONE, "phone", self.tr("Phone:"), self._line(50)),
            ],
        )
        bank = self._group(
            self.tr("Bank"),
            [
                (Key.BANK_NAME, "bank_name", self.tr("Bank name:"), self._line(45)),
                (Key.BANK_BIC, "bic", self.tr("BIC:"), self._line(9)),
                (Key.BANK_ACCOUNT, "bank_account", self.tr("Settlement account:"), self._line(24)),
                (Key.BANK_CORR_ACCOUNT, "corr_account", self.tr("Correspondent account:"), self._line(24)),
            ],
        )
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(TIME_ZONES)
        self.currency = QComboBox()
        self.currency.addItem(self.tr("Russian ruble (₽)"), "RUB")
        region = self._group(
            self.tr("Region"),
            [
                (Key.TIMEZONE, "timezone", self.tr("Time zone:"), self.timezone),
                (Key.CURRENCY, "currency", self.tr("Currency:"), self.currency),
            ],
        )
        self.grace_days = QSpinBox()
        self.grace_days.setRange(0, MAX_GRACE_DAYS)
        self.grace_days.setSuffix(self.tr(" days"))
        self.reconnection_fee = self._line(20)
        self.reconnection_fee.setPlaceholderText(self.tr("empty: one monthly fee of the service"))
        self.confirm_above = self._line(20)
        self.confirm_above.setPlaceholderText(
            self.tr("empty: 12 months of the contract's fees, at most 50 000")
        )
        debt = self._group(
            self.tr("Debt policy"),
            [
                (
                    Key.GRACE_DAYS,
                    "grace_days",
                    self.tr("Grace period before a CaTV disconnect:"),
                    self.grace_days,
                ),
                (
                    Key.RECONNECTION_FEE,
                    "reconnection_fee",
                    self.tr("Reconnection fee, ₽:"),
                    self.reconnection_fee,
                ),
            ],
        )
        cash_desk = self._group(
            self.tr("Cash desk"),
            [
                (
                    Key.CONFIRM_PAYMENT_ABOVE,
                    "confirm_payment_above",
                    self.tr("Ask the cashier to confirm payments above, ₽:"),
                    self.confirm_above,
                ),
            ],
        )

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, MAX_IDLE_LOCK_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.second_factor_roles = RoleChecks(always=Role.ADMIN)
        sessions = self._group(
            self.tr("Workstations"),
            [
                (
                    Key.IDLE_LOCK_MINUTES,
                    "idle_lock_minutes",
                    self.tr("Lock a workstation left unused for:"),
                    self.idle_minutes,
                ),
                (
                    Key.SECOND_FACTOR_ROLES,
                    "second_factor_roles",
                    self.tr("Sign in with a second factor:"),
                    self.second_factor_roles,
                ),
            ],
        )
        self.retention_months = QSpinBox()
        self.retention_months.setRange(*RETENTION_MONTHS_RANGE)
        self.retention_months.setSuffix(self.tr(" months"))
        self.anonymise = AnonymiseButton(db, actor)
        privacy = self._group(
            self.tr("Personal data"),
            [
                (
                    Key.RETENTION_MONTHS,
                    "retention_months",
                    self.tr("Keep former subscribers' personal data after the last contract ends:"),
                    self.retention_months,
                ),
            ],
        )
        privacy_form = privacy.layout()
        assert isinstance(privacy_form, QFormLayout)
        privacy_form.addRow("", self.anonymise)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("&Revert"))
        self.revert_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)

        content = QWidget()
        column = QVBoxLayout(content)
        for group in (company, bank, region, debt, cash_desk, sessions, privacy):
            column.addWidget(group)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.reload()

    @staticmethod
    def _line(max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(max_length)
        return edit

    def _group(self, title: str, rows: list[tuple[str, str, str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for key, name, label, widget in rows:
            widget.setObjectName(name)
            widget.setProperty("settingKey", key)
            self.edits[key] = widget
            form.addRow(label, widget)
        return box

    def values(self) -> dict[str, str]:
        """What the form holds now, as the domain function takes it."""
        values = {}
        for key, widget in self.edits.items():
            if isinstance(widget, (QLineEdit, RoleChecks)):
                values[key] = widget.text()
            elif isinstance(widget, QSpinBox):
                values[key] = str(widget.value())
            elif isinstance(widget, QComboBox):
                data = widget.currentData()
                values[key] = widget.currentText() if widget.isEditable() or data is None else str(data)
        return values

    def _show(self, settings: CompanySettings) -> None:
        self.settings = settings
        for key, value in settings.values.items():
            widget = self.edits[key]
            if key in (Key.RECONNECTION_FEE, Key.CONFIRM_PAYMENT_ABOVE) and isinstance(widget, QLineEdit):
                widget.setText(format_money(int(value), "").strip() if value else "")
            elif isinstance(widget, (QLineEdit, RoleChecks)):
                widget.setText(value)
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value) if not widget.isEditable() else widget.findText(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
                elif widget.isEditable():
                    widget.setEditText(value)

    def reload(self) -> None:
        self.error_label.hide()
        try:
            self._show(load_company_settings(self.db, self.actor))
        except Exception as exc:  # noqa: BLE001 - shown; the form keeps what it had
            prompts.show_error(self, exc)

    def save(self) -> None:
        assert self.settings is not None
        try:
            saved = save_company_settings(self.db, self.actor, self.values(), self.settings.versions)
        except ConcurrentEdit as exc:
            self.reload()
            self._error(error_text(exc))
            return
        except DomainError as exc:
            self._error(error_text(exc), getattr(exc, "field", None))
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported, the form stays filled
            prompts.show_error(self, exc)
            return
        self._show(saved)
        self.error_label.hide()
        follow_company_zone(self.db)  # times on every screen of this PC follow a changed zone
        prompts.inform(self, self.tr("Company"), self.tr("The settings are saved."))

    def _error(self, text: str, field: str | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if field:
            widget = self.findChild(QWidget, field)
            if widget is not None:
                widget.setFocus()


class RoleChecks(QWidget):
    """A check box per role; `text()` / `setText()` hold the comma-separated setting. `always` stays
    checked (administrators always sign in with a second factor)."""

    def __init__(self, *, always: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[Role, QCheckBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for role in Role:
            box = QCheckBox(role_title(role))
            box.setObjectName(f"second_factor_{role.value}")
            if role is always:
                box.setChecked(True)
                box.setEnabled(False)
            self.boxes[role] = box
            row.addWidget(box)
        row.addStretch(1)
        self._always = always

    def text(self) -> str:
        return ",".join(sorted(r.value for r, box in self.boxes.items() if box.isChecked()))

    def setText(self, value: str) -> None:
        chosen = {v.strip() for v in value.split(",")}
        for role, box in self.boxes.items():
            box.setChecked(role is self._always or role.value in chosen)
