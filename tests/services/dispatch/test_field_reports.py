"""Field-work figures count by the company's days, not by UTC midnights."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import text

from app import clock
from app.models import PaymentMethod, Role
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.dispatch.board import board
from app.services.dispatch.field_reports import field_figures
from tests.factories import make_desk, make_staff
from tests.services.dispatch.test_board import queue  # noqa: F401 - the fixture

# 00:20 on 1 March in Moscow is still 28 February in UTC.
JUST_AFTER_MOSCOW_MIDNIGHT = dt.datetime(2026, 2, 28, 21, 20, tzinfo=dt.UTC)


def test_a_trip_saved_just_after_midnight_counts_on_the_companys_day(queue) -> None:  # noqa: F811
    db, dispatcher, _installer = queue
    order = board(db, dispatcher)[0]
    with db.reading() as conn:
        contract_id, balance = conn.execute(
            text(
                "SELECT c.id, c.balance FROM contract c "
                "JOIN work_order w ON w.contract_id = c.id WHERE w.id = :o"
            ),
            {"o": order.id},
        ).one()
    cashier = make_staff(db, "kassa", Role.CASHIER)
    open_shift(db, cashier, make_desk(db), 0)
    with clock.frozen_at(JUST_AFTER_MOSCOW_MIDNIGHT):
        post_payment(
            db,
            cashier,
            client_uuid=uuid.uuid4(),
            contract_id=contract_id,
            amount=-balance,
            method=PaymentMethod.CASH,
        )
    march = field_figures(db, dispatcher, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    february = field_figures(db, dispatcher, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert (march.trips_saved, february.trips_saved) == (1, 0)
