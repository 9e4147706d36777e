"""The subject's record (152-FZ) as the two files handed to the person: a Russian PDF and JSON. Used by
`subscriber-desk report subject` (and shaped for a card button): the history is worded in the
program's language, as on screen."""

from __future__ import annotations

from pathlib import Path

from app.db import Database
from app.printing.subject_record import render_subject_record
from app.services.frontdesk.subject_export import subject_record, write_json
from app.services.kernel.permissions import Actor
from app.services.kernel.settings import company_timezone
from app.views.frontdesk.card_models import summary_in_language


def write_subject_files(db: Database, actor: Actor, contract_number: str, folder: Path) -> tuple[Path, Path]:
    """Write subject_NUMBER.pdf and subject_NUMBER.json into `folder`; returns both paths."""
    record = subject_record(db, actor, contract_number)
    folder.mkdir(parents=True, exist_ok=True)
    pdf_path = folder / f"subject_{contract_number}.pdf"
    json_path = folder / f"subject_{contract_number}.json"
    pdf_path.write_bytes(
        render_subject_record(
            record,
            company_timezone(db),
            lambda entry: summary_in_language(entry["kind"], entry["details"], entry["summary"]),
        )
    )
    with json_path.open("w", encoding="utf-8") as out:
        write_json(record, out)
    return pdf_path, json_path
