"""Administration → Reminders: edit the texts, see the outbox, queue failed reminders again."""

from __future__ import annotations

from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.kernel.settings import Key
from app.services.notifications.reminders import load_templates, save_templates
from app.views.admin.notifications_page import NotificationsPage
from app.views.messages import prompts
from tests.factories import make_contract, make_staff


def test_edit_texts_and_retry_failed(qtbot, qtmodeltester, db: Database, monkeypatch, russian) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    contract = make_contract(db, "100001")
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO notification (channel, recipient, text, status, attempts, last_error, "
                "contract_id, created_at) "
                "VALUES ('sms', '79161234567', 'Долг', 'failed', 5, 'HTTP 503', :c, CURRENT_TIMESTAMP)"
            ),
            {"c": contract},
        )
    monkeypatch.setattr(prompts, "inform", lambda *_a: None)
    page = NotificationsPage(db, admin)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1 and page.model.index(0, 4).data() == "ошибка"
    qtmodeltester.check(page.model)
    page.retry()
    assert page.model.rows[0].status == "queued" and page.model.rows[0].attempts == 0

    page.debt_started.setPlainText("{name}, долг {debt} по договору {contract}.")
    page.save()
    assert (
        load_templates(db, admin).values[Key.TEMPLATE_DEBT_STARTED]
        == "{name}, долг {debt} по договору {contract}."
    )
    page.before_disconnect.setPlainText("Долг {summa}")
    page.save()
    assert page.error_label.text().startswith("Неизвестная подстановка {summa}")
    assert page.before_disconnect.toPlainText() == "Долг {summa}"  # kept for correcting


def test_texts_saved_elsewhere_meanwhile_are_not_overwritten(qtbot, db: Database, russian) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    page = NotificationsPage(db, admin)
    qtbot.addWidget(page)
    current = load_templates(db, admin)
    save_templates(
        db, admin, {**current.values, Key.TEMPLATE_DEBT_STARTED: "Другой текст {name}"}, current.versions
    )
    page.debt_started.setPlainText("Мой текст {name}")
    page.save()
    assert page.error_label.text().startswith("Эту запись за это время изменил другой пользователь")
    assert page.debt_started.toPlainText() == "Другой текст {name}"


def test_telegram_settings_and_the_channel_in_the_outbox(qtbot, db: Database, monkeypatch, russian) -> None:
    from app.services.notifications.telegram import load_telegram_settings

    admin = make_staff(db, "boss", Role.ADMIN)
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO notification (channel, recipient, text, status, attempts, last_error, "
                "created_at) VALUES ('telegram', '5550001', 'Долг', 'queued', 0, '', CURRENT_TIMESTAMP)"
            )
        )
    monkeypatch.setattr(prompts, "inform", lambda *_a: None)
    page = NotificationsPage(db, admin)
    qtbot.addWidget(page)
    assert page.model.index(0, 1).data() == "Telegram"
    assert not page.telegram_enabled.isChecked()

    page.telegram_enabled.setChecked(True)
    page.bot_name.setText("@кабель")  # not a bot's username: refused, kept for correcting
    page.save_telegram()
    assert page.telegram_error.text().startswith("Имя бота")
    assert page.bot_name.text() == "@кабель" and not load_telegram_settings(db, admin).enabled

    page.bot_name.setText("https://t.me/cable_tver_bot")
    page.save_telegram()
    saved = load_telegram_settings(db, admin)
    assert (saved.enabled, saved.bot_name) == (True, "cable_tver_bot")
    assert page.bot_name.text() == "@cable_tver_bot" and not page.telegram_error.isVisibleTo(page)
