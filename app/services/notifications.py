"""The notification outbox: reminders rendered from the editable templates and queued once each.

Queueing happens inside the transaction that decides to remind (the billing run), with a dedupe key,
so a repeated or resumed run never queues the same reminder twice. Sending is `notify_sending`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Notification, NotificationChannel, Subscriber
from app.money import format_money
from app.services.settings import Key


@dataclass(frozen=True)
class Reminder:
    template_key: str
    dedupe_key: str
    subscriber_id: int
    contract_id: int
    contract_number: str
    debt: int  # kopecks, positive
    disconnect_on: dt.date | None


class _SafeDict(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a typo in an admin's template prints as typed
        return "{" + key + "}"


def render_template(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_SafeDict(values))


def channels_for(subscriber: Subscriber) -> list[tuple[NotificationChannel, str]]:
    """Where this subscriber wants reminders: SMS to the main phone, e-mail, or both."""
    found: list[tuple[NotificationChannel, str]] = []
    if subscriber.notify_sms and len(subscriber.phone) == 11:
        found.append((NotificationChannel.SMS, subscriber.phone))
    if subscriber.notify_email and "@" in subscriber.email:
        found.append((NotificationChannel.EMAIL, subscriber.email))
    return found


def queue_reminder(session: Session, settings: Mapping[str, str], reminder: Reminder) -> int:
    """Queue the reminder on each of the subscriber's channels, unless already queued; returns how
    many rows were added."""
    subscriber = session.get(Subscriber, reminder.subscriber_id)
    if subscriber is None:
        return 0
    text = render_template(
        settings[reminder.template_key],
        {
            "name": subscriber.full_name,
            "contract": reminder.contract_number,
            "debt": format_money(reminder.debt),
            "date": reminder.disconnect_on.strftime("%d.%m.%Y") if reminder.disconnect_on else "",
            "company": settings.get(Key.COMPANY_NAME, ""),
            "phone": settings.get(Key.COMPANY_PHONE, ""),
        },
    )
    added = 0
    for channel, recipient in channels_for(subscriber):
        key = f"{reminder.dedupe_key}:{channel.value}"
        if session.scalar(select(Notification.id).where(Notification.dedupe_key == key)) is not None:
            continue
        session.add(
            Notification(
                dedupe_key=key,
                channel=channel,
                recipient=recipient,
                text=text,
                subscriber_id=reminder.subscriber_id,
                contract_id=reminder.contract_id,
            )
        )
        added += 1
    return added
