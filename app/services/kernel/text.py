"""Text as operators type it: Cyrillic-correct search keys, Latin look-alikes, tidy names, phones."""

from __future__ import annotations

import re

from app.errors import QT_TRANSLATE_NOOP, InvisibleCharacter, ValidationError

# Latin letters that look like Cyrillic ones; a word typed with a mixed keyboard layout holds both.
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WORD = re.compile(r"\S+")


def to_cyrillic(text: str) -> str:
    """Every Latin look-alike letter as its Cyrillic twin (for short codes like «12a» → «12а»)."""
    return text.translate(_LATIN_TO_CYRILLIC)


def fix_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters inside words that are otherwise Cyrillic («Ивaнов» → «Иванов»)."""
    return _WORD.sub(
        lambda m: m.group().translate(_LATIN_TO_CYRILLIC) if _CYRILLIC.search(m.group()) else m.group(), text
    )


def tidy(text: str) -> str:
    """Collapse runs of spaces and trim; what a name or address field stores."""
    return " ".join(text.split())


def refuse_nul(values: dict[str, str] | list[tuple[str, str]]) -> None:
    """Refuse a NUL character (invisible, pasted from elsewhere) in any of the (field, text) pairs:
    PostgreSQL cannot store it and SQLite would keep it hidden. The unit of work refuses it too
    (app/db.py); this names the field of a form whose values are not stored one column each."""
    pairs = values.items() if isinstance(values, dict) else values
    for field, text in pairs:
        if "\x00" in text:
            raise InvisibleCharacter(field=field)


def search_key(text: str) -> str:
    """The form a search column stores and a query is matched in: lower case, ё→е, look-alikes fixed,
    punctuation turned into spaces. Python lowers Cyrillic correctly (SQLite's lower() does not)."""
    key = fix_lookalikes(text).lower().replace("ё", "е")
    key = re.sub(r"[^\w]+", " ", key)
    return " ".join(key.split())


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_email(text: str) -> bool:
    """Shaped like an e-mail address (one @, a dot in the domain, no spaces): what a typo breaks."""
    return bool(_EMAIL.match(text))


_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]*$")


def normalize_phone(text: str, *, field: str = "phone") -> str:
    """A Russian phone number as stored: 11 digits starting with 7 («+7 (916) 123-45-67»,
    «8 916 123 45 67» and «9161234567» all give 79161234567). Anything else is refused."""
    raw = text.strip()
    digits = re.sub(r"\D", "", raw)
    if not _PHONE_CHARACTERS.match(raw) or not digits:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "A phone number holds only digits (spaces, brackets and hyphens are fine). "
                "Type it like +7 916 123-45-67.",
            ),
            field=field,
        )
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not raw.startswith("+"))):
        return "7" + digits[1:]
    if len(digits) == 10 and not raw.startswith("+"):
        return "7" + digits
    raise ValidationError(
        QT_TRANSLATE_NOOP(
            "Errors",
            "A Russian phone number is +7 or 8 and then 10 digits, like +7 916 123-45-67; "
            "{count} digits were typed.",
        ),
        field=field,
        count=len(digits),
    )


def format_phone(phone: str) -> str:
    """79161234567 → «+7 (916) 123-45-67»; anything else is shown as stored."""
    if len(phone) != 11 or not phone.isdigit() or phone[0] != "7":
        return phone
    return f"+7 ({phone[1:4]}) {phone[4:7]}-{phone[7:9]}-{phone[9:]}"


def short_name(full_name: str) -> str:
    """«Анисимов Владислав Кириллович» → «Анисимов В. К.» (for narrow columns and signatures)."""
    parts = full_name.split()
    if len(parts) < 2 or not all(p.replace("-", "").isalpha() for p in parts):
        return full_name  # a company or something unusual: as written
    return parts[0] + " " + " ".join(f"{p[0]}." for p in parts[1:3])
