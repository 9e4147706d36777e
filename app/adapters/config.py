"""What every adapter does with its settings rows: defaults filled in, validated for people."""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.kernel.settings import TRANSPORT_DEFAULTS, TransportKey

DEFAULT_TIMEOUT_S = 20.0
_MAX_ERROR = 300  # characters of a server's answer kept in an error message


def short(text: str) -> str:
    """One line of at most a few hundred characters (for error messages kept in the outbox)."""
    text = " ".join(text.split())
    return text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"


def setting(settings: Mapping[str, str], key: str) -> str:
    return (settings.get(key) or TRANSPORT_DEFAULTS[key]).strip()


def invalid(message: str, field: str) -> ValidationError:
    return ValidationError(message, field=field)


def timeout_seconds(settings: Mapping[str, str]) -> float:
    raw = setting(settings, TransportKey.TIMEOUT)
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 300:
        raise invalid(
            QT_TRANSLATE_NOOP("Errors", "The sending timeout must be from 1 to 300 seconds."),
            TransportKey.TIMEOUT,
        )
    return value
