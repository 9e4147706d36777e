"""A fake of ATOL's driver web server on loopback, for the fiscal tests: the two documented endpoints
with realistic answers, a fiscal drive that numbers its documents, and every way a real one fails.

`mode` (set at any time): "ok"; "paper" (each task fails: out of paper, nothing printed); "refuse"
(the connection is dropped unread: the register is off); "hang" (accepts the connection, answers nothing for
`hang_s`); "http500"; "lose" (does the POSTed task — prints the receipt — then drops the connection
before answering). `slow_tasks` leaves tasks `inProgress` for that many GETs. `receipts` lists what was
printed: (uuid, type, total)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeAtolDriver:
    def __init__(self) -> None:
        self.mode = "ok"
        self.hang_s = 30.0
        self.slow_tasks = 0
        self.receipts: list[tuple[str, str, float]] = []
        self.tasks: dict[str, dict[str, Any]] = {}
        self.requests = 0
        self._lock = threading.Lock()
        self._document = 1000
        self._stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake.handle(self, "POST")

            def do_GET(self) -> None:
                fake.handle(self, "GET")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()

    # -- the register ------------------------------------------------------------------------------

    def _print(self, task_uuid: str, task: dict[str, Any]) -> dict[str, Any]:
        """Fiscalise `task` (caller holds the lock): the receipt exists from here on."""
        self._document += 1
        self.receipts.append((task_uuid, task["type"], float(task["total"])))
        return {
            "fiscalDocumentNumber": self._document,
            "fiscalDocumentSign": str(3000000000 + self._document * 7919),
            "fiscalReceiptNumber": len(self.receipts),
            "shiftNumber": 12,
            "receiptDatetime": "2026-12-06 12:00:00",
            "fnNumber": "9960440300000001",
            "registrationNumber": "0000000001012345",
            "fnsUrl": "www.nalog.gov.ru",
            "total": task["total"],
        }

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        with self._lock:
            self.requests += 1
            mode = self.mode
        if mode == "refuse":
            with contextlib.suppress(OSError):
                request.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "hang":
            self._stopping.wait(self.hang_s)
            with contextlib.suppress(OSError):
                request.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "http500":
            self._answer(request, 500, {"error": {"code": 500, "description": "internal error"}})
            return
        if method == "POST":
            length = int(request.headers.get("Content-Length") or 0)
            body = json.loads(request.rfile.read(length).decode("utf-8"))
            task_uuid, task = body["uuid"], body["request"][0]
            with self._lock:
                if task_uuid in self.tasks:
                    code, answer = 409, {"error": {"code": 409, "description": "uuid is already used"}}
                elif mode == "paper":
                    failed = {"status": "error", "errorCode": 44, "errorDescription": "Нет бумаги"}
                    self.tasks[task_uuid] = failed
                    code, answer = 201, None
                else:
                    fiscal = self._print(task_uuid, task)
                    self.tasks[task_uuid] = {
                        "status": "inProgress" if self.slow_tasks else "ready",
                        "polls": self.slow_tasks,
                        "result": {"fiscalParams": fiscal},
                    }
                    code, answer = 201, None
            if mode == "lose" and code == 201:
                with contextlib.suppress(OSError):
                    request.connection.shutdown(socket.SHUT_RDWR)  # printed; the answer never arrives
                return
            self._answer(request, code, answer)
            return
        task_uuid = request.path.rsplit("/", 1)[-1]
        with self._lock:
            task = self.tasks.get(task_uuid)
            if task is not None and task.get("status") == "inProgress":
                task["polls"] -= 1
                if task["polls"] <= 0:
                    task["status"] = "ready"
                shown = {"status": "inProgress", "errorCode": 0, "errorDescription": ""}
            elif task is not None:
                shown = {k: v for k, v in task.items() if k != "polls"}
                shown.setdefault("errorCode", 0)
                shown.setdefault("errorDescription", "")
        if task is None:
            self._answer(request, 404, {"error": {"code": 404, "description": "not found"}})
        else:
            self._answer(request, 200, {"results": [shown]})

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, code: int, body: Any) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
        request.send_response(code)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


def nothing_listens() -> str:
    """The address of a register whose driver is not running: nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
