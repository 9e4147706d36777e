"""Administration → Payment registries → one file before it is posted: every line with its verdict, the
totals per verdict, and — at the top — why the file cannot be posted yet. «Post» posts it off the GUI
thread (app/services/cashdesk/registries.py); closing the dialog without posting changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import DomainError
from app.money import format_money
from app.services.cashdesk.registries import (
    JudgedLine,
    PostedRegistry,
    RegistryPreview,
    RegistryRefused,
    Verdict,
    post_registry,
    preview_registry,
)
from app.services.kernel.permissions import Actor
from app.services.kernel.problems import Problem
from app.views.labels import short_date
from app.views.messages import error_text, prompts
from app.views.tables import RowsModel, setup_table
from app.views.worker import run_in_background

ERROR_STYLE = "color: #b00020;"
VERDICT_COLORS = {
    Verdict.ERROR: QColor("#b00020"),
    Verdict.UNKNOWN_CONTRACT: QColor("#a05000"),
    Verdict.ALREADY_IMPORTED: QColor(128, 128, 128),
}


def problem_text(problem: Problem) -> str:
    """A line's or a file's problem in the operator's language, its values filled in."""
    translated = QCoreApplication.translate("Errors", problem.text)
    try:
        return translated.format(**problem.params) if problem.params else translated
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the problem
        return problem.english()


def failure_text(exc: DomainError) -> str:
    """A domain error for people; a refused registry lists its reasons translated one by one (the
    error's own parameters hold them in English, for the log)."""
    if not isinstance(exc, RegistryRefused):
        return error_text(exc)
    reasons = " ".join(problem_text(problem) for problem in exc.problems)
    try:
        return QCoreApplication.translate("Errors", exc.source_text).format(reasons=reasons)
    except (KeyError, IndexError, ValueError):
        return exc.english()


def show_failure(parent: QWidget, title: str, exc: BaseException) -> None:
    """An expected error as a translated warning; anything else the usual way (logged, not shown)."""
    if isinstance(exc, DomainError):
        prompts.warn(parent, title, failure_text(exc))
    else:
        prompts.show_error(parent, exc)


def verdict_title(verdict: Verdict) -> str:
    titles = {
        Verdict.NEW: QCoreApplication.translate("Registries", "new"),
        Verdict.ALREADY_IMPORTED: QCoreApplication.translate("Registries", "already imported"),
        Verdict.UNKNOWN_CONTRACT: QCoreApplication.translate("Registries", "unknown contract"),
        Verdict.ERROR: QCoreApplication.translate("Registries", "error"),
    }
    return titles[verdict]


class RegistryLinesModel(RowsModel[JudgedLine]):
    def column_titles(self) -> tuple[str, ...]:
        return (
            self.tr("Line"),
            self.tr("Date"),
            self.tr("Operation"),
            self.tr("Contract"),
            self.tr("Payer"),
            self.tr("Amount"),
            self.tr("Verdict"),
            self.tr("Problem"),
        )

    def cells(self, row: JudgedLine) -> tuple[str, ...]:
        line = row.line
        return (
            str(line.number),
            short_date(line.paid_on) if line.paid_on else "",
            line.operation,
            line.account,
            line.payer,
            format_money(line.amount) if line.amount is not None else "",
            verdict_title(row.verdict),
            problem_text(row.problem) if row.problem else "",
        )

    def color(self, row: JudgedLine, column: int) -> QColor | None:
        return VERDICT_COLORS.get(row.verdict)

    def right_aligned(self) -> tuple[int, ...]:
        return (0, 5)

    def tooltip(self, row: JudgedLine) -> str | None:
        return problem_text(row.problem) if row.problem else None


class RegistryPreviewDialog(QDialog):
    """Shows a judged file; `posted` carries the PostedRegistry once the file is posted."""

    posted = Signal(object)

    def __init__(self, db: Database, actor: Actor, preview: RegistryPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.preview = preview
        self.busy = False
        self.result_value: PostedRegistry | None = None
        self.setWindowTitle(
            self.tr("Registry {file} from {agent}").format(
                file=preview.file.file_name, agent=preview.agent.name
            )
        )
        self.resize(1000, 640)
        self.problems_label = self._label("problems", ERROR_STYLE)
        self.ready_label = self._label("ready", "color: #1b5e20;")
        self.tally_labels: dict[Verdict, tuple[QLabel, QLabel, QLabel]] = {}
        self.file_total_label = self._label("fileTotal", "")
        self.model = RegistryLinesModel(self)
        self.table = QTableView()
        self.table.setObjectName("registryLines")
        self.table.setModel(self.model)
        setup_table(self.table, stretch=7)
        self.attention_only = QCheckBox(self.tr("Show only the lines that need attention"))
        self.attention_only.setObjectName("attentionOnly")
        self.attention_only.toggled.connect(lambda _on: self._fill_table())
        self.leave_aside = QCheckBox(
            self.tr("Leave unknown contracts aside (they stay listed with the batch)")
        )
        self.leave_aside.setObjectName("leaveAside")
        self.leave_aside.toggled.connect(lambda _on: self.update_state())
        self.status_label = self._label("status", "")
        self.status_label.hide()
        self.post_button = QPushButton(self.tr("&Post"))
        self.post_button.setObjectName("post")
        self.post_button.clicked.connect(lambda _checked=False: self.post())
        self.close_button = QPushButton(self.tr("Close without posting"))
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(lambda _checked=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addWidget(self.leave_aside)
        buttons.addStretch(1)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.ready_label)
        layout.addLayout(self._tally_grid())
        layout.addWidget(self.file_total_label)
        layout.addWidget(self.attention_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.set_preview(preview)

    def _label(self, name: str, style: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _tally_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column, title in enumerate((self.tr("Verdict"), self.tr("Lines"), self.tr("Amount"))):
            header = QLabel(f"<b>{title}</b>")
            grid.addWidget(header, 0, column, right if column else Qt.AlignmentFlag.AlignLeft)
        for number, verdict in enumerate(Verdict, start=1):
            labels = (QLabel(verdict_title(verdict)), QLabel(), QLabel())
            for column, label in enumerate(labels):
                grid.addWidget(label, number, column, right if column else Qt.AlignmentFlag.AlignLeft)
            labels[1].setObjectName(f"count_{verdict.value}")
            labels[2].setObjectName(f"amount_{verdict.value}")
            self.tally_labels[verdict] = labels
        grid.setColumnStretch(3, 1)
        return grid

    def set_preview(self, preview: RegistryPreview) -> None:
        """Show (again) a judged file: the totals, the lines, and whether it can be posted."""
        self.preview = preview
        for verdict, (_title, count, amount) in self.tally_labels.items():
            tally = preview.tally(verdict)
            count.setText(str(tally.lines))
            amount.setText(format_money(tally.amount))
            color = (
                VERDICT_COLORS.get(verdict) if tally.lines and verdict != Verdict.ALREADY_IMPORTED else None
            )
            for label in (count, amount):
                label.setStyleSheet(f"color: {color.name()};" if color else "")
        total = preview.file.total
        if total is None:
            self.file_total_label.setText(self.tr("The file has no total line."))
        else:
            self.file_total_label.setText(
                self.tr("The file's own total line — payments: {count}, amount: {amount}.").format(
                    count="—" if total.lines is None else total.lines, amount=format_money(total.amount)
                )
            )
        unknown = preview.tally(Verdict.UNKNOWN_CONTRACT).lines
        self.leave_aside.setEnabled(bool(unknown))
        if not unknown:
            self.leave_aside.setChecked(False)
        self._fill_table()
        self.update_state()

    def _fill_table(self) -> None:
        lines = self.preview.lines
        if self.attention_only.isChecked():
            lines = tuple(j for j in lines if j.verdict in (Verdict.ERROR, Verdict.UNKNOWN_CONTRACT))
        self.model.set_rows(lines)

    def refusals(self) -> list[Problem]:
        return self.preview.refusals(leave_unknown_aside=self.leave_aside.isChecked())

    def update_state(self) -> None:
        """Post only a file that can be posted as it stands; say at the top why not, or what it will do."""
        refusals = self.refusals()
        self.problems_label.setText("\n".join(f"• {problem_text(p)}" for p in refusals))
        self.problems_label.setVisible(bool(refusals))
        new = self.preview.tally(Verdict.NEW)
        if refusals:
            ready = ""
        elif new.lines:
            ready = self.tr("Ready to post — new payments: {count}, amount: {amount}.").format(
                count=new.lines, amount=format_money(new.amount)
            )
            unknown = self.preview.tally(Verdict.UNKNOWN_CONTRACT)
            if unknown.lines:
                aside = self.tr("Left aside (unknown contracts) — lines: {count}, amount: {amount}.").format(
                    count=unknown.lines, amount=format_money(unknown.amount)
                )
                ready = f"{ready} {aside}"
        else:
            ready = self.tr("Nothing new to post: every payment of this file has been imported before.")
        self.ready_label.setText(ready)
        self.ready_label.setVisible(bool(ready))
        self.post_button.setEnabled(not self.busy and not refusals)
        self.leave_aside.setEnabled(
            not self.busy and bool(self.preview.tally(Verdict.UNKNOWN_CONTRACT).lines)
        )
        self.close_button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool, status: str = "") -> None:
        self.busy = busy
        self._show_status(status, "")
        self.update_state()

    def _show_status(self, text: str, style: str) -> None:
        self.status_label.setStyleSheet(style)
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def post(self) -> None:
        if self.busy or self.refusals():
            return
        db, actor, agent_id, registry = self.db, self.actor, self.preview.agent.id, self.preview.file
        aside = self.leave_aside.isChecked()
        self._set_busy(True, self.tr("Posting the registry…"))
        run_in_background(
            lambda: post_registry(db, actor, agent_id, registry, leave_unknown_aside=aside),
            self._posted,
            self._post_failed,
            parent=self,
        )

    def _posted(self, result: PostedRegistry) -> None:
        self._set_busy(False)
        self.result_value = result
        self.posted.emit(result)
        self.accept()

    def _post_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, DomainError):
            prompts.show_error(self, exc)
            return
        self._show_status(failure_text(exc), ERROR_STYLE)
        if isinstance(exc, RegistryRefused):  # judged again at posting: show what changed meanwhile
            self._judge_again()

    def _judge_again(self) -> None:
        db, actor, agent_id, registry = self.db, self.actor, self.preview.agent.id, self.preview.file
        self.busy = True
        self.update_state()
        run_in_background(
            lambda: preview_registry(db, actor, agent_id, registry),
            self._judged_again,
            self._judge_failed,
            parent=self,
        )

    def _judged_again(self, preview: RegistryPreview) -> None:
        self.busy = False
        self.set_preview(preview)

    def _judge_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.update_state()
        show_failure(self, self.windowTitle(), exc)

    def reject(self) -> None:
        if self.busy:  # the posting is on its way: its outcome must be seen
            return
        super().reject()
