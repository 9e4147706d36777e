"""Bank and agent registries: every line judged, the file posted as one batch once, the debt policy
run for it as for a desk payment, and the whole batch cancelled exactly."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from app import clock
from app.adapters.registry_formats import read_registry
from app.db import Database
from app.demo.registries import RegistryPayment, random_registry, sberbank_registry
from app.errors import PermissionDenied
from app.models import Role
from app.services.billing.run import run_day
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.payment_agents import SBERBANK, agent_by_code, save_agent
from app.services.cashdesk.registries import (
    RegistryRefused,
    Verdict,
    post_registry,
    preview_registry,
)
from app.services.cashdesk.registry_batches import BatchAlreadyCancelled, cancel_batch, list_batches
from app.services.cashdesk.registry_lines import RegistryFile
from tests.factories import make_contract, make_staff
from tests.services.billing.test_debt_policy import at, day, debtor_story
from tests.services.cashdesk.test_payments import ledger_matches_balances

TODAY = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def q(db: Database, sql: str, **params: object) -> object:
    with db.reading() as conn:
        return conn.execute(text(sql), params).scalar()


def balance(db: Database, number: str) -> int:
    return int(q(db, "SELECT balance FROM contract WHERE number = :n", n=number) or 0)


def registry_file(
    tmp_path: Path, db: Database, agent_id: int, payments: list[RegistryPayment], **total: int
) -> RegistryFile:
    path = tmp_path / "reestr_20261205.txt"
    path.write_bytes(sberbank_registry(payments, **total))
    agent = next(a for a in _agents(db) if a.id == agent_id)
    return read_registry(path, agent)


_ADMIN: dict[int, object] = {}


def _agents(db: Database):
    from app.services.cashdesk.payment_agents import list_agents

    return list_agents(db, _ADMIN[id(db)])  # type: ignore[arg-type]


@pytest.fixture
def office(db: Database):
    """Three contracts, an administrator and the Sberbank agent, on a clock at noon of TODAY."""
    with clock.frozen_at(NOON):
        admin = make_staff(db, "admin", Role.ADMIN)
        _ADMIN[id(db)] = admin
        for number in ("100001", "100002", "100003"):
            make_contract(db, number, apartment=number[-1])
        agent_id = save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK)
        yield db, admin, agent_id
    _ADMIN.pop(id(db), None)


def pay(
    operation: str, account: str, amount: int, paid_on: dt.date = TODAY - dt.timedelta(days=1), **kw: object
) -> RegistryPayment:
    return RegistryPayment(operation=operation, account=account, amount=amount, paid_on=paid_on, **kw)  # type: ignore[arg-type]


def test_a_registry_is_posted_once_and_balances_follow_the_ledger(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = [pay("000000000001", "100001", 500_00, commission=5_00), pay("000000000002", "100002", 1200_50)]
    registry = registry_file(tmp_path, db, agent_id, lines)
    preview = preview_registry(db, admin, agent_id, registry)
    assert [j.verdict for j in preview.lines] == [Verdict.NEW, Verdict.NEW]
    assert preview.tally(Verdict.NEW).amount == 1700_50 and not preview.refusals()
    posted = post_registry(db, admin, agent_id, registry)
    assert (posted.payments, posted.amount, posted.commission) == (2, 1700_50, 5_00)
    assert balance(db, "100001") == 500_00 and balance(db, "100002") == 1200_50
    assert (
        q(db, "SELECT count(*) FROM payment WHERE method = 'bank_registry' AND receipt_number IS NULL") == 2
    )
    assert str(q(db, "SELECT business_date FROM payment WHERE external_ref = '000000000001'")) == "2026-12-05"
    assert q(db, "SELECT count(*) FROM event WHERE kind = 'registry_payment_posted'") == 2
    assert ledger_matches_balances(db)

    again = post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, lines))
    assert again.batch_id is None and again.payments == 0 and again.already_imported == 2
    assert q(db, "SELECT count(*) FROM payment") == 2 and balance(db, "100001") == 500_00
    assert [j.verdict for j in preview_registry(db, admin, agent_id, registry).lines] == [
        Verdict.ALREADY_IMPORTED
    ] * 2
    [batch] = list_batches(db, admin)
    assert (batch.payments, batch.amount, batch.agent_name) == (2, 1700_50, "Сбербанк")


def test_every_bad_line_is_listed_and_nothing_is_posted(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = [
        pay("1", "100001", 500_00),
        pay("2", "999999", 300_00),  # no such contract
        pay("3", "100002", 100_00, paid_on=TODAY + dt.timedelta(days=2)),  # in the future
        pay("1", "100003", 100_00),  # operation 1 again
    ]
    registry = registry_file(tmp_path, db, agent_id, lines)
    preview = preview_registry(db, admin, agent_id, registry)
    verdicts = [(j.line.number, j.verdict) for j in preview.lines]
    assert verdicts == [
        (1, Verdict.NEW),
        (2, Verdict.UNKNOWN_CONTRACT),
        (3, Verdict.ERROR),
        (4, Verdict.ERROR),
    ]
    assert "in the future" in preview.lines[2].problem.english()  # type: ignore[union-attr]
    assert "already on line 1" in preview.lines[3].problem.english()  # type: ignore[union-attr]
    with pytest.raises(RegistryRefused) as refused:
        post_registry(db, admin, agent_id, registry, leave_unknown_aside=True)
    assert "Lines with errors: 2." in refused.value.english()
    assert q(db, "SELECT count(*) FROM payment") == 0 and q(db, "SELECT count(*) FROM registry_batch") == 0


def test_a_total_line_that_does_not_match_refuses_the_file(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = [pay("1", "100001", 500_00), pay("2", "100002", 300_00)]
    registry = registry_file(tmp_path, db, agent_id, lines, total_amount=900_00)
    preview = preview_registry(db, admin, agent_id, registry)
    assert preview.tally(Verdict.NEW).lines == 2
    [problem] = preview.refusals()
    assert "900,00" in problem.english() and "800,00" in problem.english()
    with pytest.raises(RegistryRefused):
        post_registry(db, admin, agent_id, registry)
    cut = registry_file(tmp_path, db, agent_id, lines, total_lines=3)
    assert preview_registry(db, admin, agent_id, cut).refusals()
    assert q(db, "SELECT count(*) FROM payment") == 0


def test_unknown_contracts_are_set_aside_only_when_asked_and_posted_later(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = [pay("1", "100001", 500_00), pay("2", "100009", 300_00)]
    registry = registry_file(tmp_path, db, agent_id, lines)
    with pytest.raises(RegistryRefused) as refused:
        post_registry(db, admin, agent_id, registry)
    assert "contracts we do not have" in refused.value.english()
    posted = post_registry(db, admin, agent_id, registry, leave_unknown_aside=True)
    assert (posted.payments, posted.left_aside) == (1, 1)
    aside = q(db, "SELECT left_aside FROM registry_batch")
    assert "100009" in str(aside)
    with clock.frozen_at(NOON):
        make_contract(db, "100009", apartment="9")
    later = post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, lines))
    assert (later.payments, later.already_imported) == (1, 1)
    assert balance(db, "100009") == 300_00 and balance(db, "100001") == 500_00
    assert ledger_matches_balances(db)


def test_an_operation_posted_before_with_other_figures_is_an_error(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, [pay("7", "100001", 500_00)]))
    changed = registry_file(tmp_path, db, agent_id, [pay("7", "100001", 600_00)])
    [judged] = preview_registry(db, admin, agent_id, changed).lines
    assert judged.verdict == Verdict.ERROR and "other figures" in judged.problem.english()  # type: ignore[union-attr]


def test_only_whoever_imports_payments_may(office, tmp_path: Path) -> None:
    db, _admin, agent_id = office
    cashier = make_staff(db, "kassa", Role.CASHIER)
    with pytest.raises(PermissionDenied):
        preview_registry(db, cashier, agent_id, RegistryFile("x.txt", "", ()))
    with pytest.raises(PermissionDenied):
        agent_by_code(db, cashier, "sber")


def test_cancelling_a_batch_takes_every_payment_back_and_only_once(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = [pay("1", "100001", 500_00), pay("2", "100002", 300_00), pay("3", "100001", 200_00)]
    posted = post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, lines))
    assert posted.batch_id is not None
    with clock.frozen_at(NOON):
        one = int(q(db, "SELECT id FROM payment WHERE external_ref = '2'") or 0)
        cancel_payment(db, admin, one, "не наш платёж")  # one payment cancelled on its own first
        cancelled = cancel_batch(db, admin, posted.batch_id, "банк отозвал реестр")
    assert (cancelled.payments, cancelled.amount) == (2, 700_00)
    assert balance(db, "100001") == 0 and balance(db, "100002") == 0
    assert q(db, "SELECT count(*) FROM payment_cancellation") == 3
    assert q(db, "SELECT cancel_reason FROM registry_batch") == "банк отозвал реестр"
    with pytest.raises(BatchAlreadyCancelled):
        cancel_batch(db, admin, posted.batch_id, "ещё раз")
    assert ledger_matches_balances(db)
    # the operations stay taken: importing the file again posts nothing
    again_file = registry_file(tmp_path, db, agent_id, lines)
    again = post_registry(db, admin, agent_id, again_file)
    assert again.payments == 0 and again.already_imported == 3
    judged = preview_registry(db, admin, agent_id, again_file).lines
    assert all(j.verdict == Verdict.ALREADY_IMPORTED for j in judged)
    assert all("cancelled; it is not posted again" in j.problem.english() for j in judged)  # type: ignore[union-attr]


def test_a_registry_payment_clears_a_debt_and_its_batch_cancel_brings_it_back(
    db: Database, tmp_path: Path
) -> None:
    with debtor_story(db, 26) as (sub, moment):
        admin = make_staff(db, "admin", Role.ADMIN)
        _ADMIN[id(db)] = admin
        agent_id = save_agent(db, admin, code="post", name="Почта России", file_format=SBERBANK)
        due = sub.q("SELECT due_on FROM work_order WHERE kind = 'disconnect_catv'")
        owed = -sub.balance
        lines = [pay("A1", "100001", owed, paid_on=day(25))]
        posted = post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, lines))
        assert (posted.debts_cleared, posted.services_unblocked, posted.disconnects_cancelled) == (1, 1, 1)
        assert sub.q("SELECT debt_since FROM contract") is None and sub.state(sub.internet) == "active"
        assert sub.orders("disconnect_catv", "cancelled") == 1 and sub.state(sub.tv) == "active"

        moment.set(at(26) + dt.timedelta(hours=2))
        assert posted.batch_id is not None
        undone = cancel_batch(db, admin, posted.batch_id, "платёж не пришёл на счёт")
        assert (undone.debts_restored, undone.services_blocked, undone.disconnect_orders_restored) == (
            1,
            1,
            1,
        )
        assert sub.q("SELECT debt_since FROM contract") in (day(15), day(15).isoformat())
        assert sub.state(sub.internet) == "blocked" and sub.state(sub.tv) == "disconnect_pending"
        assert sub.q("SELECT due_on FROM work_order WHERE kind = 'disconnect_catv' AND status = 'new'") == due
        assert sub.balance == -owed
        moment.set(at(27))
        run_day(db, day(27))
        assert sub.orders("disconnect_catv", "new") == 1
        assert ledger_matches_balances(db)
    _ADMIN.pop(id(db), None)


def test_a_registry_pays_a_reconnection_as_the_desk_would(db: Database, tmp_path: Path) -> None:
    with debtor_story(db, 26) as (sub, _moment):
        admin = make_staff(db, "admin", Role.ADMIN)
        _ADMIN[id(db)] = admin
        agent_id = save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK)
        sub.finish_order("disconnect_catv")
        owed = -sub.balance
        lines = [pay("R1", "100001", owed + 310_00, paid_on=day(25))]
        posted = post_registry(db, admin, agent_id, registry_file(tmp_path, db, agent_id, lines))
        assert posted.reconnections_ordered == 1 and sub.orders("reconnect_catv", "new") == 1
        assert posted.batch_id is not None
        undone = cancel_batch(db, admin, posted.batch_id, "ошибочный реестр")
        assert (undone.fees_reversed, undone.reconnect_orders_cancelled) == (1, 1)
        assert sub.balance == -owed and sub.state(sub.tv) == "disconnected"
        assert ledger_matches_balances(db)
    _ADMIN.pop(id(db), None)


def test_thousands_of_lines_post_in_one_batch(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = random_registry(["100001", "100002", "100003"], 3000, TODAY - dt.timedelta(days=1))
    registry = registry_file(tmp_path, db, agent_id, lines)
    posted = post_registry(db, admin, agent_id, registry)
    assert posted.payments == 3000 and posted.amount == sum(p.amount for p in lines)
    assert sum(balance(db, n) for n in ("100001", "100002", "100003")) == posted.amount
    assert q(db, "SELECT count(DISTINCT ledger_entry_id) FROM payment") == 3000
    assert ledger_matches_balances(db)
    assert post_registry(db, admin, agent_id, registry).payments == 0


def test_two_workstations_importing_the_same_file_at_once_post_it_once(office, tmp_path: Path) -> None:
    db, admin, agent_id = office
    lines = random_registry(["100001", "100002", "100003"], 400, TODAY - dt.timedelta(days=1), seed=3)
    registry = registry_file(tmp_path, db, agent_id, lines)
    results: list[object] = []
    start = threading.Barrier(2)

    def import_it() -> None:
        start.wait()
        try:
            results.append(post_registry(db, admin, agent_id, registry))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            results.append(exc)

    threads = [threading.Thread(target=import_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    posted = sorted(getattr(r, "payments", -1) for r in results)
    assert posted == [0, 400], results
    assert q(db, "SELECT count(*) FROM payment") == 400 and q(db, "SELECT count(*) FROM registry_batch") == 1
    assert ledger_matches_balances(db)
