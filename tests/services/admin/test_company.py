"""Company settings: validated, stored in one transaction with one event, refused when stale."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import ConcurrentEdit, PermissionDenied, ValidationError
from app.models import Event, Role
from app.services.admin.company import clean_company_settings, load_company_settings, save_company_settings
from app.services.kernel.settings import Key, read_settings
from tests.factories import make_staff

GOOD = {
    Key.COMPANY_NAME: "ООО «Городские сети»",
    Key.COMPANY_INN: "7707083893",
    Key.COMPANY_KPP: "770701001",
    Key.COMPANY_ADDRESS: "г. Тверь, ул. Советская, д. 1",
    Key.COMPANY_PHONE: "+7 (4822) 00-00-00",
    Key.BANK_ACCOUNT: "40702810938000000001",
    Key.BANK_NAME: "ПАО Сбербанк",
    Key.BANK_BIC: "044525225",
    Key.BANK_CORR_ACCOUNT: "30101810400000000225",
    Key.TIMEZONE: "Europe/Moscow",
    Key.CURRENCY: "RUB",
    Key.GRACE_DAYS: "14",
    Key.RECONNECTION_FEE: "350,00",
}


def test_save_and_read_back(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    form = load_company_settings(db, admin)
    assert form.values[Key.GRACE_DAYS] == "10" and all(v is None for v in form.versions.values())
    saved = save_company_settings(db, admin, GOOD, form.versions)
    assert saved.values[Key.COMPANY_NAME] == "ООО «Городские сети»"
    assert saved.values[Key.RECONNECTION_FEE] == "35000"  # kopecks
    with db.transaction() as session:
        assert read_settings(session)[Key.GRACE_DAYS] == "14"
        events = session.scalars(select(Event).where(Event.kind == "settings_changed")).all()
    assert len(events) == 1 and events[0].actor_staff_id == admin.staff_id


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        (Key.COMPANY_NAME, "  ", "company_name"),
        (Key.COMPANY_INN, "7707083894", "inn"),
        (Key.BANK_ACCOUNT, "40702810938000000002", "bank_account"),
        (Key.BANK_CORR_ACCOUNT, "30101810400000000226", "corr_account"),
        (Key.BANK_BIC, "12345", "bic"),
        (Key.TIMEZONE, "Mars/Olympus", "timezone"),
        (Key.GRACE_DAYS, "-1", "grace_days"),
        (Key.GRACE_DAYS, "365", "grace_days"),
        (Key.RECONNECTION_FEE, "abc", "reconnection_fee"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(db: Database, key: str, value: str, field: str) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    form = load_company_settings(db, admin)
    with pytest.raises(ValidationError) as caught:
        save_company_settings(db, admin, {**GOOD, key: value}, form.versions)
    assert caught.value.field == field
    assert load_company_settings(db, admin) == form


def test_second_save_from_a_stale_form_is_refused(db: Database) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    other = make_staff(db, "deputy", Role.ADMIN)
    form = load_company_settings(db, admin)
    save_company_settings(db, other, GOOD, form.versions)
    with pytest.raises(ConcurrentEdit):
        save_company_settings(db, admin, {**GOOD, Key.GRACE_DAYS: "5"}, form.versions)
    assert load_company_settings(db, admin).values[Key.GRACE_DAYS] == "14"


def test_only_admins_see_or_change_settings(db: Database) -> None:
    cashier = make_staff(db, "anna", Role.CASHIER)
    with pytest.raises(PermissionDenied):
        load_company_settings(db, cashier)
    with pytest.raises(PermissionDenied):
        save_company_settings(db, cashier, GOOD, {})


def test_the_retention_period_of_former_subscribers_is_kept_within_sane_limits() -> None:
    for bad in ("6", "-36", "abc", "121", "3" * 40, "3\x006"):
        with pytest.raises(ValidationError) as refused:
            clean_company_settings({**GOOD, Key.RETENTION_MONTHS: bad})
        assert refused.value.field == "retention_months", bad
    assert clean_company_settings({**GOOD, Key.RETENTION_MONTHS: " 60 "})[Key.RETENTION_MONTHS] == "60"
    assert clean_company_settings({**GOOD, Key.RETENTION_MONTHS: ""})[Key.RETENTION_MONTHS] == "36"
