"""Moving in from an old billing: the dry run reports every dirty row with its file, line and field;
the import writes one batch whose balances are ledger sums from day one and whose debt state comes
along; the rollback undoes it all while nothing has touched it, and refuses once something has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from app import clock
from app.adapters.legacy_csv import read_legacy_export
from app.db import Database
from app.demo.legacy_export import append_rows, write_legacy_export
from app.errors import PermissionDenied
from app.models import Role
from app.services.admin.legacy_import import LegacyRefused, check_legacy_export, import_legacy_export
from app.services.admin.legacy_plan import ERROR, FIXED, MISSING
from app.services.admin.legacy_rollback import ImportTouched, rollback_legacy_import
from app.services.billing.run import run_day
from app.services.kernel.permissions import Actor
from tests.factories import make_contract, make_staff, make_tariff
from tests.services.cashdesk.test_payments import ledger_matches_balances

NOON = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 6)


def q(db: Database, sql: str, **params: object) -> object:
    with db.reading() as conn:
        return conn.execute(text(sql), params).scalar()


@pytest.fixture
def office(db: Database, tmp_path: Path):
    """Our tariffs, one building on ул. Ленина (from an existing contract), an administrator, and a clean
    export of 60 subscribers on a clock at noon of TODAY."""
    with clock.frozen_at(NOON):
        make_tariff(db, "Интернет 100", "internet", 500_00)
        make_tariff(db, "КТВ Базовый", "catv", 200_00)
        make_contract(db, "100001", street="ул. Ленина", house="1")
        admin = make_staff(db, "boss", Role.ADMIN)
        folder = write_legacy_export(
            tmp_path / "export",
            60,
            streets=("ул. Ленина", "Ленина проспект"),
            mapping={"streets": {"Ленина проспект": "ул. Ленина"}},
        )
        yield db, admin, folder


def findings(plan) -> list[tuple[str, int, str, str]]:
    return [(f.file, f.line, f.column, f.severity) for f in plan.findings]


def test_a_clean_export_moves_in_with_its_balances_and_debts(office) -> None:
    db, admin, folder = office
    # a debtor whose cable TV the old billing had put on the disconnect queue
    append_rows(folder / "services.csv", [["L0000026", "catv", "КТВ Базовый", "disconnect_pending", "", ""]])
    with clock.frozen_at(NOON):
        export = read_legacy_export(folder)
        plan = check_legacy_export(db, admin, export)
        assert plan.count(ERROR) == 0 and len(plan.contracts) == 60
        # the mapping put «Ленина проспект» on ул. Ленина; its houses 2..20 are new to us
        assert plan.count(MISSING) > 0 and {f.column for f in plan.findings if f.severity == MISSING} == {
            "house"
        }
        with pytest.raises(LegacyRefused):
            import_legacy_export(db, admin, export)
        done = import_legacy_export(db, admin, export, create_missing=True)
    assert (done.subscribers, done.contracts, done.payments) == (60, 60, 60)
    assert ledger_matches_balances(db)
    assert q(db, "SELECT balance FROM contract WHERE number = 'L0000013'") < 0  # type: ignore[operator]
    assert q(db, "SELECT debt_since FROM contract WHERE number = 'L0000013'") is not None
    assert (
        q(
            db,
            "SELECT state FROM service s JOIN contract c ON c.id = s.contract_id "
            "WHERE c.number = 'L0000013' AND s.kind = 'internet'",
        )
        == "blocked"
    )
    total = q(db, "SELECT sum(balance) FROM contract WHERE number LIKE 'L%'")
    assert total == done.opening_total
    phone = q(
        db,
        "SELECT s.phone FROM subscriber s JOIN contract c ON c.subscriber_id = s.id "
        "WHERE c.number = 'L0000001'",
    )
    assert phone == "79000000001"  # «+7 (900) 000-00-01» as we store phones
    assert q(db, "SELECT count(*) FROM payment WHERE external_ref LIKE 'P%'") == 60
    # cable TV cut off stays cut off; one waiting to be cut is on the dispatcher's queue, due today
    assert (
        q(db, "SELECT count(*) FROM service WHERE kind = 'catv' AND state = 'disconnected'") == 1
    )  # L0000039
    order = "SELECT c.number FROM work_order o JOIN contract c ON c.id = o.contract_id "
    assert q(db, order + "WHERE o.kind = 'disconnect_catv' AND o.status = 'new'") == "L0000026"
    assert str(q(db, "SELECT due_on FROM work_order")) == TODAY.isoformat()


def test_dirty_rows_are_reported_line_by_line_and_nothing_is_written(office) -> None:
    db, admin, folder = office
    append_rows(
        folder / "subscribers.csv",
        [
            ["900", "Ивaнов Иван Иванович", "person", "8 916 123 45 67", "", "", "", ""],  # Latin «a»
            ["901", "Петров Пётр", "person", "12345", "", "", "", ""],  # not a phone
            ["902", "Сидоров Сидор", "alien", "", "", "", "", ""],  # no such kind
            ["903", "Смирнова Анна", "person", "", "", "anna-at-mail", "", "-100,00"],  # e-mail; balance off
        ],
    )
    append_rows(
        folder / "contracts.csv",
        [
            [
                "L0000001",
                "900",
                "01.02.2020",
                "Тверь",
                "ул. Ленина",
                "1",
                "",
                "5",
                "active",
                "0",
                "",
                "",
                "",
            ],  # again
            [
                "L9000002",
                "901",
                "01.02.2020",
                "Тверь",
                "Несуществующая",
                "7",
                "",
                "1",
                "active",
                "0",
                "",
                "",
                "",
            ],
            ["L9000003", "999", "01.02.2020", "Тверь", "ул. Ленина", "1", "", "6", "active", "0", "", "", ""],
            [
                "L9000004",
                "903",
                "31.02.2020",
                "Тверь",
                "ул. Ленина",
                "1",
                "",
                "7",
                "active",
                "-50,00",
                "",
                "",
                "",
            ],
            ["100001", "903", "01.02.2020", "Тверь", "ул. Ленина", "1", "", "8", "active", "0", "", "", ""],
        ],
    )
    append_rows(folder / "services.csv", [["L0000002", "internet", "Безлимит 9000", "active", "", ""]])
    with clock.frozen_at(NOON):
        plan = check_legacy_export(db, admin, read_legacy_export(folder))
    got = findings(plan)
    assert ("subscribers.csv", 62, "full_name", FIXED) in got
    assert ("subscribers.csv", 63, "phone", ERROR) in got
    assert ("subscribers.csv", 64, "kind", ERROR) in got
    assert ("subscribers.csv", 65, "email", ERROR) in got
    assert ("contracts.csv", 62, "number", ERROR) in got  # L0000001 twice
    assert ("contracts.csv", 63, "street", MISSING) in got
    assert ("contracts.csv", 64, "subscriber_id", ERROR) in got
    assert ("contracts.csv", 65, "", ERROR) in got  # 31 February
    assert ("contracts.csv", 66, "number", ERROR) in got  # 100001 is ours already
    assert any(f[0] == "services.csv" and f[2] == "tariff" and f[3] == ERROR for f in got)
    fixed = next(f for f in plan.findings if f.severity == FIXED)
    assert "«Ивaнов Иван Иванович» → «Иванов Иван Иванович»" in fixed.problem.english()
    with clock.frozen_at(NOON), pytest.raises(LegacyRefused) as refused:
        import_legacy_export(db, admin, read_legacy_export(folder), create_missing=True)
    assert "Rows with errors" in refused.value.english()
    assert q(db, "SELECT count(*) FROM contract") == 1 and q(db, "SELECT count(*) FROM legacy_import") == 0


def test_balances_that_do_not_add_up_are_an_error(office) -> None:
    db, admin, folder = office
    lines = (folder / "subscribers.csv").read_text(encoding="cp1251").splitlines()
    lines[1] = (
        lines[1].rsplit(";", 1)[0] + ";1,00"
    )  # the old billing says 1 ruble; its contract says otherwise
    (folder / "subscribers.csv").write_text("\n".join(lines) + "\n", encoding="cp1251")
    with clock.frozen_at(NOON):
        plan = check_legacy_export(db, admin, read_legacy_export(folder))
    [finding] = [f for f in plan.findings if f.column == "balance"]
    assert (finding.line, finding.severity) == (2, ERROR) and "does not add up" in finding.problem.english()


def test_on_a_server_only_the_tables_owner_rolls_back(office) -> None:
    """The embedded file is its own owner: its administrator may; on a server an administrator may not."""
    db, admin, folder = office
    with clock.frozen_at(NOON):
        done = import_legacy_export(db, admin, read_legacy_export(folder), create_missing=True)
        if db.is_embedded:
            assert rollback_legacy_import(db, admin, done.batch_id).contracts == 60
            return
        with pytest.raises(PermissionDenied) as refused:
            rollback_legacy_import(db, admin, done.batch_id)
    assert "tables' owner" in refused.value.english()
    assert q(db, "SELECT count(*) FROM contract") == 61


def test_the_rollback_undoes_everything_until_something_touches_it(office, owner_db: Database) -> None:
    """Run as the tables' owner (on a server the only one who may switch the ledger's guard off)."""
    db, admin, folder = office
    owner = Actor(staff_id=0, login="owner", full_name="owner", roles=frozenset({Role.ADMIN}))
    with clock.frozen_at(NOON):
        before = {
            t: q(db, f"SELECT count(*) FROM {t}")
            for t in ("subscriber", "contract", "premises", "building", "ledger_entry")
        }
        done = import_legacy_export(db, admin, read_legacy_export(folder), create_missing=True)
        rolled = rollback_legacy_import(owner_db, owner, done.batch_id)
        assert rolled.contracts == 60
        after = {t: q(db, f"SELECT count(*) FROM {t}") for t in before}
        assert after == before
        assert ledger_matches_balances(db)
        # the same export can come in again, and once the billing has charged it, it stays
        again = import_legacy_export(db, admin, read_legacy_export(folder), create_missing=True)
        run_day(db, TODAY)
        with pytest.raises(ImportTouched):
            rollback_legacy_import(owner_db, owner, again.batch_id)
    assert q(db, "SELECT count(*) FROM contract") == 61


def test_only_an_administrator_moves_subscribers_in(office) -> None:
    db, _admin, folder = office
    cashier = make_staff(db, "kassa", Role.CASHIER)
    with pytest.raises(PermissionDenied):
        check_legacy_export(db, cashier, read_legacy_export(folder))
