"""IPTV through a «24 часа ТВ»-style provider API (JSON over HTTPS, the provider's token as `?token=`).

The endpoints used (docs/provisioning.md):
- `GET /v2/users?phone=7XXXXXXXXXX` and `GET /v2/users?limit=&offset=` — users, with `id`, `username`,
  `phone`, `provider_uid`, `max_devices`;
- `POST /v2/users` {username, phone, provider_uid, max_devices}; `PATCH /v2/users/{id}` {max_devices};
- `GET /v2/users/{id}/subscriptions` — [{id, packet: {id}, start, end, is_paused, pause_id}];
- `POST /v2/users/{id}/subscriptions` [{packet_id, renew}]; `DELETE /v2/users/{id}/subscriptions/{sid}`;
- `POST /v2/users/{id}/subscriptions/{sid}/pauses` → {id}; `DELETE …/pauses/{pause_id}`.

The platform's login is the subscriber's phone: digits only, 7 and ten more. A delivery reads the user's
state first and changes only what differs, so delivering one desired state twice is harmless.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from app.adapters.config import DEFAULT_TIMEOUT_S, short
from app.services.provisioning.ports import (
    ACTIVE,
    BLOCKED,
    CLOSED,
    SUSPENDED,
    TV,
    Desired,
    Held,
    TargetUnavailable,
)


class Refused(Exception):
    """The platform answered with an error about this user (the others go on)."""


class TvPlatform:
    """The TV side of provisioning (a ProvisioningTarget and a TargetReader)."""

    name = TV

    def __init__(self, base_url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._request_id = ""  # the desired state's idempotency key, sent with its calls

    def _call(self, method: str, path: str, body: Any = None, **query: str | int) -> Any:
        params = urllib.parse.urlencode({**query, "token": self.token})
        request = urllib.request.Request(
            f"{self.base_url}{path}?{params}",
            data=json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None,
            method=method,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                **({"X-Request-Id": self._request_id} if self._request_id else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            if exc.code in (401, 403) or exc.code >= 500:
                raise TargetUnavailable(TV, short(f"HTTP {exc.code}: {detail}")) from exc
            raise Refused(short(f"HTTP {exc.code}: {detail}")) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise TargetUnavailable(TV, short(str(getattr(exc, "reason", exc)))) from exc
        try:
            return json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (UnicodeDecodeError, ValueError) as exc:
            raise TargetUnavailable(TV, "the answer is not JSON") from exc

    def _user(self, phone: str) -> dict[str, Any] | None:
        found = self._call("GET", "/v2/users", phone=phone)
        return found[0] if isinstance(found, list) and found else None

    def apply(self, batch: Sequence[Desired]) -> Mapping[int, str]:
        errors: dict[int, str] = {}
        for desired in batch:
            self._request_id = desired.idempotency_key  # the platform's logs tell one delivery's calls
            try:
                self._apply_one(desired)
            except Refused as exc:
                errors[desired.service_id] = str(exc)
            finally:
                self._request_id = ""
        return errors

    def _apply_one(self, desired: Desired) -> None:
        if not desired.login:
            raise Refused("no phone for the TV login (7 and ten digits) on the card")
        user = self._user(desired.login)
        if desired.delivered_login and desired.delivered_login != desired.login:
            old = self._user(desired.delivered_login)
            if old is not None:  # the phone changed: the old login's packets end
                for subscription in self._subscriptions(old["id"]):
                    self._call("DELETE", f"/v2/users/{old['id']}/subscriptions/{subscription['id']}")
        if desired.access == CLOSED:
            if user is not None:
                for subscription in self._subscriptions(user["id"]):
                    self._call("DELETE", f"/v2/users/{user['id']}/subscriptions/{subscription['id']}")
            return
        if user is None:
            user = self._call(
                "POST",
                "/v2/users",
                {
                    "username": f"{desired.contract_number}-{desired.service_id}",
                    "phone": desired.login,
                    "provider_uid": str(desired.service_id),
                    "max_devices": desired.device_limit,
                },
            )
        elif desired.device_limit is not None and user.get("max_devices") != desired.device_limit:
            self._call("PATCH", f"/v2/users/{user['id']}", {"max_devices": desired.device_limit})
        user_id = user["id"]
        subscriptions = self._subscriptions(user_id)
        held = {str(s["packet"]["id"]) for s in subscriptions}
        wanted = set(desired.tv_packets)
        for subscription in subscriptions:
            if str(subscription["packet"]["id"]) not in wanted:
                self._call("DELETE", f"/v2/users/{user_id}/subscriptions/{subscription['id']}")
        missing = sorted(wanted - held)
        if missing:
            self._call(
                "POST",
                f"/v2/users/{user_id}/subscriptions",
                [{"packet_id": int(p) if p.isdigit() else p, "renew": True} for p in missing],
            )
            subscriptions = self._subscriptions(user_id)
        paused = desired.access in (BLOCKED, SUSPENDED)
        for subscription in subscriptions:
            if paused and not subscription.get("is_paused"):
                self._call("POST", f"/v2/users/{user_id}/subscriptions/{subscription['id']}/pauses", {})
            elif not paused and subscription.get("is_paused"):
                pause = subscription.get("pause_id")
                self._call("DELETE", f"/v2/users/{user_id}/subscriptions/{subscription['id']}/pauses/{pause}")

    def _subscriptions(self, user_id: int) -> list[dict[str, Any]]:
        found = self._call("GET", f"/v2/users/{user_id}/subscriptions")
        return [s for s in found or [] if not s.get("end")]

    def held(self) -> Mapping[str, Held]:
        """Every user of the platform with their running packets (one request per user: for the
        scheduled sync check, not for a screen that waits)."""
        users: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self._call("GET", "/v2/users", limit=500, offset=offset) or []
            users += page
            if len(page) < 500:
                break
            offset += 500
        found: dict[str, Held] = {}
        for user in users:
            subscriptions = self._subscriptions(user["id"])
            if not subscriptions:
                continue  # a user with nothing running holds no access
            paused = all(s.get("is_paused") for s in subscriptions)
            found[str(user["phone"])] = Held(
                login=str(user["phone"]),
                access=SUSPENDED if paused else ACTIVE,
                tv_packets=tuple(sorted(str(s["packet"]["id"]) for s in subscriptions)),
                device_limit=user.get("max_devices"),
            )
        return found

    def expected(self, desired: Desired) -> Held | None:
        """What the platform should hold for a desired state (None: nothing running)."""
        if desired.access == CLOSED or not desired.tv_packets:
            return None
        return Held(
            login=desired.login,
            access=ACTIVE if desired.access == ACTIVE else SUSPENDED,
            tv_packets=tuple(sorted(desired.tv_packets)),
            device_limit=desired.device_limit,
        )

    def remove(self, login: str) -> None:
        """«Apply ours» to a user we hold no service for: their packets end."""
        user = self._user(login)
        if user is not None:
            for subscription in self._subscriptions(user["id"]):
                self._call("DELETE", f"/v2/users/{user['id']}/subscriptions/{subscription['id']}")
