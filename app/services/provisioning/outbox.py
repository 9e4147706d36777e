"""The provisioning outbox: deliver each service's newest desired state to its target, with retries.

The rows are written by the database's triggers in the same transaction as the change (migration 0019),
so nothing the program does to a service's access can miss the network. Delivery here is safe to run
on several PCs at once: a worker leases a batch (`FOR UPDATE SKIP LOCKED` on PostgreSQL, then a lease
time written down and committed), delivers it with no lock held, and records the version it delivered.
A change made meanwhile raises the version, so the row stays due and the newer state goes next; an
older state is never delivered after a newer one, because one service is only ever in one lease. A
worker that dies leaves a lease that runs out. Failures back off (5 s doubling up to an hour) and are
listed in Administration with their error and «retry now».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import ARRAY, Integer, Select, Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.orm import Session

from app import clock
from app.db import Database
from app.models import Contract, Provisioning, Service, Subscriber, Tariff
from app.services.kernel.permissions import Actor, Permission, require
from app.services.provisioning.ports import TV, Desired, ProvisioningTarget, TargetUnavailable

LEASE = dt.timedelta(minutes=5)
_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")
MAX_BACKOFF_S = 3600
MAX_ERROR = 1000


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(MAX_BACKOFF_S, 5 * 2 ** max(0, attempts - 1)))


def _due(now: dt.datetime) -> object:
    return and_(
        Provisioning.version > Provisioning.delivered_version,
        or_(Provisioning.next_attempt_at.is_(None), Provisioning.next_attempt_at <= now),
        or_(Provisioning.lease_until.is_(None), Provisioning.lease_until <= now),
    )


def tv_login(identifier: str, phone: str) -> str:
    """The TV platform's login: the card's identifier when it is a Russian phone (7 and ten digits),
    else the subscriber's phone; "" when neither is one."""
    for candidate in (identifier.strip(), phone):
        if len(candidate) == 11 and candidate.isdigit() and candidate.startswith("7"):
            return candidate
    return ""


_DESIRED_COLUMNS = (
    Provisioning.service_id,
    Provisioning.version,
    Provisioning.target,
    Provisioning.access,
    Provisioning.delivered_login,
    Service.identifier,
    Service.password,
    Service.device_limit,
    Tariff.speed_kbps,
    Tariff.upload_kbps,
    Tariff.tv_packets,
    Tariff.device_limit.label("tariff_device_limit"),
    Contract.number,
    Subscriber.phone,
)


def _among(query: _Query, session: Session, ids: list[int]) -> _Query:
    """The query for these services only: on PostgreSQL joined with the ids as one array parameter (a
    list of thousands of parameters costs more to plan than to run)."""
    if session.get_bind().dialect.name != "postgresql":
        return query.where(Provisioning.service_id.in_(ids))
    chosen = func.unnest(bindparam("ids", ids, type_=ARRAY(Integer))).table_valued("id").render_derived()
    return query.join(chosen, chosen.c.id == Provisioning.service_id)


def read_desired(session: Session, service_ids: Iterable[int]) -> list[Desired]:
    """The desired states of these services, as they are now (plain columns: a delivery reads
    thousands at a time)."""
    ids = list(service_ids)
    found: list[Desired] = []
    for start in range(0, len(ids), 5000):
        query = (
            select(*_DESIRED_COLUMNS)
            .join(Service, Service.id == Provisioning.service_id)
            .join(Tariff, Tariff.id == Service.tariff_id)
            .join(Contract, Contract.id == Service.contract_id)
            .join(Subscriber, Subscriber.id == Contract.subscriber_id)
            .order_by(Provisioning.service_id)
        )
        rows = session.execute(_among(query, session, ids[start : start + 5000]))
        for (sid, version, target, access, delivered, identifier, password, own_limit, down, up, packets,
             tariff_limit, number, phone) in rows:  # fmt: skip
            found.append(
                Desired(
                    service_id=sid,
                    version=version,
                    target=target,
                    access=access,
                    login=tv_login(identifier, phone) if target == TV else identifier.strip(),
                    password=password,
                    down_kbps=down,
                    up_kbps=up or down,
                    tv_packets=tuple(x.strip() for x in (packets or "").split(",") if x.strip()),
                    device_limit=own_limit if own_limit is not None else tariff_limit,
                    contract_number=number,
                    delivered_login=delivered,
                )
            )
    return found


def claim(db: Database, target: str, limit: int, *, lease: dt.timedelta = LEASE) -> list[Desired]:
    """Lease up to `limit` due services of `target` and read their newest desired states (committed:
    another worker skips them until the lease runs out or this one records the outcome)."""
    now = clock.now()
    with db.transaction() as session:
        ids = list(
            session.execute(
                select(Provisioning.service_id)
                .where(Provisioning.target == target, _due(now))  # type: ignore[arg-type]
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        if not ids:
            return []
        session.execute(
            update(Provisioning).where(Provisioning.service_id.in_(ids)).values(lease_until=now + lease)
        )
        return read_desired(session, ids)


def record(db: Database, batch: Sequence[Desired], errors: Mapping[int, str]) -> None:
    """Write down what the target did with a leased batch: the delivered versions, or the errors with
    their back-off. The lease ends either way."""
    now = clock.now()
    done = [
        {"sid": d.service_id, "v": d.version, "login": d.login} for d in batch if d.service_id not in errors
    ]
    versions = {d.service_id: d.version for d in batch}
    failed = [{"sid": sid, "v": versions[sid], "error": error[:MAX_ERROR]} for sid, error in errors.items()]
    table = cast(Table, Provisioning.__table__)
    with db.transaction() as session:
        conn = session.connection()
        if done and conn.dialect.name == "postgresql":  # one statement, the rows as arrays
            conn.execute(
                text(
                    "UPDATE provisioning p SET delivered_version = greatest(p.delivered_version, d.v), "
                    "delivered_login = d.login, delivered_at = :now, attempts = 0, next_attempt_at = NULL, "
                    "lease_until = NULL, last_error = '' FROM unnest(CAST(:sid AS integer[]), "
                    "CAST(:v AS integer[]), CAST(:login AS text[])) AS d(sid, v, login) "
                    "WHERE p.service_id = d.sid"
                ),
                {"now": now, **{key: [row[key] for row in done] for key in ("sid", "v", "login")}},
            )
        elif done:
            conn.execute(
                table.update()
                .where(table.c.service_id == bindparam("sid"))
                .values(
                    delivered_version=func.max(table.c.delivered_version, bindparam("v")),
                    delivered_login=bindparam("login"),
                    delivered_at=now,
                    attempts=0,
                    next_attempt_at=None,
                    lease_until=None,
                    last_error="",
                ),
                done,
            )
        for row in failed:
            current = session.execute(
                select(Provisioning.version, Provisioning.attempts).where(
                    Provisioning.service_id == row["sid"]
                )
            ).one_or_none()
            if current is None:
                continue
            if current.version != row["v"]:  # changed meanwhile: the newer state is due now, no back-off
                values: dict[str, object] = {"lease_until": None, "last_error": row["error"]}
            else:
                attempts = current.attempts + 1
                values = {
                    "attempts": attempts,
                    "next_attempt_at": now + backoff(attempts),
                    "lease_until": None,
                    "last_error": row["error"],
                }
            session.execute(update(Provisioning).where(Provisioning.service_id == row["sid"]).values(values))


@dataclass(frozen=True)
class Delivery:
    """What one `deliver_due` did."""

    delivered: int = 0
    failed: int = 0
    unavailable: tuple[str, ...] = ()  # targets that could not be reached at all
    last_error: str = ""


def deliver_due(
    db: Database, targets: Mapping[str, ProvisioningTarget], *, batch: int = 2000, rounds: int | None = None
) -> Delivery:
    """Deliver everything due to the given targets, batch by batch, until nothing is due (or `rounds`
    batches per target). A target that cannot be reached keeps its batch for later and is left alone
    for this run."""
    delivered = failed = 0
    unavailable: list[str] = []
    last_error = ""
    for name, target in targets.items():
        done_rounds = 0
        while rounds is None or done_rounds < rounds:
            done_rounds += 1
            leased = claim(db, name, batch)
            if not leased:
                break
            try:
                errors = dict(target.apply(leased))
            except TargetUnavailable as exc:
                record(db, leased, {d.service_id: exc.english() for d in leased})
                failed += len(leased)
                unavailable.append(name)
                last_error = exc.english()
                break
            record(db, leased, errors)
            failed += len(errors)
            delivered += len(leased) - len(errors)
            if errors:
                last_error = next(iter(errors.values()))
    return Delivery(delivered, failed, tuple(unavailable), last_error)


@dataclass(frozen=True)
class Waiting:
    """A service whose desired state has not reached its target yet."""

    service_id: int
    contract_id: int
    contract_number: str
    target: str
    access: str
    login: str
    attempts: int
    last_error: str
    changed_at: dt.datetime
    next_attempt_at: dt.datetime | None


def waiting(
    db: Database,
    actor: Actor,
    *,
    failing_only: bool = False,
    limit: int = 500,
    targets: Sequence[str] | None = None,
) -> list[Waiting]:
    """What is still to be delivered (or only what failed), the oldest change first; only for the
    `targets` that are turned on when given (the others' rows wait for the day they are)."""
    require(actor, Permission.MANAGE_SETTINGS)
    query = (
        select(
            Provisioning.service_id,
            Service.contract_id,
            Contract.number.label("contract_number"),
            Provisioning.target,
            Provisioning.access,
            Service.identifier,
            Subscriber.phone,
            Provisioning.attempts,
            Provisioning.last_error,
            Provisioning.changed_at,
            Provisioning.next_attempt_at,
        )
        .join(Service, Service.id == Provisioning.service_id)
        .join(Contract, Contract.id == Service.contract_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .where(Provisioning.version > Provisioning.delivered_version)
        .order_by(Provisioning.changed_at, Provisioning.service_id)
        .limit(limit)
    )
    if failing_only:
        query = query.where(Provisioning.attempts > 0)
    if targets is not None:
        query = query.where(Provisioning.target.in_(list(targets)))
    with db.reading(actor) as conn:
        rows = [row._asdict() for row in conn.execute(query)]
    for row in rows:  # the login the target knows the service by (the TV platform's: the phone)
        identifier, phone = row.pop("identifier"), row.pop("phone")
        row["login"] = tv_login(identifier, phone) if row["target"] == TV else identifier
    return [Waiting(**row) for row in rows]


@dataclass(frozen=True)
class Counts:
    waiting: int
    failing: int
    delivered: int


def counts(db: Database, actor: Actor | None, targets: Sequence[str] | None = None) -> Counts:
    if actor is not None:
        require(actor, Permission.MANAGE_SETTINGS)
    pending = Provisioning.version > Provisioning.delivered_version
    query = select(
        func.count().filter(pending),
        func.count().filter(and_(pending, Provisioning.attempts > 0)),
        func.count().filter(~pending),
    )
    if targets is not None:
        query = query.where(Provisioning.target.in_(list(targets)))
    with db.reading(actor) as conn:
        row = conn.execute(query).one()
    return Counts(int(row[0]), int(row[1]), int(row[2]))


def retry_now(db: Database, actor: Actor, service_ids: Iterable[int] | None = None) -> int:
    """Make failed deliveries due now (all of them, or these services'); returns how many."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        query = update(Provisioning).where(
            Provisioning.version > Provisioning.delivered_version, Provisioning.next_attempt_at.is_not(None)
        )
        if service_ids is not None:
            query = query.where(Provisioning.service_id.in_(list(service_ids)))
        return int(session.execute(query.values(next_attempt_at=None)).rowcount or 0)  # type: ignore[attr-defined]


def deliver_again(db: Database, actor: Actor, service_ids: Iterable[int] | None = None) -> int:
    """Queue our desired state again for these services (or every one of a target): «apply ours» of the
    sync report. Returns how many."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        query = update(Provisioning)
        if service_ids is not None:
            query = query.where(Provisioning.service_id.in_(list(service_ids)))
        result = session.execute(
            query.values(
                version=Provisioning.version + 1,
                changed_at=clock.now(),
                attempts=0,
                next_attempt_at=None,
                last_error="",
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
