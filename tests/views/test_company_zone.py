"""Times on screen are the company's wall clock, not the PC's: a cashier in Vladivostok whose PC is
set to another zone sees the time printed on the receipt."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator

import pytest

from app import clock
from app.db import Database
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.kernel.settings import DEFAULTS, Key, write_settings
from app.views.cashdesk.cash_desk_page import CashDeskPage
from app.views.dates import follow_company_zone, follow_zone
from app.views.labels import short_moment
from tests.factories import make_contract, make_desk, make_staff


@pytest.fixture
def pc_in_new_york() -> Iterator[None]:
    """The PC's own zone set far from the company's (restored afterwards)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
        follow_zone(DEFAULTS[Key.TIMEZONE])


def test_the_cash_desk_shows_payments_at_the_companys_time(
    qtbot, db: Database, pc_in_new_york, russian
) -> None:
    with db.transaction() as session:
        write_settings(session, {Key.TIMEZONE: "Asia/Vladivostok"})
    cashier = make_staff(db, "kassa", Role.CASHIER)
    contract = make_contract(db, "100001")
    # 23:30 UTC on 4 March is 09:30 on 5 March in Vladivostok and 18:30 on 4 March in New York.
    with clock.frozen_at(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)):
        open_shift(db, cashier, make_desk(db), 0)
        post_payment(
            db,
            cashier,
            client_uuid=uuid.uuid4(),
            contract_id=contract,
            amount=100_00,
            method=PaymentMethod.CASH,
        )
        follow_company_zone(db)
        page = CashDeskPage(db, cashier)
        qtbot.addWidget(page)
        assert page.model.index(0, 1).data() == "09:30"
        assert short_moment(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC)) == "05.03.2026 09:30"
