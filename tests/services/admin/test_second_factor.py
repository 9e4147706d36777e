"""The second factor (TOTP) on both databases, and on a server the server's own check: a session
with only an administrator's password cannot use an administrator's rights, not even from psql."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import psycopg
import pytest
from sqlalchemy import func, make_url, select, text

from app.db import Database
from app.errors import PermissionDenied, SecondFactorRefused
from app.models import Event, Role, StaffSecondFactor
from app.services.admin import staff as staff_service
from app.services.admin.auth import (
    EmbeddedAuthenticator,
    SecondFactorStep,
    authenticator_for,
    reset_second_factor,
)
from app.services.admin.second_factor import (
    Enrolment,
    hotp,
    protected_roles,
    provisioning_uri,
    secret_text,
    totp,
)
from app.services.admin.server_roles import staff_login_role
from app.services.kernel.history import EVENT_TEMPLATES, EventKind
from app.services.kernel.settings import Key, write_settings
from tests.factories import PASSWORD, SECOND_FACTOR_SECRETS, make_staff, sign_in

RFC_SECRET = b"12345678901234567890"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(
    ("unix", "code"),
    # RFC 6238, appendix B (SHA-1): the eight-digit codes' last six digits.
    [
        (59, "287082"),
        (1111111109, "081804"),
        (1111111111, "050471"),
        (1234567890, "005924"),
        (2000000000, "279037"),
    ],
)
def test_codes_are_rfc_6238(unix: int, code: str) -> None:
    assert totp(RFC_SECRET, dt.datetime.fromtimestamp(unix, dt.UTC)) == code


def test_rfc_4226_vectors_and_the_enrolment_address() -> None:
    assert [hotp(RFC_SECRET, c) for c in range(3)] == ["755224", "287082", "359152"]
    assert secret_text(RFC_SECRET) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    uri = provisioning_uri(RFC_SECRET, "boss", "Сети")
    assert uri.startswith(
        "otpauth://totp/Subscriber%20Desk%20%D0%A1%D0%B5%D1%82%D0%B8%3Aboss?secret=GEZDGNBV"
    )
    assert "&algorithm=SHA1&digits=6&period=30" in uri
    assert protected_roles("admin,cashier,nobody") == {Role.ADMIN, Role.CASHIER}
    assert protected_roles("") == frozenset()


def test_the_server_computes_the_same_codes(pg_owner_db: Database) -> None:
    secrets = [RFC_SECRET, bytes(range(20)), b"\xff" * 32]
    with pg_owner_db.reading() as conn:
        for secret in secrets:
            for step in (0, 1, 37037036, 56666666, 2**33 + 5):
                assert conn.scalar(text("SELECT totp_code(:s, :n)"), {"s": secret, "n": step}) == hotp(
                    secret, step
                )


def _events(db: Database, kind: str) -> list[Event]:
    with db.transaction() as session:
        return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_an_administrator_enrols_then_signs_in_with_codes(db: Database) -> None:
    boss = make_staff(db, "boss", Role.ADMIN)  # on a server: enrolled by the factory
    if not db.is_embedded:
        reset_second_factor(db, boss, boss.staff_id)
    auth = authenticator_for(db)
    first = auth.authenticate("boss", PASSWORD)
    assert auth.second_factor is SecondFactorStep.ENROL
    assert Role.ADMIN not in first.roles  # nothing of an administrator's before the factor
    enrolment = Enrolment.new("boss")
    with pytest.raises(SecondFactorRefused):
        auth.enrol_second_factor(
            enrolment, "000000" if totp(enrolment.secret, now()) != "000000" else "111111"
        )
    actor, codes = auth.enrol_second_factor(enrolment, totp(enrolment.secret, now()))
    assert Role.ADMIN in actor.roles and auth.second_factor is None
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 11 and c[5] == "-" for c in codes)
    staff_service.list_staff(db, actor)  # an administrator's work

    # The next sign-in asks for the code: a wrong one, then the right one, which is good only once.
    auth = authenticator_for(db)
    assert Role.ADMIN not in auth.authenticate("boss", PASSWORD).roles
    assert auth.second_factor is SecondFactorStep.CODE
    with pytest.raises(SecondFactorRefused):
        auth.confirm_second_factor("12345")
    code = totp(enrolment.secret, now() + dt.timedelta(seconds=30))
    assert Role.ADMIN in auth.confirm_second_factor(code).roles
    auth = authenticator_for(db)
    auth.authenticate("boss", PASSWORD)
    with pytest.raises(SecondFactorRefused):
        auth.confirm_second_factor(code)  # replayed
    # A recovery code, typed with spaces and in capitals, works once.
    assert Role.ADMIN in auth.confirm_second_factor(" " + codes[0].upper() + " ").roles
    auth = authenticator_for(db)
    auth.authenticate("boss", PASSWORD)
    with pytest.raises(SecondFactorRefused):
        auth.confirm_second_factor(codes[0])

    assert [e.details for e in _events(db, EventKind.SECOND_FACTOR_ENROLLED)][-1] == {"login": "boss"}
    refused = _events(db, EventKind.SECOND_FACTOR_REFUSED)
    assert len(refused) == 3 and all(e.actor_staff_id == boss.staff_id for e in refused)
    (recovered,) = _events(db, EventKind.RECOVERY_CODE_USED)
    assert recovered.details == {"login": "boss", "codes_left": True}
    for event in (*refused, recovered):
        # The server's functions write the same summaries the program does.
        assert event.summary == EVENT_TEMPLATES[event.kind].format(**(event.details or {}))


def test_wrong_codes_make_the_next_check_wait(sqlite_db: Database) -> None:
    db = sqlite_db
    make_staff(db, "boss", Role.ADMIN)
    moment = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    auth = EmbeddedAuthenticator(db, now=moment)
    auth.authenticate("boss", PASSWORD)
    enrolment = Enrolment.new("boss")
    auth.enrol_second_factor(enrolment, totp(enrolment.secret, moment))
    later = moment + dt.timedelta(minutes=5)
    auth = EmbeddedAuthenticator(db, now=later)
    auth.authenticate("boss", PASSWORD)
    for _ in range(3):
        with pytest.raises(SecondFactorRefused):
            auth.confirm_second_factor("000001")
    # The third wrong code makes the next check wait a second: the right code is refused unchecked…
    with pytest.raises(SecondFactorRefused):
        auth.confirm_second_factor(totp(enrolment.secret, later))
    # …and taken after the pause.
    after = EmbeddedAuthenticator(db, now=later + dt.timedelta(seconds=2))
    after.authenticate("boss", PASSWORD)
    assert Role.ADMIN in after.confirm_second_factor(totp(enrolment.secret, later)).roles
    waiting = [e.details for e in _events(db, EventKind.SECOND_FACTOR_REFUSED)]
    assert waiting == [{"login": "boss"}] * 3 + [{"login": "boss", "waiting": True}]


def test_the_roles_that_need_it_are_the_administrators_setting(db: Database) -> None:
    boss = make_staff(db, "boss", Role.ADMIN)
    make_staff(db, "olga", Role.CASHIER)
    auth = authenticator_for(db)
    assert Role.CASHIER in auth.authenticate("olga", PASSWORD).roles and auth.second_factor is None
    with db.transaction(boss) as session:
        write_settings(session, {Key.SECOND_FACTOR_ROLES: "admin,cashier"})
    auth = authenticator_for(db)
    assert auth.authenticate("olga", PASSWORD).roles == frozenset()
    assert auth.second_factor is SecondFactorStep.ENROL
    assert Role.CASHIER in sign_in(authenticator_for(db), "olga").roles


def test_an_administrator_resets_a_lost_factor(db: Database) -> None:
    boss = make_staff(db, "boss", Role.ADMIN)
    chief = make_staff(db, "chief", Role.ADMIN)
    sign_in(authenticator_for(db), "chief")  # enrolled
    cashier = make_staff(db, "olga", Role.CASHIER)
    with pytest.raises(PermissionDenied):
        reset_second_factor(db, cashier, chief.staff_id)
    reset_second_factor(db, boss, chief.staff_id)
    auth = authenticator_for(db)
    auth.authenticate("chief", PASSWORD)
    assert auth.second_factor is SecondFactorStep.ENROL
    (event,) = _events(db, EventKind.SECOND_FACTOR_RESET)
    assert (event.actor_staff_id, event.details) == (boss.staff_id, {"login": "chief"})


# ---- The server checks it ----------------------------------------------------------------------------


def _psql(db: Database, login: str) -> psycopg.Connection:
    """A psql-like session of `login` with their password (the test server trusts loopback), outside
    the program: autocommit, as psql runs."""
    url = make_url(db.url)
    return psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=staff_login_role(str(url.database), login),
        password=PASSWORD,
        autocommit=True,
    )


ADMIN_ONLY = [
    "UPDATE setting SET value = '' WHERE key = 'session.second_factor_roles'",
    "INSERT INTO setting (key, value, version) VALUES ('company.kpp', '123456789', 1)",
    "INSERT INTO tariff (name, kind, charging_mode, valid_from, version) "
    "VALUES ('free', 'internet', 'daily', current_date, 1)",
    "UPDATE cash_desk SET name = 'x'",
    "SELECT set_staff_account_roles({olga}, ARRAY['admin'], NULL)",
    "SELECT set_staff_account_active({olga}, false, NULL)",
    "SELECT reset_second_factor({boss})",
    "SELECT * FROM read_personal_data(1, {boss}, 'look', 'look')",
    "SELECT secret FROM staff_second_factor",
    "SELECT code_hash FROM staff_recovery_code",
    "SELECT key FROM second_factor_key",
    "SELECT token_hash FROM second_factor_token",
]


def test_an_administrators_password_alone_opens_no_administrators_rights(pg_db: Database) -> None:
    db = pg_db
    make_staff(db, "boss", Role.ADMIN)
    olga = make_staff(db, "olga", Role.CASHIER)
    with db.transaction() as session:
        write_settings(session, {Key.COMPANY_NAME: "Сети"})
        boss_id = session.scalar(text("SELECT id FROM staff WHERE login = 'boss'"))
    with _psql(db, "boss") as conn:
        state = conn.execute("SELECT required, enrolled, passed FROM second_factor_state()").fetchone()
        assert state == (True, True, False)
        assert conn.execute("SELECT roles FROM current_staff()").fetchone() == ([],)
        for statement in ADMIN_ONLY:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.format(olga=olga.staff_id, boss=boss_id))
        # A forged proof is refused.
        conn.execute("SELECT set_config('subscriber_desk.second_factor', repeat('0', 64), false)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(ADMIN_ONLY[0])

    secret = SECOND_FACTOR_SECRETS["boss"]
    with _psql(db, "boss") as conn, _psql(db, "boss") as other:
        code = totp(secret, now() + dt.timedelta(seconds=30))
        token = conn.execute("SELECT confirm_second_factor(%s)", (code,)).fetchone()[0]
        assert token
        proof = conn.execute("SELECT current_setting('subscriber_desk.second_factor')").fetchone()[0]
        conn.execute(ADMIN_ONLY[1])  # now an administrator's write goes through
        assert conn.execute("SELECT roles FROM current_staff()").fetchone() == (["admin"],)
        other.execute("SELECT set_config('subscriber_desk.second_factor', %s, false)", (proof,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            other.execute(ADMIN_ONLY[0])  # a proof is good for its own session only
        assert other.execute("SELECT resume_second_factor(%s)", ("not the token",)).fetchone() == (False,)
        assert other.execute("SELECT resume_second_factor(%s)", (token,)).fetchone() == (True,)
        other.execute(ADMIN_ONLY[3])  # the sign-in's token lets its other connections in
    with _psql(db, "olga") as cashier:  # another person's token proves nothing for her
        assert cashier.execute("SELECT resume_second_factor(%s)", (token,)).fetchone() == (False,)


def test_guesses_are_counted_even_when_rolled_back(pg_db: Database, pg_owner_db: Database) -> None:
    boss = make_staff(pg_db, "boss", Role.ADMIN)
    with _psql(pg_db, "boss") as conn:
        assert conn.execute("SELECT confirm_second_factor('000000')").fetchone() == (None,)
        for guess in ("000001", "000002"):  # guesses whose traces an attacker rolls back
            conn.execute("BEGIN")
            assert conn.execute("SELECT confirm_second_factor(%s)", (guess,)).fetchone() == (None,)
            conn.execute("ROLLBACK")
        with pg_owner_db.reading() as owner:
            tries = owner.scalar(text(f"SELECT last_value FROM second_factor_tries_{boss.staff_id}"))
        assert tries == 3  # all three counted
        # The fourth try waits a second before it is checked (the server's clock, not the test's).
        right = totp(SECOND_FACTOR_SECRETS["boss"], now() + dt.timedelta(seconds=30))
        started = time.monotonic()
        assert conn.execute("SELECT confirm_second_factor(%s)", (right,)).fetchone()[0]
        assert time.monotonic() - started >= 1.0
    with pg_owner_db.transaction() as session:
        assert session.scalars(select(StaffSecondFactor.failures)).one() == 0
        refused = session.scalar(
            select(func.count()).select_from(Event).where(Event.kind == EventKind.SECOND_FACTOR_REFUSED)
        )
        assert refused == 1  # the history keeps what was committed; the count above keeps the rest
        stored = session.scalar(text("SELECT token_hash FROM second_factor_token"))
        assert len(stored) == len(hashlib.sha256().hexdigest())  # only a hash of the token is kept
