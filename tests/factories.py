"""Small builders of test data that go straight to the database (no permissions involved)."""

from __future__ import annotations

from app.db import Database
from app.models import Role, Staff, StaffRole
from app.services.auth import actor_of
from app.services.passwords import hash_password
from app.services.permissions import Actor

PASSWORD = "correct horse 1"
_hash_cache: dict[str, str] = {}


def make_staff(
    db: Database, login: str, *roles: Role, password: str = PASSWORD, active: bool = True
) -> Actor:
    """A staff member with `roles`; returns the Actor as if they had signed in."""
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    with db.transaction() as session:
        staff = Staff(
            login=login, full_name=f"{login.title()} Test", password_hash=_hash_cache[password], active=active
        )
        staff.roles = [StaffRole(role=r) for r in roles]
        session.add(staff)
        session.flush()
        return actor_of(staff)
