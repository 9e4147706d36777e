"""The card's «Telegram…»: the row says whether a chat is linked, the dialog issues a code the bot
takes (a Bot API on loopback) and unlinks the chat."""

from __future__ import annotations

from app.adapters.telegram_bot import TelegramBotApi
from app.db import Database
from app.models import Role
from app.services.kernel.settings import TransportKey, write_settings
from app.services.notifications.telegram import poll_links
from app.views.frontdesk.card import SubscriberCard
from app.views.messages import prompts
from tests.adapters.fake_telegram import TOKEN, FakeBotApi
from tests.factories import make_contract, make_staff


def test_link_a_chat_from_the_card_and_unlink_it(
    qtbot, db: Database, bot_api: FakeBotApi, monkeypatch, russian
) -> None:
    contract_id = make_contract(db, "100001")
    desk = make_staff(db, "desk", Role.FRONT_DESK)
    card = SubscriberCard(db, desk, contract_id, live=False)
    qtbot.addWidget(card)
    card.show()
    assert not card.telegram_row.isVisible()  # Telegram is off: nothing about it on the card

    with db.transaction() as session:
        write_settings(
            session, {TransportKey.TELEGRAM_ENABLED: "yes", TransportKey.TELEGRAM_BOT_NAME: "cable_tver_bot"}
        )
    card.reload()
    assert card.telegram_row.isVisible() and card.telegram_button.text() == "Telegram…"
    assert card.telegram_label.text() == "не привязан: напоминания идут по SMS"

    dialog = card.make_telegram_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.unlink_button.isEnabled()
    dialog.new_code()
    shown = dialog.code_label.text()
    assert len(shown) == 9 and shown[4] == " "
    assert f"https://t.me/cable_tver_bot?start={shown.replace(' ', '')}" in dialog.hint_label.text()

    bot_api.write(777, shown)
    assert poll_links(db, TelegramBotApi(TOKEN, api_url=bot_api.url, timeout=5)).linked == 1
    dialog.reload()
    assert dialog.status_label.text().startswith("Напоминания приходят в Telegram абонента")
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    dialog.unlink()
    assert dialog.changed and dialog.status_label.text().startswith("Telegram-чат не привязан")
    card.reload()
    assert card.telegram_label.text() == "не привязан: напоминания идут по SMS"


def test_a_cashier_sees_the_state_but_gets_no_button(qtbot, db: Database, russian) -> None:
    contract_id = make_contract(db, "100001")
    with db.transaction() as session:
        write_settings(session, {TransportKey.TELEGRAM_ENABLED: "yes"})
    cashier = make_staff(db, "cashier", Role.CASHIER)
    card = SubscriberCard(db, cashier, contract_id, live=False)
    qtbot.addWidget(card)
    card.show()
    assert card.telegram_row.isVisible() and not card.telegram_button.isVisible()
