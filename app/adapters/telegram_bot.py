"""Telegram through the Bot API over HTTPS: the reminder transport for subscribers who linked a chat,
and the reader of the messages people send to the bot (their link codes). Standard library only.

Two methods of https://core.telegram.org/bots/api are used, each a JSON POST to
`<api>/bot<token>/<method>` with a timeout:

- `sendMessage` (chat_id, text). 200 with "ok": true = delivered. 401 (token revoked) and 404 (no such
  bot), 502-504 and a server that cannot be reached = the transport is unavailable; 429 (too many
  messages; Telegram says when to come back) and other 5xx, a timeout = try again; 403 (the person
  blocked the bot, or deleted their account) and 400 «chat not found» = `ChatGone`; any other 4xx
  (e.g. «message is too long») = refused.
- `getUpdates` (offset, timeout 0, only messages): the updates from the offset on; Telegram forgets
  the ones before it. 409 (a webhook is set, or another program polls the same bot) = unavailable.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from app.adapters.config import DEFAULT_TIMEOUT_S, invalid, setting, short, timeout_seconds
from app.errors import QT_TRANSLATE_NOOP
from app.services.kernel.settings import TransportKey
from app.services.notifications.ports import (
    ChatGone,
    DeliveryFailed,
    DeliveryRefused,
    IncomingMessage,
    TransportUnavailable,
)

DEFAULT_API = "https://api.telegram.org"
MAX_TEXT = 4096  # the Bot API's limit for one message
_GONE = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated", "bot was blocked")


class TelegramBotApi:
    """One bot, by its token (from @BotFather, kept in the sending PC's keyring)."""

    def __init__(self, token: str, *, api_url: str = DEFAULT_API, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        parts = urllib.parse.urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) URL: {api_url!r}")
        if not token or any(c.isspace() or c == "/" for c in token):
            raise ValueError("a bot token has no spaces or slashes")
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def _hide(self, text: str) -> str:
        return text.replace(self._token, "***")

    def _call(self, method: str, fields: Mapping[str, Any], *, gone_matters: bool) -> Any:
        """The method's "result"; the errors as the port's exceptions."""
        url = f"{self.api_url}/bot{self._token}/{method}"
        body = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "subscriber-desk"},
            method="POST",
        )
        where = f"Telegram {method}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(4 * 1024 * 1024)
        except urllib.error.HTTPError as exc:
            answer = _json(exc.read(4096) if exc.fp is not None else b"")
            exc.close()
            description = str(answer.get("description") or exc.reason)
            message = self._hide(short(f"{where}: HTTP {exc.code} {description}"))
            if exc.code in (401, 404, 409, 502, 503, 504):
                raise TransportUnavailable(message) from None
            if exc.code == 429 or exc.code >= 500:
                after = (answer.get("parameters") or {}).get("retry_after")
                raise DeliveryFailed(message + (f" (retry after {after} s)" if after else "")) from None
            if gone_matters and (exc.code == 403 or any(g in description.lower() for g in _GONE)):
                raise ChatGone(message) from None
            raise DeliveryRefused(message) from None
        except urllib.error.URLError as exc:  # refused, no route, DNS, TLS: nothing was sent
            raise TransportUnavailable(self._hide(f"{where}: {exc.reason}")) from None
        except (OSError, http.client.HTTPException) as exc:
            # A timeout: the message may have gone (the sender retries: at least once).
            raise DeliveryFailed(self._hide(f"{where}: {exc or type(exc).__name__}")) from None
        answer = _json(raw)
        if answer.get("ok") is not True:
            raise DeliveryFailed(self._hide(short(f"{where}: unexpected answer {raw[:300]!r}")))
        return answer.get("result")

    def send(self, recipient: str, text: str) -> None:
        """sendMessage to a chat id (the outbox's recipient)."""
        chat = recipient.strip()
        if not chat.lstrip("-").isdigit() or not chat.isascii():
            raise DeliveryRefused(f"not a Telegram chat id: {recipient!r}")
        if not text.strip():
            raise DeliveryRefused("an empty message")
        self._call("sendMessage", {"chat_id": int(chat), "text": text[:MAX_TEXT]}, gone_matters=True)

    def get_updates(self, offset: int) -> list[IncomingMessage]:
        """getUpdates from `offset`: the text messages (other updates are skipped but counted as read:
        each comes back as an IncomingMessage with empty text so that the offset moves past it)."""
        fields = {"offset": offset, "timeout": 0, "limit": 100, "allowed_updates": ["message"]}
        result = self._call("getUpdates", fields, gone_matters=False)
        if not isinstance(result, list):
            raise DeliveryFailed("Telegram getUpdates: the answer is not a list")
        found = []
        for update in result:
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                continue
            message = update.get("message") or {}
            chat = message.get("chat") or {}
            chat_id = chat.get("id")
            text = message.get("text")
            found.append(
                IncomingMessage(
                    update_id=update["update_id"],
                    chat_id=chat_id if isinstance(chat_id, int) else 0,
                    private=chat.get("type") == "private" and isinstance(chat_id, int),
                    text=text if isinstance(text, str) else "",
                )
            )
        return found


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def telegram_from_settings(settings: Mapping[str, str], token: str = "") -> TelegramBotApi | None:
    """The bot the settings turn on, or None while Telegram is off or this PC has no token."""
    if setting(settings, TransportKey.TELEGRAM_ENABLED).lower() != "yes" or not token.strip():
        return None
    api_url = setting(settings, TransportKey.TELEGRAM_API_URL)
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The Telegram Bot API address must start with https://."),
            TransportKey.TELEGRAM_API_URL,
        )
    try:
        return TelegramBotApi(token.strip(), api_url=api_url, timeout=timeout_seconds(settings))
    except ValueError:
        raise invalid(
            QT_TRANSLATE_NOOP(
                "Errors", "The Telegram bot token is not valid: copy it from @BotFather again."
            ),
            "telegram.token",
        ) from None
