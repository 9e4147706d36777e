"""The notification outbox: reminders rendered from the editable templates and queued once each.

Queueing happens inside the transaction that decides to remind (the billing run), with a dedupe key,
so a repeated or resumed run never queues the same reminder twice. Sending is `notify_sending`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, ValidationError
from app.models import Notification, NotificationChannel, Setting, Subscriber, TelegramChat
from app.money import format_money
from app.services.kernel.bulk import insert_rows
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.literals import in_literals
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import DEFAULTS, Key, TransportKey

T = TypeVar("T")


@dataclass(frozen=True)
class Reminder:
    template_key: str
    dedupe_key: str
    subscriber_id: int
    contract_id: int
    contract_number: str
    debt: int  # kopecks, positive (the debt, or an outage's credit: {amount})
    disconnect_on: dt.date | None  # {date}: the disconnect, or the day a promotion ends
    offer: str = ""  # {offer}: a promotion's name
    terms: str = ""  # {terms}: what it gives


class _SafeDict(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a typo in an admin's template prints as typed
        return "{" + key + "}"


def render_template(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_SafeDict(values))


class Contact(Protocol):
    """What a reminder needs of a subscriber (a Subscriber, or a row of these columns)."""

    @property
    def full_name(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def notify_sms(self) -> bool: ...
    @property
    def notify_email(self) -> bool: ...


def channels_for(
    subscriber: Contact, telegram_chat: int | None = None
) -> list[tuple[NotificationChannel, str]]:
    """Where this subscriber wants reminders: SMS to the main phone, e-mail, or both. A Telegram chat
    linked to the contract (`telegram_chat`, given only while Telegram is on) takes SMS's place: the
    subscriber linked it themselves, so it counts even when SMS reminders are off."""
    found: list[tuple[NotificationChannel, str]] = []
    if telegram_chat is not None:
        found.append((NotificationChannel.TELEGRAM, str(telegram_chat)))
    elif subscriber.notify_sms and len(subscriber.phone) == 11:
        found.append((NotificationChannel.SMS, subscriber.phone))
    if subscriber.notify_email and "@" in subscriber.email:
        found.append((NotificationChannel.EMAIL, subscriber.email))
    return found


def queue_reminders(session: Session, settings: Mapping[str, str], reminders: Sequence[Reminder]) -> int:
    """Queue each reminder on each of its subscriber's channels unless that dedupe key is already in
    the outbox; returns how many rows were added. Two queries per batch, whatever its size (three
    while Telegram is on: the linked chats)."""
    if not reminders:
        return 0
    # Plain rows, not ORM objects: a debt wave queues hundreds of thousands in one night's transaction.
    subscribers: dict[int, Contact] = {
        s.id: s
        for chunk in _chunks(sorted({r.subscriber_id for r in reminders}))
        for s in session.execute(
            select(
                Subscriber.id,
                Subscriber.full_name,
                Subscriber.phone,
                Subscriber.email,
                Subscriber.notify_sms,
                Subscriber.notify_email,
            ).where(Subscriber.id.in_(chunk))
        )
    }
    chats: dict[int, int] = {}
    if settings.get(TransportKey.TELEGRAM_ENABLED) == "yes":
        chats = {
            contract_id: chat_id
            for chunk in _chunks(sorted({r.contract_id for r in reminders}))
            for contract_id, chat_id in session.execute(
                select(TelegramChat.contract_id, TelegramChat.chat_id).where(
                    TelegramChat.contract_id.in_(chunk)
                )
            )
        }
    wanted: list[tuple[str, NotificationChannel, str, Reminder, Contact]] = []
    for reminder in reminders:
        subscriber = subscribers.get(reminder.subscriber_id)
        if subscriber is None:
            continue
        for channel, recipient in channels_for(subscriber, chats.get(reminder.contract_id)):
            wanted.append(
                (f"{reminder.dedupe_key}:{channel.value}", channel, recipient, reminder, subscriber)
            )
    # The keys are written into the SQL text (kernel/literals.py): a generic plan made while the night's
    # outbox was still small read the whole outbox for every batch once it held hundreds of thousands.
    existing = {
        key
        for chunk in _chunks([w[0] for w in wanted])
        for key in session.scalars(
            select(Notification.dedupe_key).where(in_literals(Notification.dedupe_key, chunk))
        )
    }
    rows = []
    for key, channel, recipient, reminder, subscriber in wanted:
        if key in existing:
            continue
        existing.add(key)
        rows.append(
            {
                "dedupe_key": key,
                "channel": channel,
                "recipient": recipient,
                "text": _text(settings, reminder, subscriber),
                "subscriber_id": reminder.subscriber_id,
                "contract_id": reminder.contract_id,
            }
        )
    insert_rows(session, Notification, rows)
    return len(rows)


def _text(settings: Mapping[str, str], reminder: Reminder, subscriber: Contact) -> str:
    return render_template(
        settings[reminder.template_key],
        {
            "name": subscriber.full_name,
            "contract": reminder.contract_number,
            "debt": format_money(reminder.debt),
            "amount": format_money(reminder.debt),  # the compensation's words for the message's sum
            "date": reminder.disconnect_on.strftime("%d.%m.%Y") if reminder.disconnect_on else "",
            "company": settings.get(Key.COMPANY_NAME, ""),
            "phone": settings.get(Key.COMPANY_PHONE, ""),
            "offer": reminder.offer,
            "terms": reminder.terms,
        },
    )


def _chunks(items: Sequence[T], size: int = 500) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


TEMPLATE_KEYS = (
    Key.TEMPLATE_DEBT_STARTED,
    Key.TEMPLATE_BEFORE_DISCONNECT,
    Key.TEMPLATE_COMPENSATION,
    Key.TEMPLATE_PROMOTION,
)
MAX_TEMPLATE = 1000
PLACEHOLDERS = ("name", "contract", "debt", "amount", "date", "company", "phone", "offer", "terms")


@dataclass(frozen=True)
class Templates:
    values: dict[str, str]
    versions: dict[str, int | None]


def load_templates(db: Database, actor: Actor) -> Templates:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        rows = {s.key: s for s in session.scalars(select(Setting).where(Setting.key.in_(TEMPLATE_KEYS)))}
    return Templates(
        {k: rows[k].value if k in rows else DEFAULTS[k] for k in TEMPLATE_KEYS},
        {k: rows[k].version if k in rows else None for k in TEMPLATE_KEYS},
    )


def save_templates(
    db: Database, actor: Actor, values: Mapping[str, str], versions: Mapping[str, int | None]
) -> Templates:
    """Store the reminder texts; a text someone else saved meanwhile refuses the save."""
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned: dict[str, str] = {}
    for key in TEMPLATE_KEYS:
        text = " ".join(values.get(key, "").split())
        if not text:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A reminder text cannot be empty."), field=key)
        if len(text) > MAX_TEMPLATE:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A reminder text is too long: at most {limit} characters."),
                field=key,
                limit=MAX_TEMPLATE,
            )
        unknown = sorted(set(re.findall(r"\{(\w*)\}", text)) - set(PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Unknown placeholder {{{name}}} in a reminder text. Use only: {allowed}."
                ),
                field=key,
                name=unknown[0],
                allowed=", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
        cleaned[key] = text
    with db.transaction(actor) as session:
        rows = {s.key: s for s in session.scalars(select(Setting).where(Setting.key.in_(TEMPLATE_KEYS)))}
        for key in TEMPLATE_KEYS:
            if (rows[key].version if key in rows else None) != versions.get(key):
                raise ConcurrentEdit()
        changed = []
        for key, text in cleaned.items():
            if key in rows:
                if rows[key].value != text:
                    rows[key].value = text
                    changed.append(key)
            elif text != DEFAULTS[key]:
                session.add(Setting(key=key, value=text))
                changed.append(key)
        if changed:
            session.flush()
            record_event(session, actor=actor, kind=EventKind.SETTINGS_CHANGED, keys=", ".join(changed))
    return load_templates(db, actor)
