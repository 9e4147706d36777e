"""outages compensated by batches of credits

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

- `outage`: a network outage the company compensates — its window, the services it hit (as chosen),
  the batch's count and total, and its cancellation.
- `outage_credit`: one service's credit for an outage and the ledger entry that made it
  (app/services/billing/outages.py, docs/compensation.md).
- PostgreSQL: `check_ledger_document()` also lets in the reversal of an outage's credit once its outage
  is cancelled (migration 0009 wrote the function; this is it again with that one case added).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
OUTAGE_REVERSAL = """
                    OR (v_reversed.kind = 'adjustment' AND EXISTS (
                        SELECT 1 FROM outage_credit oc JOIN outage o ON o.id = oc.outage_id
                        WHERE oc.ledger_entry_id = v_reversed.id AND o.cancelled_at IS NOT NULL))"""
LEDGER_DOCUMENT = """
        CREATE OR REPLACE FUNCTION check_ledger_document() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        DECLARE
            v_reversed ledger_entry;
        BEGIN
            IF NEW.kind = 'payment' THEN
                IF EXISTS (SELECT 1 FROM payment p WHERE p.ledger_entry_id = NEW.id
                           AND p.contract_id = NEW.contract_id AND p.amount = NEW.amount) THEN
                    RETURN NULL;
                END IF;
            ELSIF NEW.kind = 'fee' THEN
                -- the reconnection fee a payment charged, or a one-off fee an administrator charges
                IF session_has_job('admin') OR EXISTS (SELECT 1 FROM payment_effect e WHERE e.ledger_entry_id = NEW.id) THEN
                    RETURN NULL;
                END IF;
            ELSIF NEW.kind = 'reversal' THEN
                SELECT * INTO v_reversed FROM ledger_entry WHERE id = NEW.reverses_id;
                IF FOUND AND v_reversed.contract_id = NEW.contract_id AND v_reversed.amount = -NEW.amount AND (
                    (v_reversed.kind = 'payment' AND EXISTS (
                        SELECT 1 FROM payment p JOIN payment_cancellation c ON c.payment_id = p.id
                        WHERE p.ledger_entry_id = v_reversed.id AND c.reversal_entry_id = NEW.id))
                    OR (v_reversed.kind = 'fee' AND EXISTS (
                        SELECT 1 FROM payment_effect e JOIN payment_cancellation c ON c.payment_id = e.payment_id
                        WHERE e.ledger_entry_id = v_reversed.id)){outage}) THEN
                    RETURN NULL;
                END IF;
            ELSE
                RETURN NULL;
            END IF;
            RAISE EXCEPTION 'ledger entry % (%) is not part of a payment, its fee or its cancellation',
                NEW.id, NEW.kind USING ERRCODE = '42501';
        END $$
        """


def upgrade() -> None:
    op.create_table(
        "outage",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("credits", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "outage_credit",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("outage_id", sa.Integer(), sa.ForeignKey("outage.id"), nullable=False),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), nullable=False),
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("service.id"), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("ledger_entry_id", BIG_ID, sa.ForeignKey("ledger_entry.id"), nullable=False),
        sa.UniqueConstraint("ledger_entry_id", name="uq_outage_credit_ledger_entry_id"),
    )
    op.create_index("ix_outage_credit_outage", "outage_credit", ["outage_id"])
    op.create_index("ix_outage_credit_contract", "outage_credit", ["contract_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LEDGER_DOCUMENT.format(definer=DEFINER, outage=OUTAGE_REVERSAL))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LEDGER_DOCUMENT.format(definer=DEFINER, outage=""))
    op.drop_table("outage_credit")
    op.drop_table("outage")
