"""Administration → Company driven through its widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.db import Database
from app.models import Role
from app.services.admin.company import load_company_settings, save_company_settings
from app.services.kernel.settings import Key
from app.views.admin.company_page import CompanyPage
from app.views.messages import prompts
from tests.factories import make_staff
from tests.services.admin.test_company import GOOD


def fill(page: CompanyPage, values: dict[str, str]) -> None:
    for key, value in values.items():
        widget = page.edits[key]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
    page.grace_days.setValue(int(values[Key.GRACE_DAYS]))


def make_page(qtbot, db: Database) -> CompanyPage:
    page = CompanyPage(db, make_staff(db, "boss", Role.ADMIN))
    qtbot.addWidget(page)
    page.show()
    return page


def test_fill_and_save(qtbot, db: Database, monkeypatch) -> None:
    informed: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    page = make_page(qtbot, db)
    assert page.timezone.currentText() == "Europe/Moscow" and page.grace_days.value() == 10
    fill(page, GOOD)
    page.save_button.click()
    assert informed == ["The settings are saved."]
    stored = load_company_settings(db, page.actor).values
    assert stored[Key.COMPANY_INN] == "7707083893" and stored[Key.GRACE_DAYS] == "14"
    assert page.reconnection_fee.text() == "350,00"


def test_wrong_account_is_refused_with_the_form_kept(qtbot, db: Database, russian) -> None:
    page = make_page(qtbot, db)
    fill(page, {**GOOD, Key.BANK_ACCOUNT: "40702810938000000002"})
    page.save_button.click()
    assert page.error_label.text().startswith("Расчётный счёт не соответствует БИК")
    assert page.edits[Key.BANK_ACCOUNT].text() == "40702810938000000002"
    assert page.focusWidget() is page.edits[Key.BANK_ACCOUNT]
    assert load_company_settings(db, page.actor).values[Key.BANK_ACCOUNT] == ""


def test_save_over_someone_elses_change_is_refused_and_reloaded(qtbot, db: Database) -> None:
    page = make_page(qtbot, db)
    other = make_staff(db, "deputy", Role.ADMIN)
    save_company_settings(db, other, GOOD, load_company_settings(db, other).versions)
    fill(page, {**GOOD, Key.COMPANY_NAME: "ООО «Другое имя»"})
    page.save_button.click()
    assert page.error_label.text().startswith("This record was changed by someone else")
    assert page.edits[Key.COMPANY_NAME].text() == "ООО «Городские сети»"  # reloaded


def test_former_subscribers_are_anonymised_from_the_page(qtbot, db: Database, monkeypatch) -> None:
    from app.models import Subscriber
    from app.services.admin.anonymisation import ANONYMOUS_NAME, months_before
    from app.services.kernel.settings import business_date
    from tests.services.admin.test_anonymisation import _former

    asked: list[str] = []
    informed: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))
    page = make_page(qtbot, db)
    assert page.retention_months.value() == 36
    subscriber, _contract = _former(
        db, "100777", "Субботина Вера Павловна", ended=months_before(business_date(db), 40), apartment="5"
    )
    page.anonymise.click()
    qtbot.waitUntil(lambda: bool(informed), timeout=10_000)
    assert asked and asked[0].startswith("Former subscribers whose contracts all ended on or before")
    assert ": 1. Their names" in asked[0]
    assert informed == ["Former subscribers anonymised: 1."] and page.anonymise.isEnabled()
    with db.transaction() as session:
        assert session.get_one(Subscriber, subscriber).full_name == ANONYMOUS_NAME.format(id=subscriber)

    page.anonymise.click()  # nobody left: said so, nothing asked
    qtbot.waitUntil(lambda: len(informed) == 2, timeout=10_000)
    assert informed[1].startswith("Nobody is due") and len(asked) == 1
