"""A Telegram Bot API on loopback with the two methods the program uses (sendMessage, getUpdates): it
keeps the messages people «write» to the bot and what the bot sent, and answers errors as Telegram
does (401 for a wrong token, 403 for a chat that blocked the bot, 400 «chat not found», 429 with
retry_after), so the adapter and the linking are tested over real HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TOKEN = "123456789:AAFakeTokenForTests_0042"


@dataclass
class FakeBotApi:
    url: str = ""
    token: str = TOKEN
    sent: list[tuple[int, str]] = field(default_factory=list)  # (chat id, text) the bot sent
    offsets: list[int] = field(default_factory=list)  # getUpdates' offsets, in order
    blocked: set[int] = field(default_factory=set)  # chats whose person blocked the bot
    unknown: set[int] = field(default_factory=set)  # chats Telegram does not know
    # The next answers to give whatever is asked: (HTTP status, JSON body).
    canned: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    delay: float = 0.0
    updates: list[dict[str, Any]] = field(default_factory=list)
    _next_update: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, chat_id: int, text: str, *, private: bool = True) -> int:
        """Someone writes `text` to the bot from chat `chat_id`; returns the update's id."""
        with self.lock:
            self._next_update += 1
            chat = {"id": chat_id, "type": "private" if private else "group", "first_name": "Иван"}
            self.updates.append(
                {
                    "update_id": self._next_update,
                    "message": {"message_id": self._next_update, "date": 0, "chat": chat, "text": text},
                }
            )
            return self._next_update

    def replies_to(self, chat_id: int) -> list[str]:
        return [text for chat, text in self.sent if chat == chat_id]

    def handle(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if self.canned:
                return self.canned.pop(0)
            prefix, _, method = path.strip("/").partition("/")
            if prefix != f"bot{self.token}":
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            if method == "sendMessage":
                chat_id, text = body.get("chat_id"), body.get("text")
                if not isinstance(chat_id, int) or not isinstance(text, str) or not text:
                    return 400, {"ok": False, "error_code": 400, "description": "Bad Request: text is empty"}
                if chat_id in self.blocked:
                    return 403, {
                        "ok": False,
                        "error_code": 403,
                        "description": "Forbidden: bot was blocked by the user",
                    }
                if chat_id in self.unknown:
                    return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
                if len(text) > 4096:
                    return 400, {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: message is too long",
                    }
                self.sent.append((chat_id, text))
                return 200, {"ok": True, "result": {"message_id": len(self.sent), "text": text}}
            if method == "getUpdates":
                offset = int(body.get("offset") or 0)
                self.offsets.append(offset)
                # Telegram forgets the updates before the offset: they were confirmed.
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                return 200, {"ok": True, "result": self.updates[: int(body.get("limit") or 100)]}
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    state = FakeBotApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                body = {}
            if state.delay:
                time.sleep(state.delay)  # the server is slow; the client's timeout decides
            status, answer = state.handle(self.path, body)
            data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()
