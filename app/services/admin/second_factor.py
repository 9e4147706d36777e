"""The second factor: time-based one-time codes (TOTP, RFC 6238 over HOTP, RFC 4226: HMAC-SHA1, six
digits, 30-second steps — what every authenticator app reads from a QR code) and one-time recovery
codes printed at enrolment.

Who needs it: every administrator, and the people of the roles an administrator adds (setting
`session.second_factor_roles`; only a demo database asks nobody). Embedded, the program checks the
code at sign-in and unlock against the staff table. On a shared server the owner's functions check
it (migration 0010) and only then let the session use the jobs that need it, so an administrator's
password alone opens nothing of an administrator's from psql either. docs/accounts.md says what it
protects and what it does not.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.orm import Session

from app.models import Role
from app.services.kernel.settings import Key, read_settings

STEP_SECONDS = 30
DIGITS = 6
# Codes of the step before and after are accepted too: a phone's clock a little off, a slow typist.
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, RFC 4226's recommendation for HMAC-SHA1
RECOVERY_CODES = 10
ISSUER = "Subscriber Desk"


def hotp(secret: bytes, counter: int) -> str:
    """RFC 4226: the six-digit code of `counter`."""
    mac = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def time_step(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def totp(secret: bytes, moment: dt.datetime) -> str:
    """The code an authenticator app shows at `moment`."""
    return hotp(secret, time_step(moment))


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def secret_text(secret: bytes) -> str:
    """The secret as people type it into an app without a camera: base32 in groups of four."""
    plain = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def provisioning_uri(secret: bytes, login: str, company: str = "") -> str:
    """The otpauth:// address the enrolment QR code holds (Google's Key Uri Format)."""
    issuer = f"{ISSUER} {company}".strip() if company else ISSUER
    plain = base64.b32encode(secret).decode().rstrip("=")
    label = quote(f"{issuer}:{login}")
    return (
        f"otpauth://totp/{label}?secret={plain}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )


def new_recovery_codes() -> list[str]:
    """Ten codes of ten hexadecimal characters, shown as «3f9a1-c07b2»."""
    return [_grouped(secrets.token_hex(5)) for _ in range(RECOVERY_CODES)]


def _grouped(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalized(code: str) -> str:
    """What a person typed, without spaces and dashes, in lower case."""
    return "".join(c for c in code.strip().lower() if c not in " -\u00a0")


def recovery_code_hash(code: str) -> str:
    return hashlib.sha256(normalized(code).encode()).hexdigest()


def is_totp_code(code: str) -> bool:
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def protected_roles(configured: str) -> frozenset[Role]:
    """The roles whose people need the second factor, from the setting's value (the settings screen
    always keeps administrators in; only the demo data's database has "", nobody)."""
    known = {r.value for r in Role}
    return frozenset(Role(n.strip()) for n in configured.split(",") if n.strip() in known)


def roles_text(roles: Iterable[Role]) -> str:
    """The setting's value for `roles` (administrators are always included)."""
    return ",".join(sorted({Role.ADMIN.value, *(r.value for r in roles)}))


def configured_roles(session: Session) -> str:
    return read_settings(session)[Key.SECOND_FACTOR_ROLES]


def matching_step(secret: bytes, code: str, now: dt.datetime, *, after: int = -1) -> int | None:
    """The newest step within the drift around `now`, later than `after`, whose code `code` is."""
    typed = normalized(code)
    if not is_totp_code(typed):
        return None
    current = time_step(now)
    for step in range(current + DRIFT_STEPS, current - DRIFT_STEPS - 1, -1):
        if step > after and hmac.compare_digest(hotp(secret, step), typed):
            return step
    return None


@dataclass(frozen=True)
class Enrolment:
    """A secret being enrolled: shown as a QR code and as text until the person types a good code."""

    secret: bytes
    uri: str
    text: str

    @classmethod
    def new(cls, login: str, company: str = "") -> Enrolment:
        secret = new_secret()
        return cls(secret, provisioning_uri(secret, login, company), secret_text(secret))
