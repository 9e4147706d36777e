"""Administration → Network: the settings (bad input refused in words, what was typed kept, nothing
stored), what waits on its way with «retry now», the NAS list, and the sync report run in the background
with «apply ours» — against a TV platform on loopback, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.kernel.settings import Key
from app.services.provisioning.network import load_network_settings
from app.views.admin.network_page import NetworkPage
from app.views.messages import prompts
from tests.adapters.fake_tv import TOKEN, tv_platform
from tests.adapters.test_tv_platform import TvSubscriber
from tests.factories import make_staff


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _parent, _title, text: said.append(text))
    return said


def test_settings_refuse_bad_input_in_words_and_keep_it(qtbot, db: Database, russian, told) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    page = NetworkPage(db, admin)
    qtbot.addWidget(page)
    assert page.debt_action.currentData() == "reject" and page.throttle_kbps.text() == "256"
    page.throttle_kbps.setText("-5")
    page.save()
    assert page.error_label.text().startswith("Укажите ограниченную скорость")
    assert page.throttle_kbps.text() == "-5"
    page.throttle_kbps.setText("512")
    page.tv_url.setText("24h.tv")
    page.save()
    assert "адрес API ТВ-платформы" in page.error_label.text() or "http(s)" in page.error_label.text()
    assert load_network_settings(db, admin).versions[Key.RADIUS_THROTTLE_KBPS] is None  # nothing stored
    page.tv_url.setText("https://api.24h.tv")
    page.debt_action.setCurrentIndex(page.debt_action.findData("throttle"))
    page.save()
    stored = load_network_settings(db, admin).values
    assert stored[Key.RADIUS_DEBT_ACTION] == "throttle" and stored[Key.RADIUS_THROTTLE_KBPS] == "512"
    assert stored[Key.TV_URL] == "https://api.24h.tv" and told[-1] == "Настройки сети сохранены."
    if db.is_embedded:  # no RADIUS without the server: the tick cannot even be given
        assert not page.radius_enabled.isEnabled() and not page.add_nas_button.isEnabled()
    else:
        page.radius_enabled.setChecked(True)
        page.save()
        assert load_network_settings(db, admin).values[Key.RADIUS_ENABLED] == "yes"


def test_the_nas_list_on_the_server(qtbot, pg_db: Database, russian, monkeypatch) -> None:
    admin = make_staff(pg_db, "boss", Role.ADMIN)
    page = NetworkPage(pg_db, admin)
    qtbot.addWidget(page)
    dialog = page.make_nas_dialog()
    qtbot.addWidget(dialog)
    dialog.field("address").setText("10.0.0.300")  # type: ignore[attr-defined]
    dialog.field("shortname").setText("bng-1")  # type: ignore[attr-defined]
    dialog.submit()
    assert dialog.error_label.text().startswith("Укажите IP-адрес NAS")
    dialog.field("address").setText("10.0.0.1")  # type: ignore[attr-defined]
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    listed = [(n.shortname, n.address, n.coa_port) for n in page.nas_model.rows]
    assert listed == [("bng-1", "10.0.0.1", 3799)]
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    page.nas_table.selectRow(0)
    page.remove_nas()
    assert page.nas_model.rows == []


def test_the_platform_is_delivered_checked_and_put_right_from_the_page(
    qtbot, db: Database, russian, told, monkeypatch
) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    with tv_platform() as (fake, url):
        monkeypatch.setenv("SUBSCRIBER_DESK_TV_TOKEN", TOKEN)
        TvSubscriber(db)
        with db.transaction() as session:
            session.execute(
                text("INSERT INTO setting (key, value, version) VALUES ('tv.url', :u, 1)"), {"u": url}
            )
        page = NetworkPage(db, admin)
        qtbot.addWidget(page)
        assert page.waiting_model.rowCount() == 1 and "Ожидают: 1" in page.counts_label.text()
        page.deliver()
        qtbot.waitUntil(lambda: page.deliver_button.isEnabled() and bool(told), timeout=10_000)
        assert told[-1].startswith("Передано: 1, с ошибкой: 0")
        assert page.waiting_model.rowCount() == 0
        fake.add_user("79990000001", [101])
        page.check()
        qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=10_000)
        assert page.differences_model.rowCount() == 1
        assert page.differences_model.index(0, 1).data() == "Учётная запись там, услуги здесь нет"
        page.apply_ours(everything=True)
        qtbot.waitUntil(
            lambda: page.check_button.isEnabled() and page.differences_model.rowCount() == 0, timeout=10_000
        )
        assert fake.running("79990000001") == {}


def test_delivery_errors_and_held_states_are_said_in_russian(russian) -> None:
    from app.services.provisioning.ports import Held
    from app.views.network_words import delivery_error_text, held_words

    assert delivery_error_text("no login on the card") == "на карточке нет логина"
    assert delivery_error_text("CoA: no answer from the NAS 10.0.0.1") == "CoA: NAS 10.0.0.1 не отвечает"
    unreachable = "The tv side cannot be reached: HTTP 503"
    assert delivery_error_text(unreachable) == "ТВ-платформа: нет связи (HTTP 503)"
    assert delivery_error_text("HTTP 409: phone already registered") == "HTTP 409: phone already registered"
    assert held_words("radius", Held("ivanov", "active", 100000, 50000)) == "доступ есть; 100000/50000 кбит/с"
    assert held_words("tv", Held("79161234567", "suspended", tv_packets=("101",))) == "на паузе; пакеты 101"
    assert held_words("tv", None) == "ничего"
