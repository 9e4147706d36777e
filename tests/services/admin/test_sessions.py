"""Sessions follow the truth: a person deactivated, or given other roles, by an administrator while
signed in is stopped at their next action with a clear message — in the embedded mode by the staff
table, on a server by the server itself."""

from __future__ import annotations

import uuid

import pytest

from app.db import Database
from app.errors import AccountChanged, AuthenticationFailed, PermissionDenied
from app.models import PaymentMethod, Role
from app.services.admin import staff as staff_service
from app.services.admin.auth import authenticator_for
from app.services.cashdesk.payments import post_payment
from app.services.cashdesk.shifts import open_shift
from tests.factories import PASSWORD, make_contract, make_desk, make_staff


def pay(db: Database, cashier, contract: int) -> None:
    post_payment(
        db, cashier, client_uuid=uuid.uuid4(), contract_id=contract, amount=100_00, method=PaymentMethod.CASH
    )


@pytest.fixture
def till(signin_db: Database):
    make_staff(signin_db, "olga", Role.CASHIER)
    admin = make_staff(signin_db, "boss", Role.ADMIN)
    cashier = authenticator_for(signin_db).authenticate("olga", PASSWORD)  # she signs in at her desk
    open_shift(signin_db, cashier, make_desk(signin_db), 0)
    contract = make_contract(signin_db, "100001")
    pay(signin_db, cashier, contract)
    return signin_db, admin, cashier, contract


def test_a_person_deactivated_while_signed_in_is_stopped_at_the_next_action(till) -> None:
    db, admin, cashier, contract = till
    staff_service.set_active(db, admin, cashier.staff_id, False)
    with pytest.raises(AccountChanged) as caught:  # on a server: its open session was ended
        pay(db, cashier, contract)
    assert "Sign in again" in str(caught.value)
    with pytest.raises(AuthenticationFailed):
        authenticator_for(db).authenticate("olga", PASSWORD)
    staff_service.set_active(db, admin, cashier.staff_id, True)
    again = authenticator_for(db).authenticate("olga", PASSWORD)
    pay(db, again, contract)


def test_a_role_taken_away_while_signed_in_stops_the_next_action(till) -> None:
    db, admin, cashier, contract = till
    staff_service.set_roles(db, admin, cashier.staff_id, [Role.FRONT_DESK])
    with pytest.raises(PermissionDenied) as caught:  # on a server: refused by the server's privileges
        pay(db, cashier, contract)
    assert isinstance(caught.value, AccountChanged) or not db.is_embedded
    again = authenticator_for(db).authenticate("olga", PASSWORD)
    assert again.roles == frozenset({Role.FRONT_DESK})
