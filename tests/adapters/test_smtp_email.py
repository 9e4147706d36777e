"""E-mail over SMTP: a real SMTP server on loopback receives Cyrillic reminders; a wrong password holds
the queue; TLS both ways."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path
from typing import Any

import pytest

from app.adapters.reminder_transports import close_transports, transports_from_settings
from app.adapters.smtp_email import SmtpTransport
from app.db import Database
from app.models import NotificationChannel, NotificationStatus
from app.services.kernel.settings import TransportKey
from app.services.notifications.ports import (
    SECRET_SMTP_PASSWORD,
    TransportUnavailable,
)
from app.services.notifications.sending import (
    SendSummary,
    send_pending,
)
from tests.adapters.loopback import (
    REMINDER,
    Inbox,
    LoopbackController,
    authenticate,
    outbox_row,
    queue,
    stored,
    tls_contexts,
)

SMS, EMAIL = NotificationChannel.SMS, NotificationChannel.EMAIL
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_cyrillic_email_reaches_a_real_smtp_server(db: Database, smtp_server) -> None:
    controller, inbox = smtp_server
    to_ivanov = queue(db, EMAIL, "ivanov@example.ru")
    to_idn = queue(db, EMAIL, "info@почта.рф", "Второе напоминание")
    malformed = queue(db, EMAIL, "ivanov at example.ru")
    settings = {
        TransportKey.SMTP_HOST: "127.0.0.1",
        TransportKey.SMTP_PORT: str(controller.port),
        TransportKey.SMTP_SECURITY: "none",
        TransportKey.SMTP_USER: "billing",
        TransportKey.SMTP_FROM: "ООО «Кабель» <billing@cable.example>",
    }
    transports = transports_from_settings(settings, {SECRET_SMTP_PASSWORD: "s3cret"})
    assert set(transports) == {EMAIL}
    before = dt.datetime.now(dt.UTC)

    summary = send_pending(db, transports)  # the database's clock, not a test's `now`

    assert summary == SendSummary(sent=2, failed=1)
    assert [e.rcpt_tos for e in inbox.envelopes] == [["ivanov@example.ru"], ["info@xn--80a1acny.xn--p1ai"]]
    assert inbox.envelopes[0].mail_from == "billing@cable.example"
    message = email.message_from_bytes(
        inbox.envelopes[0].original_content or b"", policy=email.policy.default
    )
    assert message.get_content().strip() == REMINDER
    assert message["Subject"] == "Напоминание об оплате"
    assert message["From"].addresses[0].display_name == "ООО «Кабель»"
    assert message["To"] == "ivanov@example.ru"
    sent = stored(db, to_ivanov)
    assert (sent.status, sent.attempts, sent.last_error) == (NotificationStatus.SENT, 1, "")
    assert sent.sent_at is not None and abs(sent.sent_at - before) < dt.timedelta(minutes=1)
    assert stored(db, to_idn).status is NotificationStatus.SENT
    refused = stored(db, malformed)
    assert (refused.status, refused.attempts) == (NotificationStatus.FAILED, 1)
    assert "not an e-mail address" in refused.last_error
    close_transports(transports)

    assert send_pending(db, transports) == SendSummary()  # nothing is sent twice
    assert len(inbox.envelopes) == 2


def test_a_wrong_smtp_password_holds_the_email_queue(db: Database, smtp_server) -> None:
    controller, inbox = smtp_server
    first, second = queue(db, EMAIL, "a@example.ru"), queue(db, EMAIL, "b@example.ru")
    transport = SmtpTransport(
        "127.0.0.1", controller.port, security="none", sender="billing@cable.example", user="billing"
    )
    with transport:
        summary = send_pending(db, {EMAIL: transport}, now=T0)
    assert summary == SendSummary(retried=1, released=1)
    assert inbox.envelopes == []
    tried, waiting = stored(db, first), stored(db, second)
    assert (tried.status, tried.attempts) == (NotificationStatus.QUEUED, 1)
    assert "login as billing refused" in tried.last_error
    # The second was not tried: no attempt is counted against it for the server's fault.
    assert (waiting.status, waiting.attempts) == (NotificationStatus.QUEUED, 0)
    assert outbox_row(db, second).next_attempt_at == T0 + dt.timedelta(minutes=1)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_email_goes_over_tls_and_logs_in_only_over_it(tmp_path: Path, security: str) -> None:
    server_tls, client_tls = tls_contexts(tmp_path)
    inbox = Inbox()
    if security == "starttls":  # the server refuses mail and logins before STARTTLS
        tls: dict[str, Any] = {"tls_context": server_tls, "require_starttls": True}
    else:
        # (aiosmtpd 1.4 does not notice implicit TLS on Python 3.11+ and would refuse AUTH)
        tls = {"ssl_context": server_tls, "auth_require_tls": False}
    controller = LoopbackController(inbox, hostname="127.0.0.1", port=0, authenticator=authenticate, **tls)
    controller.start()
    try:
        options: dict[str, Any] = {"security": security, "sender": "billing@cable.example", "timeout": 5}
        with SmtpTransport(
            "127.0.0.1", controller.port, user="billing", password="s3cret", ssl_context=client_tls, **options
        ) as transport:
            transport.send("ivanov@example.ru", REMINDER)
            transport.send("petrov@example.ru", REMINDER)  # over the same connection
        # The system's trust store does not know the loopback certificate: no mail goes unverified.
        with pytest.raises(TransportUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
            SmtpTransport("127.0.0.1", controller.port, **options).send("ivanov@example.ru", REMINDER)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in inbox.envelopes] == [["ivanov@example.ru"], ["petrov@example.ru"]]
    message = email.message_from_bytes(
        inbox.envelopes[1].original_content or b"", policy=email.policy.default
    )
    assert message.get_content().strip() == REMINDER
