"""ledger moves balance: a contract's balance changes only with its ledger, inside the database

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Every ledger entry inserted adds its amount to its contract's balance, by a trigger owned by the
tables' owner (on PostgreSQL one statement-level trigger per INSERT, set-based through the transition
table, SECURITY DEFINER). The program no longer writes balances itself, and a workstation login may
not UPDATE the balance column at all (app/services/admin/server_roles.py): a balance raised "by hand" is refused by
the server, and the balance is the sum of the ledger by construction.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQLITE_TRIGGER = (
    "CREATE TRIGGER ledger_entry_moves_balance AFTER INSERT ON ledger_entry BEGIN "
    "UPDATE contract SET balance = balance + NEW.amount WHERE id = NEW.contract_id; END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute(SQLITE_TRIGGER)
        return
    op.execute(
        """
        CREATE FUNCTION ledger_moves_balance() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            UPDATE contract c SET balance = c.balance + moved.total
            FROM (SELECT contract_id, sum(amount) AS total FROM new_entries GROUP BY contract_id) moved
            WHERE c.id = moved.contract_id;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_entry_moves_balance AFTER INSERT ON ledger_entry "
        "REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_moves_balance()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ledger_entry_moves_balance" + (" ON ledger_entry" if _pg() else ""))
    if _pg():
        op.execute("DROP FUNCTION ledger_moves_balance()")


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"
