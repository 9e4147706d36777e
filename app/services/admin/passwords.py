"""argon2id password hashing with the OWASP parameters (m=19456 KiB, t=2, p=1)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import QT_TRANSLATE_NOOP, ValidationError

_hasher = PasswordHasher(
    time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)
# Verified against when the login is unknown, so a wrong login takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def check_new_password(password: str) -> None:
    """Refuse passwords too short to survive a guess; the message says what to change."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The password must be at least {length} characters long."),
            field="password",
            length=MIN_PASSWORD_LENGTH,
        )
    if password.strip() != password:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The password must not start or end with a space."), field="password"
        )
