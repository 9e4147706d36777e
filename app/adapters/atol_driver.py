"""ATOL's driver web server (the «Web-сервер» of ATOL's KKT driver v10, usually on the desk's PC at
http://127.0.0.1:16732): the fiscal register of a desk (app/services/cashdesk/fiscal.FiscalRegister).

`POST /api/v2/requests` with `{"uuid": …, "request": [task]}` queues a task (201; 409 if the uuid is
taken, which for us means "already handed over"); `GET /api/v2/requests/{uuid}` answers
`{"results": [{"status": …, "errorCode": …, "errorDescription": …, "result": {"fiscalParams": {…}}}]}`
(404: no such task). Status `ready` → done; `inProgress`, `wait`, `blocked` → still working;
`error`, `interrupted` → failed, nothing printed.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
import uuid
from typing import Any

from app.adapters.config import short
from app.services.cashdesk.fiscal import RegisterAnswer, RegisterUnreachable

DEFAULT_TIMEOUT_S = 5.0
_PENDING = frozenset({"inProgress", "wait", "blocked"})
_FAILED = frozenset({"error", "interrupted"})


class AtolDriverRegister:
    def __init__(self, base_url: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            status = exc.code
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, DNS, cut short
            raise RegisterUnreachable(why=_why(exc)) from exc
        try:
            return status, json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (UnicodeDecodeError, ValueError) as exc:
            raise RegisterUnreachable(why=f"HTTP {status}: not JSON") from exc

    def submit(self, task_uuid: uuid.UUID, task: dict[str, Any]) -> None:
        status, answer = self._call("POST", "/api/v2/requests", {"uuid": str(task_uuid), "request": [task]})
        if status in (200, 201, 409):
            return
        raise RegisterUnreachable(why=short(f"HTTP {status}: {_description(answer)}"))

    def result(self, task_uuid: uuid.UUID) -> RegisterAnswer:
        status, answer = self._call("GET", f"/api/v2/requests/{task_uuid}")
        if status == 404:
            return RegisterAnswer("unknown")
        if status != 200 or not isinstance(answer, dict) or not answer.get("results"):
            raise RegisterUnreachable(why=short(f"HTTP {status}: {_description(answer)}"))
        first = answer["results"][0]
        state = str(first.get("status", ""))
        error = str(first.get("errorDescription") or "")
        if first.get("errorCode"):
            error = f"{error} (code {first['errorCode']})".strip()
        if state == "ready":
            result = first.get("result") or {}
            if not isinstance(result, dict):
                raise RegisterUnreachable(why=short("the task's result is not an object"))
            return RegisterAnswer("ready", fiscal=result.get("fiscalParams") or {}, result=result)
        if state in _FAILED:
            return RegisterAnswer("error", error=error or state)
        if state in _PENDING:
            return RegisterAnswer("pending", error=error)
        raise RegisterUnreachable(why=short(f"unknown task status {state!r}"))


# What went wrong, in the words the cash desk translates (app/views/cashdesk/cash_desk_page.py).
REFUSED, TIMED_OUT, CUT_OFF = "connection refused", "no answer in time", "connection broken"


def _why(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return REFUSED
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return TIMED_OUT
    if isinstance(reason, ConnectionError | http.client.HTTPException):
        return CUT_OFF
    return short(str(reason) or type(reason).__name__)


def _description(answer: Any) -> str:
    if isinstance(answer, dict):
        error = answer.get("error") or {}
        if isinstance(error, dict):
            return str(error.get("description") or error.get("code") or "")
        return str(error)
    return ""
