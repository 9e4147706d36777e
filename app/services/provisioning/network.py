"""Administration → Network: which sides of the network the program keeps in step (RADIUS, the TV
platform), what a debtor gets from RADIUS, and the NAS list (FreeRADIUS's `nas` table) that CoA and
Disconnect-Request go to. The secrets are not here: they live in the keyring of the PC that delivers
(or the scheduler's environment)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import text

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, load_versioned, save_versioned
from app.services.kernel.text import tidy
from app.services.provisioning.ports import DEBT_ACTIONS, PAYMENT_PAGE, RADIUS, TV, NeedsSharedServer

NETWORK_KEYS = (
    Key.RADIUS_ENABLED,
    Key.RADIUS_DEBT_ACTION,
    Key.RADIUS_PAYMENT_GROUP,
    Key.RADIUS_THROTTLE_KBPS,
    Key.TV_URL,
)
NAS_KINDS = ("mikrotik", "cisco", "juniper", "other")
MAX_KBPS = 10_000_000
_SHORTNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


@dataclass(frozen=True)
class NetworkSettings:
    values: dict[str, str]
    versions: dict[str, int | None]


def sides_on(values: Mapping[str, str]) -> tuple[str, ...]:
    """The targets the settings turn on (what waits for the others is not theirs to show)."""
    on = (RADIUS,) if values.get(Key.RADIUS_ENABLED) == "yes" else ()
    return (*on, TV) if values.get(Key.TV_URL, "").strip() else on


def load_network_settings(db: Database, actor: Actor) -> NetworkSettings:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        return NetworkSettings(*load_versioned(session, NETWORK_KEYS))


def clean_network_settings(values: Mapping[str, str], *, embedded: bool) -> dict[str, str]:
    enabled = "yes" if values.get(Key.RADIUS_ENABLED, "no") == "yes" else "no"
    if enabled == "yes" and embedded:
        raise ValidationError(NeedsSharedServer.message, field="radius_enabled")
    action = values.get(Key.RADIUS_DEBT_ACTION, "")
    if action not in DEBT_ACTIONS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Choose what a debtor gets from the network."), field="debt_action"
        )
    group = tidy(values.get(Key.RADIUS_PAYMENT_GROUP, ""))
    if action == PAYMENT_PAGE and not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", group):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Give the payment page's RADIUS group: Latin letters, digits, - _ . (up to 64)."
            ),
            field="payment_group",
        )
    kbps_text = tidy(values.get(Key.RADIUS_THROTTLE_KBPS, "")).replace(" ", "")
    if not kbps_text.isdigit() or not 1 <= int(kbps_text) <= MAX_KBPS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Give the throttled rate in kbit/s, from 1 to {most}."),
            field="throttle_kbps",
            most=MAX_KBPS,
        )
    url = tidy(values.get(Key.TV_URL, ""))
    if url and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "Give the TV platform's address as http(s)://host/…, or leave it empty."
            ),
            field="tv_url",
        )
    return {
        Key.RADIUS_ENABLED: enabled,
        Key.RADIUS_DEBT_ACTION: action,
        Key.RADIUS_PAYMENT_GROUP: group or "payment-page",
        Key.RADIUS_THROTTLE_KBPS: str(int(kbps_text)),
        Key.TV_URL: url,
    }


def save_network_settings(
    db: Database, actor: Actor, values: Mapping[str, str], versions: Mapping[str, int | None]
) -> NetworkSettings:
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned = clean_network_settings(values, embedded=db.is_embedded)
    with db.transaction(actor) as session:
        save_versioned(session, actor, NETWORK_KEYS, cleaned, versions, values)
    return load_network_settings(db, actor)


@dataclass(frozen=True)
class NasRow:
    id: int
    address: str
    shortname: str
    kind: str
    coa_port: int
    description: str


def list_nas(db: Database, actor: Actor) -> list[NasRow]:
    """The NAS list (empty on an embedded database: there is no RADIUS there)."""
    require(actor, Permission.MANAGE_SETTINGS)
    if db.is_embedded:
        return []
    with db.reading(actor) as conn:
        rows = conn.execute(
            text(
                "SELECT id, nasname, shortname, type, coalesce(ports, 3799), coalesce(description, '') "
                "FROM nas"
            )
        ).all()
    return sorted((NasRow(*row) for row in rows), key=lambda n: n.shortname.casefold())


def add_nas(
    db: Database, actor: Actor, *, address: str, shortname: str, kind: str, coa_port: str, description: str
) -> int:
    """Add a NAS to the list; its CoA secret is set on each delivering PC, not here."""
    require(actor, Permission.MANAGE_SETTINGS)
    if db.is_embedded:
        raise NeedsSharedServer()
    try:
        ip = str(ipaddress.ip_address(address.strip()))
    except ValueError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Give the NAS's IP address, e.g. 10.0.0.1."), field="address"
        ) from exc
    name = shortname.strip()
    if not _SHORTNAME.match(name):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Give a short name: Latin letters, digits, - _ . (up to 32)."),
            field="shortname",
        )
    port_text = coa_port.strip() or "3799"
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The CoA port is a number from 1 to 65535 (usually 3799)."),
            field="coa_port",
        )
    if kind not in NAS_KINDS:
        kind = "other"
    with db.transaction(actor) as session:
        taken = session.execute(
            text("SELECT shortname FROM nas WHERE nasname = :ip OR lower(shortname) = lower(:name)"),
            {"ip": ip, "name": name},
        ).first()
        if taken is not None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "This NAS is on the list already (as {name})."),
                field="address",
                name=taken[0],
            )
        nas_id = int(
            session.execute(
                text(
                    "INSERT INTO nas (nasname, shortname, type, ports, secret, description) "
                    "VALUES (:ip, :name, :kind, :port, '-', :description) RETURNING id"
                ),
                {
                    "ip": ip,
                    "name": name,
                    "kind": kind,
                    "port": int(port_text),
                    "description": tidy(description),
                },
            ).scalar_one()
        )
        record_event(session, actor=actor, kind=EventKind.SETTINGS_CHANGED, keys=f"nas {name} {ip}")
    return nas_id


def remove_nas(db: Database, actor: Actor, nas_id: int) -> None:
    require(actor, Permission.MANAGE_SETTINGS)
    if db.is_embedded:
        raise NeedsSharedServer()
    with db.transaction(actor) as session:
        gone = session.execute(
            text("DELETE FROM nas WHERE id = :id RETURNING shortname, nasname"), {"id": nas_id}
        ).first()
        if gone is not None:
            record_event(
                session, actor=actor, kind=EventKind.SETTINGS_CHANGED, keys=f"nas {gone[0]} {gone[1]} removed"
            )
