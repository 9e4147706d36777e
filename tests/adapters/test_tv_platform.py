"""IPTV through a «24 часа ТВ»-style provider API (a server on loopback that keeps its state), on both
databases: the outbox creates the user with the phone as login, subscribes the tariff's packets, sets the
device limit (the contract's own beats the tariff's), pauses for debt and unpauses after a payment; the
sync report finds each kind of planted difference and «apply ours» fixes them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from app import clock
from app.adapters.iptv_24tv import TvPlatform
from app.db import Database
from app.models import Role
from app.services.billing.run import run_day
from app.services.provisioning import outbox, sync
from app.services.provisioning.ports import TV
from tests.adapters.fake_tv import TOKEN, FakeTvPlatform, tv_platform
from tests.factories import add_service, make_staff, make_tariff
from tests.services.billing.test_debt_policy import Subscriber, at, day


@pytest.fixture
def platform() -> Iterator[tuple[FakeTvPlatform, str]]:
    with tv_platform() as found:
        yield found


class TvSubscriber(Subscriber):
    """The debt story's subscriber with an IPTV service as well (packets 101 and 205, 3 devices)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        tariff = make_tariff(db, "ТВ 24 Оптимальный", "iptv", 0)
        with db.transaction() as session:
            session.execute(
                text("UPDATE tariff SET tv_packets = '101, 205', device_limit = 3 WHERE id = :t"),
                {"t": tariff},
            )
        self.iptv = add_service(db, self.contract, "iptv", tariff, day(0))


def deliver(db: Database, url: str) -> outbox.Delivery:
    return outbox.deliver_due(db, {TV: TvPlatform(url, TOKEN)})


def test_the_platform_follows_the_money(db: Database, platform: tuple[FakeTvPlatform, str]) -> None:
    fake, url = platform
    with clock.frozen_at(at(0)) as moment:
        sub = TvSubscriber(db)  # the phone is 79161234567
        assert deliver(db, url).delivered == 1
        user = fake.user("79161234567")
        assert user is not None and user["max_devices"] == 3 and user["username"] == f"100001-{sub.iptv}"
        assert fake.running("79161234567") == {"101": False, "205": False}
        assert {r for _m, _p, r in fake.requests} == {f"sd-{sub.iptv}-1"}  # one delivery, one key
        assert deliver(db, url).delivered == 0  # nothing due: nothing asked twice

        for n in range(16):  # blocked for debt on day 15, as the Internet
            moment.set(at(n))
            run_day(db, day(n))
        assert sub.state(sub.iptv) == "blocked"
        deliver(db, url)
        assert fake.running("79161234567") == {"101": True, "205": True}

        sub.pay(500_00)
        deliver(db, url)
        assert fake.running("79161234567") == {"101": False, "205": False}

        with db.transaction() as session:  # the contract's own limit beats the tariff's
            session.execute(text("UPDATE service SET device_limit = 5 WHERE id = :s"), {"s": sub.iptv})
            session.execute(text("UPDATE tariff SET tv_packets = '101,310' WHERE kind = 'iptv'"))
        deliver(db, url)
        assert fake.user("79161234567")["max_devices"] == 5  # type: ignore[index]
        assert fake.running("79161234567") == {"101": False, "310": False}


def test_no_phone_is_an_error_and_a_platform_down_keeps_everything(
    db: Database, platform: tuple[FakeTvPlatform, str]
) -> None:
    fake, url = platform
    sub = TvSubscriber(db)
    with db.transaction() as session:
        session.execute(text("UPDATE subscriber SET phone = ''"))
    outcome = deliver(db, url)
    assert outcome.failed == 1 and "no phone" in outcome.last_error
    with db.transaction() as session:
        session.execute(text("UPDATE service SET identifier = '79035550011' WHERE id = :s"), {"s": sub.iptv})
    fake.down = True
    outcome = deliver(db, url)
    assert outcome.unavailable == (TV,) and "503" in outcome.last_error
    fake.down = False
    with db.transaction() as session:
        session.execute(text("UPDATE provisioning SET next_attempt_at = NULL"))
    assert deliver(db, url).delivered == 1
    assert fake.running("79035550011") == {"101": False, "205": False}


def test_a_wrong_token_is_the_platform_unreachable_not_a_subscriber_error(
    db: Database, platform: tuple[FakeTvPlatform, str]
) -> None:
    _fake, url = platform
    TvSubscriber(db)
    outcome = outbox.deliver_due(db, {TV: TvPlatform(url, "stale-token")})
    assert outcome.unavailable == (TV,) and "401" in outcome.last_error


def test_the_sync_report_finds_each_planted_difference_and_apply_ours_fixes_them(
    db: Database, platform: tuple[FakeTvPlatform, str]
) -> None:
    fake, url = platform
    admin = make_staff(db, "netadmin", Role.ADMIN)
    tv = TvPlatform(url, TOKEN)
    with clock.frozen_at(at(0)):
        first = TvSubscriber(db)
        deliver(db, url)
        assert sync.check(db, admin, [tv]).differences == ()

        # Planted on the platform behind our back:
        user = fake.user("79161234567")
        assert user is not None
        user["max_devices"] = 9  # wrong device limit
        for subscription in fake.subscriptions.values():
            if subscription["packet"]["id"] == 205:
                subscription["end"] = "2026-12-01"  # a packet gone: wrong packets
        fake.add_user("79990000001", [101])  # an account we hold no service for
        # A second subscriber of ours: blocked here, active there.
        other = add_service(db, first.contract, "iptv", _tariff_id(db), day(0))
        with db.transaction() as session:
            session.execute(
                text("UPDATE service SET identifier = '79032223344', state = 'blocked' WHERE id = :s"),
                {"s": other},
            )
        fake.add_user("79032223344", [101, 205], max_devices=3)
        with db.transaction() as session:  # as if delivered long ago
            session.execute(text("UPDATE provisioning SET delivered_version = version"))
        # A third: missing there.
        third = add_service(db, first.contract, "iptv", _tariff_id(db), day(0))
        with db.transaction() as session:
            session.execute(text("UPDATE service SET identifier = '79035556677' WHERE id = :s"), {"s": third})
            session.execute(text("UPDATE provisioning SET delivered_version = version"))

        report = sync.check(db, admin, [tv])
        kinds = {(d.kind, d.login) for d in report.differences}
        assert kinds == {
            (sync.WRONG_DEVICES, "79161234567"),
            (sync.WRONG_PACKETS, "79161234567"),
            (sync.EXTRA, "79990000001"),
            (sync.BLOCKED_HERE, "79032223344"),
            (sync.MISSING, "79035556677"),
        }
        with db.reading() as conn:
            event = conn.execute(text("SELECT summary FROM event WHERE kind = 'network_sync_checked'")).all()
        assert len(event) == 2 and "5 differences" in event[-1][0]

        done = sync.apply_ours(db, admin, report.differences, {TV: tv}, {TV: tv})
        assert done.failed == 0
        assert sync.check(db, admin, [tv]).differences == ()
        assert fake.running("79032223344") == {"101": True, "205": True}
        assert fake.running("79990000001") == {}


def _tariff_id(db: Database) -> int:
    with db.reading() as conn:
        return int(conn.execute(text("SELECT id FROM tariff WHERE kind = 'iptv'")).scalar_one())


def test_delivery_and_the_check_from_the_command_line(
    db: Database, platform: tuple[FakeTvPlatform, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.factories import PASSWORD
    from tests.test_cli import run_cli

    fake, url = platform
    TvSubscriber(db)
    login: list[str] = []  # the server's login is who asks
    database = ["--database", db.url.render_as_string(hide_password=False)]
    with db.transaction() as session:
        session.execute(
            text("INSERT INTO setting (key, value, version) VALUES ('tv.url', :u, 1)"), {"u": url}
        )
    no_token = run_cli("provisioning", "run", *database)
    assert no_token.returncode == 1 and "tv.token" in no_token.stderr
    monkeypatch.setenv("SUBSCRIBER_DESK_TV_TOKEN", TOKEN)
    ran = run_cli("provisioning", "run", "--watch", "0.2", "--stop-after", "1", *database)
    assert ran.returncode == 0 and ran.stdout.startswith("1 delivered, 0 failed"), ran.stderr
    if db.is_embedded:
        return  # the check asks for an administrator, and theirs is a second factor: on the server below
    fake.add_user("79990000001", [101])
    checked = run_cli("provisioning", "check", "--apply", *login, *database, stdin=PASSWORD + "\n")
    assert checked.returncode == 1, checked.stderr
    assert '"kind": "extra"' in checked.stdout and '"login": "79990000001"' in checked.stdout
    assert fake.running("79990000001") == {}
    again = run_cli("provisioning", "check", *login, *database, stdin=PASSWORD + "\n")
    assert again.returncode == 0 and '"differences": []' in again.stdout
