"""The typo guard's limit: 12 months of the contract's fees, never above 50,000 ₽, or the admin's own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.db import Database
from app.models import Role
from app.services.cashdesk.typo_guard import CAP, confirm_above
from app.services.kernel.settings import Key, write_settings
from tests.factories import add_service, make_contract, make_staff, make_tariff


def test_twelve_months_of_fees_capped_at_fifty_thousand_or_the_admins_limit(db: Database) -> None:
    cashier = make_staff(db, "kassa", Role.CASHIER)
    internet = make_tariff(db, "Интернет 100", "internet", 600_00, valid_from=dt.date(2020, 1, 1))
    tv = make_tariff(db, "КТВ", "catv", 250_00, valid_from=dt.date(2020, 1, 1))
    business = make_tariff(db, "Бизнес 1000", "internet", 9_000_00, valid_from=dt.date(2020, 1, 1))
    home = make_contract(db, "100001")
    add_service(db, home, "internet", internet, dt.date(2020, 1, 1))
    add_service(db, home, "catv", tv, dt.date(2020, 1, 1))
    closed = add_service(db, home, "catv", tv, dt.date(2020, 1, 1), state="closed")
    office = make_contract(db, "100002", apartment="2")
    add_service(db, office, "internet", business, dt.date(2020, 1, 1))
    empty = make_contract(db, "100003", apartment="3")
    assert closed
    assert confirm_above(db, cashier, home) == 12 * 850_00  # the closed service does not count
    assert confirm_above(db, cashier, office) == CAP  # 108,000 ₽ a year: the cap
    assert confirm_above(db, cashier, empty) == CAP
    with db.transaction() as session:
        write_settings(session, {Key.CONFIRM_PAYMENT_ABOVE: "2000000"})
    assert confirm_above(db, cashier, home) == 20_000_00
    with db.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment")).scalar() == 0
