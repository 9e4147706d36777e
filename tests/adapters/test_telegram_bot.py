"""Telegram through the Bot API: the adapter against a Bot API served on loopback by the test
(sendMessage, getUpdates); Telegram's answers decide retry, refusal or «the chat is gone»."""

from __future__ import annotations

import datetime as dt

import pytest

from app.adapters.reminder_transports import transports_from_settings
from app.adapters.telegram_bot import TelegramBotApi, telegram_from_settings
from app.db import Database
from app.errors import ValidationError
from app.models import NotificationChannel, NotificationStatus
from app.services.kernel.settings import TransportKey
from app.services.notifications.ports import (
    SECRET_TELEGRAM_TOKEN,
    ChatGone,
    DeliveryFailed,
    DeliveryRefused,
    IncomingMessage,
    TransportUnavailable,
)
from app.services.notifications.sending import SendSummary, send_pending
from tests.adapters.fake_telegram import TOKEN, FakeBotApi
from tests.adapters.loopback import REMINDER, closed_port, queue, stored

TELEGRAM = NotificationChannel.TELEGRAM
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def bot(api: FakeBotApi, token: str = TOKEN, timeout: float = 5) -> TelegramBotApi:
    return TelegramBotApi(token, api_url=api.url, timeout=timeout)


def on(api: FakeBotApi) -> dict[str, str]:
    return {TransportKey.TELEGRAM_ENABLED: "yes", TransportKey.TELEGRAM_API_URL: api.url}


def test_a_reminder_goes_to_the_chat_by_send_message(db: Database, bot_api: FakeBotApi) -> None:
    notification_id = queue(db, TELEGRAM, "424242")
    transports = transports_from_settings(on(bot_api), {SECRET_TELEGRAM_TOKEN: TOKEN})
    assert set(transports) == {TELEGRAM}

    assert send_pending(db, transports, now=T0) == SendSummary(sent=1)

    assert bot_api.sent == [(424242, REMINDER)]
    assert stored(db, notification_id).status is NotificationStatus.SENT


def test_telegram_is_left_out_while_off_or_without_a_token(bot_api: FakeBotApi) -> None:
    assert telegram_from_settings({TransportKey.TELEGRAM_API_URL: bot_api.url}, TOKEN) is None
    assert telegram_from_settings(on(bot_api), "") is None
    assert telegram_from_settings(on(bot_api), TOKEN) is not None
    with pytest.raises(ValidationError) as caught:
        telegram_from_settings({**on(bot_api), TransportKey.TELEGRAM_API_URL: "api.telegram.org"}, TOKEN)
    assert caught.value.field == TransportKey.TELEGRAM_API_URL
    with pytest.raises(ValidationError):
        telegram_from_settings(on(bot_api), "12345 67")


def test_a_wrong_token_makes_the_transport_unavailable_and_is_not_written_down(bot_api: FakeBotApi) -> None:
    wrong = "987654321:WrongTokenWrongToken"
    with pytest.raises(TransportUnavailable) as caught:
        bot(bot_api, wrong).send("424242", "Текст")
    assert "401" in str(caught.value) and wrong not in str(caught.value)


@pytest.mark.parametrize("kind", ["blocked", "unknown"])
def test_a_chat_that_blocked_the_bot_or_is_not_found_is_gone(bot_api: FakeBotApi, kind: str) -> None:
    getattr(bot_api, kind).add(424242)
    with pytest.raises(ChatGone):
        bot(bot_api).send("424242", "Текст")


def test_a_message_telegram_refuses_is_refused_but_the_chat_is_not_gone(bot_api: FakeBotApi) -> None:
    bot_api.canned.append(
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities"})
    )
    with pytest.raises(DeliveryRefused) as caught:
        bot(bot_api).send("424242", "Текст")
    assert not isinstance(caught.value, ChatGone)
    with pytest.raises(DeliveryRefused):  # no request at all: not a chat id
        bot(bot_api).send("@someone", "Текст")
    assert bot_api.sent == []


def test_too_many_requests_and_server_errors_are_tried_again(bot_api: FakeBotApi) -> None:
    bot_api.canned += [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests",
                "parameters": {"retry_after": 7},
            },
        ),
        (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
        (200, {"ok": False}),
    ]
    with pytest.raises(DeliveryFailed) as caught:
        bot(bot_api).send("424242", "Текст")
    assert "retry after 7 s" in str(caught.value) and not isinstance(caught.value, TransportUnavailable)
    with pytest.raises(DeliveryFailed) as caught:
        bot(bot_api).send("424242", "Текст")
    assert not isinstance(caught.value, TransportUnavailable)
    with pytest.raises(TransportUnavailable):
        bot(bot_api).send("424242", "Текст")
    with pytest.raises(DeliveryFailed):  # 200 without "ok": not a delivery
        bot(bot_api).send("424242", "Текст")


def test_a_slow_api_times_out_and_an_unreachable_one_is_unavailable(bot_api: FakeBotApi) -> None:
    bot_api.delay = 1.0
    with pytest.raises(DeliveryFailed) as caught:
        bot(bot_api, timeout=0.2).send("424242", "Текст")
    assert not isinstance(caught.value, TransportUnavailable)
    with pytest.raises(TransportUnavailable):
        TelegramBotApi(TOKEN, api_url=f"http://127.0.0.1:{closed_port()}", timeout=2).send("1", "Текст")


def test_get_updates_reads_the_messages_from_the_offset(bot_api: FakeBotApi) -> None:
    first = bot_api.write(111, "/start 12345678")
    bot_api.write(222, "12345678", private=False)
    bot_api.updates.append({"update_id": first + 2, "edited_message": {}})  # not a message: still read

    found = bot(bot_api).get_updates(0)

    assert found == [
        IncomingMessage(first, 111, True, "/start 12345678"),
        IncomingMessage(first + 1, 222, False, "12345678"),
        IncomingMessage(first + 2, 0, False, ""),
    ]
    assert bot(bot_api).get_updates(first + 3) == [] and bot_api.offsets == [0, first + 3]


def test_get_updates_when_another_program_polls_the_bot_is_unavailable(bot_api: FakeBotApi) -> None:
    bot_api.canned.append(
        (409, {"ok": False, "error_code": 409, "description": "Conflict: terminated by other getUpdates"})
    )
    with pytest.raises(TransportUnavailable):
        bot(bot_api).get_updates(0)
