"""Text as operators type it: Cyrillic-correct search keys, Latin look-alikes, tidy names."""

from __future__ import annotations

import re

# Latin letters that look like Cyrillic ones; a word typed with a mixed keyboard layout holds both.
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WORD = re.compile(r"\S+")


def fix_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters inside words that are otherwise Cyrillic («Ивaнов» → «Иванов»)."""
    return _WORD.sub(
        lambda m: m.group().translate(_LATIN_TO_CYRILLIC) if _CYRILLIC.search(m.group()) else m.group(), text
    )


def tidy(text: str) -> str:
    """Collapse runs of spaces and trim; what a name or address field stores."""
    return " ".join(text.split())


def search_key(text: str) -> str:
    """The form a search column stores and a query is matched in: lower case, ё→е, look-alikes fixed,
    punctuation turned into spaces. Python lowers Cyrillic correctly (SQLite's lower() does not)."""
    key = fix_lookalikes(text).lower().replace("ё", "е")
    key = re.sub(r"[^\w]+", " ", key)
    return " ".join(key.split())
