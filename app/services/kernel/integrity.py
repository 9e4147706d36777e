"""`db verify`: the money and the history as the program wrote them.

Checks that hold in every correct database, whoever looks: the database file is sound (SQLite), the
schema is this program's, every contract's balance is the sum of its ledger, every payment and every
cancellation has its ledger entry with the same amount, no ledger entry or event changed after it was
written (their hash chains, `kernel/chains.py`). Each problem comes back as one line naming the row."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import aliased

from app.db import Database
from app.models import Contract, LedgerEntry, Payment, PaymentCancellation
from app.schema import SchemaState, schema_state
from app.services.kernel.chains import broken_links

MAX_LISTED = 20  # problems of one kind listed by row; the rest are counted


def verify(db: Database) -> list[str]:
    """Every problem found (empty: the database is sound)."""
    problems: list[str] = []
    if db.is_embedded:
        with db.reading() as conn:
            result = [r for (r,) in conn.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            return [f"the database file is damaged: {'; '.join(result[:5])}"]
    state, revision = schema_state(db)
    if state is not SchemaState.CURRENT:
        return [f"the schema is {state.value} (at {revision or 'none'}): run `db upgrade` first"]
    with db.reading() as conn:
        sums = (
            select(LedgerEntry.contract_id, func.sum(LedgerEntry.amount).label("total"))
            .group_by(LedgerEntry.contract_id)
            .subquery()
        )
        off = conn.execute(
            select(Contract.id, Contract.number, Contract.balance, func.coalesce(sums.c.total, 0))
            .outerjoin(sums, sums.c.contract_id == Contract.id)
            .where(Contract.balance != func.coalesce(sums.c.total, 0))
            .order_by(Contract.id)
        ).all()
        problems += _listed(
            [f"contract {n} (id {i}): balance {b} but its ledger sums to {t}" for i, n, b, t in off]
        )
        entry = aliased(LedgerEntry)
        payments = conn.execute(
            select(Payment.id, Payment.receipt_number, Payment.amount, entry.amount, entry.contract_id)
            .outerjoin(entry, entry.id == Payment.ledger_entry_id)
            .where(
                (entry.id.is_(None))
                | (entry.amount != Payment.amount)
                | (entry.contract_id != Payment.contract_id)
            )
            .order_by(Payment.id)
        ).all()
        problems += _listed(
            [
                f"payment id {i} (receipt {r}): {a} kopecks but its ledger entry says {e}"
                for i, r, a, e, _c in payments
            ]
        )
        reversals = conn.execute(
            select(PaymentCancellation.id, PaymentCancellation.amount, entry.amount)
            .outerjoin(entry, entry.id == PaymentCancellation.reversal_entry_id)
            .where((entry.id.is_(None)) | (entry.amount != -PaymentCancellation.amount))
            .order_by(PaymentCancellation.id)
        ).all()
        problems += _listed(
            [f"cancellation id {i}: {a} kopecks but its reversal entry says {e}" for i, a, e in reversals]
        )
    problems += broken_links(db)
    return problems


def _listed(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return [*lines[:MAX_LISTED], f"… and {len(lines) - MAX_LISTED} more like these"]
