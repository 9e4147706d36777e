"""Telegram beside SMS and e-mail: a subscriber links a chat to a contract with a one-time code from the
card; reminders for that contract then go by Telegram instead of SMS (docs/telegram.md).

- **The code.** `issue_link_code` (the card's «Telegram…», whoever may edit subscribers) makes an
  8-digit code valid for `CODE_VALID`; only its SHA-256 is stored, one per contract (a new code voids
  the old one). The subscriber sends it to the bot: `/start 12345678` (the t.me link does that) or the
  bare digits.
- **Reading the bot's messages.** `poll_links` asks the Bot API for the updates after the stored
  offset (`telegram_state`, so each message is read once whichever PC polls), then in one transaction
  links the chat that sent a valid code (replacing a chat linked before), deletes the code, records
  «telegram_linked», and moves the offset; the replies (in Russian: they are for subscribers) go after
  the commit. A wrong or expired code, a message without one, a group chat: nothing changes (groups get
  no reply). `notifications send` polls before it sends; `notifications telegram-poll` only polls.
- **Sending and falling back.** `reminders.queue_reminders` queues Telegram in place of SMS for a
  contract with a linked chat while the setting `telegram.enabled` is "yes". A Telegram message that
  is refused, or given up after its attempts, is queued again by SMS (`fall_back_to_sms`, in the same
  transaction that marks it failed), under the reminder's SMS dedupe key, so it is never queued twice.
  When the refusal says the chat is gone (the person blocked the bot, deleted the chat), every
  contract linked to that chat is unlinked with «telegram_chat_gone» in its history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from app.models import (
    Contract,
    ContractStatus,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Subscriber,
    TelegramChat,
    TelegramLinkCode,
    TelegramState,
)
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import TransportKey, load_versioned, read_settings, save_versioned
from app.services.notifications.ports import (
    DeliveryFailed,
    DeliveryRefused,
    IncomingMessage,
    TelegramBot,
)
from app.services.notifications.reminders import channels_for

log = logging.getLogger(__name__)

CODE_DIGITS = 8
CODE_VALID = dt.timedelta(days=3)
_ERROR_LEN = 500  # Notification.last_error

# What the bot answers (Russian: the subscribers read it, whatever language the staff's screens use).
REPLY_LINKED = (
    "Готово: уведомления по договору {contract} теперь будут приходить сюда. "
    "Чтобы получать их снова по SMS, попросите об этом в офисе."
)
REPLY_WRONG_CODE = (
    "Код не подошёл: он неверный или срок его действия истёк. Новый код выдают в офисе или по телефону."
)
REPLY_HELLO = (
    "Здравствуйте! Чтобы получать здесь уведомления по договору, пришлите код из {digits} цифр, "
    "который вам выдали в офисе."
)


def telegram_enabled(settings: dict[str, str]) -> bool:
    return settings.get(TransportKey.TELEGRAM_ENABLED, "no") == "yes"


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def format_code(code: str) -> str:
    """«1234 5678»: easier to read out over the phone."""
    return f"{code[:4]} {code[4:]}"


_START = re.compile(r"^/start(?:@\w+)?(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)


def code_in(text: str) -> tuple[bool, str | None]:
    """(the message was /start, the code it carries or None). Spaces and dashes inside the code are
    ignored, so «1234 5678» and «1234-5678» count."""
    text = text.strip()
    match = _START.match(text)
    started = match is not None
    if match is not None:
        text = (match.group(1) or "").strip()
    digits = re.sub(r"[\s\-]", "", text)
    if len(digits) == CODE_DIGITS and digits.isascii() and digits.isdigit():
        return started, digits
    return started, None


@dataclass(frozen=True)
class LinkCode:
    code: str  # the digits; shown once, only its hash is kept
    expires_at: dt.datetime
    bot_name: str  # the bot's @username without "@", "" when not set

    @property
    def link(self) -> str:
        """https://t.me/<bot>?start=<code>: opening it in Telegram sends the code by itself."""
        return f"https://t.me/{self.bot_name}?start={self.code}" if self.bot_name else ""


@dataclass(frozen=True)
class TelegramLink:
    """What the card shows: whether Telegram is on, the chat linked (when) and a code waiting."""

    enabled: bool
    linked_at: dt.datetime | None
    code_expires_at: dt.datetime | None  # a code issued and not used yet (may have expired)
    bot_name: str


def telegram_link(db: Database, actor: Actor, contract_id: int) -> TelegramLink:
    require(actor, Permission.VIEW_SUBSCRIBERS)
    with db.reading(actor) as conn:
        settings = read_settings(conn)
        linked_at = conn.execute(
            select(TelegramChat.linked_at).where(TelegramChat.contract_id == contract_id)
        ).scalar()
        expires = conn.execute(
            select(TelegramLinkCode.expires_at).where(TelegramLinkCode.contract_id == contract_id)
        ).scalar()
    return TelegramLink(
        telegram_enabled(settings),
        _aware(linked_at),
        _aware(expires),
        settings.get(TransportKey.TELEGRAM_BOT_NAME, "").strip().lstrip("@"),
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """Core reads of a UTC column on SQLite come back naive."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def issue_link_code(db: Database, actor: Actor, contract_id: int) -> LinkCode:
    """A new one-time code for linking a chat to the contract (the previous code stops working)."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    now = clock.now()
    with db.transaction(actor) as session:
        settings = read_settings(session)
        if not telegram_enabled(settings):
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Telegram is turned off (Administration → Reminders).")
            )
        contract = session.execute(
            select(Contract.subscriber_id, Contract.status).where(Contract.id == contract_id)
        ).one_or_none()
        if contract is None:
            raise NotFound()
        if contract.status == ContractStatus.TERMINATED:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The contract is terminated: there is nothing to remind of.")
            )
        for _try in range(20):
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            taken = session.scalar(
                select(TelegramLinkCode.contract_id).where(TelegramLinkCode.code_hash == code_hash(code))
            )
            if taken is None:
                break
        else:  # pragma: no cover - millions of codes would have to be waiting at once
            raise RuntimeError("no free link code")
        expires = now + CODE_VALID
        row = session.get(TelegramLinkCode, contract_id)
        if row is None:
            session.add(
                TelegramLinkCode(
                    contract_id=contract_id,
                    code_hash=code_hash(code),
                    created_at=now,
                    expires_at=expires,
                    created_by=actor.staff_id,
                )
            )
        else:
            row.code_hash, row.created_at, row.expires_at, row.created_by = (
                code_hash(code),
                now,
                expires,
                actor.staff_id,
            )
        session.flush()
        record_event(
            session,
            actor=actor,
            kind=EventKind.TELEGRAM_CODE_ISSUED,
            subscriber_id=contract.subscriber_id,
            contract_id=contract_id,
            until=expires.strftime("%d.%m.%Y %H:%M UTC"),
        )
    return LinkCode(code, expires, settings.get(TransportKey.TELEGRAM_BOT_NAME, "").strip().lstrip("@"))


def unlink_chat(db: Database, actor: Actor, contract_id: int) -> None:
    """The contract's reminders go by SMS again (the chat's messages are not deleted: it is theirs)."""
    require(actor, Permission.EDIT_SUBSCRIBERS)
    with db.transaction(actor) as session:
        subscriber_id = session.scalar(select(Contract.subscriber_id).where(Contract.id == contract_id))
        if subscriber_id is None:
            raise NotFound()
        removed = session.connection().execute(
            delete(TelegramChat).where(TelegramChat.contract_id == contract_id)
        )
        if not removed.rowcount:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "No Telegram chat is linked to this contract."))
        record_event(
            session,
            actor=actor,
            kind=EventKind.TELEGRAM_UNLINKED,
            subscriber_id=subscriber_id,
            contract_id=contract_id,
        )


# ------------------------------------------------------------------------------------- the admin's settings

SETTINGS_KEYS = (TransportKey.TELEGRAM_ENABLED, TransportKey.TELEGRAM_BOT_NAME)
_BOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,30}[Bb][Oo][Tt]$")


@dataclass(frozen=True)
class TelegramSettings:
    enabled: bool
    bot_name: str
    versions: dict[str, int | None]


def load_telegram_settings(db: Database, actor: Actor) -> TelegramSettings:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        values, versions = load_versioned(session, SETTINGS_KEYS)
    return TelegramSettings(
        values[TransportKey.TELEGRAM_ENABLED] == "yes", values[TransportKey.TELEGRAM_BOT_NAME], versions
    )


def save_telegram_settings(
    db: Database, actor: Actor, *, enabled: bool, bot_name: str, versions: dict[str, int | None]
) -> TelegramSettings:
    """Turn Telegram on or off and name the bot (its @username, for the t.me link with a code)."""
    require(actor, Permission.MANAGE_SETTINGS)
    name = bot_name.strip().removeprefix("https://t.me/").lstrip("@")
    if name and not _BOT_NAME.match(name):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "A bot's username is 5 to 32 Latin letters, digits and underscores and ends in «bot».",
            ),
            field=TransportKey.TELEGRAM_BOT_NAME,
        )
    cleaned = {
        TransportKey.TELEGRAM_ENABLED: "yes" if enabled else "no",
        TransportKey.TELEGRAM_BOT_NAME: name,
    }
    with db.transaction(actor) as session:
        save_versioned(session, actor, SETTINGS_KEYS, cleaned, versions)
    return load_telegram_settings(db, actor)


# ------------------------------------------------------------------------------ reading the bot's messages


@dataclass(frozen=True)
class PollSummary:
    read: int = 0  # updates taken from the Bot API
    linked: int = 0
    refused: int = 0  # wrong or expired codes
    replies_failed: int = 0


def poll_links(db: Database, bot: TelegramBot) -> PollSummary:
    """Read what people wrote to the bot since the last poll and link the chats that sent a valid code;
    safe from several PCs (the offset row is locked while the batch is judged; an update another PC
    judged meanwhile is skipped). Bot API errors propagate (DeliveryFailed / TransportUnavailable)."""
    with db.reading() as conn:
        offset = conn.execute(select(TelegramState.update_offset).where(TelegramState.id == 1)).scalar() or 0
    updates = bot.get_updates(offset)
    if not updates:
        return PollSummary()
    replies: list[tuple[int, str]] = []
    linked = refused = 0
    with db.transaction() as session:
        state = session.execute(
            select(TelegramState).where(TelegramState.id == 1).with_for_update()
        ).scalar_one_or_none()
        if state is None:
            state = TelegramState(id=1, update_offset=0)
            session.add(state)
        now = clock.now()
        for message in sorted(updates, key=lambda m: m.update_id):
            if message.update_id < state.update_offset:
                continue  # another PC judged it already
            outcome = _judge(session, message, now)
            if outcome is not None:
                replies.append((message.chat_id, outcome[1]))
                linked += outcome[0] == "linked"
                refused += outcome[0] == "refused"
        state.update_offset = max(state.update_offset, max(m.update_id for m in updates) + 1)
    failed = 0
    for chat_id, text in replies:
        try:
            bot.send(str(chat_id), text)
        except (DeliveryFailed, DeliveryRefused) as exc:  # the link stands; the reply is a courtesy
            failed += 1
            log.info("reply to Telegram chat not delivered: %s", exc)
    return PollSummary(len(updates), linked, refused, failed)


def _judge(session: Session, message: IncomingMessage, now: dt.datetime) -> tuple[str, str] | None:
    if not message.private:
        return None
    started, code = code_in(message.text)
    if code is None:
        return ("hello", REPLY_HELLO.format(digits=CODE_DIGITS))
    found = session.execute(
        select(
            TelegramLinkCode.contract_id, TelegramLinkCode.expires_at, Contract.subscriber_id, Contract.number
        )
        .join(Contract, Contract.id == TelegramLinkCode.contract_id)
        .where(TelegramLinkCode.code_hash == code_hash(code))
    ).one_or_none()
    expires = _aware(found.expires_at) if found is not None else None
    if found is None or expires is None or expires <= now:
        log.info("Telegram link code refused (started=%s)", started)
        return ("refused", REPLY_WRONG_CODE)
    session.execute(delete(TelegramLinkCode).where(TelegramLinkCode.contract_id == found.contract_id))
    chat = session.get(TelegramChat, found.contract_id)
    if chat is None:
        session.add(TelegramChat(contract_id=found.contract_id, chat_id=message.chat_id, linked_at=now))
    else:
        chat.chat_id, chat.linked_at = message.chat_id, now
    session.flush()
    record_event(
        session,
        actor=None,
        kind=EventKind.TELEGRAM_LINKED,
        subscriber_id=found.subscriber_id,
        contract_id=found.contract_id,
    )
    return ("linked", REPLY_LINKED.format(contract=found.number))


# ------------------------------------------------------------------------------------------ falling back


def fall_back_to_sms(session: Session, notification_id: int, *, chat_gone: str | None = None) -> bool:
    """A Telegram message that will not go by Telegram: queue its text by SMS (when the subscriber has
    SMS reminders and a mobile number) and note it on the failed row; with `chat_gone` (the Bot API's
    words) unlink every contract from that chat first. In the caller's transaction; returns whether an
    SMS was queued."""
    row = session.execute(
        select(
            Notification.dedupe_key,
            Notification.recipient,
            Notification.text,
            Notification.subscriber_id,
            Notification.contract_id,
        ).where(Notification.id == notification_id, Notification.channel == NotificationChannel.TELEGRAM)
    ).one_or_none()
    if row is None:
        return False
    if chat_gone is not None and row.recipient.lstrip("-").isdigit():
        _unlink_gone_chat(session, int(row.recipient), chat_gone)
    subscriber = session.execute(
        select(
            Subscriber.full_name,
            Subscriber.phone,
            Subscriber.email,
            Subscriber.notify_sms,
            Subscriber.notify_email,
        ).where(Subscriber.id == row.subscriber_id)
    ).one_or_none()
    # The same rule as any reminder without a chat: SMS when they want SMS and have a mobile number.
    phones = [r for c, r in channels_for(subscriber) if c is NotificationChannel.SMS] if subscriber else []
    if not phones or not row.text:
        return False
    phone = phones[0]
    base = row.dedupe_key.rsplit(":", 1)[0] if row.dedupe_key else f"notification:{notification_id}"
    key = f"{base}:{NotificationChannel.SMS.value}"
    if session.scalar(select(Notification.id).where(Notification.dedupe_key == key)) is not None:
        return False  # that reminder went (or goes) by SMS already
    session.add(
        Notification(
            dedupe_key=key,
            channel=NotificationChannel.SMS,
            recipient=phone,
            text=row.text,
            status=NotificationStatus.QUEUED,
            attempts=0,
            last_error="",
            subscriber_id=row.subscriber_id,
            contract_id=row.contract_id,
        )
    )
    session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(last_error=func.substr(Notification.last_error + " → SMS", 1, _ERROR_LEN))
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return True


def _unlink_gone_chat(session: Session, chat_id: int, reason: str) -> None:
    contracts = session.execute(
        select(TelegramChat.contract_id, Contract.subscriber_id)
        .join(Contract, Contract.id == TelegramChat.contract_id)
        .where(TelegramChat.chat_id == chat_id)
    ).all()
    if not contracts:
        return
    session.execute(delete(TelegramChat).where(TelegramChat.chat_id == chat_id))
    for contract_id, subscriber_id in contracts:
        record_event(
            session,
            actor=None,
            kind=EventKind.TELEGRAM_CHAT_GONE,
            subscriber_id=subscriber_id,
            contract_id=contract_id,
            reason=reason[:200],
        )
