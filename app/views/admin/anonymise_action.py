"""Administration → Company → «Anonymise former subscribers…»: the preview, a confirmation, then the
work off the GUI thread (app/services/admin/anonymisation.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from app.db import Database
from app.services.admin.anonymisation import (
    AnonymisationPreview,
    AnonymisationResult,
    anonymise_subscribers,
    preview_anonymisation,
)
from app.services.kernel.permissions import Actor
from app.views.labels import short_date
from app.views.messages import prompts
from app.views.worker import run_in_background


class AnonymiseButton(QPushButton):
    """Looks who is due, asks, anonymises; disabled while it works."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Anonymise former subscribers…"))
        self.setObjectName("anonymise")
        self.db = db
        self.actor = actor
        self.clicked.connect(self.start)

    def start(self) -> None:
        self.setEnabled(False)
        run_in_background(
            lambda: preview_anonymisation(self.db, self.actor), self._ask, self._failed, parent=self
        )

    def _ask(self, preview: AnonymisationPreview) -> None:
        cutoff = short_date(preview.cutoff)
        held = ""
        if preview.held_back:
            held = self.tr(
                "Past the period but held back, their balance not zero (settle it first): {count}."
            )
            held = held.format(count=len(preview.held_back))
        if not preview.due:
            nobody = self.tr("Nobody is due: no former subscriber's contracts all ended on or before {date}.")
            prompts.inform(self, self.text(), f"{nobody.format(date=cutoff)} {held}".strip())
            self.setEnabled(True)
            return
        question = self.tr(
            "Former subscribers whose contracts all ended on or before {date} and who owe nothing: "
            "{count}. Their names, phones, e-mails, passports and notes will be removed for good; their "
            "payments and history stay. Anonymise them?"
        ).format(count=len(preview.due), date=cutoff)
        if not prompts.confirm(self, self.text(), f"{question} {held}".strip()):
            self.setEnabled(True)
            return
        ids = [row.subscriber_id for row in preview.due]
        run_in_background(
            lambda: anonymise_subscribers(self.db, self.actor, ids), self._done, self._failed, parent=self
        )

    def _done(self, result: AnonymisationResult) -> None:
        self.setEnabled(True)
        text = self.tr("Former subscribers anonymised: {count}.").format(count=result.anonymised)
        if result.refused:
            left = self.tr("Changed meanwhile and left as they were: {count}.")
            text = f"{text} {left.format(count=len(result.refused))}"
        prompts.inform(self, self.text(), text)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        prompts.show_error(self, exc)
