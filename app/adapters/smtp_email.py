"""E-mail over SMTP: the reminder transport for subscribers who chose e-mail."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from types import TracebackType

from app.adapters.config import DEFAULT_TIMEOUT_S, invalid, setting, short, timeout_seconds
from app.errors import QT_TRANSLATE_NOOP
from app.services.kernel.settings import TRANSPORT_DEFAULTS, TransportKey
from app.services.notifications.ports import DeliveryFailed, DeliveryRefused, TransportUnavailable

SMTP_SECURITY_MODES = ("starttls", "ssl", "none")
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


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
            raise TransportUnavailable(f"{where}: {short(str(exc)) or type(exc).__name__}") from exc

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
            raise DeliveryFailed(f"{address}: {short(str(exc)) or type(exc).__name__}") from exc

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
    return short(answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer)


def _by_code(code: int, message: str) -> DeliveryFailed | DeliveryRefused:
    """SMTP 5xx is final; 4xx (greylisting, mailbox busy) is worth another try."""
    return DeliveryRefused(message) if 500 <= code < 600 else DeliveryFailed(message)


def smtp_from_settings(settings: Mapping[str, str], password: str = "") -> SmtpTransport | None:
    """The e-mail transport the settings describe, or None when no SMTP server is set."""
    host = setting(settings, TransportKey.SMTP_HOST)
    if not host:
        return None
    security = setting(settings, TransportKey.SMTP_SECURITY).lower()
    if security not in SMTP_SECURITY_MODES:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "SMTP security must be one of: starttls, ssl, none."),
            TransportKey.SMTP_SECURITY,
        )
    port_text = setting(settings, TransportKey.SMTP_PORT)
    if port_text and not (port_text.isdigit() and 1 <= int(port_text) <= 65535):
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The SMTP port must be a number from 1 to 65535."),
            TransportKey.SMTP_PORT,
        )
    sender = setting(settings, TransportKey.SMTP_FROM)
    if "@" not in parseaddr(sender)[1]:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "Enter the sender's e-mail address (From) for reminders by e-mail."),
            TransportKey.SMTP_FROM,
        )
    return SmtpTransport(
        host,
        int(port_text) if port_text else None,
        sender=sender,
        subject=setting(settings, TransportKey.SMTP_SUBJECT),
        security=security,
        user=setting(settings, TransportKey.SMTP_USER),
        password=password,
        timeout=timeout_seconds(settings),
    )
