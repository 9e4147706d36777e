"""The one clock: moving it moves every "now" the program reads — timestamps, business dates in the
company's time zone, and the dates screens start at."""

from __future__ import annotations

import datetime as dt

import pytest

from app import clock
from app.db import Database
from app.models import utcnow
from app.services.kernel.settings import Key, business_date, business_today, write_settings


def test_a_frozen_clock_moves_only_when_told() -> None:
    moment = dt.datetime(2026, 3, 1, 20, 59, tzinfo=dt.UTC)
    with clock.frozen_at(moment) as frozen:
        assert utcnow() == moment == clock.now()
        assert business_today({Key.TIMEZONE: "Europe/Moscow"}) == dt.date(2026, 3, 1)
        frozen.advance(minutes=2)  # 00:01 in Moscow
        assert business_today({Key.TIMEZONE: "Europe/Moscow"}) == dt.date(2026, 3, 2)
        assert business_today({Key.TIMEZONE: "Europe/Kaliningrad"}) == dt.date(2026, 3, 1)
    assert abs(clock.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


def test_the_clock_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="aware"), clock.frozen_at(dt.datetime(2026, 3, 1)):
        pass


def test_the_business_date_follows_the_company_time_zone(db: Database) -> None:
    with clock.frozen_at(dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)):
        assert business_date(db) == dt.date(2026, 3, 2)  # Moscow by default
        with db.transaction() as session:
            write_settings(session, {Key.TIMEZONE: "Europe/London"})
        assert business_date(db) == dt.date(2026, 3, 1)


def test_the_billing_screen_starts_at_the_company_date_and_goes_no_further(qtbot, db: Database) -> None:
    from app.models import Role
    from app.views.admin.billing_page import BillingPage
    from app.views.dates import to_date
    from tests.factories import make_staff

    admin = make_staff(db, "boss", Role.ADMIN)
    with clock.frozen_at(dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)):
        page = BillingPage(db, admin)
    qtbot.addWidget(page)
    assert to_date(page.date_edit.date()) == dt.date(2026, 3, 2)
    assert to_date(page.date_edit.maximumDate()) == dt.date(2026, 3, 2)
