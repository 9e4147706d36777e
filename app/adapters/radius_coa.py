"""Dynamic authorisation (RFC 5176) to a NAS through pyrad: a CoA-Request with a session's new rate, or a
Disconnect-Request that makes the subscriber sign in again (and meet their new state in RADIUS)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from pyrad import packet
from pyrad.client import Client, Timeout
from pyrad.dictionary import Dictionary

from app.resources import RADIUS_DICTIONARY

COA_PORT = 3799


@cache
def dictionary() -> Dictionary:
    return Dictionary(str(RADIUS_DICTIONARY))


@dataclass(frozen=True)
class Nas:
    """A NAS as the NAS list (FreeRADIUS's `nas` table) has it."""

    address: str
    shortname: str
    coa_port: int = COA_PORT


@dataclass(frozen=True)
class OpenSession:
    """An accounting session with no stop yet (FreeRADIUS's radacct)."""

    login: str
    nas_address: str
    session_id: str
    framed_ip: str | None = None


class CoaFailed(Exception):
    """The NAS did not take the request (no answer, a NAK, or no secret for it here)."""


class CoaSender:
    """Sends CoA and Disconnect requests to the NASes of the list, with this PC's secrets."""

    def __init__(
        self,
        nases: Mapping[str, Nas],
        secret_of: Callable[[Nas], str | None],
        *,
        timeout: float = 2.0,
        retries: int = 2,
    ) -> None:
        self.nases = nases
        self.secret_of = secret_of
        self.timeout = timeout
        self.retries = retries
        self._clients: dict[str, Client] = {}  # one socket per NAS for a whole delivery

    def _client(self, session: OpenSession) -> Client:
        if session.nas_address in self._clients:
            return self._clients[session.nas_address]
        nas = self.nases.get(session.nas_address)
        if nas is None:
            raise CoaFailed(f"the NAS {session.nas_address} is not in the NAS list")
        secret = self.secret_of(nas)
        if not secret:
            raise CoaFailed(f"no CoA secret for the NAS {nas.shortname} on this computer")
        client = Client(server=nas.address, secret=secret.encode(), dict=dictionary(), coaport=nas.coa_port)
        client.timeout = self.timeout
        client.retries = self.retries
        self._clients[session.nas_address] = client
        return client

    def close(self) -> None:
        for client in self._clients.values():
            client._CloseSocket()
        self._clients.clear()

    def _send(self, session: OpenSession, code: int, attributes: Mapping[str, str | int]) -> None:
        client = self._client(session)
        request = client.CreateCoAPacket(code=code)
        request["User-Name"] = session.login
        request["Acct-Session-Id"] = session.session_id
        if session.framed_ip:
            request["Framed-IP-Address"] = session.framed_ip
        for name, value in attributes.items():
            request[name] = value
        try:
            reply = client.SendPacket(request)
        except Timeout as exc:
            raise CoaFailed(f"no answer from the NAS {session.nas_address}") from exc
        except OSError as exc:
            raise CoaFailed(f"the NAS {session.nas_address}: {exc}") from exc
        finally:
            client._CloseSocket()
        if reply.code not in (packet.CoAACK, packet.DisconnectACK):
            cause = reply.get("Error-Cause", [None])[0]
            raise CoaFailed(
                f"the NAS {session.nas_address} refused the request"
                + (f" (Error-Cause {cause})" if cause else "")
            )

    def change(self, session: OpenSession, attributes: Mapping[str, str | int]) -> None:
        """CoA-Request: the open session gets the new attributes (its rate) without signing in again."""
        self._send(session, packet.CoARequest, attributes)

    def disconnect(self, session: OpenSession) -> None:
        """Disconnect-Request: the session ends; the subscriber's next sign-in meets the new state."""
        self._send(session, packet.DisconnectRequest, {})
