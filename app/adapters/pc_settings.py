"""What one PC keeps for itself (QSettings: the registry on Windows, an .ini file elsewhere): the
database it works in, chosen on its first start. Read by the program's window and its command line."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORG_NAME = "SubscriberDesk"
APP_NAME = "Subscriber Desk"
DATABASE_KEY = "database/url"
EMBEDDED = "embedded"  # the saved choice "this PC only": the file in the user's data folder


def _settings() -> QSettings:
    return QSettings(ORG_NAME, APP_NAME)


def saved_database() -> str | None:
    """The saved choice: a server URL without login or password, "embedded", or None (not chosen)."""
    value = _settings().value(DATABASE_KEY)
    return str(value) if value else None


def save_database(choice: str) -> None:
    settings = _settings()
    settings.setValue(DATABASE_KEY, choice)
    settings.sync()


def forget_database() -> None:
    settings = _settings()
    settings.remove(DATABASE_KEY)
    settings.sync()
