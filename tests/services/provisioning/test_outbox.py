"""The provisioning outbox: every change of an Internet or IPTV service's access is written down in the
same transaction (by the database's triggers), and delivery hands each service's newest desired state to
its target, with back-off, on both databases; several workers at once on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.errors import DatabaseUnavailable
from app.models import Role
from app.services.billing.run import run_day
from app.services.provisioning import outbox
from app.services.provisioning.ports import RADIUS, TV, Desired, TargetUnavailable
from tests.factories import add_service, make_contract, make_staff, make_tariff
from tests.services.billing.test_debt_policy import Subscriber, at, day
from tests.tcp_proxy import TcpProxy


class Recorder:
    """A target that keeps what it was told, and fails on demand."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: list[Desired] = []
        self.failing: dict[int, str] = {}
        self.down = False
        self.lock = threading.Lock()

    def apply(self, batch: Sequence[Desired]) -> Mapping[int, str]:
        if self.down:
            raise TargetUnavailable(self.name, "connection refused")
        with self.lock:
            self.seen.extend(batch)
        return {d.service_id: self.failing[d.service_id] for d in batch if d.service_id in self.failing}

    def last(self, service_id: int) -> Desired:
        return [d for d in self.seen if d.service_id == service_id][-1]


def row(db: Database, service_id: int) -> dict[str, object]:
    with db.reading() as conn:
        found = (
            conn.execute(text("SELECT * FROM provisioning WHERE service_id = :s"), {"s": service_id})
            .mappings()
            .one_or_none()
        )
    return dict(found) if found else {}


def test_internet_and_iptv_services_are_provisioned_cable_tv_is_not(db: Database) -> None:
    contract = make_contract(db, "100001")
    internet = add_service(
        db, contract, "internet", make_tariff(db, "Интернет 100", "internet", 500_00), day(0)
    )
    iptv = add_service(db, contract, "iptv", make_tariff(db, "ТВ 24", "iptv", 300_00), day(0))
    catv = add_service(db, contract, "catv", make_tariff(db, "КТВ", "catv", 200_00), day(0))
    assert row(db, internet)["target"] == RADIUS and row(db, internet)["access"] == "active"
    assert row(db, iptv)["target"] == TV and row(db, iptv)["version"] == 1
    assert row(db, catv) == {}


def test_the_billing_run_blocks_and_a_payment_unblocks_each_with_a_new_desired_state(db: Database) -> None:
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(db)
        radius = Recorder(RADIUS)
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 1
        assert radius.last(sub.internet).access == "active"
        for n in range(16):  # paid for 15 days: blocked in the run of day 15
            moment.set(at(n))
            run_day(db, day(n))
        assert sub.state(sub.internet) == "blocked"
        assert row(db, sub.internet)["access"] == "blocked"
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 1
        assert radius.last(sub.internet).access == "blocked"
        sub.pay(100_00)
        assert row(db, sub.internet)["access"] == "active"
        outbox.deliver_due(db, {RADIUS: radius})
        assert radius.last(sub.internet).access == "active"
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 0  # nothing due twice


def test_a_tariff_change_of_rate_queues_its_services_again(db: Database) -> None:
    tariff = make_tariff(db, "Интернет 100", "internet", 500_00)
    service = add_service(db, make_contract(db, "100001"), "internet", tariff, day(0))
    radius = Recorder(RADIUS)
    outbox.deliver_due(db, {RADIUS: radius})
    with db.transaction() as session:
        session.execute(text("UPDATE tariff SET speed_kbps = 50000, upload_kbps = 20000"))
    assert row(db, service)["version"] == 2
    outbox.deliver_due(db, {RADIUS: radius})
    assert (radius.last(service).down_kbps, radius.last(service).up_kbps) == (50000, 20000)


def test_an_outage_delivers_only_the_newest_state_when_the_target_returns(db: Database) -> None:
    with clock.frozen_at(at(0)) as moment:
        service = add_service(
            db, make_contract(db, "100001"), "internet", make_tariff(db, "И", "internet", 1), day(0)
        )
        radius = Recorder(RADIUS)
        radius.down = True
        first = outbox.deliver_due(db, {RADIUS: radius})
        assert first.unavailable == (RADIUS,) and first.failed == 1
        waiting = row(db, service)
        assert waiting["attempts"] == 1 and "connection refused" in str(waiting["last_error"])
        for state in ("blocked", "active", "blocked", "suspended"):  # hours of changes meanwhile
            with db.transaction() as session:
                session.execute(text("UPDATE service SET state = :s"), {"s": state})
        radius.down = False
        moment.advance(hours=3)
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 1
        assert [d.access for d in radius.seen] == ["suspended"]
        assert row(db, service)["delivered_version"] == row(db, service)["version"] == 5


def test_a_failure_backs_off_and_retry_now_makes_it_due(db: Database) -> None:
    admin = make_staff(db, "admin1", Role.ADMIN)
    with clock.frozen_at(at(0)) as moment:
        service = add_service(
            db, make_contract(db, "100001"), "internet", make_tariff(db, "И", "internet", 1), day(0)
        )
        radius = Recorder(RADIUS)
        radius.failing[service] = "no login on the card"
        assert outbox.deliver_due(db, {RADIUS: radius}).failed == 1
        assert outbox.deliver_due(db, {RADIUS: radius}).failed == 0  # backing off: not due yet
        [problem] = outbox.waiting(db, admin, failing_only=True)
        assert problem.service_id == service and problem.last_error == "no login on the card"
        assert problem.contract_number == "100001" and problem.attempts == 1
        moment.advance(seconds=6)
        assert outbox.deliver_due(db, {RADIUS: radius}).failed == 1
        assert row(db, service)["attempts"] == 2  # the next wait is 10 s
        del radius.failing[service]
        assert outbox.retry_now(db, admin) == 1
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 1
        assert outbox.counts(db, admin) == outbox.Counts(waiting=0, failing=0, delivered=1)


def test_workers_on_several_pcs_deliver_each_change_once(pg_db: Database) -> None:
    tariff = make_tariff(pg_db, "И", "internet", 1)
    contracts = [make_contract(pg_db, f"1{n:05d}", apartment=str(n)) for n in range(40)]
    services = [add_service(pg_db, c, "internet", tariff, day(0)) for c in contracts]
    radius = Recorder(RADIUS)
    outcomes: list[outbox.Delivery] = []
    workers = [
        threading.Thread(
            target=lambda: outcomes.append(
                outbox.deliver_due(pg_db.fresh_connections(), {RADIUS: radius}, batch=3)
            )
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(d.service_id for d in radius.seen) == sorted(services)
    assert sum(o.delivered for o in outcomes) == len(services)


def test_the_tv_login_is_the_phone(db: Database) -> None:
    contract = make_contract(db, "100001")
    with db.transaction() as session:
        session.execute(text("UPDATE subscriber SET phone = '79161234567'"))
    service = add_service(db, contract, "iptv", make_tariff(db, "ТВ", "iptv", 1), day(0))
    tv = Recorder(TV)
    outbox.deliver_due(db, {TV: tv})
    assert tv.last(service).login == "79161234567"
    assert outbox.tv_login("", "") == "" and outbox.tv_login("79001112233", "79161234567") == "79001112233"


@pytest.mark.parametrize("login", ["", "  "])
def test_nothing_is_delivered_twice_for_a_login_change_of_spaces(db: Database, login: str) -> None:
    service = add_service(
        db, make_contract(db, "100001"), "internet", make_tariff(db, "И", "internet", 1), day(0)
    )
    with db.transaction() as session:
        session.execute(text("UPDATE service SET identifier = :l"), {"l": login})
    assert row(db, service)["version"] == (1 if login == "" else 2)


class ChangingTarget(Recorder):
    """Fails, and while it delivers the service changes again (a payment in the middle of a delivery)."""

    def __init__(self, db: Database) -> None:
        super().__init__(RADIUS)
        self.db = db

    def apply(self, batch: Sequence[Desired]) -> Mapping[int, str]:
        with self.db.transaction() as session:
            session.execute(text("UPDATE service SET state = 'blocked'"))
        return {d.service_id: "NAS busy" for d in batch}


def test_a_change_made_during_a_failed_delivery_goes_next_without_waiting(db: Database) -> None:
    with clock.frozen_at(at(0)):
        service = add_service(
            db, make_contract(db, "100001"), "internet", make_tariff(db, "И", "internet", 1), day(0)
        )
        assert outbox.deliver_due(db, {RADIUS: ChangingTarget(db)}, rounds=1).failed == 1
        waiting = row(db, service)
        assert waiting["version"] == 2 and waiting["next_attempt_at"] is None
        assert waiting["lease_until"] is None and waiting["last_error"] == "NAS busy"
        radius = Recorder(RADIUS)
        assert outbox.deliver_due(db, {RADIUS: radius}).delivered == 1  # at once: no back-off
        assert radius.last(service).access == "blocked"


def test_the_database_going_away_mid_delivery_loses_nothing(
    proxied: tuple[Database, TcpProxy], pg_db: Database
) -> None:
    """The lease was committed, the outcome could not be: the lease runs out and the next worker (here
    on another connection) delivers the same state again — harmless, the targets are idempotent."""
    db, proxy = proxied
    with clock.frozen_at(at(0)) as moment:
        service = add_service(
            db, make_contract(db, "100001"), "internet", make_tariff(db, "И", "internet", 1), day(0)
        )

        class CutMidway(Recorder):
            def apply(self, batch: Sequence[Desired]) -> Mapping[int, str]:
                seen = super().apply(batch)
                proxy.cut()  # the server went away before the outcome was written
                return seen

        with pytest.raises(DatabaseUnavailable):
            outbox.deliver_due(db, {RADIUS: CutMidway(RADIUS)})
        radius = Recorder(RADIUS)  # the direct connection: the server is still there
        assert outbox.deliver_due(pg_db, {RADIUS: radius}).delivered == 0  # leased: not twice at once
        moment.advance(minutes=6)  # the lease ran out
        assert outbox.deliver_due(pg_db, {RADIUS: radius}).delivered == 1
        assert row(pg_db, service)["delivered_version"] == 1
