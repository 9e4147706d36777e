"""argon2id password hashing with the OWASP parameters (m=19456 KiB, t=2, p=1)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.resources import COMMON_PASSWORDS

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@cache
def _hasher() -> PasswordHasher:
    """Made at the first use, not at import: the program's window opens without waiting for argon2."""
    from argon2 import PasswordHasher, Type

    return PasswordHasher(
        time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
    )


@cache
def _dummy_hash() -> str:
    """Verified against when the login is unknown, so a wrong login takes as long as a wrong password."""
    return _hasher().hash("not a password of anyone")


MIN_PASSWORD_LENGTH = 10
# Keyboard rows and the alphabet, each way, on both layouts: a run of 6+ of them is a pattern, not a secret.
_ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
)
_RUN = 6


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


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
    if is_easy_to_guess(password):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "This password is among the first an attacker tries (a common password, a keyboard row or "
                "a repetition). Choose another: several words, for example.",
            ),
            field="password",
        )


@cache
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_easy_to_guess(password: str) -> bool:
    """A bundled common password (also with digits or punctuation around it: «Password2026!»), one
    short piece repeated («aaaaaaaaaa», «abcabcabca»), or mostly a keyboard row or the alphabet."""
    lowered = password.lower()
    core = lowered.strip("0123456789!@#$%^&*()_-+=.,;:?~ ")
    common = _common()
    if lowered in common or (core and core in common):
        return True
    for size in range(1, len(lowered) // 2 + 1):
        if (lowered[:size] * (len(lowered) // size + 1))[: len(lowered)] == lowered:
            return True
    rows = [r for row in _ROWS for r in (row, row[::-1])]
    in_rows = sum(
        1 for i in range(len(lowered) - _RUN + 1) if any(lowered[i : i + _RUN] in row for row in rows)
    )
    return in_rows > 0 and len(lowered) - in_rows - _RUN + 1 < 4  # little else besides the run
