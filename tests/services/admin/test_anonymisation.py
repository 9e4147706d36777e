"""152-FZ: former subscribers past the retention period are anonymised — name, phones, e-mail,
passport, notes and outbox gone, the money and the sealed history intact and still verifying — on
both databases; the server checks the rule itself."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import select, text, update

from app.db import Database
from app.errors import PermissionDenied
from app.models import (
    Contract,
    ContractStatus,
    Event,
    LedgerEntry,
    LedgerKind,
    Notification,
    NotificationChannel,
    PaymentMethod,
    Role,
    Subscriber,
    SubscriberNote,
)
from app.models.subscriber import PERSONAL_COLUMNS
from app.services.admin.anonymisation import (
    ANONYMOUS_NAME,
    Refusal,
    anonymise_subscribers,
    months_before,
    preview_anonymisation,
)
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from app.services.frontdesk.notes import add_note
from app.services.frontdesk.personal_data import personal_data
from app.services.frontdesk.search import search
from app.services.kernel.chains import seal
from app.services.kernel.integrity import verify
from app.services.kernel.settings import business_date
from tests.factories import make_contract, make_desk, make_staff

NAME = "Субботина Вера Павловна"
PHONE = "79169998877"


def _former(
    db: Database, number: str, name: str, *, ended: dt.date, apartment: str, phone: str = PHONE
) -> tuple[int, int]:
    """A subscriber with a passport, e-mail and phones, and one contract terminated on `ended`;
    returns (subscriber id, contract id)."""
    contract_id = make_contract(db, number, name, apartment=apartment)
    with db.transaction() as session:
        contract = session.get_one(Contract, contract_id)
        session.execute(
            update(Subscriber)
            .where(Subscriber.id == contract.subscriber_id)
            .values(
                phone=phone,
                phone2="74822123456",
                email="vera@example.ru",
                passport_series="2805",
                passport_number="268088",
                passport_issued_by="УМВД России по Тверской области",
                passport_issued_on=dt.date(2010, 5, 6),
                birth_date=dt.date(1980, 1, 2),
            )
        )
        contract.status = ContractStatus.TERMINATED
        contract.terminated_on = ended
        return contract.subscriber_id, contract_id


def test_a_former_subscriber_leaves_no_personal_data_and_the_money_stays(
    db: Database, owner_db: Database
) -> None:
    admin = make_staff(db, "chief", Role.ADMIN)
    clerk = make_staff(db, "olga", Role.FRONT_DESK)
    cashier = make_staff(db, "anna", Role.CASHIER)
    today = business_date(db)
    subscriber, contract = _former(db, "100777", NAME, ended=months_before(today, 37), apartment="5")
    open_shift(db, cashier, make_desk(db), 0)
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=450_00, method=PaymentMethod.CASH
    )
    with db.transaction() as session:  # the last month's charge took it back to zero
        session.add(
            LedgerEntry(
                contract_id=contract,
                kind=LedgerKind.ADJUSTMENT,
                amount=-450_00,
                business_date=today,
                comment="x",
            )
        )
        session.add(
            Notification(
                channel=NotificationChannel.SMS,
                recipient=PHONE,
                text=f"{NAME}, по договору 100777 задолженность 450,00 ₽",
                subscriber_id=subscriber,
                contract_id=contract,
            )
        )
    add_note(db, clerk, subscriber, f"Звонить дочери: {PHONE}, Вера Павловна просила")
    personal_data(db, clerk, subscriber)  # a look at the passport: an event about her
    recent, _ = _former(
        db, "100778", "Ёлкин Пётр Ильич", ended=months_before(today, 2), apartment="6", phone="79160000001"
    )
    seal(db)  # the history and the ledger sealed before anonymising: they must stay valid

    preview = preview_anonymisation(db, admin)
    assert preview.retention_months == 36 and preview.cutoff == months_before(today, 36)
    assert [(r.subscriber_id, r.contracts, r.full_name) for r in preview.due] == [
        (subscriber, "100777", NAME)
    ]
    assert preview.held_back == []

    result = anonymise_subscribers(db, admin, [subscriber, recent])
    assert result.anonymised == 1 and result.refused == {recent: Refusal.TOO_RECENT}

    with owner_db.transaction() as session:  # the owner reads the passport columns directly
        columns = ("full_name", "phone", "phone2", "email", *PERSONAL_COLUMNS, "anonymised_on")
        row = session.execute(
            select(*(getattr(Subscriber, c) for c in columns)).where(Subscriber.id == subscriber)
        ).one()
        assert tuple(row) == (
            ANONYMOUS_NAME.format(id=subscriber),
            "",
            "",
            "",
            "",
            "",
            "",
            None,
            None,
            today,
        )
        assert (
            session.scalars(select(SubscriberNote).where(SubscriberNote.subscriber_id == subscriber)).all()
            == []
        )
        (message,) = session.scalars(select(Notification)).all()
        assert (message.recipient, message.text) == ("", "")
        # Nothing in the whole history still names her, her phone or her note: events keep references.
        events = session.execute(select(Event.summary, Event.details, Event.note)).all()
        history = json.dumps([list(e) for e in events], ensure_ascii=False, default=str)
        for trace in ("Субботина", "Вера", PHONE, "дочери"):
            assert trace not in history, trace
        kinds = session.scalars(select(Event.kind).where(Event.subscriber_id == subscriber)).all()
        assert "subscriber_anonymised" in kinds and "payment_posted" in kinds
        assert session.get_one(Contract, contract).balance == 0
        other = session.get_one(Subscriber, recent)
        assert other.full_name == "Ёлкин Пётр Ильич" and other.anonymised_on is None

    assert verify(db) == []  # balances = ledger sums, every seal and chain still whole
    assert search(db, clerk, "субботина") == []
    assert search(db, clerk, PHONE) == []
    shown = personal_data(db, clerk, subscriber)
    assert (shown.full_name, shown.passport_number, shown.birth_date) == (
        ANONYMOUS_NAME.format(id=subscriber),
        "",
        None,
    )
    # Twice is refused, not repeated; the preview no longer lists her.
    assert anonymise_subscribers(db, admin, [subscriber]).refused == {subscriber: Refusal.ALREADY}
    assert preview_anonymisation(db, admin).due == []


def test_money_owed_either_way_holds_a_former_subscriber_back(db: Database) -> None:
    admin = make_staff(db, "chief", Role.ADMIN)
    today = business_date(db)
    debtor, contract = _former(db, "100801", "Должников Иван", ended=months_before(today, 40), apartment="7")
    in_force = make_contract(db, "100802", "Действующий Абонент", apartment="8")
    with db.transaction() as session:
        session.add(
            LedgerEntry(
                contract_id=contract,
                kind=LedgerKind.ADJUSTMENT,
                amount=-120_00,
                business_date=today,
                comment="x",
            )
        )
        in_force_subscriber = session.get_one(Contract, in_force).subscriber_id

    preview = preview_anonymisation(db, admin)
    assert preview.due == []
    assert [(r.subscriber_id, r.balance) for r in preview.held_back] == [(debtor, -120_00)]
    result = anonymise_subscribers(db, admin, [debtor, in_force_subscriber, 999_999])
    assert result.anonymised == 0
    assert result.refused == {
        debtor: Refusal.BALANCE,
        in_force_subscriber: Refusal.TOO_RECENT,
        999_999: Refusal.NOT_FOUND,
    }
    with db.transaction() as session:
        assert session.get_one(Subscriber, debtor).full_name == "Должников Иван"


def test_only_an_administrator_anonymises(db: Database) -> None:
    clerk = make_staff(db, "olga", Role.FRONT_DESK)
    with pytest.raises(PermissionDenied):
        preview_anonymisation(db, clerk)
    with pytest.raises(PermissionDenied):
        anonymise_subscribers(db, clerk, [1])


def test_the_server_checks_the_rule_and_the_person_itself(pg_db: Database) -> None:
    """From psql: a front-desk login may not call the function; an administrator's call on a current
    subscriber is refused by the server's own check, whatever the program would have sent."""
    db = pg_db
    admin = make_staff(db, "chief", Role.ADMIN)
    clerk = make_staff(db, "olga", Role.FRONT_DESK)
    current = make_contract(db, "100900", NAME)
    with db.transaction() as session:
        subscriber = session.get_one(Contract, current).subscriber_id
    with pytest.raises(PermissionDenied), db.transaction(clerk) as session:
        session.execute(text("SELECT anonymise_subscriber(:s, NULL)"), {"s": subscriber})
    with db.transaction(admin) as session:
        answer = session.scalar(text("SELECT anonymise_subscriber(:s, NULL)"), {"s": subscriber})
    assert answer == "too_recent"
    with db.transaction() as session:
        assert session.get_one(Subscriber, subscriber).full_name == NAME


def test_months_before_clamps_to_the_end_of_a_month() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 12, 6), 36) == dt.date(2023, 12, 6)
    assert months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


def test_the_command_line_lists_then_anonymises_as_a_named_administrator(sqlite_db: Database) -> None:
    from app import clock
    from app.services.admin.auth import authenticator_for
    from app.services.admin.second_factor import Enrolment, hotp, time_step, totp
    from tests.factories import PASSWORD
    from tests.test_cli import run_cli

    db = sqlite_db
    make_staff(db, "chief", Role.ADMIN)
    authenticator = authenticator_for(db, default=True)  # sets up the second factor, as the program does
    authenticator.authenticate("chief", PASSWORD)
    enrolment = Enrolment.new("chief")
    _, recovery_codes = authenticator.enrol_second_factor(enrolment, totp(enrolment.secret, clock.now()))
    next_code = hotp(enrolment.secret, time_step(clock.now()) + 1)  # a code is good once: the next step's
    subscriber, _ = _former(db, "100777", NAME, ended=months_before(business_date(db), 40), apartment="5")
    url = db.url.render_as_string(hide_password=False)

    anonymous = run_cli("privacy", "anonymise", "--dry-run", "--database", url)
    assert anonymous.returncode == 1 and "--login" in anonymous.stderr  # never an unnamed administrator

    listed = run_cli(
        "privacy", "anonymise", "--dry-run", "--login", "chief", "--database", url,
        stdin=f"{PASSWORD}\n{next_code}\n",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split("\t")[:2] == [str(subscriber), "100777"] and NAME in listed.stdout
    assert "1 would be anonymised, 0 held back" in listed.stderr

    done = run_cli(
        "privacy", "anonymise", "--login", "chief", "--database", url,
        stdin=f"{PASSWORD}\n{recovery_codes[0]}\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 anonymised" in done.stderr
    with db.transaction() as session:
        assert session.get_one(Subscriber, subscriber).full_name == ANONYMOUS_NAME.format(id=subscriber)
