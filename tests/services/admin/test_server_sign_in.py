"""Signing in on a shared server *is* signing in to PostgreSQL as the person (SCRAM-SHA-256): the
server checks the password, the person's roles are the job roles the server grants, the password never
reaches the server (or its log) in clear. (Deactivating a person or taking a role away while they are
signed in: test_sessions.py, on this server too.) Runs on a private server that really checks
passwords."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database, without_login
from app.errors import AuthenticationFailed
from app.models import Event, Role
from app.services.admin import staff as staff_service
from app.services.admin.auth import ServerAuthenticator
from tests.factories import make_staff


@pytest.fixture
def server_db(password_server_db: Database) -> Database:
    return password_server_db


def test_the_right_password_signs_in_with_the_roles_the_server_grants(server_db: Database) -> None:
    admin = make_staff(server_db, "boss", Role.ADMIN)
    staff_service.add_staff(
        server_db,
        admin,
        login="olga",
        full_name="Ольга Смирнова",
        password="olga-kassa-2026-x",
        roles=[Role.CASHIER],
    )
    office_pc = Database(
        without_login(server_db.url.render_as_string(hide_password=False))
    )
    try:
        actor = ServerAuthenticator(office_pc, default=True).authenticate(" Olga ", "olga-kassa-2026-x")
        assert (actor.login, actor.full_name, actor.roles) == (
            "olga",
            "Ольга Смирнова",
            frozenset({Role.CASHIER}),
        )
        with office_pc.reading() as conn:  # the window's own work runs as the person too
            assert conn.exec_driver_sql("SELECT session_user").scalar() == "olga@sdauth"
    finally:
        office_pc.dispose()
    with server_db.reading() as conn:
        login = conn.execute(select(Event.actor_staff_id).where(Event.kind == "login")).scalars().all()
    assert login == [actor.staff_id]


@pytest.mark.parametrize(
    ("login", "password"), [("olga", "wrong-password"), ("nobody", "olga-kassa-2026-x"), ("olga", "")]
)
def test_a_wrong_password_or_unknown_login_is_refused_by_the_server(
    server_db: Database, login: str, password: str
) -> None:
    make_staff(server_db, "olga", Role.CASHIER, password="olga-kassa-2026-x")
    with pytest.raises(AuthenticationFailed) as caught:
        ServerAuthenticator(server_db).authenticate(login, password)
    assert str(caught.value) == str(AuthenticationFailed())


def test_the_password_never_reaches_the_server_in_clear(
    server_db: Database, password_server_url: str
) -> None:
    secret = "Клён-" + uuid.uuid4().hex[:12]
    admin = make_staff(server_db, "boss", Role.ADMIN)
    row = staff_service.add_staff(
        server_db, admin, login="olga", full_name="Ольга", password=secret, roles=[Role.CASHIER]
    )
    staff_service.reset_password(server_db, admin, row.id, secret + "-2")
    assert ServerAuthenticator(server_db).authenticate("olga", secret + "-2").login == "olga"
    with server_db.reading() as conn:
        log_file = Path(conn.exec_driver_sql("SELECT current_setting('data_directory')").scalar_one()).parent
    text = (log_file / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "create_staff_account" in text and "SCRAM-SHA-256$" in text  # the log has every statement…
    assert secret not in text  # …but never the password


def test_refused_sign_ins_reach_the_history_from_their_pc_and_the_person_is_told(
    server_db: Database, tmp_path: Path
) -> None:
    """Nobody can write to the history when the server refuses a password: the PC remembers the
    failures (a file), waits before sending more, and reports them at the next sign-in on it."""
    import datetime as dt

    from app.adapters.failed_sign_ins import FailedSignIns

    make_staff(server_db, "olga", Role.CASHIER, password="olga-kassa-2026-x")
    make_staff(server_db, "anna", Role.CASHIER, password="anna-kassa-2026-x")
    memory = FailedSignIns(tmp_path)
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)

    def at_pc7(seconds: float) -> ServerAuthenticator:
        return ServerAuthenticator(
            server_db, memory=memory, workstation="PC-7", now=moment + dt.timedelta(seconds=seconds)
        )

    for login, password in (("Right-pass-1", "x"), ("olga", "guess-1"), ("olga", "guess-2")):
        with pytest.raises(AuthenticationFailed):
            at_pc7(0).authenticate(login, password)
    assert len(memory.all()) == 3 and "Right-pass" not in memory.path.read_text(encoding="utf-8")
    with pytest.raises(AuthenticationFailed):  # the third in a row: this PC waits a second, unchecked
        at_pc7(0.5).authenticate("anna", "anna-kassa-2026-x")
    assert len(memory.all()) == 3

    anna = at_pc7(2)
    assert anna.authenticate("anna", "anna-kassa-2026-x").login == "anna"
    assert anna.notice is None and memory.all() == []  # reported, and not about anna
    with server_db.reading() as conn:
        failed = conn.execute(
            select(Event.summary, Event.details).where(Event.kind == "login_failed").order_by(Event.id)
        ).all()
    assert [(s, d["workstation"]) for s, d in failed] == [
        ("Failed sign-in as R…1 (12)", "PC-7"),
        ("Failed sign-in as olga", "PC-7"),
        ("Failed sign-in as olga", "PC-7"),
    ]

    olga = ServerAuthenticator(server_db, workstation="PC-9")
    olga.authenticate("olga", "olga-kassa-2026-x")
    assert olga.notice is not None and (olga.notice.count, olga.notice.last_from) == (2, "PC-7")
    again = ServerAuthenticator(server_db, workstation="PC-9")
    again.authenticate("olga", "olga-kassa-2026-x")
    assert again.notice is None  # told once: nothing failed since
