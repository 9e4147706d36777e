"""A real SMTP server (aiosmtpd) and a fake SMS gateway (http.server) on loopback, and helpers to
queue and read outbox rows: shared by the adapter tests and the outbox tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from app.adapters.http_sms import HttpSmsGateway
from app.db import Database
from app.models import Notification, NotificationChannel, Role
from app.services.notifications.sending import (
    OutboxRow,
    outbox_rows,
)
from tests.factories import make_staff

SMS, EMAIL = NotificationChannel.SMS, NotificationChannel.EMAIL
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
REMINDER = "Иванов Иван, по договору 100001 задолженность 1 250,00 ₽. Интернет приостановлен до оплаты."
API_KEY = "k3y-SECRET-0042"
# A self-signed key and certificate for 127.0.0.1 (valid 2020-2120), only for the loopback TLS tests.
LOOPBACK_TLS = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOywVduCfU/MTC7CM
ZKxfMO/2nikHt9OSktStH69j6wOhRANCAAR4uDLJSMePLnwUi1VUcs+9p1E3FD67
wzcK8TeBs3kqElI+j7I0WX+Sd2rp1zKmq8BCycYfG8OmJL5kePDgTiR9
-----END PRIVATE KEY-----
-----BEGIN CERTIFICATE-----
MIIBtjCCAV2gAwIBAgIUJ3u33sGO4LKFVSW/w/G74A+Pt5EwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTIwMDEwMTAwMDAwMFoYDzIxMjAwMTAx
MDAwMDAwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAR4uDLJSMePLnwUi1VUcs+9p1E3FD67wzcK8TeBs3kqElI+j7I0WX+S
d2rp1zKmq8BCycYfG8OmJL5kePDgTiR9o4GKMIGHMA8GA1UdEQQIMAaHBH8AAAEw
DwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAoQwEwYDVR0lBAwwCgYIKwYB
BQUHAwEwHQYDVR0OBBYEFOzNeOBN8qRNP6e/G50BC9P2tfRyMB8GA1UdIwQYMBaA
FOzNeOBN8qRNP6e/G50BC9P2tfRyMAoGCCqGSM49BAMCA0cAMEQCIF9Y9AfeRsm3
wLW2zTV1lWScyCxNjUf3W2eEy3OfTMxFAiBSEx2+q4mXtKFC9mguOvy2nibBKgrV
XDHaT2NFH3j0Eg==
-----END CERTIFICATE-----
"""


# ------------------------------------------------------------------------------------------ fixtures


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 OK"


class LoopbackController(Controller):
    """aiosmtpd's Controller on a port the system picks (it would otherwise probe port 0)."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def authenticate(_server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"billing", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[LoopbackController, Inbox]]:
    inbox = Inbox()
    controller = LoopbackController(
        inbox, hostname="127.0.0.1", port=0, authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    yield controller, inbox
    controller.stop()


def tls_contexts(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server, client): the server holds LOOPBACK_TLS; the client trusts it and nothing else."""
    pem = tmp_path / "loopback.pem"
    pem.write_text(LOOPBACK_TLS, encoding="ascii")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(pem)
    return server, ssl.create_default_context(cadata=LOOPBACK_TLS.split("-----END PRIVATE KEY-----")[1])


@dataclass
class Gateway:
    """An SMS gateway on loopback: records every request and answers from a script (then 200)."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def answer(self, request: dict[str, Any]) -> tuple[int, str]:
        with self.lock:
            self.requests.append(request)
            status = self.statuses.pop(0) if self.statuses else 200
        return status, '{"status": "OK"}' if status == 200 else f"error, your key was {API_KEY}"

    def fields(self) -> list[dict[str, str]]:
        return [r["fields"] for r in self.requests]


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            split = urllib.parse.urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Type", "").startswith("application/json"):
                fields = json.loads(body.decode("utf-8"))
            else:
                fields = dict(urllib.parse.parse_qsl(body.decode("ascii") or split.query))
            if state.delay:
                time.sleep(state.delay)
            status, answer = state.answer(
                {"method": self.command, "path": split.path, "headers": dict(self.headers), "fields": fields}
            )
            data = answer.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    yield state
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    """A loopback port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sms_gateway(url: str, **options: Any) -> HttpSmsGateway:
    return HttpSmsGateway(url, sender_field="sender", sender="CableTV", timeout=5, **options)


# --------------------------------------------------------------------------------------------- helpers


def queue(db: Database, channel: NotificationChannel, recipient: str, text: str = REMINDER) -> int:
    with db.transaction() as session:
        row = Notification(channel=channel, recipient=recipient, text=text, created_at=T0)
        session.add(row)
        session.flush()
        return row.id


def stored(db: Database, notification_id: int) -> Notification:
    with db.transaction() as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        session.expunge(row)
        return row


def outbox_row(db: Database, notification_id: int) -> OutboxRow:
    admin = make_staff(db, f"admin{time.monotonic_ns()}", Role.ADMIN)
    [row] = [r for r in outbox_rows(db, admin) if r.id == notification_id]
    return row
