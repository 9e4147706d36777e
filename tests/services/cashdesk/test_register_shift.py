"""The register's own shift in step with the cashier's, what the register says of itself before it stops
the work, and the fiscal tags of the people involved (the cashier's INN, the buyer's contact) — against
the fake of ATOL's driver web server, on both databases."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app import clock
from app.adapters.atol_driver import AtolDriverRegister
from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import Event, FiscalReceipt, Payment, PaymentMethod, Role, Shift
from app.services.admin.staff import list_staff, set_cashier_inn
from app.services.cashdesk.cancellation import cancel_payment
from app.services.cashdesk.fiscal import RegisterUnreachable, deliver
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.register_shift import (
    FN_ENDS,
    FN_FULL,
    OFD_UNSENT,
    SHIFT_ENDS,
    SHIFT_HELD,
    SHIFT_NOT_OPEN,
    SHIFT_OVER_24H,
    RegisterShiftHeld,
    check_register,
    close_register_shift,
    open_register_shift,
    print_register_x_report,
)
from app.services.cashdesk.shifts import close_shift, current_shift, open_shift
from tests.adapters.fake_atol import FakeAtolDriver
from tests.factories import make_contract, make_staff
from tests.services.cashdesk.test_fiscal import desk_with_register

INN = "500100732259"  # a person's INN with right check digits


@pytest.fixture
def fake() -> Iterator[FakeAtolDriver]:
    register = FakeAtolDriver()
    yield register
    register.close()


@pytest.fixture
def desk(db: Database, fake: FakeAtolDriver) -> int:
    return desk_with_register(db, fake.url)


def driver(fake: FakeAtolDriver) -> AtolDriverRegister:
    return AtolDriverRegister(fake.url, timeout=0.5)


def our_shift(db: Database, shift_id: int) -> Shift:
    with db.transaction() as session:
        shift = session.get_one(Shift, shift_id)
        session.expunge(shift)
        return shift


def event_kinds(db: Database) -> list[str]:
    with db.transaction() as session:
        return [e.kind for e in session.scalars(select(Event).order_by(Event.id))]


def test_opening_and_closing_our_shift_opens_and_closes_the_registers(
    db: Database, fake: FakeAtolDriver, desk: int
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    shift = open_shift(db, anna, desk, 0)
    opened = open_register_shift(db, anna, shift.id, driver(fake))
    assert (opened.number, opened.already, opened.closed_first) == (12, False, None)
    assert fake.reports == [("openShift", "Anna Test", "")]
    assert our_shift(db, shift.id).register_shift == 12
    again = open_register_shift(db, anna, shift.id, driver(fake))
    assert again.already and len(fake.reports) == 1  # in step already: nothing printed
    assert check_register(db, anna, shift.id, driver(fake)).warnings == []

    current = current_shift(db, anna)
    assert current is not None
    close_shift(db, anna, shift.id, 0, version=current.version)
    document = close_register_shift(db, anna, shift.id, driver(fake))
    assert document is not None and fake.shift_opened_at is None
    assert fake.reports[-1] == ("closeShift", "Anna Test", "")
    assert our_shift(db, shift.id).register_z_document == document
    assert close_register_shift(db, anna, shift.id, driver(fake)) is None  # closed already: no second Z
    kinds = event_kinds(db)
    assert kinds.count("register_shift_opened") == 1 and kinds.count("register_shift_closed") == 1


def test_a_shift_left_open_by_a_colleague_is_named_and_closed_only_when_asked(
    db: Database, fake: FakeAtolDriver, desk: int
) -> None:
    olga = make_staff(db, "olga", Role.CASHIER)
    anna = make_staff(db, "anna", Role.CASHIER)
    first = open_shift(db, olga, desk, 0)
    open_register_shift(db, olga, first.id, driver(fake))
    current = current_shift(db, olga)
    assert current is not None
    close_shift(db, olga, first.id, 0, version=current.version)
    fake.mode = "refuse"  # the register was off when Olga closed: its shift stays open
    with pytest.raises(RegisterUnreachable):
        close_register_shift(db, olga, first.id, driver(fake))
    fake.mode = "ok"

    second = open_shift(db, anna, desk, 0)
    with pytest.raises(RegisterShiftHeld) as held:
        open_register_shift(db, anna, second.id, driver(fake))
    assert held.value.params["number"] == 12 and held.value.params["holder"] == "Olga Test"
    assert held.value.params["holder_shift"] == first.id and not held.value.params["expired"]
    assert fake.reports == [("openShift", "Olga Test", "")]  # nothing closed behind anyone's back
    codes = [w.code for w in check_register(db, anna, second.id, driver(fake)).warnings]
    assert codes == [SHIFT_HELD]

    opened = open_register_shift(db, anna, second.id, driver(fake), close_held=True)
    assert (opened.number, opened.closed_first) == (13, 12)
    assert fake.reports[1:] == [("closeShift", "Anna Test", ""), ("openShift", "Anna Test", "")]
    assert our_shift(db, first.id).register_z_document is not None  # Olga's register shift is closed
    assert our_shift(db, second.id).register_shift == 13


def test_a_shift_opened_at_the_register_itself_is_nobodys(
    db: Database, fake: FakeAtolDriver, desk: int
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    shift = open_shift(db, anna, desk, 0)
    fake.open_shift_here("Кассир на кассе")
    with pytest.raises(RegisterShiftHeld) as held:
        open_register_shift(db, anna, shift.id, driver(fake))
    assert held.value.params["holder"] == "" and held.value.params["holder_shift"] is None


def test_the_register_says_what_will_stop_it_before_it_does(
    db: Database, fake: FakeAtolDriver, desk: int
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    start = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)
    with clock.frozen_at(start) as moment:
        shift = open_shift(db, anna, desk, 0)
        open_register_shift(db, anna, shift.id, driver(fake))
        moment.advance(hours=23, minutes=30)
        (ends,) = check_register(db, anna, shift.id, driver(fake)).warnings
        assert ends.code == SHIFT_ENDS and ends.params["at"] == start + dt.timedelta(hours=24)

        moment.advance(hours=1)
        (over,) = check_register(db, anna, shift.id, driver(fake)).warnings
        assert over.code == SHIFT_OVER_24H
        post_payment(
            db, anna, client_uuid=uuid.uuid4(), contract_id=contract, amount=100_00, method=PaymentMethod.CASH
        )
        outcome = deliver(db, anna, desk, driver(fake), sleep=lambda _s: None)
        assert outcome.waiting == 1 and "24" in outcome.last_error  # the register refuses: over 24 hours
        opened = open_register_shift(db, anna, shift.id, driver(fake), close_held=True)  # Z, then a new one
        assert opened.closed_first == 12 and opened.number == 13
        assert deliver(db, anna, desk, driver(fake), everything=True, sleep=lambda _s: None).done == 1

        fake.fn_warnings = {"memoryOverflowFn": True}
        fake.fn_valid_until = moment.moment + dt.timedelta(days=10)
        fake.unsent_count, fake.unsent_since = 7, moment.moment - dt.timedelta(hours=30)
        warnings = {w.code: w.params for w in check_register(db, anna, shift.id, driver(fake)).warnings}
        assert set(warnings) == {FN_FULL, FN_ENDS, OFD_UNSENT}
        assert warnings[FN_FULL]["flags"] == ["memoryOverflowFn"]
        assert warnings[OFD_UNSENT] == {"count": 7, "since": moment.moment - dt.timedelta(hours=30)}

        fake.unsent_since = moment.moment - dt.timedelta(hours=2)  # a short outage is not a warning
        fake.fn_warnings, fake.fn_valid_until = {}, moment.moment + dt.timedelta(days=400)
        assert check_register(db, anna, shift.id, driver(fake)).warnings == []

        close_register_shift(db, anna, shift.id, driver(fake))  # closed at the register, ours still open
        codes = [w.code for w in check_register(db, anna, shift.id, driver(fake)).warnings]
        assert codes == [SHIFT_NOT_OPEN]


def test_a_register_that_does_not_answer_changes_nothing(
    db: Database, fake: FakeAtolDriver, desk: int
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    shift = open_shift(db, anna, desk, 0)
    fake.mode = "http500"
    with pytest.raises(RegisterUnreachable):
        open_register_shift(db, anna, shift.id, driver(fake))
    assert our_shift(db, shift.id).register_shift is None
    assert "register_shift_opened" not in event_kinds(db)


def test_the_cashiers_inn_goes_on_receipts_and_reports(db: Database, fake: FakeAtolDriver, desk: int) -> None:
    admin = make_staff(db, "boss", Role.ADMIN)
    anna = make_staff(db, "anna", Role.CASHIER)
    for typed, why in (("7707083893", "12"), ("500100732258", "check digit"), ("5001-0073-2259x", "digits")):
        with pytest.raises(ValidationError) as refused:
            set_cashier_inn(db, admin, anna.staff_id, typed)
        assert refused.value.field == "inn", why
    with pytest.raises(PermissionDenied):
        set_cashier_inn(db, anna, anna.staff_id, INN)
    assert set_cashier_inn(db, admin, anna.staff_id, " 5001 0073 2259 ").inn == INN
    assert {row.login: row.inn for row in list_staff(db, admin)}["anna"] == INN

    shift = open_shift(db, anna, desk, 0)
    open_register_shift(db, anna, shift.id, driver(fake))
    print_register_x_report(db, anna, driver(fake))
    assert fake.reports == [("openShift", "Anna Test", INN), ("reportX", "Anna Test", INN)]
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    post_payment(
        db, anna, client_uuid=uuid.uuid4(), contract_id=contract, amount=100_00, method=PaymentMethod.CASH
    )
    with db.transaction() as session:
        task = session.scalars(select(FiscalReceipt.task)).one()
    assert task["operator"] == {"name": "Anna Test", "vatin": INN}

    set_cashier_inn(db, admin, anna.staff_id, "")  # forgotten: receipts carry the name only
    assert {row.login: row.inn for row in list_staff(db, admin)}["anna"] == ""


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("+7 (916) 123-45-67", "+79161234567"),
        ("8 916 123 45 67", "+79161234567"),
        (" ivanov@mail.ru ", "ivanov@mail.ru"),
    ],
)
def test_the_buyers_contact_gets_the_electronic_receipt_and_its_return(
    db: Database, fake: FakeAtolDriver, desk: int, typed: str, sent: str
) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, anna, desk, 0)
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    posted = post_payment(
        db,
        anna,
        client_uuid=uuid.uuid4(),
        contract_id=contract,
        amount=250_00,
        method=PaymentMethod.CARD,
        receipt_to=typed,
    )
    assert deliver(db, anna, desk, driver(fake), sleep=lambda _s: None).done == 1
    cancel_payment(db, anna, posted.payment_id, "ошибся договором")  # a printed sale: a return follows
    with db.transaction() as session:
        tasks = list(session.scalars(select(FiscalReceipt.task).order_by(FiscalReceipt.id)))
    assert [(t["type"], t["clientInfo"]) for t in tasks] == [
        ("sell", {"emailOrPhone": sent}),
        ("sellReturn", {"emailOrPhone": sent}),
    ]


@pytest.mark.parametrize("typed", ["ivanov@mail", "ivanov mail.ru@", "+1 202 555 0100", "916-123"])
def test_a_wrong_contact_is_refused_and_nothing_is_posted(db: Database, desk: int, typed: str) -> None:
    anna = make_staff(db, "anna", Role.CASHIER)
    open_shift(db, anna, desk, 0)
    contract = make_contract(db, "100001", "Иванов Иван Иванович")
    with pytest.raises(ValidationError) as refused:
        post_payment(
            db,
            anna,
            client_uuid=uuid.uuid4(),
            contract_id=contract,
            amount=250_00,
            method=PaymentMethod.CASH,
            receipt_to=typed,
        )
    assert refused.value.field == "receipt_to"
    with db.transaction() as session:
        assert session.scalars(select(Payment.id)).all() == []
