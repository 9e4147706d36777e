"""Administration → Payment registries driven through its widgets: an agent added through its dialog, a
Sberbank file imported (read and judged off the GUI thread), previewed, posted, and the batch cancelled."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app import clock
from app.db import Database
from app.demo.registries import RegistryPayment, sberbank_registry
from app.models import Role
from app.money import format_money
from app.services.cashdesk.payment_agents import COLUMNS, SBERBANK, list_agents, save_agent
from app.services.cashdesk.registries import Verdict
from app.services.kernel.permissions import Actor
from app.views.admin.registries_page import RegistriesPage
from app.views.admin.registry_preview_dialog import RegistryPreviewDialog
from app.views.messages import prompts
from tests.factories import make_contract, make_staff

TODAY = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
MAPPING = {"columns": {"date": "Дата", "operation": "Операция", "account": 3, "amount": 4}, "delimiter": ";"}


def q(db: Database, sql: str, **params: object) -> object:
    with db.reading() as conn:
        return conn.execute(text(sql), params).scalar()


def balance(db: Database, number: str) -> int:
    return int(q(db, "SELECT balance FROM contract WHERE number = :n", n=number) or 0)


def pay(operation: str, account: str, amount: int, **kw: object) -> RegistryPayment:
    return RegistryPayment(operation, account, amount, TODAY - dt.timedelta(days=1), **kw)  # type: ignore[arg-type]


@pytest.fixture
def office(db: Database) -> Iterator[tuple[Database, Actor]]:
    """An administrator and two contracts, on a clock at noon of TODAY (the worker threads see it too)."""
    with clock.frozen_at(NOON):
        admin = make_staff(db, "boss", Role.ADMIN)
        for number in ("100001", "100002"):
            make_contract(db, number, apartment=number[-1])
        yield db, admin


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the screen told the administrator (information and warnings alike)."""
    messages: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, message: messages.append(message))
    monkeypatch.setattr(prompts, "warn", lambda _parent, _title, message: messages.append(message))
    return messages


def make_page(qtbot, db: Database, actor: Actor) -> RegistriesPage:
    page = RegistriesPage(db, actor)
    qtbot.addWidget(page)
    return page


def import_file(qtbot, monkeypatch, page: RegistriesPage, path: Path) -> RegistryPreviewDialog:
    """«Import registry…», the file prompt answered with `path`; the preview once it is judged."""
    asked: list[str] = []
    monkeypatch.setattr(
        prompts,
        "open_file",
        lambda _parent, _title, _folder, file_filter: asked.append(file_filter) or str(path),
    )
    page.import_button.click()
    assert asked == ["Registry files (*.txt *.csv *.xlsx);;All files (*)"]
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=20_000)
    assert page.preview_dialog is not None
    return page.preview_dialog


def column(dialog: RegistryPreviewDialog, number: int) -> list[str]:
    return [dialog.model.index(row, number).data() for row in range(dialog.model.rowCount())]


def test_add_and_edit_an_agent_through_the_dialog(
    qtbot, qtmodeltester, office, monkeypatch, tmp_path
) -> None:
    db, admin = office
    page = make_page(qtbot, db, admin)
    assert page.agents.model.rowCount() == 0 and not page.import_button.isEnabled()
    dialog = page.agents.make_agent_dialog(None)
    qtbot.addWidget(dialog)
    assert not dialog.columns_box.isVisibleTo(dialog)  # the Sberbank format needs no mapping
    dialog.code.setText("post")
    dialog.name.setText("Почта России")
    dialog.file_format.setCurrentIndex(dialog.file_format.findData(COLUMNS))
    assert dialog.file_format.currentText() == "CSV or Excel table (column mapping)"
    assert dialog.columns_box.isVisibleTo(dialog)

    dialog.columns.setPlainText('{"columns": {"date": 1')  # checked as it is typed
    assert dialog.columns_error.text().startswith("The column mapping is not valid JSON: check line 1")
    dialog.columns.setPlainText('{"columns": {"date": 1, "operation": 2, "sum": 4}}')
    dialog.submit()
    assert dialog.result() == 0 and not dialog.columns_error.isHidden()
    assert dialog.columns_error.text() == ("The column mapping needs the columns: account, amount.")
    assert dialog.error_label.isHidden()  # the message is under the mapping, not under the form
    assert dialog.code.text() == "post" and "sum" in dialog.columns.toPlainText()  # the input is kept
    assert list_agents(db, admin) == []

    monkeypatch.setattr(prompts, "choose_folder", lambda _parent, _title, _folder: str(tmp_path))
    dialog.choose_button.click()
    assert dialog.folder.text() == str(tmp_path)
    dialog.columns.setPlainText(json.dumps(MAPPING, ensure_ascii=False))
    assert dialog.columns_error.isHidden()
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.agents.reload(select_id=dialog.result_value)
    assert [page.agents.model.index(0, c).data() for c in range(5)] == [
        "Почта России",
        "post",
        "CSV or Excel table (column mapping)",
        str(tmp_path),
        "active",
    ]
    qtmodeltester.check(page.agents.model)
    assert page.import_button.isEnabled()  # the agent is chosen

    edit = page.agents.make_agent_dialog(page.agents.selected())
    qtbot.addWidget(edit)
    assert json.loads(edit.columns.toPlainText())["columns"] == MAPPING["columns"]
    edit.file_format.setCurrentIndex(edit.file_format.findData(SBERBANK))
    edit.active.setChecked(False)
    edit.submit()
    [agent] = list_agents(db, admin)
    assert (agent.file_format, agent.columns, agent.active, agent.version) == (SBERBANK, None, False, 2)


def test_a_bad_code_is_said_under_the_form_and_nothing_saved(qtbot, office) -> None:
    db, admin = office
    page = make_page(qtbot, db, admin)
    dialog = page.agents.make_agent_dialog(None)
    qtbot.addWidget(dialog)
    dialog.code.setText("Сбер")
    dialog.name.setText("Сбербанк")
    dialog.submit()
    assert dialog.error_label.text().startswith("The agent's code is 2–40 Latin letters")
    assert dialog.result() == 0 and list_agents(db, admin) == []


def test_import_preview_post_and_cancel_the_registry(
    qtbot, qtmodeltester, office, monkeypatch, told, tmp_path
) -> None:
    db, admin = office
    with clock.frozen_at(NOON):
        agent_id = save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK)
        path = tmp_path / "reestr_20261205.txt"
        path.write_bytes(
            sberbank_registry(
                [
                    pay("000000000001", "100001", 500_00, commission=5_00),
                    pay("000000000002", "100002", 1200_50),
                    pay("000000000003", "999999", 300_00, payer="Петров Пётр Петрович"),
                ]
            )
        )
        page = make_page(qtbot, db, admin)
        agent = page.agents.selected()
        assert agent is not None and agent.id == agent_id  # the only agent is chosen already

        dialog = import_file(qtbot, monkeypatch, page, path)
        qtmodeltester.check(dialog.model)
        assert column(dialog, 0) == ["1", "2", "3"]
        assert column(dialog, 3) == ["100001", "100002", "999999"]
        assert column(dialog, 4)[2] == "Петров Пётр Петрович"
        assert column(dialog, 5) == [format_money(500_00), format_money(1200_50), format_money(300_00)]
        assert column(dialog, 6) == ["new", "new", "unknown contract"]
        assert column(dialog, 7) == ["", "", "There is no contract 999999."]
        counts = {verdict.value: labels[1].text() for verdict, labels in dialog.tally_labels.items()}
        assert counts == {"new": "2", "already_imported": "0", "unknown_contract": "1", "error": "0"}
        assert dialog.tally_labels[Verdict.NEW][2].text() == format_money(1700_50)

        # An unknown contract refuses the file until the administrator leaves it aside.
        assert not dialog.post_button.isEnabled() and dialog.leave_aside.isEnabled()
        assert "Lines naming contracts we do not have: 1." in dialog.problems_label.text()
        assert dialog.problems_label.isVisibleTo(dialog)
        dialog.attention_only.setChecked(True)
        assert column(dialog, 3) == ["999999"]
        dialog.attention_only.setChecked(False)
        dialog.leave_aside.setChecked(True)
        assert dialog.post_button.isEnabled() and not dialog.problems_label.isVisibleTo(dialog)
        assert dialog.ready_label.text().startswith("Ready to post — new payments: 2, amount:")
        assert balance(db, "100001") == 0  # the preview changed nothing

        with qtbot.waitSignal(dialog.posted, timeout=20_000):
            dialog.post_button.click()
        qtbot.waitUntil(lambda: page.preview_dialog is None)
        assert (balance(db, "100001"), balance(db, "100002")) == (500_00, 1200_50)
        assert told[-1].splitlines() == [
            f"Payments posted: 2, amount: {format_money(1700_50)}, commission: {format_money(5_00)}.",
            "Unknown contracts left aside: 1.",
        ]
        batches = page.batches
        assert batches.model.rowCount() == 1
        qtmodeltester.check(batches.model)
        row = [batches.model.index(0, c).data() for c in range(batches.model.columnCount())]
        assert row[1:3] == ["Сбербанк", "reestr_20261205.txt"]
        assert row[4:10] == ["2", format_money(1700_50), format_money(5_00), "1", "Boss Test", ""]

        # The whole file cancelled, with a reason: the balances are back.
        asked: list[str] = []
        monkeypatch.setattr(prompts, "ask_text", lambda *_args: "банк прислал файл по ошибке")
        monkeypatch.setattr(
            prompts, "confirm", lambda _parent, _title, question: asked.append(question) or True
        )
        batches.table.selectRow(0)
        assert batches.cancel_button.isEnabled()
        batches.cancel_button.click()
        qtbot.waitUntil(lambda: not batches.cancelling, timeout=20_000)
        assert f"will be cancelled — payments: 2, amount: {format_money(1700_50)}." in asked[0]
        assert told[-1] == f"Payments cancelled: 2, amount: {format_money(1700_50)}."
        assert (balance(db, "100001"), balance(db, "100002")) == (0, 0)
        assert batches.model.index(0, 9).data().endswith(": банк прислал файл по ошибке")
        assert not batches.cancel_button.isEnabled()  # a cancelled registry cannot be cancelled again


def test_closing_the_preview_posts_nothing_and_a_bad_total_is_said_at_the_top(
    qtbot, office, monkeypatch, told, tmp_path
) -> None:
    db, admin = office
    with clock.frozen_at(NOON):
        save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK)
        path = tmp_path / "reestr.txt"
        path.write_bytes(sberbank_registry([pay("1", "100001", 500_00)], total_amount=600_00))
        page = make_page(qtbot, db, admin)
        dialog = import_file(qtbot, monkeypatch, page, path)
        assert column(dialog, 6) == ["new"]
        assert dialog.problems_label.text().startswith("• The total line says: payments 1, amount 600,00")
        assert not dialog.post_button.isEnabled() and not dialog.leave_aside.isEnabled()
        dialog.close_button.click()
        qtbot.waitUntil(lambda: page.preview_dialog is None)
    assert balance(db, "100001") == 0 and q(db, "SELECT count(*) FROM payment") == 0
    assert page.batches.model.rowCount() == 0 and told == []


def test_errors_are_said_in_words(qtbot, office, monkeypatch, told, tmp_path) -> None:
    db, admin = office
    with clock.frozen_at(NOON):
        agent_id = save_agent(db, admin, code="sber", name="Сбербанк", file_format=SBERBANK)
        path = tmp_path / "reestr.txt"
        path.write_bytes(sberbank_registry([pay("1", "100001", 500_00)]))
        page = make_page(qtbot, db, admin)
        dialog = import_file(qtbot, monkeypatch, page, path)
        # Meanwhile the contract is gone: posting is refused, the file judged again and shown as it is now.
        with db.transaction() as session:
            session.execute(text("UPDATE contract SET number = '100009' WHERE number = '100001'"))
        dialog.post_button.click()
        qtbot.waitUntil(lambda: column(dialog, 6) == ["unknown contract"], timeout=20_000)
        refused = "The registry was not posted: Lines naming contracts we do not have: 1."
        assert dialog.status_label.text().startswith(refused)
        assert dialog.isVisible() and not dialog.post_button.isEnabled()
        dialog.close_button.click()

        # A batch cancelled without a reason: the domain's message, nothing undone.
        path.write_bytes(sberbank_registry([pay("2", "100002", 100_00)]))
        dialog = import_file(qtbot, monkeypatch, page, path)
        with qtbot.waitSignal(dialog.posted, timeout=20_000):
            dialog.post_button.click()
        monkeypatch.setattr(prompts, "ask_text", lambda *_args: " ")
        monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
        page.batches.table.selectRow(0)
        page.batches.cancel_button.click()
        qtbot.waitUntil(lambda: not page.batches.cancelling, timeout=20_000)
        assert told[-1] == "Write why the registry is cancelled."
        assert balance(db, "100002") == 100_00
        assert agent_id


def test_someone_without_the_right_is_told_why_in_their_language(qtbot, office, told, russian) -> None:
    db, _admin = office
    make_page(qtbot, db, make_staff(db, "kassa", Role.CASHIER))
    assert (
        told and told[-1] == "У вас нет прав на это действие (import_payments). Обратитесь к администратору."
    )
