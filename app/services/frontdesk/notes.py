"""Notes on a subscriber: what the front desk wants the next colleague to know."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.models import Staff, Subscriber, SubscriberNote
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import refuse_nul, tidy

MAX_NOTE = 2000


@dataclass(frozen=True)
class NoteRow:
    id: int
    created_at: dt.datetime
    author: str | None  # None = the system (imports)
    text: str


def notes(db: Database, actor: Actor, subscriber_id: int, *, limit: int = 200) -> list[NoteRow]:
    """The notes on the subscriber, newest first."""
    require(actor, Permission.VIEW_SUBSCRIBERS)
    query = (
        select(SubscriberNote.id, SubscriberNote.created_at, Staff.full_name, SubscriberNote.text)
        .outerjoin(Staff, Staff.id == SubscriberNote.staff_id)
        .where(SubscriberNote.subscriber_id == subscriber_id)
        .order_by(SubscriberNote.id.desc())
        .limit(limit)
    )
    with db.reading(actor) as conn:
        return [NoteRow(r[0], r[1], r[2], r[3]) for r in conn.execute(query)]


def add_note(db: Database, actor: Actor, subscriber_id: int, text: str) -> NoteRow:
    """Add a note to the subscriber (notes are never edited), in one transaction."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    refuse_nul({"note": text})
    text = text.strip()
    if not tidy(text):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Write the note first."), field="note")
    if len(text) > MAX_NOTE:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A note holds at most {limit} characters."),
            field="note",
            limit=MAX_NOTE,
        )
    with db.transaction(actor) as session:
        if session.get(Subscriber, subscriber_id) is None:
            raise NotFound()
        note = SubscriberNote(subscriber_id=subscriber_id, staff_id=actor.staff_id, text=text)
        session.add(note)
        session.flush()
        # The event refers to the note, never copies it: anonymising removes the notes.
        record_event(
            session, actor=actor, kind=EventKind.NOTE_ADDED, subscriber_id=subscriber_id, note=note.id
        )
        return NoteRow(note.id, note.created_at, actor.full_name, note.text)
