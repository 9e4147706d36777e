"""promotions, prepaid periods and the fixed prices they give

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

- `promotion`: an offer an administrator defines — the first months at a price, a prepayment of N months
  for the price of fewer, or a bonus credit (app/services/billing/promotions.py, docs/promotions.md).
- `promotion_attachment`: a promotion given to one contract, at signing or later; the bonus's ledger entry.
- `prepaid_period`: whole months paid ahead by one payment; the debt policy leaves the contract alone in it.
- `fixed_price`: a service's monthly fee held for a span of days (a prepaid period's price, a promotion's
  first months): the billing run charges it whenever the tariff (less any discount) would cost more.
- PostgreSQL: a promotion's bonus is an adjustment the front desk may post, and only as the bonus of an
  attachment (`check_ledger_document()` gains that case and its trigger looks at adjustments). A fixed
  price a workstation writes must be its promotion's price within its months, or its prepaid period's
  for the period's days, on a service of the contract at the tariff it has, and may later only end
  sooner (`check_fixed_price()`); a prepaid period must be whole months paid by a standing payment of
  the contract at prices that add up to it, and may later only be cancelled with its payment
  (`check_prepaid_period()`). Rows are updatable only in the columns the program changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
OUTAGE_REVERSAL = """
                    OR (v_reversed.kind = 'adjustment' AND EXISTS (
                        SELECT 1 FROM outage_credit oc JOIN outage o ON o.id = oc.outage_id
                        WHERE oc.ledger_entry_id = v_reversed.id AND o.cancelled_at IS NOT NULL))"""
ADJUSTMENT = """
            ELSIF NEW.kind = 'adjustment' THEN
                -- an administrator's (an outage's credit), or a promotion's bonus given by the front desk
                IF session_has_job('admin') OR EXISTS (
                    SELECT 1 FROM promotion_attachment a JOIN promotion p ON p.id = a.promotion_id
                    WHERE a.ledger_entry_id = NEW.id AND a.contract_id = NEW.contract_id
                      AND p.kind = 'bonus' AND p.bonus = NEW.amount) THEN
                    RETURN NULL;
                END IF;"""
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
                END IF;{adjustment}
            ELSE
                RETURN NULL;
            END IF;
            RAISE EXCEPTION 'ledger entry % (%) is not part of a payment, its fee or its cancellation',
                NEW.id, NEW.kind USING ERRCODE = '42501';
        END $$
        """
DOCUMENT_TRIGGER = (
    "CREATE CONSTRAINT TRIGGER ledger_entry_has_its_document AFTER INSERT ON ledger_entry "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
    "WHEN (NEW.kind IN ({kinds}) AND NOT session_is_trusted()) "
    "EXECUTE FUNCTION check_ledger_document()"
)
LEDGER_KINDS = """
    CREATE OR REPLACE FUNCTION check_ledger_kinds() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
    BEGIN
        IF session_staff_id() IS NULL AND session_is_trusted() THEN
            RETURN NULL;
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'charge')
           AND NOT (session_has_job('admin') OR session_has_job('scheduler')) THEN
            RAISE EXCEPTION 'charges are made by the billing run only' USING ERRCODE = '42501';
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'charge' AND amount > 0) THEN
            RAISE EXCEPTION 'a charge takes money, it never adds any' USING ERRCODE = '42501';
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'adjustment') AND NOT session_has_job('admin'){front_desk} THEN
            RAISE EXCEPTION 'adjustments are made by an administrator only' USING ERRCODE = '42501';
        END IF;
        RETURN NULL;
    END $$
    """
# the front desk's adjustments: a promotion's bonus only (check_ledger_document looks at each)
FRONT_DESK_BONUS = " AND NOT session_has_job('front_desk')"
FIXED_PRICE_CHECK = f"""
    CREATE FUNCTION check_fixed_price() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
        IF session_has_job('admin') THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            -- ending sooner (a cancelled prepayment, an ended promotion) is all a workstation may do
            -- (the grants let it update last_day only)
            IF NEW.last_day <= OLD.last_day THEN
                RETURN NULL;
            END IF;
        ELSIF NOT EXISTS (SELECT 1 FROM service s WHERE s.id = NEW.service_id
                          AND s.contract_id = NEW.contract_id AND s.tariff_id = NEW.tariff_id) THEN
            NULL;  -- another contract's service, or not the tariff it has
        ELSIF NEW.attachment_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM promotion_attachment a JOIN promotion p ON p.id = a.promotion_id
            JOIN service s ON s.id = NEW.service_id
            WHERE a.id = NEW.attachment_id AND a.contract_id = NEW.contract_id
              AND p.kind = 'first_months' AND p.price = NEW.monthly_fee
              AND (p.service_kind IS NULL OR p.service_kind = s.kind)
              AND NEW.first_day >= a.attached_on
              AND NEW.last_day < (NEW.first_day + make_interval(months => p.months))::date) THEN
            RETURN NULL;
        ELSIF NEW.prepaid_period_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM prepaid_period pp
            WHERE pp.id = NEW.prepaid_period_id AND pp.contract_id = NEW.contract_id
              AND pp.first_day = NEW.first_day AND pp.last_day = NEW.last_day) THEN
            RETURN NULL;  -- its period checks that the prices add up to what the payment took
        END IF;
        RAISE EXCEPTION 'fixed price % is not a promotion''s price or its prepaid period''s', NEW.id
            USING ERRCODE = '42501';
    END $$
    """
PREPAID_PERIOD_CHECK = f"""
    CREATE FUNCTION check_prepaid_period() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    BEGIN
        IF session_has_job('admin') THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
            -- whole months from a first day, paid by a payment of this contract that stands, at held
            -- prices that add up to what the period took
            IF NEW.cancelled_at IS NULL AND EXTRACT(DAY FROM NEW.first_day) = 1
               AND NEW.last_day = (NEW.first_day + make_interval(months => NEW.months) - interval '1 day')::date
               AND EXISTS (SELECT 1 FROM payment p WHERE p.id = NEW.payment_id
                           AND p.contract_id = NEW.contract_id AND p.amount >= NEW.amount
                           AND NOT EXISTS (SELECT 1 FROM payment_cancellation c WHERE c.payment_id = p.id))
               AND NEW.amount = NEW.months * (SELECT sum(f.monthly_fee) FROM fixed_price f
                                              WHERE f.prepaid_period_id = NEW.id) THEN
                RETURN NULL;
            END IF;
        ELSIF OLD.cancelled_at IS NULL AND NEW.cancelled_at IS NOT NULL
              AND EXISTS (SELECT 1 FROM payment_cancellation c WHERE c.payment_id = NEW.payment_id) THEN
            RETURN NULL;  -- cancelled with its payment (the grants let it update cancelled_at only)
        END IF;
        RAISE EXCEPTION 'prepaid period % is not what its payment paid', NEW.id USING ERRCODE = '42501';
    END $$
    """


def upgrade() -> None:
    op.create_table(
        "promotion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("paid_tenths", sa.Integer(), nullable=True),
        sa.Column("bonus", sa.BigInteger(), nullable=True),
        sa.Column("service_kind", sa.String(length=20), nullable=True),
        sa.Column("offered_until", sa.Date(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="uq_promotion_name"),
        sa.CheckConstraint(
            "(kind = 'first_months' AND COALESCE(months, 0) > 0 AND COALESCE(price, -1) >= 0"
            " AND paid_tenths IS NULL AND bonus IS NULL)"
            " OR (kind = 'prepay' AND COALESCE(months, 0) > 0 AND COALESCE(paid_tenths, 0) > 0"
            " AND paid_tenths <= months * 10 AND price IS NULL AND bonus IS NULL)"
            " OR (kind = 'bonus' AND COALESCE(bonus, 0) > 0 AND months IS NULL AND price IS NULL"
            " AND paid_tenths IS NULL)",
            name="ck_promotion_terms",
        ),
    )
    op.create_table(
        "promotion_attachment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), nullable=False),
        sa.Column("promotion_id", sa.Integer(), sa.ForeignKey("promotion.id"), nullable=False),
        sa.Column("attached_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("ledger_entry_id", BIG_ID, sa.ForeignKey("ledger_entry.id"), nullable=True),
        sa.Column("attached_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("contract_id", "promotion_id", name="uq_promotion_attachment_contract_id_promotion_id"),
        sa.UniqueConstraint("ledger_entry_id", name="uq_promotion_attachment_ledger_entry_id"),
    )
    op.create_index("ix_promotion_attachment_contract", "promotion_attachment", ["contract_id"])
    op.create_table(
        "prepaid_period",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), nullable=False),
        sa.Column("payment_id", BIG_ID, sa.ForeignKey("payment.id"), nullable=False),
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("promotion_attachment.id"), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("full_amount", sa.BigInteger(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("payment_id", name="uq_prepaid_period_payment_id"),
        sa.CheckConstraint(
            "months > 0 AND amount > 0 AND last_day >= first_day", name="ck_prepaid_period_span"
        ),
    )
    op.create_index("ix_prepaid_period_contract", "prepaid_period", ["contract_id", "last_day"])
    op.create_table(
        "fixed_price",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contract.id"), nullable=False),
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("service.id"), nullable=False),
        sa.Column("tariff_id", sa.Integer(), sa.ForeignKey("tariff.id"), nullable=False),
        sa.Column("monthly_fee", sa.BigInteger(), nullable=False),
        sa.Column("full_fee", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("prepaid_period_id", sa.Integer(), sa.ForeignKey("prepaid_period.id"), nullable=True),
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("promotion_attachment.id"), nullable=True),
        sa.CheckConstraint("monthly_fee >= 0", name="ck_fixed_price_fee_not_negative"),
        sa.CheckConstraint(
            "(prepaid_period_id IS NULL) <> (attachment_id IS NULL)", name="ck_fixed_price_one_source"
        ),
    )
    op.create_index("ix_fixed_price_service", "fixed_price", ["service_id", "last_day"])
    op.create_index("ix_fixed_price_last_day", "fixed_price", ["last_day"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(LEDGER_DOCUMENT.format(definer=DEFINER, outage=OUTAGE_REVERSAL, adjustment=ADJUSTMENT))
        op.execute(LEDGER_KINDS.format(definer=DEFINER, front_desk=FRONT_DESK_BONUS))
        op.execute("DROP TRIGGER ledger_entry_has_its_document ON ledger_entry")
        op.execute(DOCUMENT_TRIGGER.format(kinds="'payment', 'fee', 'reversal', 'adjustment'"))
        op.execute(FIXED_PRICE_CHECK)
        op.execute(
            "CREATE CONSTRAINT TRIGGER fixed_price_has_its_source AFTER INSERT OR UPDATE ON fixed_price "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT session_is_trusted()) "
            "EXECUTE FUNCTION check_fixed_price()"
        )
        op.execute(PREPAID_PERIOD_CHECK)
        op.execute(
            "CREATE CONSTRAINT TRIGGER prepaid_period_is_paid AFTER INSERT OR UPDATE ON prepaid_period "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT session_is_trusted()) "
            "EXECUTE FUNCTION check_prepaid_period()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER prepaid_period_is_paid ON prepaid_period")
        op.execute("DROP FUNCTION check_prepaid_period()")
        op.execute("DROP TRIGGER fixed_price_has_its_source ON fixed_price")
        op.execute("DROP FUNCTION check_fixed_price()")
        op.execute("DROP TRIGGER ledger_entry_has_its_document ON ledger_entry")
        op.execute(DOCUMENT_TRIGGER.format(kinds="'payment', 'fee', 'reversal'"))
        op.execute(LEDGER_DOCUMENT.format(definer=DEFINER, outage=OUTAGE_REVERSAL, adjustment=""))
        op.execute(LEDGER_KINDS.format(definer=DEFINER, front_desk=""))
    op.drop_table("fixed_price")
    op.drop_table("prepaid_period")
    op.drop_table("promotion_attachment")
    op.drop_table("promotion")
