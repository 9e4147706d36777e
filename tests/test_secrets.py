"""The database password lives in the OS keyring; without a keyring the program asks instead."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import make_url

from app import secrets
from app.bootstrap import open_database


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


URL = make_url("postgresql://billing@db-server:5433/office")


def test_password_round_trip_through_the_keyring(memory_keyring: MemoryKeyring) -> None:
    assert secrets.keyring_available()
    assert secrets.store_password(URL, "s3cret")
    assert memory_keyring.store == {("subscriber-desk", "billing@db-server:5433/office"): "s3cret"}
    assert secrets.load_password(URL) == "s3cret"
    secrets.forget_password(URL)
    assert secrets.load_password(URL) is None


def test_no_keyring_backend_does_not_crash(no_keyring: None) -> None:
    with pytest.raises(keyring.errors.NoKeyringError):
        keyring.get_password("x", "y")  # what headless Linux does
    assert not secrets.keyring_available()
    assert secrets.load_password(URL) is None
    assert secrets.store_password(URL, "s3cret") is False


def test_opening_the_server_uses_the_keyring_password(memory_keyring: MemoryKeyring, pg_url: str) -> None:
    url = make_url(pg_url)._replace(password=None)  # the URL as a workstation keeps it: no password
    secrets.store_password(url, "from-the-keyring")
    db = open_database(url, ask_password=lambda _url: pytest.fail("must not ask"))
    assert db.url.password == "from-the-keyring"
    db.dispose()


def test_opening_the_server_without_a_keyring_still_works(no_keyring: None, pg_url: str) -> None:
    # The local server trusts loopback: no password is needed, none is asked, nothing crashes.
    url = make_url(pg_url)._replace(password=None)
    db = open_database(url, ask_password=lambda _url: pytest.fail("must not ask"))
    assert db.url.password is None
    db.dispose()
