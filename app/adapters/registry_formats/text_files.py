"""Text registry files: their encoding, as banks write them."""

from __future__ import annotations

from app.errors import QT_TRANSLATE_NOOP
from app.services.kernel.problems import Problem


class Unreadable(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.english())
        self.problem = problem


def decode(data: bytes, encoding: str = "auto") -> str:
    """Banks write registries in Windows-1251; some send UTF-8. `auto` takes UTF-8 (with or without a
    byte-order mark) when the bytes are valid UTF-8 — Cyrillic text in cp1251 practically never is —
    and cp1251 otherwise."""
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            if encoding == "utf-8":
                raise Unreadable(
                    Problem(
                        QT_TRANSLATE_NOOP("Errors", "The file is not in UTF-8, as its agent's settings say.")
                    )
                ) from None
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise Unreadable(
            Problem(QT_TRANSLATE_NOOP("Errors", "The file is neither UTF-8 nor Windows-1251 text."))
        ) from None
