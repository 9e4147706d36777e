"""Watched registry folders: a settled file is imported and moved to done/ with its report, a file that
cannot be posted to failed/ with every bad line listed, a file still being written is left alone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import text

from app import clock
from app.adapters.registry_folder import DONE, FAILED, import_watched_folders
from app.db import Database
from app.demo.registries import RegistryPayment, sberbank_registry
from app.models import Role
from app.services.cashdesk.payment_agents import SBERBANK, save_agent
from tests.factories import make_contract, make_staff

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 12, 5)


def drop(folder: Path, name: str, data: bytes, age_seconds: int = 3600) -> Path:
    path = folder / name
    path.write_bytes(data)
    moment = (NOW - dt.timedelta(seconds=age_seconds)).timestamp()
    os.utime(path, (moment, moment))
    return path


def test_files_in_a_watched_folder_are_imported_and_moved_with_a_report(db: Database, tmp_path: Path) -> None:
    inbox = tmp_path / "sber"
    inbox.mkdir()
    with clock.frozen_at(NOW):
        admin = make_staff(db, "admin", Role.ADMIN)
        make_contract(db, "100001")
        save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK, watch_folder=str(inbox))
        good = sberbank_registry([RegistryPayment("1", "100001", 500_00, DAY)])
        bad = sberbank_registry([RegistryPayment("2", "100001", 500_00, DAY)], total_amount=600_00)
        unknown = sberbank_registry([RegistryPayment("3", "777777", 100_00, DAY)])
        drop(inbox, "a_good.txt", good)
        drop(inbox, "b_bad.txt", bad)
        drop(inbox, "c_unknown.txt", unknown)
        drop(inbox, "d_copying.txt", good, age_seconds=5)  # the bank client is still writing it
        results = import_watched_folders(db, admin)
        outcomes = {r.file_name: r.outcome for r in results}
        assert outcomes == {"a_good.txt": DONE, "b_bad.txt": FAILED, "c_unknown.txt": FAILED}
        assert sorted(p.name for p in inbox.iterdir()) == ["d_copying.txt", "done", "failed"]
        assert "1 payments" in (inbox / DONE / "a_good.txt.report.txt").read_text(encoding="utf-8")
        bad_report = (inbox / FAILED / "b_bad.txt.report.txt").read_text(encoding="utf-8")
        assert "600,00" in bad_report and "500,00" in bad_report
        unknown_report = (inbox / FAILED / "c_unknown.txt.report.txt").read_text(encoding="utf-8")
        assert "line 1: unknown_contract: There is no contract 777777." in unknown_report

        # the same file again (a second delivery) posts nothing and does not overwrite the first
        drop(inbox, "a_good.txt", good)
        drop(inbox, "d_copying.txt", good)  # now settled: the same operation, imported before
        again = {r.file_name: (r.outcome, r.summary) for r in import_watched_folders(db, admin)}
    assert again["a_good.txt"][0] == DONE and "nothing new" in again["a_good.txt"][1]
    assert again["d_copying.txt"][0] == DONE
    kept = sorted(p.name for p in (inbox / DONE).glob("a_good*") if not p.name.endswith(".report.txt"))
    assert kept == ["a_good.20261206-090000.txt", "a_good.txt"]
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*), sum(amount) FROM payment")).one() == (1, 500_00)


def test_a_watched_folder_that_is_gone_is_reported(db: Database, tmp_path: Path) -> None:
    with clock.frozen_at(NOW):
        admin = make_staff(db, "admin", Role.ADMIN)
        save_agent(
            db, admin, code="post", name="Почта", file_format=SBERBANK, watch_folder=str(tmp_path / "x")
        )
        [result] = import_watched_folders(db, admin)
    assert result.outcome == "missing folder"


def test_the_scheduled_task_imports_on_its_own_server_login(
    pg_db: Database, pg_owner_db: Database, tmp_path: Path
) -> None:
    """On a server the watched folders are imported on the scheduler's login («system»): the server
    lets that job write the batch, its payments and the debt policy's changes, named as the system."""
    import uuid

    from sqlalchemy import make_url

    from app.services.admin.server_roles import add_scheduler_login
    from app.services.admin.staff import scram_verifier
    from app.services.kernel.permissions import Actor
    from tests.factories import PASSWORD

    inbox = tmp_path / "sber"
    inbox.mkdir()
    scheduler = f"night-{uuid.uuid4().hex[:6]}.{pg_db.url.database}"
    with pg_owner_db.transaction() as session:
        verifier = scram_verifier(session, scheduler, PASSWORD)
    add_scheduler_login(pg_owner_db, scheduler, verifier)
    night = Database(make_url(pg_db.url).set(username=scheduler, password=PASSWORD))
    try:
        with clock.frozen_at(NOW):
            admin = make_staff(pg_db, "admin", Role.ADMIN)
            make_contract(pg_db, "100001")
            save_agent(
                pg_db, admin, code="sber", name="Сбербанк", file_format=SBERBANK, watch_folder=str(inbox)
            )
            drop(inbox, "r.txt", sberbank_registry([RegistryPayment("1", "100001", 500_00, DAY)]))
            task = Actor(staff_id=0, login=scheduler, full_name=scheduler, roles=frozenset({Role.ADMIN}))
            [result] = import_watched_folders(night, task)
        assert result.outcome == DONE, result.summary
        with pg_db.reading() as conn:
            row = conn.execute(
                text(
                    "SELECT p.staff_id, b.staff_id FROM payment p "
                    "JOIN registry_batch b ON b.id = p.registry_batch_id"
                )
            ).one()
            assert tuple(row) == (None, None)
            assert conn.execute(text("SELECT balance FROM contract")).scalar() == 500_00
    finally:
        night.dispose()
        with pg_owner_db.transaction() as session:
            session.execute(text(f'DROP ROLE IF EXISTS "{scheduler}"'))
