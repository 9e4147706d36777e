"""The command line: exit codes, one-line errors, and the same schema on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from app import __version__
from app.cli import main
from app.schema import FREERADIUS_TABLES, MIGRATION_ONLY_TABLE_PREFIXES
from app.services.admin.server_roles import drop_database_roles
from app.services.kernel.settings import business_today
from tests.conftest import pg_admin_url


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"subscriber-desk {__version__}"


def test_unreachable_server_is_one_line_and_exit_1() -> None:
    result = run_cli("db", "upgrade", "--database", "postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unreachable" in result.stderr and "Traceback" not in result.stderr


def test_wrong_usage_is_exit_2() -> None:
    assert run_cli("db", "sideways").returncode == 2


def _schema(url: str) -> dict[str, list[str]]:
    engine = create_engine(url)
    inspector = inspect(engine)
    tables = {
        t: sorted(c["name"] for c in inspector.get_columns(t))
        for t in inspector.get_table_names()
        # SQLite's FTS5 search tables; FreeRADIUS's tables exist on the server only (RADIUS needs one)
        if not t.startswith(MIGRATION_ONLY_TABLE_PREFIXES) and t not in FREERADIUS_TABLES
    }
    engine.dispose()
    return tables


def test_db_upgrade_gives_sqlite_and_postgresql_the_same_schema(tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    admin = make_url(pg_admin_url()).set(drivername="postgresql+psycopg")
    name = f"sdcli_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    pg_url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        for url in (sqlite_url, pg_url):
            result = run_cli("db", "upgrade", "--database", url)
            assert result.returncode == 0, result.stderr
            assert "-> " in result.stdout
            assert run_cli("db", "status", "--database", url).returncode == 0
        sqlite_schema, pg_schema = _schema(sqlite_url), _schema(pg_url)
        assert sqlite_schema == pg_schema
        assert {"payment", "ledger_entry", "event", "staff", "work_order"} <= set(pg_schema)

        result = run_cli(
            "staff",
            "create-admin",
            "--login",
            "chief",
            "--full-name",
            "Главный Админ",
            "--database",
            pg_url,
            stdin="long-enough-pw\n",
        )
        assert result.returncode == 0, result.stderr
        result = run_cli(
            "staff",
            "create-admin",
            "--login",
            "chief2",
            "--full-name",
            "X",
            "--database",
            pg_url,
            stdin="short\n",
        )
        assert result.returncode == 1 and "at least 10 characters" in result.stderr
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
        engine.dispose()


def test_report_payments_as_csv_and_json(pg_db, tmp_path: Path) -> None:
    import uuid as uuid_module

    from app.models import PaymentMethod, Role
    from app.services.cashdesk.payments import post_payment
    from app.services.cashdesk.shifts import open_shift
    from tests.factories import make_contract, make_desk, make_staff

    cashier = make_staff(pg_db, "anna", Role.CASHIER)
    open_shift(pg_db, cashier, make_desk(pg_db), 0)
    contract = make_contract(pg_db, "100001", "Сидоров Пётр")
    post_payment(
        pg_db,
        cashier,
        client_uuid=uuid_module.uuid4(),
        contract_id=contract,
        amount=99_90,
        method=PaymentMethod.CASH,
    )
    url = pg_db.url.render_as_string(hide_password=False)
    today = business_today({}).isoformat()  # the default zone's date, as the report reads it
    result = run_cli(
        "report", "payments", "--from", today, "--to", today, "--format", "json", "--database", url
    )
    assert result.returncode == 0, result.stderr
    assert '"subscriber": "Сидоров Пётр"' in result.stdout and '"amount": 9990' in result.stdout
    target = tmp_path / "payments.csv"
    result = run_cli(
        "report", "payments", "--from", today, "--to", today, "--output", str(target), "--database", url
    )
    assert result.returncode == 0 and "1 rows written" in result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Сидоров Пётр" in target.read_text(encoding="utf-8-sig")
    bad = run_cli("report", "payments", "--from", "2026-13-01", "--to", today, "--database", url)
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_billing_run_from_the_command_line(pg_db) -> None:
    import datetime as dt
    import json

    from tests.factories import add_service, make_contract, make_tariff

    tariff = make_tariff(pg_db, "Интернет", "internet", 310_00)
    add_service(pg_db, make_contract(pg_db, "100001"), "internet", tariff, dt.date(2026, 3, 1))
    url = pg_db.url.render_as_string(hide_password=False)
    result = run_cli("billing", "run", "--date", "2026-03-01", "--json", "--database", url)
    assert result.returncode == 0, result.stderr
    day = json.loads(result.stdout)["days"][0]
    assert (day["business_date"], day["charges"], day["charged_amount"], day["debts_started"]) == (
        "2026-03-01",
        1,
        10_00,
        1,
    )
    again = run_cli("billing", "run", "--date", "2026-03-01", "--database", url)
    assert again.returncode == 0 and again.stdout.startswith("2026-03-01: 0 charges")


def test_report_debtors(pg_db) -> None:
    import datetime as dt
    import json

    from app.services.billing.run import run_day
    from tests.factories import add_service, make_contract, make_tariff

    tariff = make_tariff(pg_db, "Интернет", "internet", 310_00)
    add_service(
        pg_db, make_contract(pg_db, "100001", "Должников Дмитрий"), "internet", tariff, dt.date(2026, 3, 1)
    )
    run_day(pg_db, dt.date(2026, 3, 1))
    url = pg_db.url.render_as_string(hide_password=False)
    result = run_cli("report", "debtors", "--format", "json", "--database", url)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["contract_number"], r["debt"], r["subscriber"]) for r in rows] == [
        ("100001", 10_00, "Должников Дмитрий")
    ]


def test_notifications_send_says_when_nothing_is_configured(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.sqlite3'}"
    assert run_cli("db", "upgrade", "--database", url).returncode == 0
    result = run_cli("notifications", "send", "--database", url)
    assert result.returncode == 1 and "no SMTP server and no SMS gateway" in result.stderr


def test_report_orders(pg_db) -> None:
    import datetime as dt
    import json

    from app.services.billing.run import run_day
    from tests.factories import add_service, make_contract, make_tariff

    tv = make_tariff(pg_db, "КТВ", "catv", 310_00)
    add_service(pg_db, make_contract(pg_db, "100001", "Отключаемый Олег"), "catv", tv, dt.date(2026, 3, 1))
    for day in range(11):
        run_day(pg_db, dt.date(2026, 3, 1) + dt.timedelta(days=day))
    url = pg_db.url.render_as_string(hide_password=False)
    result = run_cli("report", "orders", "--status", "new", "--format", "json", "--database", url)
    assert result.returncode == 0, result.stderr
    orders = json.loads(result.stdout)
    assert [(o["kind"], o["subscriber"], o["debt"]) for o in orders] == [
        ("disconnect_catv", "Отключаемый Олег", 110_00)
    ]
    assert (
        run_cli("report", "orders", "--status", "done", "--format", "csv", "--database", url).stdout.count(
            "\n"
        )
        == 1
    )


def _exports(db) -> list[tuple[int | None, dict]]:
    from sqlalchemy import select

    from app.models import Event
    from app.services.kernel.history import EventKind

    with db.transaction() as session:
        rows = session.execute(
            select(Event.actor_staff_id, Event.details).where(Event.kind == EventKind.PERSONAL_DATA_EXPORTED)
        ).all()
    return [(r.actor_staff_id, r.details) for r in rows]


def test_a_report_from_the_embedded_database_names_its_person_and_is_recorded(sqlite_db) -> None:
    from app.models import Role
    from tests.factories import PASSWORD, make_staff

    anna = make_staff(sqlite_db, "anna", Role.CASHIER)
    url = sqlite_db.url.render_as_string(hide_password=False)
    anonymous = run_cli("report", "debtors", "--database", url)
    assert anonymous.returncode == 1 and "--login" in anonymous.stderr
    wrong = run_cli("report", "debtors", "--login", "anna", "--database", url, stdin="not her password\n")
    assert wrong.returncode == 1
    done = run_cli(
        "report", "debtors", "--login", "anna", "--format", "json", "--database", url, stdin=PASSWORD + "\n"
    )
    assert done.returncode == 0, done.stderr
    assert _exports(sqlite_db) == [
        (
            anna.staff_id,
            {"report": "debtors", "records": 0, "form": "json", "scope": "today", "login": "anna"},
        )
    ]


def test_a_report_from_a_server_is_recorded_under_its_login(pg_db) -> None:
    url = pg_db.url.render_as_string(hide_password=False)
    result = run_cli("report", "orders", "--format", "csv", "--database", url)
    assert result.returncode == 0, result.stderr
    # The URL's login here is a scheduled task's (not a person): the event is «system», named by it.
    ((actor, details),) = _exports(pg_db)
    assert actor is None and details["login"] == pg_db.url.username and details["report"] == "orders"


def test_report_receipt_prints_a_reprint_as_pdf(db, tmp_path: Path) -> None:
    import uuid as uuid_module

    from app.models import PaymentMethod, Role
    from app.services.cashdesk.payments import post_payment
    from app.services.cashdesk.shifts import open_shift
    from tests.factories import PASSWORD, make_contract, make_desk, make_staff

    cashier = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    contract = make_contract(db, "100001", "Сидоров Пётр")
    payment = post_payment(
        db, cashier, client_uuid=uuid_module.uuid4(), contract_id=contract, amount=1234_50,
        method=PaymentMethod.CASH,
    )
    url = db.url.render_as_string(hide_password=False)
    target = tmp_path / "receipt.pdf"
    login = ["--login", "anna"] if db.is_embedded else []
    done = run_cli(
        "report", "receipt", "--payment", str(payment.payment_id), "--output", str(target), *login,
        "--database", url, stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    pdf_text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True)
    words = " ".join(pdf_text.stdout.split()).lower()
    assert "сидоров пётр" in words and "дубликат" in words and "одна тысяча двести тридцать четыре" in words
    missing = run_cli(
        "report", "receipt", "--payment", "999999", "--output", str(tmp_path / "no.pdf"), *login,
        "--database", url, stdin=PASSWORD + "\n",
    )
    assert missing.returncode == 1 and not (tmp_path / "no.pdf").exists()


def test_schedule_prints_the_office_tasks_without_the_password() -> None:
    url = "postgresql://billing_scheduler:s3cret@db-server/billing"
    cron = run_cli("schedule", "--format", "cron", "--database", url)
    assert cron.returncode == 0, cron.stderr
    lines = [line for line in cron.stdout.splitlines() if line and not line.startswith("#")]
    assert len(lines) == 7 and all("billing_scheduler@db-server/billing" in line for line in lines)
    assert any(line.startswith("30 1 * * * ") and "billing run" in line for line in lines)
    assert any("notifications send" in line for line in lines) and "s3cret" not in cron.stdout
    assert any(line.startswith("* * * * * ") and "provisioning run --watch" in line for line in lines)
    windows = run_cli("schedule", "--format", "windows", "--database", url)
    assert windows.stdout.count("schtasks /create") == 7 and "s3cret" not in windows.stdout


def test_notifications_telegram_poll_links_the_chat(tmp_path: Path, bot_api, monkeypatch) -> None:
    from app.db import Database
    from app.models import Role
    from app.services.kernel.settings import TransportKey, write_settings
    from app.services.notifications.telegram import issue_link_code, telegram_link
    from tests.factories import make_contract, make_staff

    url = f"sqlite:///{tmp_path / 't.sqlite3'}"
    assert run_cli("db", "upgrade", "--database", url).returncode == 0
    db = Database(url)
    with db.transaction() as session:
        write_settings(
            session, {TransportKey.TELEGRAM_ENABLED: "yes", TransportKey.TELEGRAM_API_URL: bot_api.url}
        )
    contract_id = make_contract(db, "100001")
    desk = make_staff(db, "desk", Role.FRONT_DESK)
    code = issue_link_code(db, desk, contract_id)
    bot_api.write(4242, f"/start {code.code}")

    monkeypatch.delenv("SUBSCRIBER_DESK_TELEGRAM_TOKEN", raising=False)
    result = run_cli("notifications", "telegram-poll", "--database", url)
    assert result.returncode == 1 and "no bot token" in result.stderr

    monkeypatch.setenv("SUBSCRIBER_DESK_TELEGRAM_TOKEN", bot_api.token)
    result = run_cli("notifications", "telegram-poll", "--database", url)
    assert result.returncode == 0, result.stderr
    assert "1 chats linked" in result.stdout
    assert telegram_link(db, desk, contract_id).linked_at is not None
    assert bot_api.replies_to(4242)[0].startswith("Готово")
    db.dispose()
