"""A fake of ATOL's driver web server on loopback, for the fiscal tests: the two documented endpoints
with realistic answers, a fiscal drive that numbers its documents, and every way a real one fails.

`mode` (set at any time): "ok"; "paper" (each task fails: out of paper, nothing printed); "refuse"
(the connection is dropped unread: the register is off); "hang" (accepts the connection, answers nothing for
`hang_s`); "http500"; "lose" (does the POSTed task — prints the receipt — then drops the connection
before answering). `slow_tasks` leaves tasks `inProgress` for that many GETs. `receipts` lists what was
printed: (uuid, type, total).

The register has a shift of its own, as a real one: `openShift`/`closeShift` (the Z report), `reportX`,
`getShiftStatus` (over 24 hours by the program's clock it is `expired` and receipts fail), `getFnInfo`
(`fn_warnings`, `fn_valid_until`) and `ofdExchangeStatus` (`unsent_count`, `unsent_since`). A receipt
on a closed shift opens one, as ATOL's registers do. `reports` lists the shift documents printed:
(type, operator name, operator INN)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app import clock

MSK = dt.timezone(dt.timedelta(hours=3))  # the register's own clock: local time with its offset


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
        self.shift_number = 11
        self.shift_opened_at: dt.datetime | None = None  # None: the register's shift is closed
        self.shift_operator = ""
        self.reports: list[tuple[str, str, str]] = []
        self.fn_warnings: dict[str, bool] = {}
        self.fn_valid_until = dt.datetime(2028, 1, 1, tzinfo=MSK)
        self.unsent_count = 0
        self.unsent_since: dt.datetime | None = None
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

    def open_shift_here(self, operator: str, opened_at: dt.datetime | None = None) -> None:
        """Someone opened the register's shift at the register itself (or another program did)."""
        with self._lock:
            self.shift_number += 1
            self.shift_opened_at = opened_at or clock.now()
            self.shift_operator = operator

    def _expired(self) -> bool:
        return self.shift_opened_at is not None and clock.now() - self.shift_opened_at > dt.timedelta(
            hours=24
        )

    def _fiscal_params(self, total: float = 0.0) -> dict[str, Any]:
        self._document += 1
        return {
            "fiscalDocumentNumber": self._document,
            "fiscalDocumentSign": str(3000000000 + self._document * 7919),
            "shiftNumber": self.shift_number,
            "fnNumber": "9960440300000001",
            "registrationNumber": "0000000001012345",
            "fnsUrl": "www.nalog.gov.ru",
            "total": total,
        }

    def _do(self, task_uuid: str, task: dict[str, Any]) -> dict[str, Any]:
        """Run `task` (caller holds the lock): the task's entry as GET shows it. A receipt or a shift
        document exists from here on."""
        kind = task["type"]
        operator = task.get("operator") or {}
        if kind in ("sell", "sellReturn"):
            if self._expired():
                return {"status": "error", "errorCode": 68, "errorDescription": "Смена превысила 24 часа"}
            if self.shift_opened_at is None:  # the first receipt opens the shift
                self.shift_number += 1
                self.shift_opened_at = clock.now()
                self.shift_operator = operator.get("name", "")
            fiscal = self._fiscal_params(float(task["total"]))
            self.receipts.append((task_uuid, kind, float(task["total"])))
            fiscal["fiscalReceiptNumber"] = len(self.receipts)
            fiscal["receiptDatetime"] = "2026-12-06 12:00:00"
            return {"status": "ready", "result": {"fiscalParams": fiscal}}
        if kind == "openShift":
            if self.shift_opened_at is not None:
                return {
                    "status": "error",
                    "errorCode": 69,
                    "errorDescription": "Смена открыта - операция невозможна",
                }
            self.shift_number += 1
            self.shift_opened_at = clock.now()
            self.shift_operator = operator.get("name", "")
        elif kind == "closeShift":
            if self.shift_opened_at is None:
                return {
                    "status": "error",
                    "errorCode": 67,
                    "errorDescription": "Смена не открыта - операция невозможна",
                }
            self.shift_opened_at = None
        elif kind == "reportX" and self._expired():
            return {"status": "error", "errorCode": 68, "errorDescription": "Смена превысила 24 часа"}
        if kind in ("openShift", "closeShift", "reportX"):
            self.reports.append((kind, operator.get("name", ""), operator.get("vatin", "")))
            return {"status": "ready", "result": {"fiscalParams": self._fiscal_params()}}
        if kind == "getShiftStatus":
            opened = self.shift_opened_at
            state = "closed" if opened is None else "expired" if self._expired() else "opened"
            shift: dict[str, Any] = {"state": state, "number": self.shift_number, "documentsCount": 0}
            if opened is not None:
                shift["expiredTime"] = (opened + dt.timedelta(hours=24)).astimezone(MSK).isoformat()
            return {"status": "ready", "result": {"shiftStatus": shift}}
        if kind == "getFnInfo":
            warnings = {
                name: bool(self.fn_warnings.get(name))
                for name in (
                    "criticalFn",
                    "memoryOverflowFn",
                    "needReplacementFn",
                    "resourceExhaustionFn",
                    "ofdTimeout",
                )
            }
            info = {
                "serial": "9960440300000001",
                "validityDate": self.fn_valid_until.isoformat(),
                "warnings": warnings,
            }
            return {"status": "ready", "result": {"fnInfo": info}}
        if kind == "ofdExchangeStatus":
            status: dict[str, Any] = {"notSentCount": self.unsent_count}
            if self.unsent_since is not None:
                status["notSentFirstDocDateTime"] = self.unsent_since.astimezone(MSK).isoformat()
            return {"status": "ready", "result": {"status": status}}
        return {"status": "error", "errorCode": 601, "errorDescription": f"Неизвестный тип задания {kind}"}

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
                    done = self._do(task_uuid, task)
                    if done["status"] == "ready" and self.slow_tasks:
                        done = {**done, "status": "inProgress", "polls": self.slow_tasks}
                    self.tasks[task_uuid] = done
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
