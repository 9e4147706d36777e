"""Internet access through a real FreeRADIUS reading the test's PostgreSQL database: what the billing run
and the cash desk do reaches radcheck/radreply/radusergroup through the outbox, FreeRADIUS answers
Access-Requests accordingly, and the NAS of an open session hears CoA or Disconnect-Request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app import clock
from app.adapters.radius_coa import CoaSender
from app.adapters.radius_sql import RadiusPolicy, RadiusSql, nas_list
from app.db import Database
from app.models import Role
from app.services.admin.server_roles import add_radius_login
from app.services.admin.staff import scram_verifier
from app.services.billing.run import run_day
from app.services.kernel.permissions import Actor
from app.services.provisioning import outbox, sync
from app.services.provisioning.ports import PAYMENT_PAGE, RADIUS, THROTTLE, NeedsSharedServer
from tests.adapters.freeradius import FakeNas, FreeRadius
from tests.factories import make_staff
from tests.services.billing.test_debt_policy import Subscriber, at, day

NAS_SECRET = "nas-secret-1"
RADIUS_PASSWORD = "radius-pass-1"


@pytest.fixture(scope="module")
def radius_url(pg_owner_url: str) -> str:
    """FreeRADIUS's own server login, as `db add-radius` makes it: its tables only."""
    owner = Database(pg_owner_url)
    login = f"{owner.url.database}.freeradius"
    with owner.transaction() as session:
        verifier = scram_verifier(session, login, RADIUS_PASSWORD)
    add_radius_login(owner, login, verifier)
    owner.dispose()
    return owner.url.set(username=login, password=RADIUS_PASSWORD).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def freeradius(tmp_path_factory: pytest.TempPathFactory, radius_url: str) -> Iterator[FreeRadius]:
    server = FreeRadius(tmp_path_factory.mktemp("freeradius"), radius_url)
    yield server
    server.stop()


@pytest.fixture
def nas(pg_db: Database) -> Iterator[FakeNas]:
    fake = FakeNas(NAS_SECRET)
    with pg_db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO nas (nasname, shortname, type, ports, secret, description) "
                "VALUES ('127.0.0.1', 'bng-1', 'mikrotik', :port, '-', 'test NAS')"
            ),
            {"port": fake.port},
        )
    yield fake
    fake.stop()


def radius(db: Database, policy: RadiusPolicy | None = None) -> RadiusSql:
    coa = CoaSender(nas_list(db), lambda nas: NAS_SECRET if nas.shortname == "bng-1" else None, timeout=1)
    return RadiusSql(db, policy or RadiusPolicy(), coa)


def with_login(db: Database, service: int, login: str = "ivanov", password: str = "Kp9-tr4") -> None:
    with db.transaction() as session:
        session.execute(
            text("UPDATE service SET identifier = :l, password = :p WHERE id = :s"),
            {"l": login, "p": password, "s": service},
        )
        session.execute(
            text("UPDATE tariff SET speed_kbps = 100000, upload_kbps = 50000 WHERE kind = 'internet'")
        )


def open_session(db: Database, login: str = "ivanov") -> None:
    """A session row as the NAS's accounting start writes it."""
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO radacct (acctsessionid, acctuniqueid, username, nasipaddress, acctstarttime, "
                "framedipaddress) VALUES ('81a00001', :u, :l, '127.0.0.1', now(), '100.64.0.10')"
            ),
            {"u": f"unique-{login}", "l": login},
        )


def deliver(db: Database, policy: RadiusPolicy | None = None) -> outbox.Delivery:
    return outbox.deliver_due(db, {RADIUS: radius(db, policy)})


def block_by_debt(db: Database, moment: clock.FrozenClock) -> None:
    for n in range(16):  # the story's subscriber paid for 15 days
        moment.set(at(n))
        run_day(db, day(n))


def test_accept_with_the_tariffs_rate_reject_after_the_run_blocks_accept_after_a_payment(
    pg_db: Database, freeradius: FreeRadius
) -> None:
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(pg_db)
        with_login(pg_db, sub.internet)
        assert deliver(pg_db).delivered == 1
        answer, attributes = freeradius.authenticate("ivanov", "Kp9-tr4")
        assert answer == "Access-Accept"
        assert attributes["Mikrotik-Rate-Limit"] == "50000k/100000k"
        assert attributes["WISPr-Bandwidth-Max-Down"] == "100000000"
        assert freeradius.authenticate("ivanov", "wrong")[0] == "Access-Reject"

        block_by_debt(pg_db, moment)
        assert sub.state(sub.internet) == "blocked"
        deliver(pg_db)
        assert freeradius.authenticate("ivanov", "Kp9-tr4")[0] == "Access-Reject"

        sub.pay(500_00)
        assert deliver(pg_db).delivered == 1
        assert freeradius.authenticate("ivanov", "Kp9-tr4")[0] == "Access-Accept"


def test_a_debtor_goes_to_the_payment_page_group_or_is_throttled_as_the_company_chose(
    pg_db: Database, freeradius: FreeRadius
) -> None:
    with pg_db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO radgroupreply (groupname, attribute, op, value) "
                "VALUES ('payment-page', 'Mikrotik-Address-List', ':=', 'debtors')"
            )
        )
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(pg_db)
        with_login(pg_db, sub.internet)
        block_by_debt(pg_db, moment)
        deliver(pg_db, RadiusPolicy(debt_action=PAYMENT_PAGE))
        answer, attributes = freeradius.authenticate("ivanov", "Kp9-tr4")
        assert answer == "Access-Accept" and attributes["Mikrotik-Address-List"] == "debtors"
        assert "Mikrotik-Rate-Limit" not in attributes

        outbox.deliver_again(pg_db, sub_admin(pg_db), [sub.internet])
        deliver(pg_db, RadiusPolicy(debt_action=THROTTLE, throttle_kbps=512))
        answer, attributes = freeradius.authenticate("ivanov", "Kp9-tr4")
        assert answer == "Access-Accept" and attributes["Mikrotik-Rate-Limit"] == "512k/512k"
        assert "Mikrotik-Address-List" not in attributes


def sub_admin(db: Database) -> Actor:
    return make_staff(db, "netadmin", Role.ADMIN)


def test_the_nas_of_an_open_session_hears_disconnect_on_block_and_coa_on_a_new_rate(
    pg_db: Database, nas: FakeNas
) -> None:
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(pg_db)
        with_login(pg_db, sub.internet)
        deliver(pg_db)
        open_session(pg_db)

        with pg_db.transaction() as session:  # the tariff gets faster: the open session's rate changes now
            session.execute(text("UPDATE tariff SET speed_kbps = 200000 WHERE kind = 'internet'"))
        assert deliver(pg_db).delivered == 1
        kind, attributes = nas.received[-1]
        assert kind == "coa"
        assert attributes["User-Name"] == ["ivanov"] and attributes["Acct-Session-Id"] == ["81a00001"]
        assert attributes["Mikrotik-Rate-Limit"] == ["50000k/200000k"]
        assert attributes["Framed-IP-Address"] == ["100.64.0.10"]

        block_by_debt(pg_db, moment)
        deliver(pg_db)
        kind, attributes = nas.received[-1]
        assert kind == "disconnect" and attributes["User-Name"] == ["ivanov"]


def test_a_nas_that_refuses_or_is_silent_is_a_failure_retried_later(pg_db: Database, nas: FakeNas) -> None:
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(pg_db)
        with_login(pg_db, sub.internet)
        deliver(pg_db)
        open_session(pg_db)
        nas.refuse = True
        block_by_debt(pg_db, moment)
        outcome = deliver(pg_db)
        assert outcome.failed == 1 and "refused" in outcome.last_error
        nas.refuse, nas.silent = False, True
        moment.advance(minutes=1)
        assert "no answer" in deliver(pg_db).last_error
        nas.silent = False
        moment.advance(minutes=1)
        assert deliver(pg_db).delivered == 1
        assert [k for k, _a in nas.received].count("disconnect") >= 3


def test_a_renamed_login_loses_its_old_rows_and_a_closed_service_its_account(pg_db: Database) -> None:
    sub = Subscriber(pg_db)
    with_login(pg_db, sub.internet, "old-login")
    deliver(pg_db)
    with_login(pg_db, sub.internet, "new-login")
    deliver(pg_db)
    held = radius(pg_db).held()
    assert "old-login" not in held and held["new-login"].access == "active"
    with pg_db.transaction() as session:
        session.execute(text("UPDATE service SET state = 'closed' WHERE id = :s"), {"s": sub.internet})
    deliver(pg_db)
    assert radius(pg_db).held() == {}


def test_missing_login_or_password_is_a_delivery_error_not_a_silent_skip(pg_db: Database) -> None:
    sub = Subscriber(pg_db)
    outcome = deliver(pg_db)
    assert outcome.failed == 1 and outcome.last_error == "no login on the card"
    with_login(pg_db, sub.internet, "ivanov", "")
    with pg_db.transaction() as session:
        session.execute(text("UPDATE provisioning SET next_attempt_at = NULL"))
    assert deliver(pg_db).last_error == "no password on the card"


def test_radius_refuses_the_embedded_database(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    with pytest.raises(NeedsSharedServer, match="PostgreSQL"):
        RadiusSql(db, RadiusPolicy())


def test_provisioning_from_the_command_line(db: Database) -> None:
    from tests.factories import PASSWORD
    from tests.test_cli import run_cli

    url = db.url.render_as_string(hide_password=False)
    sub = Subscriber(db)
    make_staff(db, "netadmin", Role.ADMIN)
    login = ["--login", "netadmin"] if db.is_embedded else []
    off = run_cli("provisioning", "run", "--database", url)
    assert off.returncode == 1 and "Administration → Network" in off.stderr
    with db.transaction() as session:
        session.execute(text("INSERT INTO setting (key, value, version) VALUES ('radius.enabled', 'yes', 1)"))
    ran = run_cli("provisioning", "run", "--database", url)
    if db.is_embedded:
        assert ran.returncode == 1 and "PostgreSQL" in ran.stderr
        return
    assert ran.returncode == 1 and "0 delivered, 1 failed" in ran.stdout  # no login on the card yet
    status = run_cli("provisioning", "status", *login, "--database", url, stdin=PASSWORD + "\n")
    assert status.returncode == 1 and '"error": "no login on the card"' in status.stdout
    assert run_cli("provisioning", "retry", *login, "--database", url).stdout.startswith("1 made due now")
    with_login(db, sub.internet)  # the fix on the card is a change: due at once, without a retry
    ran = run_cli("provisioning", "run", "--database", url)
    assert ran.returncode == 0 and ran.stdout.startswith("1 delivered, 0 failed"), ran.stderr
    assert radius(db).held()["ivanov"].down_kbps == 100000


def test_the_sync_report_finds_what_radius_holds_wrongly_and_apply_ours_fixes_it(
    pg_db: Database, nas: FakeNas
) -> None:
    admin = make_staff(pg_db, "netadmin", Role.ADMIN)
    with clock.frozen_at(at(0)) as moment:
        sub = Subscriber(pg_db)
        with_login(pg_db, sub.internet)
        deliver(pg_db)
        target = radius(pg_db)
        assert sync.check(pg_db, admin, [target]).differences == ()
        with pg_db.transaction() as session:  # planted in RADIUS behind our back
            session.execute(text("UPDATE radreply SET value = '1k/1k' WHERE attribute LIKE 'Mikrotik%'"))
            session.execute(
                text(
                    "INSERT INTO radcheck (username, attribute, op, value) "
                    "VALUES ('ghost', 'Cleartext-Password', ':=', 'x')"
                )
            )
        block_by_debt(pg_db, moment)  # blocked here, and not yet delivered: RADIUS still accepts
        open_session(pg_db)
        report = sync.check(pg_db, admin, [target])
        assert {(d.kind, d.login) for d in report.differences} == {
            (sync.BLOCKED_HERE, "ivanov"),
            (sync.EXTRA, "ghost"),
        }
        sync.apply_ours(pg_db, admin, report.differences, {RADIUS: target}, {RADIUS: target})
        assert nas.received[-1][0] == "disconnect"
        after = sync.check(pg_db, admin, [target])
        # RADIUS rejects now; the session stays open until the NAS's accounting stops it
        assert {(d.kind, d.login) for d in after.differences} == {(sync.OPEN_SESSION, "ivanov")}
        with pg_db.transaction() as session:
            session.execute(text("UPDATE radacct SET acctstoptime = now()"))
        assert sync.check(pg_db, admin, [target]).differences == ()


def test_freeradius_login_reads_its_tables_and_nothing_of_ours(
    pg_db: Database, pg_owner_db: Database, radius_url: str
) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ProgrammingError

    from app.services.admin.server_check import check_server

    # `db check` does not take FreeRADIUS's login for a shared login holding a person's jobs
    assert not [f for f in check_server(pg_owner_db) if "freeradius" in f.text]

    engine = create_engine(radius_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT count(*) FROM radcheck")).scalar()
            conn.execute(
                text(
                    "INSERT INTO radacct (acctsessionid, acctuniqueid, username, nasipaddress) "
                    "VALUES ('s', 'u', 'x', '127.0.0.1')"
                )
            )
        forbidden_statements = (
            "SELECT count(*) FROM subscriber",
            "DELETE FROM radcheck",
            "UPDATE nas SET secret = 'x'",
        )
        for forbidden in forbidden_statements:
            with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as conn:
                conn.execute(text(forbidden))
    finally:
        engine.dispose()


def test_the_sync_report_tells_each_kind_of_difference_radius_can_have(pg_db: Database) -> None:
    admin = make_staff(pg_db, "netadmin", Role.ADMIN)
    sub = Subscriber(pg_db)
    with_login(pg_db, sub.internet)
    deliver(pg_db)
    target = radius(pg_db)

    def kinds() -> set[str]:
        return {d.kind for d in sync.check(pg_db, admin, [target]).differences}

    def plant(*statements: str) -> None:
        with pg_db.transaction() as session:
            for statement in statements:
                session.execute(text(statement))

    plant("UPDATE radreply SET value = '1k/1k' WHERE attribute = 'Mikrotik-Rate-Limit'")
    assert kinds() == {sync.WRONG_RATE}
    plant(
        "INSERT INTO radcheck (username, attribute, op, value) VALUES ('ivanov', 'Auth-Type', ':=', 'Reject')"
    )
    assert kinds() == {sync.ACTIVE_HERE}
    plant("DELETE FROM radcheck", "DELETE FROM radreply")
    assert kinds() == {sync.MISSING}
    outbox.deliver_again(pg_db, admin)
    deliver(pg_db)
    assert kinds() == set()
    with pg_db.transaction() as session:
        session.execute(text("UPDATE service SET state = 'blocked' WHERE id = :s"), {"s": sub.internet})
    deliver(pg_db)  # rejected, as the default policy says
    target.policy = RadiusPolicy(debt_action=PAYMENT_PAGE)  # the company changed its mind since
    assert kinds() == {sync.WRONG_ACCESS}
