"""The sync report: where what RADIUS and the TV platform hold differs from what we want them to hold,
and «apply ours» (the line's service delivered again now, or a login we have no service for removed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app import clock
from app.db import Database
from app.errors import QT_TRANSLATE_NOOP
from app.models import Provisioning
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.provisioning import outbox
from app.services.provisioning.ports import (
    ACTIVE,
    Desired,
    Held,
    ProvisioningTarget,
    TargetReader,
    TargetUnavailable,
)

__all__ = ["Difference", "SyncReport", "TargetReader", "apply_ours", "check", "compare", "describe"]

# The kinds of difference (stored words; the screen translates KIND_WORDS).
MISSING = "missing"  # we want an account there, it has none
EXTRA = "extra"  # it has an account we hold no service for
BLOCKED_HERE = "blocked_here_active_there"
ACTIVE_HERE = "active_here_blocked_there"
WRONG_ACCESS = "wrong_access"  # blocked both sides, but not the way the policy says (reject / payment page)
WRONG_RATE = "wrong_rate"
WRONG_PACKETS = "wrong_packets"
WRONG_DEVICES = "wrong_devices"
OPEN_SESSION = "open_session_of_blocked"
KIND_WORDS = {
    MISSING: QT_TRANSLATE_NOOP("Sync", "No account there"),
    EXTRA: QT_TRANSLATE_NOOP("Sync", "Account there, no service here"),
    BLOCKED_HERE: QT_TRANSLATE_NOOP("Sync", "Blocked here, active there"),
    ACTIVE_HERE: QT_TRANSLATE_NOOP("Sync", "Active here, blocked there"),
    WRONG_ACCESS: QT_TRANSLATE_NOOP("Sync", "Blocked in another way"),
    WRONG_RATE: QT_TRANSLATE_NOOP("Sync", "Wrong rate"),
    WRONG_PACKETS: QT_TRANSLATE_NOOP("Sync", "Wrong packets"),
    WRONG_DEVICES: QT_TRANSLATE_NOOP("Sync", "Wrong device limit"),
    OPEN_SESSION: QT_TRANSLATE_NOOP("Sync", "Open session of a blocked subscriber"),
}


@dataclass(frozen=True)
class Difference:
    target: str
    kind: str
    login: str
    service_id: int | None  # None: a login we hold no service for
    contract_number: str
    ours: Held | None  # what the target should hold (None: nothing)
    theirs: Held | None  # what it holds


@dataclass(frozen=True)
class SyncReport:
    checked_at: dt.datetime
    compared: int  # logins looked at, ours and theirs
    differences: tuple[Difference, ...]
    unreachable: tuple[str, ...] = ()


def describe(held: Held | None) -> str:
    """A held state in plain words (the command line's; the screen says it in the user's language)."""
    if held is None:
        return "—"
    parts = [held.access]
    if held.down_kbps:
        parts.append(f"{held.down_kbps}/{held.up_kbps or held.down_kbps} kbps")
    if held.tv_packets:
        parts.append("packets " + ",".join(held.tv_packets))
    if held.device_limit is not None:
        parts.append(f"{held.device_limit} devices")
    return ", ".join(parts)


def _all_desired(db: Database, target: str) -> list[Desired]:
    with db.transaction() as session:
        ids = session.execute(select(Provisioning.service_id).where(Provisioning.target == target)).scalars()
        return outbox.read_desired(session, list(ids))


def compare(desired: Sequence[Desired], held: Mapping[str, Held], reader: TargetReader) -> list[Difference]:
    """The differences between our desired states and what a target holds."""
    found: list[Difference] = []
    ours: set[str] = set()
    for d in desired:
        want = reader.expected(d)
        if want is None:
            continue
        ours.add(want.login)
        have = held.get(want.login)

        def note(kind: str, d: Desired = d, want: Held = want, have: Held | None = have) -> None:
            found.append(
                Difference(
                    reader.name, kind, want.login, d.service_id, d.contract_number, want, have
                )
            )

        if have is None or not have.access:
            note(MISSING)
            continue
        if want.access != have.access:
            if want.access == ACTIVE:
                note(ACTIVE_HERE)
            elif have.access == ACTIVE:
                note(BLOCKED_HERE)
            else:
                note(WRONG_ACCESS)
            continue
        if want.access != ACTIVE and have.open_sessions:
            note(OPEN_SESSION)
        if (want.down_kbps, want.up_kbps) != (have.down_kbps, have.up_kbps):
            note(WRONG_RATE)
        if want.tv_packets != have.tv_packets:
            note(WRONG_PACKETS)
        if want.device_limit is not None and want.device_limit != have.device_limit:
            note(WRONG_DEVICES)
    for login, have in sorted(held.items()):
        if login not in ours and (have.access or have.open_sessions):
            found.append(Difference(reader.name, EXTRA, login, None, "", None, have))
    return found


def check(db: Database, actor: Actor | None, readers: Iterable[TargetReader]) -> SyncReport:
    """Compare every target with our desired states; the result goes into the history."""
    if actor is not None:
        require(actor, Permission.MANAGE_SETTINGS)
    differences: list[Difference] = []
    compared = 0
    unreachable: list[str] = []
    for reader in readers:
        try:
            held = reader.held()
        except TargetUnavailable as exc:
            unreachable.append(f"{reader.name}: {exc.english()}")
            continue
        desired = _all_desired(db, reader.name)
        compared += len({d.login for d in desired} | set(held))
        differences += compare(desired, held, reader)
    report = SyncReport(clock.now(), compared, tuple(differences), tuple(unreachable))
    with db.transaction(actor) as session:
        counts: dict[str, int] = {}
        for difference in differences:
            counts[difference.kind] = counts.get(difference.kind, 0) + 1
        record_event(
            session,
            actor=actor,
            kind=EventKind.NETWORK_SYNC_CHECKED,
            differences=len(differences),
            compared=compared,
            kinds=counts,
            unreachable=list(unreachable),
        )
    return report


def apply_ours(
    db: Database,
    actor: Actor,
    differences: Iterable[Difference],
    targets: Mapping[str, ProvisioningTarget],
    readers: Mapping[str, TargetReader],
) -> outbox.Delivery:
    """Make the targets hold ours for these lines, now: their services delivered again (a newer version,
    so a delivery in flight cannot undo it), logins with no service of ours removed."""
    require(actor, Permission.MANAGE_SETTINGS)
    lines = list(differences)
    services = sorted({d.service_id for d in lines if d.service_id is not None})
    if services:
        outbox.deliver_again(db, actor, services)
    for line in lines:
        if line.service_id is None and line.target in readers:
            readers[line.target].remove(line.login)
    touched = {d.target for d in lines}
    return outbox.deliver_due(db, {name: t for name, t in targets.items() if name in touched})
