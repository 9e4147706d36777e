"""Telegram: a code from the card links the chat that sends it to the bot (read with getUpdates from a
Bot API the test serves on loopback); reminders then go by Telegram instead of SMS, and a message
Telegram will not take goes by SMS after all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app import clock
from app.adapters.telegram_bot import TelegramBotApi
from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import (
    Contract,
    Event,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Role,
    Subscriber,
    TelegramChat,
    TelegramState,
)
from app.services.kernel.history import EventKind
from app.services.kernel.settings import Key, TransportKey, read_settings, write_settings
from app.services.notifications.reminders import Reminder, queue_reminders
from app.services.notifications.sending import SendSummary, send_pending
from app.services.notifications.telegram import (
    REPLY_WRONG_CODE,
    PollSummary,
    code_in,
    issue_link_code,
    poll_links,
    telegram_link,
    unlink_chat,
)
from tests.adapters.fake_telegram import TOKEN, FakeBotApi
from tests.adapters.loopback import Gateway, sms_gateway
from tests.factories import make_contract, make_staff

SMS, TELEGRAM = NotificationChannel.SMS, NotificationChannel.TELEGRAM
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
CHAT = 5550001


def telegram_on(db: Database, enabled: bool = True) -> None:
    with db.transaction() as session:
        write_settings(session, {TransportKey.TELEGRAM_ENABLED: "yes" if enabled else "no"})


def bot(api: FakeBotApi) -> TelegramBotApi:
    return TelegramBotApi(TOKEN, api_url=api.url, timeout=5)


def events(db: Database, contract_id: int) -> list[str]:
    with db.reading() as conn:
        return list(
            conn.execute(
                select(Event.kind).where(Event.contract_id == contract_id).order_by(Event.id)
            ).scalars()
        )


def chat_of(db: Database, contract_id: int) -> int | None:
    with db.reading() as conn:
        return conn.execute(
            select(TelegramChat.chat_id).where(TelegramChat.contract_id == contract_id)
        ).scalar()


def remind(db: Database, contract_id: int, key: str = "debt:1") -> None:
    with db.transaction() as session:
        subscriber_id = session.scalar(select(Contract.subscriber_id).where(Contract.id == contract_id))
        assert subscriber_id is not None
        queue_reminders(
            session,
            read_settings(session),
            [Reminder(Key.TEMPLATE_DEBT_STARTED, key, subscriber_id, contract_id, "100001", 1250_00, None)],
        )


def outbox(db: Database) -> list[tuple[str, NotificationChannel, str, NotificationStatus]]:
    with db.reading() as conn:
        return [
            (r.dedupe_key, NotificationChannel(r.channel), r.recipient, NotificationStatus(r.status))
            for r in conn.execute(
                select(
                    Notification.dedupe_key, Notification.channel, Notification.recipient, Notification.status
                ).order_by(Notification.id)
            )
        ]


def linked(db: Database, api: FakeBotApi, contract_id: int, chat: int = CHAT) -> None:
    desk = make_staff(db, f"desk{contract_id}", Role.FRONT_DESK)
    code = issue_link_code(db, desk, contract_id)
    api.write(chat, f"/start {code.code}")
    assert poll_links(db, bot(api)).linked == 1


# ---------------------------------------------------------------------------------------------- linking


def test_the_code_from_the_card_links_the_chat_that_sends_it(db: Database, bot_api: FakeBotApi) -> None:
    telegram_on(db)
    with db.transaction() as session:
        write_settings(session, {TransportKey.TELEGRAM_BOT_NAME: "@cable_tver_bot"})
    contract_id = make_contract(db, "100001")
    desk = make_staff(db, "desk", Role.FRONT_DESK)
    with clock.frozen_at(T0):
        code = issue_link_code(db, desk, contract_id)
        assert len(code.code) == 8 and code.code.isdigit()
        assert code.expires_at == T0 + dt.timedelta(days=3)
        assert code.link == f"https://t.me/cable_tver_bot?start={code.code}"
        assert telegram_link(db, desk, contract_id).code_expires_at == code.expires_at

        last = bot_api.write(CHAT, f"/start {code.code}")  # what opening the t.me link sends
        assert poll_links(db, bot(bot_api)) == PollSummary(read=1, linked=1)

    assert chat_of(db, contract_id) == CHAT
    [reply] = bot_api.replies_to(CHAT)
    assert reply.startswith("Готово") and "100001" in reply
    status = telegram_link(db, desk, contract_id)
    assert (status.enabled, status.linked_at, status.code_expires_at) == (True, T0, None)
    assert events(db, contract_id) == [EventKind.TELEGRAM_CODE_ISSUED, EventKind.TELEGRAM_LINKED]
    with db.reading() as conn:
        assert conn.execute(select(TelegramState.update_offset)).scalar() == last + 1

    # The code is used up; the next poll asks from the stored offset and Telegram has forgotten the rest.
    bot_api.write(CHAT + 1, code.code)
    assert poll_links(db, bot(bot_api)) == PollSummary(read=1, refused=1)
    assert bot_api.offsets == [0, last + 1]
    assert bot_api.replies_to(CHAT + 1) == [REPLY_WRONG_CODE]
    assert chat_of(db, contract_id) == CHAT


def test_wrong_expired_and_replaced_codes_link_nothing(db: Database, bot_api: FakeBotApi) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    desk = make_staff(db, "desk", Role.FRONT_DESK)
    with clock.frozen_at(T0):
        old = issue_link_code(db, desk, contract_id)
        new = issue_link_code(db, desk, contract_id)
    bot_api.write(1, old.code)  # replaced by the new one
    bot_api.write(2, "00000000" if new.code != "00000000" else "11111111")
    bot_api.write(3, new.code, private=False)  # a group: never links, never answered
    bot_api.write(4, "добрый день")
    with clock.frozen_at(T0 + dt.timedelta(days=3, seconds=1)):
        bot_api.write(5, f"{new.code[:4]}-{new.code[4:]}")  # expired a second ago
        assert poll_links(db, bot(bot_api)) == PollSummary(read=5, refused=3)
    assert chat_of(db, contract_id) is None
    assert bot_api.replies_to(1) == bot_api.replies_to(2) == bot_api.replies_to(5) == [REPLY_WRONG_CODE]
    assert bot_api.replies_to(3) == [] and "8 цифр" in bot_api.replies_to(4)[0]

    with clock.frozen_at(T0 + dt.timedelta(days=2)):  # in time, spaced as the card shows it
        bot_api.write(6, f" {new.code[:4]} {new.code[4:]} ")
        assert poll_links(db, bot(bot_api)).linked == 1
    assert chat_of(db, contract_id) == 6


def test_the_code_is_found_in_what_people_send() -> None:
    assert code_in("/start 12345678") == (True, "12345678")
    assert code_in("/start@cable_bot 1234 5678") == (True, "12345678")
    assert code_in("/start") == (True, None)
    assert code_in("1234-5678") == (False, "12345678")
    assert code_in("123456789") == (False, None)
    assert code_in("١٢٣٤٥٦٧٨") == (False, None)  # digits, but not the ones we issue


def test_who_may_issue_codes_and_when(db: Database) -> None:
    contract_id = make_contract(db, "100001")
    desk = make_staff(db, "desk", Role.FRONT_DESK)
    cashier = make_staff(db, "cashier", Role.CASHIER)
    with pytest.raises(ValidationError, match="Telegram is turned off"):
        issue_link_code(db, desk, contract_id)
    telegram_on(db)
    with pytest.raises(PermissionDenied):
        issue_link_code(db, cashier, contract_id)
    with pytest.raises(PermissionDenied):
        unlink_chat(db, cashier, contract_id)
    assert telegram_link(db, cashier, contract_id).linked_at is None  # but may see it
    assert events(db, contract_id) == []


def test_staff_unlink_a_chat_from_the_card(db: Database, bot_api: FakeBotApi) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    linked(db, bot_api, contract_id)
    desk = make_staff(db, "desk2", Role.FRONT_DESK)

    unlink_chat(db, desk, contract_id)

    assert chat_of(db, contract_id) is None
    assert events(db, contract_id)[-1] == EventKind.TELEGRAM_UNLINKED
    with pytest.raises(ValidationError, match="No Telegram chat"):
        unlink_chat(db, desk, contract_id)


def test_anonymising_the_subscriber_forgets_the_chat(db: Database, owner_db: Database, bot_api) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    linked(db, bot_api, contract_id)
    with owner_db.transaction() as session:  # what either path of anonymisation does to the row
        session.execute(update(Subscriber).values(anonymised_on=dt.date(2026, 1, 1)))
    assert chat_of(db, contract_id) is None


# ------------------------------------------------------------------------------- the channel and fallback


def test_a_linked_contract_is_reminded_by_telegram_instead_of_sms(db: Database, bot_api: FakeBotApi) -> None:
    telegram_on(db)
    linked_contract = make_contract(db, "100001")
    other = make_contract(db, "100002", apartment="2")
    linked(db, bot_api, linked_contract)

    remind(db, linked_contract, "debt:1")
    remind(db, other, "debt:2")
    remind(db, linked_contract, "debt:1")  # queued once

    assert outbox(db) == [
        ("debt:1:telegram", TELEGRAM, str(CHAT), NotificationStatus.QUEUED),
        ("debt:2:sms", SMS, "79161234567", NotificationStatus.QUEUED),
    ]
    telegram_on(db, enabled=False)  # turned off: the chat stays linked, reminders go by SMS
    remind(db, linked_contract, "debt:3")
    assert outbox(db)[-1] == ("debt:3:sms", SMS, "79161234567", NotificationStatus.QUEUED)


def test_a_chat_that_blocked_the_bot_is_unlinked_and_the_message_goes_by_sms(
    db: Database, bot_api: FakeBotApi, gateway: Gateway
) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    second = make_contract(db, "100002", apartment="2")
    linked(db, bot_api, contract_id)
    linked(db, bot_api, second)  # the same person's chat for their second contract
    remind(db, contract_id)
    bot_api.blocked.add(CHAT)
    transports = {TELEGRAM: bot(bot_api), SMS: sms_gateway(gateway.url)}

    summary = send_pending(db, transports, now=T0)

    assert summary == SendSummary(failed=1, by_sms=1)
    assert chat_of(db, contract_id) is None and chat_of(db, second) is None
    assert events(db, contract_id)[-1] == EventKind.TELEGRAM_CHAT_GONE
    assert events(db, second)[-1] == EventKind.TELEGRAM_CHAT_GONE
    assert outbox(db) == [
        ("debt:1:telegram", TELEGRAM, str(CHAT), NotificationStatus.FAILED),
        ("debt:1:sms", SMS, "79161234567", NotificationStatus.QUEUED),
    ]
    with db.reading() as conn:
        error = conn.execute(select(Notification.last_error).where(Notification.channel == TELEGRAM)).scalar()
    assert error is not None and "blocked" in error and error.endswith("→ SMS")

    assert send_pending(db, transports, now=T0) == SendSummary(sent=1)
    assert [r["fields"]["phone"] for r in gateway.requests] == ["79161234567"]
    remind(db, contract_id, "debt:4")  # no chat any more: SMS from now on
    assert outbox(db)[-1][1] is SMS


def test_a_telegram_message_given_up_goes_by_sms_and_the_chat_stays(
    db: Database, bot_api: FakeBotApi, gateway: Gateway
) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    linked(db, bot_api, contract_id)
    remind(db, contract_id)
    bot_api.canned.append((500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}))

    summary = send_pending(
        db, {TELEGRAM: bot(bot_api), SMS: sms_gateway(gateway.url)}, now=T0, max_attempts=1
    )

    assert (summary.failed, summary.by_sms) == (1, 1)
    assert chat_of(db, contract_id) == CHAT
    assert [row[1] for row in outbox(db)] == [TELEGRAM, SMS]


def test_no_sms_fallback_for_a_subscriber_without_sms_reminders(db: Database, bot_api: FakeBotApi) -> None:
    telegram_on(db)
    contract_id = make_contract(db, "100001")
    linked(db, bot_api, contract_id)
    with db.transaction() as session:
        session.execute(update(Subscriber).values(notify_sms=False))
    remind(db, contract_id)  # the chat counts though SMS reminders are off: they linked it themselves
    bot_api.blocked.add(CHAT)

    assert send_pending(db, {TELEGRAM: bot(bot_api)}, now=T0) == SendSummary(failed=1)
    assert [row[1] for row in outbox(db)] == [TELEGRAM]


def test_the_schedulers_login_may_link_unlink_and_fall_back(
    pg_db: Database, pg_owner_db: Database, bot_api: FakeBotApi, gateway: Gateway
) -> None:
    """On a server `notifications send` runs on the scheduler's login: the server lets that job read
    the codes, link and unlink chats, move the read position and queue the SMS copy."""
    import uuid

    from sqlalchemy import make_url, text

    from app.services.admin.server_roles import add_scheduler_login
    from app.services.admin.staff import scram_verifier
    from tests.factories import PASSWORD

    scheduler = f"night-{uuid.uuid4().hex[:6]}.{pg_db.url.database}"
    with pg_owner_db.transaction() as session:
        verifier = scram_verifier(session, scheduler, PASSWORD)
    add_scheduler_login(pg_owner_db, scheduler, verifier)
    night = Database(make_url(pg_db.url).set(username=scheduler, password=PASSWORD))
    try:
        telegram_on(pg_db)
        contract_id = make_contract(pg_db, "100001")
        code = issue_link_code(pg_db, make_staff(pg_db, "desk", Role.FRONT_DESK), contract_id)
        bot_api.write(CHAT, code.code)
        assert poll_links(night, bot(bot_api)).linked == 1
        bot_api.write(CHAT, "ещё раз")
        assert poll_links(night, bot(bot_api)).read == 1  # the stored position moves on
        remind(pg_db, contract_id)
        bot_api.blocked.add(CHAT)
        transports = {TELEGRAM: bot(bot_api), SMS: sms_gateway(gateway.url)}
        assert send_pending(night, transports, now=T0) == SendSummary(failed=1, by_sms=1)
        assert chat_of(pg_db, contract_id) is None
        assert send_pending(night, transports, now=T0) == SendSummary(sent=1)
    finally:
        night.dispose()
        with pg_owner_db.transaction() as session:
            session.execute(text(f'DROP ROLE IF EXISTS "{scheduler}"'))


def test_telegram_turned_off_sends_the_waiting_telegram_messages_by_sms(
    db: Database, bot_api: FakeBotApi
) -> None:
    from app.services.notifications.sending import TELEGRAM_OFF, reroute_telegram_to_sms

    telegram_on(db)
    contract_id = make_contract(db, "100001")
    linked(db, bot_api, contract_id)
    remind(db, contract_id)
    telegram_on(db, enabled=False)

    assert reroute_telegram_to_sms(db, now=T0) == 1
    assert outbox(db) == [
        ("debt:1:telegram", TELEGRAM, str(CHAT), NotificationStatus.FAILED),
        ("debt:1:sms", SMS, "79161234567", NotificationStatus.QUEUED),
    ]
    with db.reading() as conn:
        errors = conn.execute(select(Notification.last_error).order_by(Notification.id)).scalars().all()
    assert errors == [f"{TELEGRAM_OFF} → SMS", ""]
    assert reroute_telegram_to_sms(db, now=T0) == 0
    assert chat_of(db, contract_id) == CHAT  # the chat stays for when Telegram is on again
