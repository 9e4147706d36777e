"""Database passwords in the operating system's keyring (Windows Credential Locker, macOS Keychain,
Secret Service on Linux) — never in a config file. Without a usable keyring the caller asks the user."""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError
from sqlalchemy import URL

log = logging.getLogger(__name__)

SERVICE = "subscriber-desk"


def keyring_account(url: URL) -> str:
    """The keyring entry of a server login: user@host:port/database."""
    return f"{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def keyring_available() -> bool:
    try:
        return keyring.get_keyring().priority > 0  # the "fail" backend has priority 0
    except KeyringError:
        return False


def load_password(url: URL) -> str | None:
    """The stored password, or None when there is none or no keyring backend (headless Linux)."""
    try:
        return keyring.get_password(SERVICE, keyring_account(url))
    except KeyringError as exc:  # NoKeyringError and friends: ask the user instead
        log.info("no keyring for the database password: %s", exc)
        return None


def store_password(url: URL, password: str) -> bool:
    """Remember the password; False when no keyring can hold it (the caller says so to the user)."""
    try:
        keyring.set_password(SERVICE, keyring_account(url), password)
        return True
    except KeyringError as exc:
        log.warning("could not store the database password in the keyring: %s", exc)
        return False


def forget_password(url: URL) -> None:
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, keyring_account(url))


def secret_account(name: str, url: URL) -> str:
    """The keyring entry of a sending secret (SMTP password, SMS API key) for one database."""
    return f"{name}:{keyring_account(url)}"


def load_secret(name: str, url: URL) -> str | None:
    try:
        return keyring.get_password(SERVICE, secret_account(name, url))
    except KeyringError as exc:
        log.info("no keyring for %s: %s", name, exc)
        return None


def store_secret(name: str, url: URL, value: str) -> bool:
    try:
        keyring.set_password(SERVICE, secret_account(name, url), value)
        return True
    except KeyringError as exc:
        log.warning("could not store %s in the keyring: %s", name, exc)
        return False
