"""Errors meant for people: each carries an English source text that the views translate.

Domain code imports no Qt, so messages are marked with QT_TRANSLATE_NOOP (found by pyside6-lupdate)
and translated at the edge by `app.views.messages.error_text`.
"""

from __future__ import annotations

from typing import Any

CONTEXT = "Errors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for the translation catalog; translation happens in the views."""
    return text


class DomainError(Exception):
    """An expected error: the operator can fix it (bad input, a conflict, a lost connection)."""

    message: str = QT_TRANSLATE_NOOP("Errors", "The action could not be completed.")

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        self.source_text = message or self.message
        self.params = params
        super().__init__(self.english())

    def english(self) -> str:
        return self.source_text.format(**self.params) if self.params else self.source_text


class ValidationError(DomainError):
    """Input the operator must correct; `field` names the form field at fault when there is one."""

    message = QT_TRANSLATE_NOOP("Errors", "Please check the entered data.")

    def __init__(self, message: str | None = None, /, *, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(message, **params)


class InvisibleCharacter(ValidationError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The text contains an invisible character (NUL) that cannot be stored. "
        "Remove it (retype the text) and try again.",
    )


class PermissionDenied(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "You do not have permission to do this ({permission}). Ask an administrator."
    )


class AccountChanged(PermissionDenied):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "An administrator has changed or deactivated your account since you signed in: nothing was done. "
        "Sign in again.",
    )


class AuthenticationFailed(DomainError):
    # One message for unknown login, wrong password and locked account: it tells an attacker nothing.
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "Wrong login or password, or the account is locked. "
        "After several failed attempts the account is locked for a while.",
    )


class SecondFactorRefused(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The code is wrong, expired or used already. Type the code your authenticator app shows now "
        "(or one of your recovery codes); after several wrong codes the next one is checked after a pause.",
    )


class ConcurrentEdit(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "This record was changed by someone else meanwhile. It has been reloaded: check it and try again.",
    )


class NotFound(DomainError):
    message = QT_TRANSLATE_NOOP("Errors", "The record was not found. It may have been removed or renamed.")


class DatabaseUnavailable(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors", "The database is unreachable: nothing was saved. Check the network and try again."
    )


class CommitOutcomeUnknown(DatabaseUnavailable):
    """The connection broke while COMMIT was on its way: the work may or may not be saved."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The connection to the database broke while saving. It is not known whether the change was saved: "
        "check before repeating it.",
    )


class DatabaseNotAnswering(DatabaseUnavailable):
    """The window stopped waiting for an answer that did not come (a hung server or network)."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database has not answered for {seconds} seconds, so the program stopped waiting: nothing was "
        "changed. Check the network, or ask the administrator whether the server works, and try again.",
    )


class AnswerLostWhileSaving(CommitOutcomeUnknown):
    """The window stopped waiting for a change to be saved: the server may still save it."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database has not answered for {seconds} seconds while saving. It is not known whether the "
        "change was saved: check before repeating it.",
    )


class DatabaseBusy(DomainError):
    """A statement waited too long for a lock other work holds (lock_timeout): rolled back."""

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database is busy with other work on the same records: nothing was saved. Try again in a minute.",
    )


class SchemaMismatch(DomainError):
    """The database schema is not the one this program was built for."""


class DatabaseTooNew(SchemaMismatch):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database was upgraded by a newer version of Subscriber Desk (schema {current}). "
        "Install the newer program version on this computer.",
    )


class DatabaseTooOld(SchemaMismatch):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The database schema is older than this program. An administrator must upgrade it "
        "(menu on sign-in or `subscriber-desk db upgrade`).",
    )


class DatabaseEmpty(SchemaMismatch):
    message = QT_TRANSLATE_NOOP(
        "Errors", "The database is empty. Create its tables with `subscriber-desk db upgrade`."
    )


class PasswordRequired(DomainError):
    message = QT_TRANSLATE_NOOP("Errors", "The database server asks for a password for user {user}.")
