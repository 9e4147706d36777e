"""Workstation logins that own nothing: the tables belong to the login that runs `db upgrade` (the
owner, kept by whoever administers the server); the office PCs connect with another login that may
read and write rows but cannot alter, empty, drop or switch the triggers off of anything, nor update
or delete a ledger entry, a payment, a cancellation, an event or a seal (refused by its privileges, and
by the append-only triggers it cannot switch off).

`grant_workstation(db, login)` is run by the owner (`subscriber-desk db grant-workstation LOGIN`);
default privileges make the tables of later upgrades follow."""

from __future__ import annotations

from sqlalchemy import text

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import Contract
from app.models.subscriber import PERSONAL_COLUMNS, Subscriber

# Rows are facts: no UPDATE or DELETE for a workstation (the triggers refuse them as well). The sealed
# tables keep UPDATE only because the sealer's brief SHARE lock needs it; their triggers refuse updates.
NO_UPDATE_OR_DELETE = ("payment", "payment_cancellation", "payment_effect", "chain_seal")
NO_DELETE = ("ledger_entry", "event")


def _quoted(login: str) -> str:
    if not login or not all(c.isalnum() or c in "_-." for c in login):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A login consists of letters, digits, «_», «-» and «.»."),
            field="login",
        )
    return '"' + login + '"'


def grant_workstation(db: Database, login: str) -> None:
    """Give an existing login what the workstations need, and nothing that lets it rewrite history."""
    if db.is_embedded:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Logins exist only on a shared PostgreSQL database."),
            field="database",
        )
    role = _quoted(login)
    readable = [c.name for c in Subscriber.__table__.columns if c.name not in PERSONAL_COLUMNS]
    contract_columns = [c.name for c in Contract.__table__.columns]
    statements = [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {_quoted(str(db.url.database))} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        f"REVOKE UPDATE, DELETE ON {', '.join(NO_UPDATE_OR_DELETE)} FROM {role}",
        f"REVOKE DELETE ON {', '.join(NO_DELETE)} FROM {role}",
        # Balances move only with the ledger (its trigger, as the owner): never "by hand".
        f"REVOKE UPDATE ON contract FROM {role}",
        f"GRANT UPDATE ({', '.join(c for c in contract_columns if c != 'balance')}) ON contract TO {role}",
        # Passports only through the functions that record who read them (personal_data.py).
        f"REVOKE SELECT ON subscriber FROM {role}",
        f"GRANT SELECT ({', '.join(readable)}) ON subscriber TO {role}",
    ]
    with db.transaction() as session:
        for statement in statements:
            session.execute(text(statement))


def hand_over(db: Database, new_owner: str) -> str:
    """Convert an existing shared database whose workstations log in as the tables' owner: the
    tables pass to `new_owner` (an existing login kept by the server's administrator) and the old
    login becomes a workstation login that owns nothing. Run as a superuser; nothing is lost (no row
    moves). Returns the old owner's name."""
    if db.is_embedded:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Logins exist only on a shared PostgreSQL database."),
            field="database",
        )
    owner = _quoted(new_owner)
    with db.transaction() as session:
        old = session.scalar(
            text(
                "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relname = 'ledger_entry'"
            )
        )
        if old is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "This database has no Subscriber Desk tables yet: run `db upgrade`."
                ),
                field="database",
            )
        if old == new_owner:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "{login} already owns the tables."),
                field="login",
                login=new_owner,
            )
        session.execute(text(f"REASSIGN OWNED BY {_quoted(str(old))} TO {owner}"))
    grant_workstation(db, str(old))
    return str(old)
