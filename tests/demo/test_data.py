"""Demo data: the generated database keeps the money, receipt and debt-policy rules a user relies on."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.db import Database
from app.demo.data import DEMO_LOGINS, DEMO_PASSWORD, DemoSummary, Stage, generate_demo_data
from app.errors import ValidationError
from app.models import Role
from app.money import format_money
from app.schema import upgrade
from app.services.admin.auth import authenticator_for
from app.services.admin.places import building_search_text
from app.services.admin.requisites import account_is_valid, corr_account_is_valid, inn_is_valid
from app.services.kernel.history import EVENT_TEMPLATES, EventKind, record_event
from app.services.kernel.settings import Key
from app.services.kernel.text import search_key

TODAY = dt.date(2026, 3, 14)
SUBSCRIBERS = 200


@pytest.fixture
def demo_db(owner_db: Database) -> Database:
    """Demo data is loaded by the database's owner: it drops and rebuilds keys and indexes for speed."""
    return owner_db


@pytest.fixture
def demo(demo_db: Database) -> DemoSummary:
    return generate_demo_data(demo_db, subscribers=SUBSCRIBERS, seed=7, today=TODAY)


def rows(demo_db: Database, sql: str) -> list[Any]:
    with demo_db.reading() as conn:
        return list(conn.execute(text(sql)))


def test_summary_counts_what_is_in_the_database(demo_db: Database, demo: DemoSummary) -> None:
    ((subscribers, contracts, services, entries, payments, orders),) = rows(
        demo_db,
        "SELECT (SELECT count(*) FROM subscriber), (SELECT count(*) FROM contract), "
        "(SELECT count(*) FROM service), (SELECT count(*) FROM ledger_entry), "
        "(SELECT count(*) FROM payment), (SELECT count(*) FROM work_order)",
    )
    assert (subscribers, contracts) == (SUBSCRIBERS, SUBSCRIBERS)
    assert (services, entries, payments, orders) == (
        demo.services,
        demo.ledger_entries,
        demo.payments,
        demo.work_orders,
    )
    assert services > SUBSCRIBERS  # half of the subscribers have Internet and TV
    assert entries > 10 * SUBSCRIBERS  # a year of monthly charges and the payments for them


def test_a_served_demo_is_vacuumed_so_index_only_scans_skip_its_tables(
    pg_db: Database, pg_owner_url: str
) -> None:
    # SQLite has no visibility map: its covering indexes never read the table.
    (started,) = rows(pg_db, "SELECT clock_timestamp()")[0]
    owner = Database(pg_owner_url)
    seen: list[str] = []
    try:
        summary = generate_demo_data(
            owner, subscribers=SUBSCRIBERS, seed=7, today=TODAY, progress=lambda stage, *_: seen.append(stage)
        )
    finally:
        owner.dispose()
    # The vacuum is a stage of its own, the last: the progress shown does not stand still at the end.
    assert list(dict.fromkeys(seen))[-2:] == [Stage.INDEXES, Stage.VACUUM]
    assert summary.stages[-1].name == Stage.VACUUM
    assert summary.seconds >= sum(stage.seconds for stage in summary.stages)
    vacuumed = rows(
        pg_db,
        "SELECT relname, last_vacuum FROM pg_stat_user_tables "
        "WHERE relname IN ('payment', 'residence', 'contract') ORDER BY relname",
    )
    assert [name for name, at in vacuumed if at is not None and at >= started] == [
        "contract",
        "payment",
        "residence",
    ]


def test_every_balance_is_the_sum_of_its_ledger(demo_db: Database, demo: DemoSummary) -> None:
    wrong = rows(
        demo_db,
        "SELECT c.number FROM contract c LEFT JOIN (SELECT contract_id, sum(amount) AS total "
        "FROM ledger_entry GROUP BY contract_id) l ON l.contract_id = c.id "
        "WHERE c.balance <> COALESCE(l.total, 0)",
    )
    assert wrong == []
    # The payment rows and their ledger entries agree too.
    mismatched = rows(
        demo_db,
        "SELECT p.id FROM payment p JOIN ledger_entry l ON l.id = p.ledger_entry_id "
        "WHERE l.amount <> p.amount OR l.kind <> 'payment' OR l.contract_id <> p.contract_id "
        "OR l.business_date <> p.business_date",
    )
    assert mismatched == []


def test_charges_are_the_price_on_the_first_of_the_month(demo_db: Database, demo: DemoSummary) -> None:
    charges = rows(
        demo_db,
        "SELECT l.amount, l.charge_period, "
        "(SELECT tp.monthly_fee FROM tariff_price tp WHERE tp.tariff_id = s.tariff_id "
        " AND tp.effective_from <= l.charge_period ORDER BY tp.effective_from DESC LIMIT 1) "
        "FROM ledger_entry l JOIN service s ON s.id = l.service_id WHERE l.kind = 'charge'",
    )
    assert charges
    assert all(amount == -fee for amount, _, fee in charges)
    periods = {str(period) for _, period, _ in charges}
    assert len(periods) == 12 and all(p.endswith("-01") for p in periods)
    # The price raise half a year ago shows in the charges of one and the same service.
    raised = rows(
        demo_db,
        "SELECT count(*) FROM (SELECT service_id FROM ledger_entry WHERE kind = 'charge' GROUP BY service_id "
        "HAVING count(DISTINCT amount) > 1) r",
    )
    assert raised[0][0] > 0


def test_receipts_run_from_one_without_gaps_on_every_desk(demo_db: Database, demo: DemoSummary) -> None:
    desks = rows(demo_db, "SELECT cash_desk_id, last_number FROM receipt_counter ORDER BY cash_desk_id")
    assert len(desks) >= 2
    for desk_id, last_number in desks:
        numbers = [
            r[0]
            for r in rows(
                demo_db,
                f"SELECT receipt_number FROM payment WHERE cash_desk_id = {desk_id} ORDER BY posted_at, id",
            )
        ]
        assert numbers == list(range(1, len(numbers) + 1))  # consecutive, and in the order taken
        assert last_number == len(numbers) > 0
    # Bank registry payments carry no receipt; desk payments belong to a shift of their desk.
    assert rows(
        demo_db, "SELECT count(*) FROM payment WHERE method = 'bank_registry' AND receipt_number IS NOT NULL"
    ) == [(0,)]
    assert rows(
        demo_db,
        "SELECT count(*) FROM payment p JOIN shift s ON s.id = p.shift_id "
        "WHERE s.cash_desk_id <> p.cash_desk_id OR p.posted_at NOT BETWEEN s.opened_at AND s.closed_at",
    ) == [(0,)]


def test_contract_numbers_are_unique_and_phones_russian(demo_db: Database, demo: DemoSummary) -> None:
    numbers = [r[0] for r in rows(demo_db, "SELECT number FROM contract")]
    assert len(numbers) == len(set(numbers)) == SUBSCRIBERS
    assert all(n.isdigit() for n in numbers)
    phones = [
        r[0] for r in rows(demo_db, "SELECT phone FROM subscriber UNION ALL SELECT phone2 FROM subscriber")
    ]
    assert all(re.fullmatch(r"7\d{10}", p) for p in phones if p)


def test_search_columns_are_what_the_domain_layer_writes(demo_db: Database, demo: DemoSummary) -> None:
    subscribers = rows(demo_db, "SELECT full_name, search_name FROM subscriber")
    assert all(search == search_key(name) for name, search in subscribers)
    buildings = rows(
        demo_db,
        "SELECT b.city, b.street, b.house, b.block, d.name, b.tap_label, b.search_text "
        "FROM building b JOIN district d ON d.id = b.district_id",
    )
    assert buildings and all(b[6] == building_search_text(*b[:6]) for b in buildings)
    assert any(b[3] == "к1" for b in buildings) or len(buildings) < 20
    # the search's name-at-an-address index, filled by the databases' triggers during the bulk load
    residences = rows(
        demo_db,
        "SELECT c.id, p.building_id, s.search_name FROM contract c JOIN premises p ON p.id = c.premises_id "
        "JOIN subscriber s ON s.id = c.subscriber_id ORDER BY c.id",
    )
    assert residences and residences == rows(
        demo_db, "SELECT contract_id, building_id, search_name FROM residence ORDER BY contract_id"
    )


def test_company_details_pass_the_requisites_checks(demo_db: Database, demo: DemoSummary) -> None:
    settings = dict(rows(demo_db, "SELECT key, value FROM setting"))
    assert settings[Key.COMPANY_NAME] == "ООО «Городские сети»"
    assert inn_is_valid(settings[Key.COMPANY_INN])
    assert account_is_valid(settings[Key.BANK_ACCOUNT], settings[Key.BANK_BIC])
    assert corr_account_is_valid(settings[Key.BANK_CORR_ACCOUNT], settings[Key.BANK_BIC])
    inns = [r[0] for r in rows(demo_db, "SELECT inn FROM subscriber WHERE kind = 'company'")]
    assert inns and all(inn_is_valid(inn) for inn in inns)


def test_debtors_are_blocked_and_their_tv_is_queued_for_disconnection(
    demo_db: Database, demo: DemoSummary
) -> None:
    debtors = rows(
        demo_db, "SELECT id, balance, credit_limit, debt_since FROM contract WHERE debt_since IS NOT NULL"
    )
    assert 0 < len(debtors) < SUBSCRIBERS // 5
    assert all(balance < -limit for _, balance, limit, _ in debtors)
    assert rows(
        demo_db, "SELECT count(*) FROM contract WHERE debt_since IS NULL AND balance < -credit_limit"
    ) == [(0,)]
    blocked = rows(
        demo_db,
        "SELECT c.debt_since IS NOT NULL, s.state FROM service s JOIN contract c ON c.id = s.contract_id "
        "WHERE s.kind IN ('internet', 'iptv')",
    )
    assert {state for in_debt, state in blocked if in_debt} == {"blocked"}
    assert {state for in_debt, state in blocked if not in_debt} == {"active"}

    pending = rows(
        demo_db,
        "SELECT s.id, w.status, w.building_id, w.premises_id, w.contract_id, w.due_on, w.installer_id "
        "FROM service s JOIN work_order w ON w.service_id = s.id "
        "WHERE s.state = 'disconnect_pending' AND w.kind = 'disconnect_catv'",
    )
    assert pending and all(status in ("new", "assigned") for _, status, *_ in pending)
    assert all(None not in (b, p, c, due) for _, _, b, p, c, due, _ in pending)
    assert all((installer is None) == (status == "new") for _, status, *_, installer in pending)
    assert len({service for service, *_ in pending}) == len(pending)  # one open order per service
    assert rows(demo_db, "SELECT count(*) FROM service WHERE state = 'disconnect_pending'") == [
        (len(pending),)
    ]
    done = rows(
        demo_db,
        "SELECT count(*) FROM service s JOIN work_order w ON w.service_id = s.id "
        "WHERE s.state = 'disconnected' AND w.status = 'done' AND w.closed_at IS NOT NULL",
    )
    assert done[0][0] == rows(demo_db, "SELECT count(*) FROM service WHERE state = 'disconnected'")[0][0] > 0
    # Debts younger than the grace period leave the TV alone.
    assert rows(
        demo_db,
        "SELECT count(*) FROM service s JOIN contract c ON c.id = s.contract_id WHERE s.kind = 'catv' "
        f"AND s.state <> 'active' AND c.debt_since > '{TODAY - dt.timedelta(days=10)}'",
    ) == [(0,)]


def test_history_has_signing_and_payment_events(demo_db: Database, demo: DemoSummary) -> None:
    signed = rows(demo_db, "SELECT count(*) FROM event WHERE kind = 'contract_signed'")
    assert signed == [(SUBSCRIBERS,)]
    events = rows(
        demo_db,
        "SELECT e.summary, p.amount, p.receipt_number FROM event e JOIN payment p "
        "ON p.contract_id = e.contract_id AND p.posted_at = e.occurred_at WHERE e.kind = 'payment_posted'",
    )
    assert events
    template = EVENT_TEMPLATES[EventKind.PAYMENT_POSTED]
    assert all(s == template.format(amount=format_money(a), receipt=r) for s, a, r in events)


def test_demo_logins_sign_in_with_their_roles(demo_db: Database, demo: DemoSummary) -> None:
    authenticator = authenticator_for(demo_db)
    for login, role in DEMO_LOGINS.items():
        actor = authenticator.authenticate(login, DEMO_PASSWORD)
        assert Role(role) in actor.roles
    assert Role.ADMIN in authenticator.authenticate("admin", "demo").roles


def test_a_second_run_is_refused_and_changes_nothing(demo_db: Database, demo: DemoSummary) -> None:
    with pytest.raises(ValidationError):
        generate_demo_data(demo_db, subscribers=10, today=TODAY)
    assert rows(demo_db, "SELECT count(*) FROM subscriber") == [(SUBSCRIBERS,)]


def test_later_inserts_continue_after_the_demo_ids(demo_db: Database, demo: DemoSummary) -> None:
    ((last_event,),) = rows(demo_db, "SELECT max(id) FROM event")
    with demo_db.transaction() as session:
        event = record_event(session, actor=None, kind=EventKind.LOGIN, login="admin")
        session.flush()
        assert event.id == last_event + 1


def test_a_cancelled_build_leaves_nothing_behind(demo_db: Database) -> None:
    class Cancelled(Exception):
        pass

    def cancel(stage: str, done: int, total: int) -> None:
        if stage == Stage.SUBSCRIBERS and done > 0:
            raise Cancelled

    with pytest.raises(Cancelled):
        generate_demo_data(demo_db, subscribers=50, today=TODAY, progress=cancel)
    assert rows(demo_db, "SELECT (SELECT count(*) FROM subscriber) + (SELECT count(*) FROM staff)") == [(0,)]
    generate_demo_data(demo_db, subscribers=50, today=TODAY)  # the database is as new, keys and all
    assert rows(demo_db, "SELECT count(*) FROM contract") == [(50,)]


def _schema_objects(demo_db: Database) -> set[tuple[str, str]]:
    return {
        (name, definition)
        for name, definition in rows(
            demo_db,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = 'public'::regnamespace "
            "UNION ALL SELECT tgname, tgenabled::text FROM pg_trigger WHERE NOT tgisinternal "
            # an index column's own statistics target (migration 0027: the phones' digits)
            "UNION ALL SELECT a.attrelid::regclass::text || '.' || a.attnum, a.attstattarget::text "
            "FROM pg_attribute a JOIN pg_index i ON i.indexrelid = a.attrelid "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = 'public'::regnamespace AND a.attstattarget >= 0",
        )
    }


def test_postgresql_gets_back_every_index_key_and_trigger(pg_owner_db: Database) -> None:
    """The bulk load drops indexes and keys and pauses change notifications: all must come back."""
    before = _schema_objects(pg_owner_db)
    assert any(name.endswith("_notify") for name, _ in before)  # the triggers the load pauses
    assert ("ix_subscriber_phones_trgm.1", "1000") in before  # a statistics target the load keeps
    generate_demo_data(pg_owner_db, subscribers=50, today=TODAY)
    assert _schema_objects(pg_owner_db) == before


def test_progress_is_reported_by_stage(demo_db: Database) -> None:
    seen: list[tuple[str, int, int]] = []
    generate_demo_data(demo_db, subscribers=30, today=TODAY, progress=lambda *report: seen.append(report))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages[:3] == [Stage.REFERENCE, Stage.PLACES, Stage.SUBSCRIBERS]
    assert (Stage.SUBSCRIBERS, 30, 30) in seen


def _digest(path: Path, seed: int) -> str:
    demo_db = Database(f"sqlite:///{path}")
    upgrade(demo_db)
    generate_demo_data(demo_db, subscribers=50, seed=seed, today=TODAY)
    digest = hashlib.sha256()
    for table in ("subscriber", "contract", "service", "ledger_entry", "payment", "work_order"):
        for row in rows(demo_db, f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(tuple(row)).encode())
    demo_db.dispose()
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    assert _digest(tmp_path / "a.sqlite3", 3) == _digest(tmp_path / "b.sqlite3", 3)
    assert _digest(tmp_path / "c.sqlite3", 3) != _digest(tmp_path / "d.sqlite3", 4)


def test_a_database_with_real_staff_gets_no_demo_logins(demo_db: Database) -> None:
    """A real administrator exists: no «admin / demo» next to them, and nothing else either."""
    from app.services.admin.staff import create_admin_from_console

    create_admin_from_console(demo_db, login="chief", full_name="Главный Админ", password="chief-of-the-desk")
    with pytest.raises(ValidationError) as caught:
        generate_demo_data(demo_db, subscribers=10, today=TODAY)
    assert "already has staff" in str(caught.value)
    assert rows(demo_db, "SELECT login FROM staff") == [("chief",)]
    assert rows(demo_db, "SELECT count(*) FROM subscriber") == [(0,)]
