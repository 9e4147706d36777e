"""Administration → Network: RADIUS and the TV platform kept in step with the services — the settings,
the NAS list with this PC's CoA secrets, what waits or failed on its way (with «retry now»), and the
sync report with «apply ours»."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import bootstrap
from app.db import Database
from app.errors import ConcurrentEdit, DomainError
from app.secrets import store_secret
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import Key
from app.services.provisioning import outbox, sync
from app.services.provisioning.network import (
    NAS_KINDS,
    NasRow,
    NetworkSettings,
    add_nas,
    list_nas,
    load_network_settings,
    remove_nas,
    save_network_settings,
    sides_on,
)
from app.services.provisioning.ports import PAYMENT_PAGE, REJECT, THROTTLE, NothingTurnedOn
from app.views.form_dialog import FormDialog, error_label
from app.views.labels import short_moment
from app.views.messages import error_text, prompts
from app.views.network_words import access_words, delivery_error_text, held_words, side_words
from app.views.tables import RowsModel, setup_table
from app.views.worker import run_in_background


class WaitingModel(RowsModel[outbox.Waiting]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Changed"),
            self.tr("Contract"),
            self.tr("Login"),
            self.tr("Side"),
            self.tr("Should be"),
            self.tr("Attempts"),
            self.tr("Next attempt"),
            self.tr("Last error"),
        )

    def cells(self, row: outbox.Waiting) -> tuple[str, ...]:
        return (
            short_moment(row.changed_at),
            row.contract_number,
            row.login,
            side_words(row.target),
            access_words(row.access),
            str(row.attempts),
            short_moment(row.next_attempt_at) if row.next_attempt_at else self.tr("now"),
            delivery_error_text(row.last_error),
        )

    def color(self, row: outbox.Waiting, column: int) -> QColor | None:
        return QColor("#b00020") if row.attempts else None


class DifferencesModel(RowsModel[sync.Difference]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Side"),
            self.tr("Difference"),
            self.tr("Login"),
            self.tr("Contract"),
            self.tr("Ours"),
            self.tr("Theirs"),
        )

    def cells(self, row: sync.Difference) -> tuple[str, ...]:
        return (
            side_words(row.target),
            QCoreApplication.translate("Sync", sync.KIND_WORDS[row.kind]),
            row.login,
            row.contract_number or "—",
            held_words(row.target, row.ours),
            held_words(row.target, row.theirs),
        )


class NasModel(RowsModel[NasRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Address"), self.tr("Type"), self.tr("CoA port"), self.tr("Note"))

    def cells(self, row: NasRow) -> tuple[str, ...]:
        return (row.shortname, row.address, row.kind, str(row.coa_port), row.description)


class NetworkPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.settings: NetworkSettings | None = None
        self.radius_enabled = QCheckBox(self.tr("&Keep FreeRADIUS in step (its tables in this database)"))
        self.radius_enabled.setObjectName("radius_enabled")
        self.debt_action = QComboBox()
        self.debt_action.setObjectName("debt_action")
        self.debt_action.addItem(self.tr("no access (Access-Reject)"), REJECT)
        self.debt_action.addItem(self.tr("the payment page (a RADIUS group)"), PAYMENT_PAGE)
        self.debt_action.addItem(self.tr("a throttled rate"), THROTTLE)
        self.payment_group = QLineEdit()
        self.payment_group.setObjectName("payment_group")
        self.throttle_kbps = QLineEdit()
        self.throttle_kbps.setObjectName("throttle_kbps")
        self.tv_url = QLineEdit()
        self.tv_url.setObjectName("tv_url")
        self.tv_url.setPlaceholderText("https://api.24h.tv")
        self.error_label = error_label()
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.clicked.connect(self.save)
        self.tv_token_button = QPushButton(self.tr("TV platform &token on this PC…"))
        self.tv_token_button.clicked.connect(self.set_tv_token)
        settings_box = QGroupBox(self.tr("What the network is told"))
        form = QFormLayout(settings_box)
        form.addRow("", self.radius_enabled)
        form.addRow(self.tr("A debtor's Internet gets:"), self.debt_action)
        form.addRow(self.tr("Payment-page group:"), self.payment_group)
        form.addRow(self.tr("Throttled rate, kbit/s:"), self.throttle_kbps)
        form.addRow(self.tr("TV platform's API address:"), self.tv_url)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.tv_token_button)
        buttons.addStretch(1)
        form.addRow("", self.error_label)
        form.addRow("", buttons)

        self.nas_model = NasModel(self)
        self.nas_table = QTableView()
        self.nas_table.setModel(self.nas_model)
        setup_table(self.nas_table, stretch=4)
        self.add_nas_button = QPushButton(self.tr("&Add NAS…"))
        self.add_nas_button.clicked.connect(self.add_nas)
        self.remove_nas_button = QPushButton(self.tr("Re&move NAS"))
        self.remove_nas_button.clicked.connect(self.remove_nas)
        self.secret_button = QPushButton(self.tr("CoA s&ecret on this PC…"))
        self.secret_button.clicked.connect(self.set_nas_secret)
        nas_box = QWidget()
        nas_layout = QVBoxLayout(nas_box)
        nas_buttons = QHBoxLayout()
        for button in (self.add_nas_button, self.remove_nas_button, self.secret_button):
            nas_buttons.addWidget(button)
        nas_buttons.addStretch(1)
        nas_layout.addLayout(nas_buttons)
        nas_layout.addWidget(self.nas_table, 1)

        self.counts_label = QLabel()
        self.failing_only = QCheckBox(self.tr("&Failures only"))
        self.failing_only.toggled.connect(lambda _on: self.reload_waiting())
        self.retry_button = QPushButton(self.tr("&Retry now"))
        self.retry_button.clicked.connect(self.retry)
        self.deliver_button = QPushButton(self.tr("&Deliver now"))
        self.deliver_button.clicked.connect(self.deliver)
        self.waiting_model = WaitingModel(self)
        self.waiting_table = QTableView()
        self.waiting_table.setModel(self.waiting_model)
        setup_table(self.waiting_table, stretch=7)
        waiting_box = QWidget()
        waiting_layout = QVBoxLayout(waiting_box)
        bar = QHBoxLayout()
        bar.addWidget(self.counts_label, 1)
        bar.addWidget(self.failing_only)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.deliver_button)
        waiting_layout.addLayout(bar)
        waiting_layout.addWidget(self.waiting_table, 1)

        self.check_button = QPushButton(self.tr("&Check now"))
        self.check_button.clicked.connect(self.check)
        self.apply_button = QPushButton(self.tr("A&pply ours"))
        self.apply_button.clicked.connect(lambda: self.apply_ours(everything=False))
        self.apply_all_button = QPushButton(self.tr("Apply ours for a&ll"))
        self.apply_all_button.clicked.connect(lambda: self.apply_ours(everything=True))
        self.sync_label = QLabel(self.tr("Not checked yet."))
        self.sync_label.setWordWrap(True)
        self.differences_model = DifferencesModel(self)
        self.differences_table = QTableView()
        self.differences_table.setModel(self.differences_model)
        setup_table(self.differences_table, stretch=5, single=False)
        sync_box = QWidget()
        sync_layout = QVBoxLayout(sync_box)
        sync_bar = QHBoxLayout()
        sync_bar.addWidget(self.sync_label, 1)
        for button in (self.check_button, self.apply_button, self.apply_all_button):
            sync_bar.addWidget(button)
        sync_layout.addLayout(sync_bar)
        sync_layout.addWidget(self.differences_table, 1)

        self.parts = QTabWidget()
        self.parts.addTab(waiting_box, self.tr("On its way"))
        self.parts.addTab(sync_box, self.tr("Sync report"))
        self.parts.addTab(nas_box, self.tr("NAS list"))
        layout = QVBoxLayout(self)
        layout.addWidget(settings_box)
        layout.addWidget(self.parts, 1)
        self._busy: list[QPushButton] = []
        self.reload()

    def start_field(self) -> QWidget:
        return self.radius_enabled

    # Settings
    def reload(self) -> None:
        try:
            self.settings = load_network_settings(self.db, self.actor)
            nases = list_nas(self.db, self.actor)
        except Exception as exc:  # noqa: BLE001 - shown; the page keeps what it had
            prompts.show_error(self, exc)
            return
        values = self.settings.values
        self.radius_enabled.setChecked(values[Key.RADIUS_ENABLED] == "yes")
        self.debt_action.setCurrentIndex(max(0, self.debt_action.findData(values[Key.RADIUS_DEBT_ACTION])))
        self.payment_group.setText(values[Key.RADIUS_PAYMENT_GROUP])
        self.throttle_kbps.setText(values[Key.RADIUS_THROTTLE_KBPS])
        self.tv_url.setText(values[Key.TV_URL])
        self.nas_model.set_rows(nases)
        on_server = not self.db.is_embedded
        for widget in (self.add_nas_button, self.remove_nas_button, self.secret_button, self.radius_enabled):
            # On an embedded database RADIUS cannot be turned on: only a tick left from before goes off.
            ticked = widget is self.radius_enabled and self.radius_enabled.isChecked()
            widget.setEnabled(on_server or ticked)
        if not on_server:
            self.radius_enabled.setToolTip(self.tr("RADIUS needs the shared PostgreSQL database."))
        self.reload_waiting()

    def save(self) -> None:
        assert self.settings is not None
        values = {
            Key.RADIUS_ENABLED: "yes" if self.radius_enabled.isChecked() else "no",
            Key.RADIUS_DEBT_ACTION: str(self.debt_action.currentData()),
            Key.RADIUS_PAYMENT_GROUP: self.payment_group.text(),
            Key.RADIUS_THROTTLE_KBPS: self.throttle_kbps.text(),
            Key.TV_URL: self.tv_url.text(),
        }
        try:
            self.settings = save_network_settings(self.db, self.actor, values, self.settings.versions)
        except ConcurrentEdit as exc:
            self.reload()
            self._error(error_text(exc))
            return
        except DomainError as exc:
            self._error(error_text(exc), getattr(exc, "field", None))
            return
        except Exception as exc:  # noqa: BLE001 - a bug: logged and reported, the form stays
            prompts.show_error(self, exc)
            return
        self.error_label.hide()
        self.reload_waiting()
        prompts.inform(self, self.tr("Network"), self.tr("The network settings are saved."))

    def _error(self, text: str, field: str | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        widget = self.findChild(QWidget, field) if field else None
        if widget is not None:
            widget.setFocus()

    def set_tv_token(self) -> None:
        token = prompts.ask_text(self, self.tr("TV platform"), self.tr("The provider API's token:"))
        if token and token.strip():
            self._remember("tv.token", token.strip())

    def _remember(self, name: str, value: str) -> None:
        if store_secret(name, self.db.url, value):
            prompts.inform(self, self.tr("Network"), self.tr("Kept in this computer's keyring."))
        else:
            prompts.inform(
                self,
                self.tr("Network"),
                self.tr(
                    "This computer has no keyring to keep it in. Give it to the delivering task in its "
                    "environment instead (see the administrator's guide)."
                ),
            )

    # NAS list
    def make_nas_dialog(self) -> FormDialog:
        dialog = FormDialog(self.tr("New NAS"), self)
        address, shortname, port, note = QLineEdit(), QLineEdit(), QLineEdit("3799"), QLineEdit()
        kind = QComboBox()
        for value in NAS_KINDS:
            kind.addItem(value, value)
        address.setPlaceholderText("10.0.0.1")
        dialog.add_field(self.tr("IP address:"), address, "address")
        dialog.add_field(self.tr("Short name:"), shortname, "shortname")
        dialog.add_field(self.tr("Type:"), kind, "kind")
        dialog.add_field(self.tr("CoA port:"), port, "coa_port")
        dialog.add_field(self.tr("Note:"), note, "description")
        dialog.set_call(
            lambda: partial(
                add_nas,
                self.db,
                self.actor,
                address=address.text(),
                shortname=shortname.text(),
                kind=str(kind.currentData()),
                coa_port=port.text(),
                description=note.text(),
            )
        )
        return dialog

    def add_nas(self) -> None:
        if self.make_nas_dialog().exec():
            self.reload()

    def _chosen_nas(self) -> NasRow | None:
        rows = self.nas_table.selectionModel().selectedRows()
        return self.nas_model.rows[rows[0].row()] if rows else None

    def remove_nas(self) -> None:
        nas = self._chosen_nas()
        if nas is None:
            return
        question = self.tr("Remove the NAS {name} ({address}) from the list?").format(
            name=nas.shortname, address=nas.address
        )
        if not prompts.confirm(self, self.tr("NAS list"), question):
            return
        try:
            remove_nas(self.db, self.actor, nas.id)
        except Exception as exc:  # noqa: BLE001 - shown
            prompts.show_error(self, exc)
            return
        self.reload()

    def set_nas_secret(self) -> None:
        nas = self._chosen_nas()
        if nas is None:
            prompts.inform(self, self.tr("NAS list"), self.tr("Choose the NAS in the list first."))
            return
        label = self.tr("The CoA secret of {name} (kept on this PC only):").format(name=nas.shortname)
        secret = prompts.ask_text(self, self.tr("NAS list"), label)
        if secret and secret.strip():
            self._remember(f"nas.{nas.shortname}", secret.strip())

    # What is on its way
    def reload_waiting(self) -> None:
        try:
            sides = sides_on(self.settings.values) if self.settings else ()
            counts = outbox.counts(self.db, self.actor, sides)
            failing = self.failing_only.isChecked()
            rows = outbox.waiting(self.db, self.actor, failing_only=failing, targets=sides)
        except Exception as exc:  # noqa: BLE001 - shown; the old list stays
            prompts.show_error(self, exc)
            return
        self.counts_label.setText(
            self.tr("Waiting: {waiting}, of them failing: {failing}. Delivered: {delivered}.").format(
                waiting=counts.waiting, failing=counts.failing, delivered=counts.delivered
            )
        )
        self.waiting_model.set_rows(rows)

    def retry(self) -> None:
        selected = self.waiting_table.selectionModel().selectedRows()
        chosen = [self.waiting_model.rows[i.row()].service_id for i in selected]
        try:
            count = outbox.retry_now(self.db, self.actor, chosen or None)
        except Exception as exc:  # noqa: BLE001 - shown
            prompts.show_error(self, exc)
            return
        prompts.inform(self, self.tr("Network"), self.tr("{count} made due now.").format(count=count))
        self.reload_waiting()

    def _in_background(self, buttons: list[QPushButton], work: Any, done: Any) -> None:
        for button in buttons:
            button.setEnabled(False)

        def finish(callback: Any, value: Any) -> None:
            for button in buttons:
                button.setEnabled(True)
            callback(value)

        run_in_background(
            work, lambda result: finish(done, result), lambda exc: finish(self._failed, exc), parent=self
        )

    def _failed(self, exc: BaseException) -> None:
        """A background action failed: said, and the «…» placeholders give way to what is known."""
        prompts.show_error(self, exc)
        if self.sync_label.text() == self.tr("Checking…"):
            self.sync_label.setText(self.tr("Not checked yet."))
        self.reload_waiting()

    def deliver(self) -> None:
        db = self.db

        def work() -> outbox.Delivery:
            targets = bootstrap.provisioning_targets(db)
            if not targets:
                raise NothingTurnedOn()
            return outbox.deliver_due(db, targets)

        self.counts_label.setText(self.tr("Delivering…"))
        self._in_background([self.deliver_button], work, self._delivered)

    def _delivered(self, outcome: outbox.Delivery) -> None:
        text = self.tr("{delivered} delivered, {failed} failed.").format(
            delivered=outcome.delivered, failed=outcome.failed
        )
        if outcome.last_error:
            text += " " + self.tr("Last error: {error}").format(error=delivery_error_text(outcome.last_error))
        prompts.inform(self, self.tr("Network"), text)
        self.reload_waiting()

    # The sync report
    def check(self) -> None:
        db, actor = self.db, self.actor

        def work() -> sync.SyncReport:
            targets = bootstrap.provisioning_targets(db)
            if not targets:
                raise NothingTurnedOn()
            return sync.check(db, actor, [t for t in targets.values() if isinstance(t, sync.TargetReader)])

        self.sync_label.setText(self.tr("Checking…"))
        self._in_background(self._sync_buttons(), work, self._checked)

    def _checked(self, report: sync.SyncReport) -> None:
        self.differences_model.set_rows(report.differences)
        text = self.tr("Checked {moment}: {count} differences among {compared} accounts.").format(
            moment=short_moment(report.checked_at), count=len(report.differences), compared=report.compared
        )
        if report.unreachable:
            text += " " + self.tr("Not reachable: {sides}").format(sides="; ".join(report.unreachable))
        self.sync_label.setText(text)

    def apply_ours(self, *, everything: bool) -> None:
        rows = self.differences_model.rows
        if not everything:
            rows = [rows[i.row()] for i in self.differences_table.selectionModel().selectedRows()]
        if not rows:
            prompts.inform(self, self.tr("Sync report"), self.tr("Choose the lines to put right first."))
            return
        db, actor = self.db, self.actor

        def work() -> outbox.Delivery:
            targets = bootstrap.provisioning_targets(db)
            readers = {n: t for n, t in targets.items() if isinstance(t, sync.TargetReader)}
            return sync.apply_ours(db, actor, rows, targets, readers)

        self._in_background(self._sync_buttons(), work, self._applied)

    def _applied(self, outcome: outbox.Delivery) -> None:
        self._delivered(outcome)
        self.check()

    def _sync_buttons(self) -> list[QPushButton]:
        return [self.check_button, self.apply_button, self.apply_all_button]

