"""A «24 часа ТВ»-style provider API on loopback that keeps its users and subscriptions (the endpoints
app/adapters/iptv_24tv.py uses), so tests see what the platform holds and can plant differences."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "provider-token-1"


class FakeTvPlatform:
    def __init__(self) -> None:
        self.users: dict[int, dict[str, Any]] = {}
        self.subscriptions: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, str]] = []  # method, path, X-Request-Id
        self.down = False
        self._next = 100
        self.lock = threading.Lock()

    def new_id(self) -> int:
        self._next += 1
        return self._next

    # What the tests read and plant.
    def user(self, phone: str) -> dict[str, Any] | None:
        return next((u for u in self.users.values() if u["phone"] == phone), None)

    def running(self, phone: str) -> dict[str, bool]:
        """The user's running packets: packet id → paused."""
        user = self.user(phone)
        if user is None:
            return {}
        return {
            str(s["packet"]["id"]): s["is_paused"]
            for s in self.subscriptions.values()
            if s["user_id"] == user["id"] and not s["end"]
        }

    def add_user(self, phone: str, packets: list[int], *, paused: bool = False, max_devices: int = 2) -> None:
        user_id = self.new_id()
        self.users[user_id] = {"id": user_id, "username": f"x{user_id}", "phone": phone, "provider_uid": "",
                               "max_devices": max_devices}  # fmt: skip
        for packet in packets:
            self._subscribe(user_id, packet, paused)

    def _subscribe(self, user_id: int, packet: Any, paused: bool = False) -> dict[str, Any]:
        sid = self.new_id()
        self.subscriptions[sid] = {
            "id": sid, "user_id": user_id, "packet": {"id": packet}, "start": "2026-12-01T00:00:00+03:00",
            "end": None, "is_paused": paused, "pause_id": self.new_id() if paused else None,
        }  # fmt: skip
        return self.subscriptions[sid]

    def handle(
        self, method: str, path: str, query: dict[str, str], body: Any, request_id: str = ""
    ) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p][1:]  # without "v2"
        with self.lock:
            self.requests.append((method, path, request_id))
            if parts == ["users"] and method == "GET":
                found = list(self.users.values())
                if "phone" in query:
                    found = [u for u in found if u["phone"] == query["phone"]]
                offset, limit = int(query.get("offset", 0)), int(query.get("limit", 500))
                return 200, found[offset : offset + limit]
            if parts == ["users"] and method == "POST":
                phone = str(body.get("phone", ""))
                if not (len(phone) == 11 and phone.isdigit() and phone.startswith("7")):
                    return 400, {"error": "phone: 11 digits starting with 7"}
                if self.user(phone):
                    return 409, {"error": "phone already registered"}
                user_id = self.new_id()
                self.users[user_id] = {"id": user_id, **body}
                return 201, self.users[user_id]
            user = self.users.get(int(parts[1])) if len(parts) > 1 and parts[1].isdigit() else None
            if user is None:
                return 404, {"error": "user not found"}
            if len(parts) == 2 and method == "PATCH":
                user.update(body)
                return 200, user
            mine = [s for s in self.subscriptions.values() if s["user_id"] == user["id"]]
            if parts[2:] == ["subscriptions"] and method == "GET":
                return 200, mine
            if parts[2:] == ["subscriptions"] and method == "POST":
                return 201, [self._subscribe(user["id"], item["packet_id"]) for item in body]
            subscription = self.subscriptions.get(int(parts[3])) if len(parts) > 3 else None
            if subscription is None or subscription["user_id"] != user["id"]:
                return 404, {"error": "subscription not found"}
            if len(parts) == 4 and method == "DELETE":
                subscription["end"] = "2026-12-07T00:00:00+03:00"
                return 200, subscription
            if parts[4:] == ["pauses"] and method == "POST":
                subscription["is_paused"], subscription["pause_id"] = True, self.new_id()
                return 201, {"id": subscription["pause_id"]}
            if len(parts) == 6 and parts[4] == "pauses" and method == "DELETE":
                subscription["is_paused"], subscription["pause_id"] = False, None
                return 200, {}
        return 404, {"error": "no such endpoint"}


@contextmanager
def tv_platform() -> Iterator[tuple[FakeTvPlatform, str]]:
    """The platform and its base URL."""
    platform = FakeTvPlatform()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            if platform.down:
                status, answer = 503, {"error": "maintenance"}
            elif query.get("token") != TOKEN:
                status, answer = 401, {"error": "bad token"}
            else:
                request_id = self.headers.get("X-Request-Id", "")
                status, answer = platform.handle(method, url.path, query, body, request_id)
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
