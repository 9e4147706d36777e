"""`subscriber-desk import …` from a console: an agent set up, a registry judged (dry run, a report of
every line), posted, imported again for nothing and listed — exit codes a scheduler reads. Cancelling
a batch needs a person (tests/services/cashdesk/test_registries.py cancels as one)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import text

from app.demo.registries import RegistryPayment, sberbank_registry
from app.services.kernel.settings import business_today
from tests.factories import make_contract
from tests.test_cli import run_cli


def test_a_registry_from_the_command_line(pg_db, tmp_path: Path) -> None:
    make_contract(pg_db, "100001")
    url = pg_db.url.render_as_string(hide_password=False)
    yesterday = business_today({}) - dt.timedelta(days=1)
    registry = tmp_path / "sber_1205.txt"
    lines = [
        RegistryPayment("900001", "100001", 750_00, yesterday),
        RegistryPayment("900002", "555", 1_00, yesterday),
    ]
    registry.write_bytes(sberbank_registry(lines))

    added = run_cli(
        "import", "agent", "sber", "--name", "Сбербанк", "--format", "sberbank", "--database", url
    )
    assert added.returncode == 0, added.stderr
    assert "Сбербанк" in run_cli("import", "agents", "--database", url).stdout

    report = tmp_path / "verdicts.csv"
    dry = run_cli(
        "import",
        "payments",
        str(registry),
        "--agent",
        "sber",
        "--dry-run",
        "--report",
        str(report),
        "--database",
        url,
    )
    assert dry.returncode == 1 and "contracts we do not have" in dry.stderr
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["line"], r["verdict"]) for r in rows] == [("1", "new"), ("2", "unknown_contract")]

    refused = run_cli("import", "payments", str(registry), "--agent", "sber", "--database", url)
    assert refused.returncode == 1
    posted = run_cli(
        "import", "payments", str(registry), "--agent", "sber", "--leave-unknown-aside", "--database", url
    )
    assert posted.returncode == 0, posted.stderr
    assert "1 payments" in posted.stderr and "750,00" in posted.stderr
    again = run_cli(
        "import", "payments", str(registry), "--agent", "sber", "--leave-unknown-aside", "--database", url
    )
    assert again.returncode == 0 and "nothing new" in again.stderr

    listed = run_cli("import", "batches", "--database", url)
    batch_id = listed.stdout.split("\t")[0]
    refused_task = run_cli("import", "cancel", batch_id, "--reason", "дважды", "--database", url)
    assert refused_task.returncode == 1 and "cancelled by a person" in refused_task.stderr
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT balance FROM contract")).scalar() == 750_00
    unknown_agent = run_cli("import", "payments", str(registry), "--agent", "nope", "--database", url)
    assert unknown_agent.returncode == 1 and "no payment agent" in unknown_agent.stderr


def test_moving_in_from_the_command_line(pg_db, pg_owner_url: str, tmp_path: Path) -> None:
    from app.demo.legacy_export import write_legacy_export
    from tests.factories import make_tariff

    make_tariff(pg_db, "Интернет 100", "internet", 500_00)
    make_tariff(pg_db, "КТВ Базовый", "catv", 200_00)
    folder = write_legacy_export(tmp_path / "export", 30, today=business_today({}))
    url = pg_db.url.render_as_string(hide_password=False)
    report = tmp_path / "findings.csv"

    dry = run_cli("import", "legacy", str(folder), "--dry-run", "--report", str(report), "--database", url)
    assert dry.returncode == 1 and "Streets or buildings we do not have" in dry.stderr
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    assert {r["severity"] for r in rows} == {"missing"} and rows[0]["file"] == "contracts.csv"

    done = run_cli("import", "legacy", str(folder), "--create-missing", "--database", url)
    assert done.returncode == 0, done.stderr
    assert "30 subscribers, 30 contracts" in done.stderr
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM contract")).scalar() == 30

    refused = run_cli("import", "legacy-rollback", "1", "--database", url)
    assert refused.returncode == 1 and "tables' owner" in refused.stderr
    rolled = run_cli("import", "legacy-rollback", "1", "--database", pg_owner_url)
    assert rolled.returncode == 0, rolled.stderr
    with pg_db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM contract")).scalar() == 0
