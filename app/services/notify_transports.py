"""How reminders leave the building: e-mail over SMTP and SMS through an HTTP gateway.

A transport delivers one message or raises: `DeliveryFailed` (worth retrying later),
`TransportUnavailable` (the server or the gateway itself is down or misconfigured, so the rest of the
batch on that channel waits too) or `DeliveryRefused` (this message can never go: a malformed address,
a 4xx from the gateway). Configuration comes from settings rows; secrets (SMTP password, SMS API key)
never do: the caller reads them from the OS keyring and passes them in.
"""

from __future__ import annotations

import http.client
import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from types import TracebackType
from typing import Protocol

from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models.enums import NotificationChannel

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 20.0
_MAX_ERROR = 300  # characters of a server's answer kept in an error message


class DeliveryFailed(Exception):
    """Not delivered this time; the same message may well go through later."""


class TransportUnavailable(DeliveryFailed):
    """The server or gateway cannot take any message now (down, unreachable, wrong password)."""


class DeliveryRefused(Exception):
    """This message can never be delivered as it is (malformed address, refused by the gateway)."""


class Transport(Protocol):
    """Delivers one message; raises DeliveryFailed / DeliveryRefused, returns None once accepted."""

    def send(self, recipient: str, text: str) -> None: ...


class TransportKey:
    """Settings keys of the transports (values are strings, like every setting)."""

    SMTP_HOST = "smtp.host"  # "" = no e-mail
    SMTP_PORT = "smtp.port"  # "" = 587 for starttls, 465 for ssl, 25 for none
    SMTP_SECURITY = "smtp.security"  # starttls | ssl | none
    SMTP_USER = "smtp.user"  # "" = no login; the password is the keyring secret SECRET_SMTP_PASSWORD
    SMTP_FROM = "smtp.from"  # e.g. «ООО "Кабель" <billing@cable.example>»
    SMTP_SUBJECT = "smtp.subject"
    SMS_URL = "sms.url"  # "" = no SMS
    SMS_METHOD = "sms.method"  # POST | GET
    SMS_FORMAT = "sms.format"  # form | json (POST body; GET always sends query parameters)
    SMS_PHONE_FIELD = "sms.phone_field"
    SMS_PHONE_PREFIX = "sms.phone_prefix"  # put before the 11 digits, e.g. "+"
    SMS_TEXT_FIELD = "sms.text_field"
    SMS_SENDER_FIELD = "sms.sender_field"  # "" = the gateway's default sender name
    SMS_SENDER = "sms.sender"
    SMS_KEY_HEADER = "sms.key_header"  # e.g. "Authorization" or "X-API-Key"; "" = no header
    SMS_KEY_PREFIX = "sms.key_prefix"  # e.g. "Bearer "
    SMS_KEY_FIELD = "sms.key_field"  # e.g. "api_id" for gateways that want the key among the fields
    SMS_EXTRA_FIELDS = "sms.extra_fields"  # fixed fields as a query string, e.g. "json=1&charset=utf-8"
    SMS_SUCCESS_MARKER = "sms.success_marker"  # "" = any 2xx is success; else the body must contain it
    TIMEOUT = "notify.timeout_seconds"


TRANSPORT_DEFAULTS: dict[str, str] = {
    TransportKey.SMTP_HOST: "",
    TransportKey.SMTP_PORT: "",
    TransportKey.SMTP_SECURITY: "starttls",
    TransportKey.SMTP_USER: "",
    TransportKey.SMTP_FROM: "",
    TransportKey.SMTP_SUBJECT: "Напоминание об оплате",
    TransportKey.SMS_URL: "",
    TransportKey.SMS_METHOD: "POST",
    TransportKey.SMS_FORMAT: "form",
    TransportKey.SMS_PHONE_FIELD: "phone",
    TransportKey.SMS_PHONE_PREFIX: "",
    TransportKey.SMS_TEXT_FIELD: "text",
    TransportKey.SMS_SENDER_FIELD: "",
    TransportKey.SMS_SENDER: "",
    TransportKey.SMS_KEY_HEADER: "",
    TransportKey.SMS_KEY_PREFIX: "",
    TransportKey.SMS_KEY_FIELD: "",
    TransportKey.SMS_EXTRA_FIELDS: "",
    TransportKey.SMS_SUCCESS_MARKER: "",
    TransportKey.TIMEOUT: str(int(DEFAULT_TIMEOUT_S)),
}

# Names of the secrets `transports_from_settings` expects (the caller keeps them in the OS keyring).
SECRET_SMTP_PASSWORD = "smtp.password"
SECRET_SMS_API_KEY = "sms.api_key"

SMTP_SECURITY_MODES = ("starttls", "ssl", "none")
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


# ---------------------------------------------------------------------------------------------- e-mail


def checked_email(recipient: str) -> str:
    """The address as SMTP wants it (an IDN domain such as «почта.рф» in punycode); DeliveryRefused if
    it is not one plain address."""
    address = recipient.strip()
    if not address or any(c.isspace() or c in '<>,;:"()[]\\' for c in address) or address.count("@") != 1:
        raise DeliveryRefused(f"not an e-mail address: {recipient!r}")
    local, domain = address.split("@")
    labels = domain.split(".")
    if not local or len(labels) < 2 or not all(labels):
        raise DeliveryRefused(f"not an e-mail address: {recipient!r}")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise DeliveryRefused(f"not an e-mail address: {recipient!r}") from exc
    return f"{local}@{ascii_domain}"


class SmtpTransport:
    """E-mail over SMTP (STARTTLS, implicit TLS or plain), one plain-text UTF-8 message per reminder.

    The connection is kept between messages (and checked with NOOP before reuse) so a batch does not
    log in a hundred times; `close()` ends it. Not thread-safe: one sender uses one transport.
    """

    def __init__(
        self,
        host: str,
        port: int | None = None,
        *,
        sender: str,
        subject: str = TRANSPORT_DEFAULTS[TransportKey.SMTP_SUBJECT],
        security: str = "starttls",
        user: str = "",
        password: str = "",
        timeout: float = DEFAULT_TIMEOUT_S,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in SMTP_SECURITY_MODES:
            raise ValueError(f"unknown SMTP security {security!r}")
        self.host = host
        self.port = port or _DEFAULT_PORTS[security]
        self.sender = sender
        self.subject = subject
        self.security = security
        self.user = user
        self._password = password
        self.timeout = timeout
        self._ssl_context = ssl_context
        self._conn: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        where = f"SMTP {self.host}:{self.port}"
        conn: smtplib.SMTP | None = None
        try:
            if self.security == "ssl":
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    conn.starttls(context=self._context())
            if self.user:
                conn.login(self.user, self._password)
            return conn
        except smtplib.SMTPAuthenticationError as exc:
            self._quietly_close(conn)
            raise TransportUnavailable(f"{where}: login as {self.user} refused ({exc.smtp_code})") from exc
        except (smtplib.SMTPException, OSError, UnicodeError) as exc:  # refused, unreachable, TLS, …
            # (smtplib sends the login as ASCII: a Cyrillic password cannot go over SMTP AUTH)
            self._quietly_close(conn)
            raise TransportUnavailable(f"{where}: {_short(str(exc)) or type(exc).__name__}") from exc

    def _connection(self) -> smtplib.SMTP:
        if self._conn is not None:
            try:
                if self._conn.noop()[0] == 250:
                    return self._conn
            except (smtplib.SMTPException, OSError):
                pass  # the server dropped an idle connection: open a new one
            self.close()
        self._conn = self._connect()
        return self._conn

    def message(self, recipient: str, text: str) -> EmailMessage:
        """The e-mail as it is sent (a separate step, so a settings screen can preview it)."""
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = recipient
        msg["Subject"] = self.subject
        msg["Date"] = formatdate(localtime=True)
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or None
        msg["Message-ID"] = make_msgid(domain=domain)
        # base64 keeps Cyrillic intact through servers without 8BITMIME.
        msg.set_content(text, charset="utf-8", cte="base64")
        return msg

    def send(self, recipient: str, text: str) -> None:
        address = checked_email(recipient)
        try:
            msg = self.message(address, text)
        except (ValueError, TypeError) as exc:
            raise DeliveryRefused(f"cannot build an e-mail to {recipient!r}: {exc}") from exc
        conn = self._connection()
        try:
            conn.send_message(msg, from_addr=parseaddr(self.sender)[1] or None, to_addrs=[address])
        except smtplib.SMTPRecipientsRefused as exc:
            code, answer = next(iter(exc.recipients.values()), (550, b""))
            raise _by_code(code, f"{address} refused: {code} {_decode(answer)}") from exc
        except smtplib.SMTPSenderRefused as exc:
            raise TransportUnavailable(f"sender {exc.sender} refused: {exc.smtp_code}") from exc
        except smtplib.SMTPNotSupportedError as exc:  # e.g. a non-ASCII mailbox without SMTPUTF8
            raise DeliveryRefused(f"{address}: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise _by_code(exc.smtp_code, f"{address}: {exc.smtp_code} {_decode(exc.smtp_error)}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Cut mid-conversation: the server may or may not have taken it (the sender retries).
            self.close()
            raise DeliveryFailed(f"{address}: {_short(str(exc)) or type(exc).__name__}") from exc

    @staticmethod
    def _quietly_close(conn: smtplib.SMTP | None) -> None:
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        self._quietly_close(conn)


def _decode(answer: bytes | str) -> str:
    return _short(answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer)


def _by_code(code: int, message: str) -> DeliveryFailed | DeliveryRefused:
    """SMTP 5xx is final; 4xx (greylisting, mailbox busy) is worth another try."""
    return DeliveryRefused(message) if 500 <= code < 600 else DeliveryFailed(message)


# ------------------------------------------------------------------------------------------------- SMS


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
            message = self._hide_key(_short(f"SMS gateway {where}: HTTP {exc.code} {body or exc.reason}"))
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
            raise DeliveryFailed(self._hide_key(_short(f"SMS gateway {where}: unexpected answer {answer}")))


# ------------------------------------------------------------------------------------------- settings


def _setting(settings: Mapping[str, str], key: str) -> str:
    return (settings.get(key) or TRANSPORT_DEFAULTS[key]).strip()


def _invalid(message: str, field: str) -> ValidationError:
    return ValidationError(message, field=field)


def _timeout(settings: Mapping[str, str]) -> float:
    raw = _setting(settings, TransportKey.TIMEOUT)
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 300:
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "The sending timeout must be from 1 to 300 seconds."),
            TransportKey.TIMEOUT,
        )
    return value


def smtp_from_settings(settings: Mapping[str, str], password: str = "") -> SmtpTransport | None:
    """The e-mail transport the settings describe, or None when no SMTP server is set."""
    host = _setting(settings, TransportKey.SMTP_HOST)
    if not host:
        return None
    security = _setting(settings, TransportKey.SMTP_SECURITY).lower()
    if security not in SMTP_SECURITY_MODES:
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "SMTP security must be one of: starttls, ssl, none."),
            TransportKey.SMTP_SECURITY,
        )
    port_text = _setting(settings, TransportKey.SMTP_PORT)
    if port_text and not (port_text.isdigit() and 1 <= int(port_text) <= 65535):
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMTP port must be a number from 1 to 65535."),
            TransportKey.SMTP_PORT,
        )
    sender = _setting(settings, TransportKey.SMTP_FROM)
    if "@" not in parseaddr(sender)[1]:
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "Enter the sender's e-mail address (From) for reminders by e-mail."),
            TransportKey.SMTP_FROM,
        )
    return SmtpTransport(
        host,
        int(port_text) if port_text else None,
        sender=sender,
        subject=_setting(settings, TransportKey.SMTP_SUBJECT),
        security=security,
        user=_setting(settings, TransportKey.SMTP_USER),
        password=password,
        timeout=_timeout(settings),
    )


def sms_from_settings(settings: Mapping[str, str], api_key: str = "") -> HttpSmsGateway | None:
    """The SMS gateway the settings describe, or None when no gateway URL is set."""
    url = _setting(settings, TransportKey.SMS_URL)
    if not url:
        return None
    if urllib.parse.urlsplit(url).scheme not in ("http", "https") or not urllib.parse.urlsplit(url).netloc:
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS gateway address must start with https:// or http://."),
            TransportKey.SMS_URL,
        )
    method = _setting(settings, TransportKey.SMS_METHOD).upper()
    if method not in ("POST", "GET"):
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS gateway method must be POST or GET."),
            TransportKey.SMS_METHOD,
        )
    body_format = _setting(settings, TransportKey.SMS_FORMAT).lower()
    if body_format not in ("form", "json"):
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMS request format must be form or json."),
            TransportKey.SMS_FORMAT,
        )
    phone_field = _setting(settings, TransportKey.SMS_PHONE_FIELD)
    text_field = _setting(settings, TransportKey.SMS_TEXT_FIELD)
    if not phone_field or not text_field or phone_field == text_field:
        raise _invalid(
            QT_TRANSLATE_NOOP("Errors", "Name the two different request fields for the phone and the text."),
            TransportKey.SMS_PHONE_FIELD,
        )
    return HttpSmsGateway(
        url,
        method=method,
        body_format=body_format,
        phone_field=phone_field,
        text_field=text_field,
        phone_prefix=_setting(settings, TransportKey.SMS_PHONE_PREFIX),
        sender_field=_setting(settings, TransportKey.SMS_SENDER_FIELD),
        sender=_setting(settings, TransportKey.SMS_SENDER),
        api_key=api_key,
        key_header=_setting(settings, TransportKey.SMS_KEY_HEADER),
        key_prefix=settings.get(TransportKey.SMS_KEY_PREFIX) or "",  # "Bearer " keeps its space
        key_field=_setting(settings, TransportKey.SMS_KEY_FIELD),
        extra_fields=dict(urllib.parse.parse_qsl(_setting(settings, TransportKey.SMS_EXTRA_FIELDS))),
        success_marker=_setting(settings, TransportKey.SMS_SUCCESS_MARKER),
        timeout=_timeout(settings),
    )


def transports_from_settings(
    settings: Mapping[str, str], secrets: Mapping[str, str]
) -> dict[NotificationChannel, Transport]:
    """The configured transports by channel; a channel without a server is left out (its reminders
    stay queued). `secrets` holds SECRET_SMTP_PASSWORD and SECRET_SMS_API_KEY from the OS keyring.
    Raises ValidationError for a setting that makes no sense."""
    found: dict[NotificationChannel, Transport] = {}
    email = smtp_from_settings(settings, secrets.get(SECRET_SMTP_PASSWORD, ""))
    if email is not None:
        found[NotificationChannel.EMAIL] = email
    sms = sms_from_settings(settings, secrets.get(SECRET_SMS_API_KEY, ""))
    if sms is not None:
        found[NotificationChannel.SMS] = sms
    return found


def close_transports(transports: Mapping[NotificationChannel, Transport]) -> None:
    """Close what keeps a connection (SMTP); safe to call on any transports."""
    for transport in transports.values():
        close = getattr(transport, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # closing must not hide the outcome of the sending
                log.warning("closing %r failed", transport, exc_info=True)
