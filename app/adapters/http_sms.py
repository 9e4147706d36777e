"""SMS through an HTTP gateway: the reminder transport for subscribers who chose SMS."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from app.adapters.config import DEFAULT_TIMEOUT_S, invalid, setting, short, timeout_seconds
from app.errors import QT_TRANSLATE_NOOP
from app.services.kernel.settings import TransportKey
from app.services.notifications.ports import DeliveryFailed, DeliveryRefused, TransportUnavailable


def checked_phone(recipient: str) -> str:
    """Digits of an international number (Russia: 7XXXXXXXXXX); DeliveryRefused otherwise."""
    digits = recipient.strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and 10 <= len(digits) <= 15):
        raise DeliveryRefused(f"not a phone number: {recipient!r}")
    return digits


class HttpSmsGateway:
    """SMS through an HTTP gateway: one request per message, success decided by the HTTP status.

    Most Russian gateways fit: the phone, the text, an optional sender name and fixed fields go as
    form fields, JSON or query parameters; the API key as a header or as one more field. Status 2xx
    = accepted (and, if `success_marker` is set, the body must contain it); 401/403, 502-504 and a
    server that cannot be reached = the gateway is unavailable; 408/429 and other 5xx = try again;
    any other 4xx = refused for good.
    """

    def __init__(
        self,
        url: str,
        *,
        method: str = "POST",
        body_format: str = "form",
        phone_field: str = "phone",
        text_field: str = "text",
        phone_prefix: str = "",
        sender_field: str = "",
        sender: str = "",
        api_key: str = "",
        key_header: str = "",
        key_prefix: str = "",
        key_field: str = "",
        extra_fields: Mapping[str, str] | None = None,
        success_marker: str = "",
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        method = method.upper()
        if method not in ("POST", "GET"):
            raise ValueError(f"unknown HTTP method {method!r}")
        if body_format not in ("form", "json"):
            raise ValueError(f"unknown body format {body_format!r}")
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url
        self.method = method
        self.body_format = body_format
        self.phone_field = phone_field
        self.text_field = text_field
        self.phone_prefix = phone_prefix
        self.sender_field = sender_field
        self.sender = sender
        self._api_key = api_key
        self.key_header = key_header
        self.key_prefix = key_prefix
        self.key_field = key_field
        self.extra_fields = dict(extra_fields or {})
        self.success_marker = success_marker
        self.timeout = timeout

    def request(self, recipient: str, text: str) -> urllib.request.Request:
        """The HTTP request for one message (separate from `send` so it can be inspected)."""
        fields: dict[str, str] = dict(self.extra_fields)
        fields[self.phone_field] = self.phone_prefix + checked_phone(recipient)
        fields[self.text_field] = text
        if self.sender_field and self.sender:
            fields[self.sender_field] = self.sender
        if self.key_field and self._api_key:
            fields[self.key_field] = self._api_key
        headers = {"User-Agent": "subscriber-desk", "Accept": "*/*"}
        if self.key_header and self._api_key:
            headers[self.key_header] = self.key_prefix + self._api_key
        if self.method == "GET":
            separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
            url = self.url + separator + urllib.parse.urlencode(fields)
            return urllib.request.Request(url, headers=headers, method="GET")
        if self.body_format == "json":
            body = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        else:
            body = urllib.parse.urlencode(fields).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        return urllib.request.Request(self.url, data=body, headers=headers, method="POST")

    def _hide_key(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def send(self, recipient: str, text: str) -> None:
        request = self.request(recipient, text)
        where = urllib.parse.urlsplit(self.url).netloc
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(64 * 1024).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            body = exc.read(4096).decode("utf-8", "replace") if exc.fp is not None else ""
            message = self._hide_key(short(f"SMS gateway {where}: HTTP {exc.code} {body or exc.reason}"))
            exc.close()
            if exc.code in (401, 403, 502, 503, 504):
                raise TransportUnavailable(message) from None
            if exc.code in (408, 429) or exc.code >= 500:
                raise DeliveryFailed(message) from None
            raise DeliveryRefused(message) from None
        except urllib.error.URLError as exc:  # refused, no route, DNS, TLS: nothing was sent
            raise TransportUnavailable(self._hide_key(f"SMS gateway {where}: {exc.reason}")) from None
        except (OSError, http.client.HTTPException) as exc:
            # The request may have reached the gateway before the answer timed out (the sender retries).
            raise DeliveryFailed(
                self._hide_key(f"SMS gateway {where}: {exc or type(exc).__name__}")
            ) from None
        if self.success_marker and self.success_marker not in answer:
            raise DeliveryFailed(self._hide_key(short(f"SMS gateway {where}: unexpected answer {answer}")))


def sms_from_settings(settings: Mapping[str, str], api_key: str = "") -> HttpSmsGateway | None:
    """The SMS gateway the settings describe, or None when no gateway URL is set."""
    url = setting(settings, TransportKey.SMS_URL)
    if not url:
        return None
    if urllib.parse.urlsplit(url).scheme not in ("http", "https") or not urllib.parse.urlsplit(url).netloc:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS gateway address must start with https:// or http://."),
            TransportKey.SMS_URL,
        )
    method = setting(settings, TransportKey.SMS_METHOD).upper()
    if method not in ("POST", "GET"):
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS gateway method must be POST or GET."),
            TransportKey.SMS_METHOD,
        )
    body_format = setting(settings, TransportKey.SMS_FORMAT).lower()
    if body_format not in ("form", "json"):
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS request format must be form or json."),
            TransportKey.SMS_FORMAT,
        )
    phone_field = setting(settings, TransportKey.SMS_PHONE_FIELD)
    text_field = setting(settings, TransportKey.SMS_TEXT_FIELD)
    if not phone_field or not text_field or phone_field == text_field:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "Name the two different request fields for the phone and the text."),
            TransportKey.SMS_PHONE_FIELD,
        )
    return HttpSmsGateway(
        url,
        method=method,
        body_format=body_format,
        phone_field=phone_field,
        text_field=text_field,
        phone_prefix=setting(settings, TransportKey.SMS_PHONE_PREFIX),
        sender_field=setting(settings, TransportKey.SMS_SENDER_FIELD),
        sender=setting(settings, TransportKey.SMS_SENDER),
        api_key=api_key,
        key_header=setting(settings, TransportKey.SMS_KEY_HEADER),
        key_prefix=settings.get(TransportKey.SMS_KEY_PREFIX) or "",  # "Bearer " keeps its space
        key_field=setting(settings, TransportKey.SMS_KEY_FIELD),
        extra_fields=dict(urllib.parse.parse_qsl(setting(settings, TransportKey.SMS_EXTRA_FIELDS))),
        success_marker=setting(settings, TransportKey.SMS_SUCCESS_MARKER),
        timeout=timeout_seconds(settings),
    )
