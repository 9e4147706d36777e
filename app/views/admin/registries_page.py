"""Administration → Payment registries: the banks and agents that send payment files, importing one
file (read and judged off the GUI thread, previewed line by line, then posted as one batch) and the
posted batches, each cancellable as a whole (app/services/cashdesk/registries.py, registry_batches.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app import bootstrap
from app.db import Database
from app.money import format_money
from app.services.cashdesk.payment_agents import Agent, list_agents
from app.services.cashdesk.registries import PostedRegistry, RegistryPreview, preview_registry
from app.services.cashdesk.registry_batches import (
    BatchRow,
    CancelledBatch,
    batch_totals,
    cancel_batch,
    list_batches,
)
from app.services.kernel.permissions import Actor
from app.views.admin.list_page import ListPage
from app.views.admin.registry_agent_dialog import AgentDialog, format_title
from app.views.admin.registry_preview_dialog import RegistryPreviewDialog, show_failure
from app.views.labels import short_date, short_moment
from app.views.messages import prompts
from app.views.splitters import remember_sizes
from app.views.tables import RowsModel
from app.views.worker import run_in_background


class AgentsModel(RowsModel[Agent]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Code"),
            self.tr("Format"),
            self.tr("Watched folder"),
            self.tr("Status"),
        )

    def cells(self, row: Agent) -> tuple[str, ...]:
        status = self.tr("active") if row.active else self.tr("inactive")
        return (row.name, row.code, format_title(row.file_format), row.watch_folder, status)

    def color(self, row: Agent, column: int) -> QColor | None:
        return None if row.active else QColor(Qt.GlobalColor.gray)


class BatchesModel(RowsModel[BatchRow]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Posted"),
            self.tr("Agent"),
            self.tr("File"),
            self.tr("Paid on"),
            self.tr("Payments"),
            self.tr("Amount"),
            self.tr("Commission"),
            self.tr("Left aside"),
            self.tr("Posted by"),
            self.tr("Cancelled"),
        )

    def cells(self, row: BatchRow) -> tuple[str, ...]:
        dates = short_date(row.first_date)
        if row.last_date != row.first_date:
            dates = f"{dates} – {short_date(row.last_date)}"
        cancelled = ""
        if row.cancelled_at is not None:
            cancelled = self.tr("{when}: {reason}").format(
                when=short_moment(row.cancelled_at), reason=row.cancel_reason
            )
        return (
            short_moment(row.posted_at),
            row.agent_name,
            row.file_name,
            dates,
            str(row.payments),
            format_money(row.amount),
            format_money(row.commission),
            str(row.left_aside) if row.left_aside else "",
            row.posted_by or self.tr("scheduled import"),
            cancelled,
        )

    def color(self, row: BatchRow, column: int) -> QColor | None:
        return QColor(Qt.GlobalColor.gray) if row.cancelled_at is not None else None

    def right_aligned(self) -> tuple[int, ...]:
        return (4, 5, 6, 7)

    def tooltip(self, row: BatchRow) -> str | None:
        return row.cancel_reason or None


class AgentsList(ListPage[Agent]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, AgentsModel(), "agentsTable", stretch=3, parent=parent)
        self.set_heading(self.tr("Banks and agents"))
        self.add_button = self.add_command(self.tr("&Add agent…"), self.add_agent, name="addAgent")
        self.edit_button = self.add_command(
            self.tr("&Edit…"), self.edit_agent, name="editAgent", needs_row=True
        )

    def load_rows(self) -> list[Agent]:
        return list_agents(self.db, self.actor)

    def reload(self, select_id: int | None = None) -> None:
        chosen = self.selected()
        super().reload(select_id if select_id is not None else chosen.id if chosen else None)
        if self.selected() is None and self.model.rows:
            self.table.selectRow(0)  # the usual case is one bank: import from it without a click

    def row_activated(self) -> None:
        self.edit_agent()

    def make_agent_dialog(self, agent: Agent | None) -> AgentDialog:
        return AgentDialog(self.db, self.actor, agent, self)

    def add_agent(self) -> None:
        dialog = self.make_agent_dialog(None)
        if dialog.exec():
            self.reload(select_id=dialog.result_value)

    def edit_agent(self) -> None:
        agent = self.selected()
        if agent is None:
            return
        self.make_agent_dialog(agent).exec()
        self.reload(select_id=agent.id)


class BatchesList(ListPage[BatchRow]):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, BatchesModel(), "batchesTable", stretch=9, parent=parent)
        self.set_heading(self.tr("Posted registries"))
        self.refresh_button = self.add_command(self.tr("&Refresh"), self.reload, name="refreshBatches")
        self.cancel_button = self.add_command(
            self.tr("&Cancel registry…"), self.cancel_selected, name="cancelBatch", needs_row=True
        )
        self.cancelling = False

    def load_rows(self) -> list[BatchRow]:
        return list_batches(self.db, self.actor)

    def reload(self, select_id: int | None = None) -> None:
        chosen = self.selected()
        super().reload(select_id if select_id is not None else chosen.id if chosen else None)

    def selection_changed(self, row: BatchRow | None) -> None:
        self.cancel_button.setEnabled(row is not None and row.cancelled_at is None and not self.cancelling)

    def cancel_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch.cancelled_at is not None or self.cancelling:
            return
        title = self.tr("Cancel registry {file}").format(file=batch.file_name)
        reason = prompts.ask_text(self, title, self.tr("Why is the registry cancelled?"))
        if reason is None:
            return
        try:
            count, amount = batch_totals(self.db, self.actor, batch.id)
        except Exception as exc:  # noqa: BLE001 - shown; nothing was done
            show_failure(self, title, exc)
            return
        question = self.tr(
            "The registry {file} from {agent} will be cancelled — payments: {count}, amount: {amount}. What "
            "they cleared (debts, blocks, disconnect orders) will be put back. Cancel the registry?"
        ).format(file=batch.file_name, agent=batch.agent_name, count=count, amount=format_money(amount))
        if not prompts.confirm(self, title, question):
            return
        self.cancelling = True
        self.update_buttons()
        db, actor, batch_id = self.db, self.actor, batch.id
        run_in_background(
            lambda: cancel_batch(db, actor, batch_id, reason),
            lambda result: self._cancelled(title, result),
            lambda exc: self._cancel_failed(title, exc),
            parent=self,
        )

    def _cancelled(self, title: str, result: CancelledBatch) -> None:
        self.cancelling = False
        self.reload()
        prompts.inform(self, title, self.undone_text(result))

    def _cancel_failed(self, title: str, exc: BaseException) -> None:
        self.cancelling = False
        self.reload()
        show_failure(self, title, exc)

    def undone_text(self, result: CancelledBatch) -> str:
        lines = [
            self.tr("Payments cancelled: {count}, amount: {amount}.").format(
                count=result.payments, amount=format_money(result.amount)
            )
        ]
        if result.debts_restored:
            lines.append(self.tr("Debts back with their dates: {count}.").format(count=result.debts_restored))
        if result.services_blocked:
            lines.append(self.tr("Services blocked again: {count}.").format(count=result.services_blocked))
        if result.disconnect_orders_restored:
            lines.append(
                self.tr("Disconnect orders back on the dispatcher's queue: {count}.").format(
                    count=result.disconnect_orders_restored
                )
            )
        if result.fees_reversed or result.reconnect_orders_cancelled:
            lines.append(
                self.tr("Reconnection fees reversed: {fees}; reconnect orders cancelled: {orders}.").format(
                    fees=result.fees_reversed, orders=result.reconnect_orders_cancelled
                )
            )
        if result.reconnections_kept:
            lines.append(
                self.tr(
                    "Cable TV already reconnected, left as it is (an administrator decides, see the "
                    "history): {count}."
                ).format(count=result.reconnections_kept)
            )
        return "\n".join(lines)


class RegistriesPage(QWidget):
    """The agents above, the posted batches below; «Import registry…» works on the chosen agent."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.preview_dialog: RegistryPreviewDialog | None = None
        self.agents = AgentsList(db, actor)
        self.batches = BatchesList(db, actor)
        self.import_button = self.agents.add_command(
            self.tr("&Import registry…"), self.import_registry, name="importRegistry", needs_row=True
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        self.agents.page_layout.addWidget(self.status_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.agents)
        splitter.addWidget(self.batches)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        remember_sizes(splitter, "registries")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.busy = False
        self.agents.reload()
        self.batches.reload()

    def import_registry(self) -> None:
        agent = self.agents.selected()
        if agent is None or self.busy:
            return
        path = prompts.open_file(
            self,
            self.tr("Registry file from {agent}").format(agent=agent.name),
            agent.watch_folder,
            self.tr("Registry files (*.txt *.csv *.xlsx);;All files (*)"),
        )
        if not path:
            return
        self.busy = True
        self.import_button.setEnabled(False)
        self.status_label.setText(self.tr("Reading and checking {file}…").format(file=Path(path).name))
        self.status_label.show()
        db, actor = self.db, self.actor
        run_in_background(
            lambda: preview_registry(db, actor, agent.id, bootstrap.read_registry_file(Path(path), agent)),
            self._previewed,
            self._preview_failed,
            parent=self,
        )

    def _import_finished(self) -> None:
        self.busy = False
        self.status_label.clear()
        self.status_label.hide()
        self.agents.update_buttons()

    def _previewed(self, preview: RegistryPreview) -> None:
        self._import_finished()
        dialog = RegistryPreviewDialog(self.db, self.actor, preview, self)
        dialog.posted.connect(self._posted)
        dialog.finished.connect(lambda _code: self._preview_closed(dialog))
        self.preview_dialog = dialog
        dialog.open()

    def _preview_closed(self, dialog: RegistryPreviewDialog) -> None:
        if self.preview_dialog is dialog:
            self.preview_dialog = None
        dialog.deleteLater()

    def _preview_failed(self, exc: BaseException) -> None:
        self._import_finished()
        show_failure(self, self.tr("Payment registries"), exc)

    def _posted(self, result: PostedRegistry) -> None:
        self.batches.reload(select_id=result.batch_id)
        prompts.inform(self, self.tr("Registry posted"), self.posted_text(result))

    def posted_text(self, result: PostedRegistry) -> str:
        if result.batch_id is None:
            lines = [
                self.tr("Nothing new was posted; payments imported before: {count}.").format(
                    count=result.already_imported
                )
            ]
        else:
            lines = [
                self.tr("Payments posted: {count}, amount: {amount}, commission: {commission}.").format(
                    count=result.payments,
                    amount=format_money(result.amount),
                    commission=format_money(result.commission),
                )
            ]
            if result.already_imported:
                lines.append(
                    self.tr("Imported before and skipped: {count}.").format(count=result.already_imported)
                )
        unknown = result.left_aside
        if unknown > 0:
            lines.append(self.tr("Unknown contracts left aside: {count}.").format(count=unknown))
        if result.debts_cleared:
            lines.append(self.tr("Debts cleared: {count}.").format(count=result.debts_cleared))
        if result.services_unblocked:
            lines.append(self.tr("Services unblocked: {count}.").format(count=result.services_unblocked))
        if result.disconnects_cancelled:
            lines.append(
                self.tr("Disconnect orders cancelled: {count}.").format(count=result.disconnects_cancelled)
            )
        if result.reconnections_ordered:
            lines.append(
                self.tr("Cable TV reconnections ordered: {count}.").format(count=result.reconnections_ordered)
            )
        return "\n".join(lines)
