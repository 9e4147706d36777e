"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26

The whole domain schema (docs/architecture.md), plus triggers that make the history and the money append-only:
the program never updates or deletes them, and the database refuses it from any other client too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Rows of these tables are facts: corrections are new rows (a reversal, a new event), never edits.
APPEND_ONLY_TABLES = ("event", "ledger_entry", "payment", "payment_cancellation")


def create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'table % is append-only: rows are never updated or deleted', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$
            """
        )
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
            )
        return
    for table in APPEND_ONLY_TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'table {table} is append-only: rows are never updated or deleted'); END"
            )


def drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION refuse_append_only_change()")
        return
    for table in APPEND_ONLY_TABLES:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{action}")

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('billing_lock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_lock'))
    )
    op.create_table('cash_desk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_desk')),
    sa.UniqueConstraint('name', name=op.f('uq_cash_desk_name'))
    )
    op.create_table('district',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
    sa.UniqueConstraint('name', name=op.f('uq_district_name'))
    )
    op.create_table('installer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installer'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('login', name=op.f('uq_staff_login'))
    )
    op.create_table('subscriber',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('person', 'company', name='subscriber_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('phone2', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('notify_sms', sa.Boolean(), nullable=False),
    sa.Column('notify_email', sa.Boolean(), nullable=False),
    sa.Column('passport_series', sa.String(length=10), nullable=False),
    sa.Column('passport_number', sa.String(length=20), nullable=False),
    sa.Column('passport_issued_by', sa.String(length=300), nullable=False),
    sa.Column('passport_issued_on', sa.Date(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('inn', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('search_name', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriber'))
    )
    with op.batch_alter_table('subscriber', schema=None) as batch_op:
        batch_op.create_index('ix_subscriber_phone', ['phone'], unique=False)
        batch_op.create_index('ix_subscriber_phone2', ['phone2'], unique=False)

    op.create_table('tariff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('kind', sa.Enum('internet', 'catv', 'iptv', 'other', name='tariff_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('charging_mode', sa.Enum('daily', 'monthly', name='charging_mode', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('speed_kbps', sa.Integer(), nullable=True),
    sa.Column('device_limit', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tariff')),
    sa.UniqueConstraint('name', name=op.f('uq_tariff_name'))
    )
    op.create_table('billing_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('running', 'finished', 'failed', 'cancelled', name='billing_run_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_billing_run_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_run'))
    )
    with op.batch_alter_table('billing_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_billing_run_business_date'), ['business_date'], unique=False)

    op.create_table('building',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('street', sa.String(length=150), nullable=False),
    sa.Column('house', sa.String(length=20), nullable=False),
    sa.Column('block', sa.String(length=20), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('tap_label', sa.String(length=100), nullable=False),
    sa.Column('search_text', sa.String(length=400), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_building_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_building')),
    sa.UniqueConstraint('city', 'street', 'house', 'block', name=op.f('uq_building_city_street_house_block'))
    )
    with op.batch_alter_table('building', schema=None) as batch_op:
        batch_op.create_index('ix_building_district', ['district_id'], unique=False)

    op.create_table('installer_district',
    sa.Column('installer_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_installer_district_district_id_district')),
    sa.ForeignKeyConstraint(['installer_id'], ['installer.id'], name=op.f('fk_installer_district_installer_id_installer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('installer_id', 'district_id', name=op.f('pk_installer_district'))
    )
    op.create_table('receipt_counter',
    sa.Column('cash_desk_id', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('last_number >= 0', name=op.f('ck_receipt_counter_last_number_not_negative')),
    sa.ForeignKeyConstraint(['cash_desk_id'], ['cash_desk.id'], name=op.f('fk_receipt_counter_cash_desk_id_cash_desk')),
    sa.PrimaryKeyConstraint('cash_desk_id', name=op.f('pk_receipt_counter'))
    )
    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cash_desk_id', sa.Integer(), nullable=False),
    sa.Column('cashier_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opening_cash', sa.BigInteger(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expected_cash', sa.BigInteger(), nullable=True),
    sa.Column('counted_cash', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('opening_cash >= 0', name=op.f('ck_shift_opening_cash_not_negative')),
    sa.ForeignKeyConstraint(['cash_desk_id'], ['cash_desk.id'], name=op.f('fk_shift_cash_desk_id_cash_desk')),
    sa.ForeignKeyConstraint(['cashier_id'], ['staff.id'], name=op.f('fk_shift_cashier_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index('uq_shift_open_per_desk', ['cash_desk_id'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('staff_role',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('front_desk', 'cashier', 'dispatcher', 'admin', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_role_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', 'role', name=op.f('pk_staff_role'))
    )
    op.create_table('subscriber_note',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subscriber_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_subscriber_note_staff_id_staff')),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscriber.id'], name=op.f('fk_subscriber_note_subscriber_id_subscriber')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriber_note'))
    )
    with op.batch_alter_table('subscriber_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriber_note_subscriber_id'), ['subscriber_id'], unique=False)

    op.create_table('tariff_price',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tariff_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('monthly_fee', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('monthly_fee >= 0', name=op.f('ck_tariff_price_fee_not_negative')),
    sa.ForeignKeyConstraint(['tariff_id'], ['tariff.id'], name=op.f('fk_tariff_price_tariff_id_tariff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tariff_price')),
    sa.UniqueConstraint('tariff_id', 'effective_from', name=op.f('uq_tariff_price_tariff_id_effective_from'))
    )
    op.create_table('premises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('apartment', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_premises_building_id_building')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_premises')),
    sa.UniqueConstraint('building_id', 'apartment', name=op.f('uq_premises_building_id_apartment'))
    )
    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('subscriber_id', sa.Integer(), nullable=False),
    sa.Column('premises_id', sa.Integer(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('active', 'suspended', 'terminated', name='contract_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.Column('credit_limit', sa.BigInteger(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('debt_since', sa.Date(), nullable=True),
    sa.Column('never_block', sa.Boolean(), nullable=False),
    sa.Column('never_block_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('credit_limit >= 0', name=op.f('ck_contract_credit_limit_not_negative')),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_contract_premises_id_premises')),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscriber.id'], name=op.f('fk_contract_subscriber_id_subscriber')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract')),
    sa.UniqueConstraint('number', name=op.f('uq_contract_number'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index('ix_contract_debt_since', ['debt_since'], unique=False)
        batch_op.create_index('ix_contract_premises', ['premises_id'], unique=False)
        batch_op.create_index('ix_contract_subscriber', ['subscriber_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_staff_id', sa.Integer(), nullable=True),
    sa.Column('subscriber_id', sa.Integer(), nullable=True),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_staff_id'], ['staff.id'], name=op.f('fk_event_actor_staff_id_staff')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_event_contract_id_contract')),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscriber.id'], name=op.f('fk_event_subscriber_id_subscriber')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_contract_time', ['contract_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_event_kind_time', ['kind', 'occurred_at'], unique=False)
        batch_op.create_index('ix_event_subscriber_time', ['subscriber_id', 'occurred_at'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dedupe_key', sa.String(length=100), nullable=True),
    sa.Column('channel', sa.Enum('sms', 'email', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', name='notification_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('subscriber_id', sa.Integer(), nullable=True),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_notification_contract_id_contract')),
    sa.ForeignKeyConstraint(['subscriber_id'], ['subscriber.id'], name=op.f('fk_notification_subscriber_id_subscriber')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notification_dedupe_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_status', ['status', 'id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('internet', 'catv', 'iptv', 'other', name='service_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('tariff_id', sa.Integer(), nullable=False),
    sa.Column('identifier', sa.String(length=100), nullable=False),
    sa.Column('state', sa.Enum('pending', 'active', 'blocked', 'suspended', 'disconnect_pending', 'disconnected', 'closed', name='service_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('state_since', sa.Date(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.Column('scheduled_tariff_id', sa.Integer(), nullable=True),
    sa.Column('scheduled_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_service_contract_id_contract')),
    sa.ForeignKeyConstraint(['scheduled_tariff_id'], ['tariff.id'], name=op.f('fk_service_scheduled_tariff_id_tariff')),
    sa.ForeignKeyConstraint(['tariff_id'], ['tariff.id'], name=op.f('fk_service_tariff_id_tariff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service'))
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index('ix_service_contract', ['contract_id'], unique=False)
        batch_op.create_index('ix_service_state', ['state'], unique=False)

    op.create_table('ledger_entry',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('payment', 'charge', 'fee', 'adjustment', 'reversal', name='ledger_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('charge_period', sa.Date(), nullable=True),
    sa.Column('reverses_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.CheckConstraint("(kind = 'charge') = (charge_period IS NOT NULL AND service_id IS NOT NULL)", name=op.f('ck_ledger_entry_charge_has_period')),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_ledger_entry_amount_not_zero')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_ledger_entry_contract_id_contract')),
    sa.ForeignKeyConstraint(['reverses_id'], ['ledger_entry.id'], name=op.f('fk_ledger_entry_reverses_id_ledger_entry')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_ledger_entry_service_id_service')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_ledger_entry_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entry')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_ledger_entry_reverses_id')),
    sa.UniqueConstraint('service_id', 'charge_period', name=op.f('uq_ledger_entry_service_id_charge_period'))
    )
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entry_business_date', ['business_date'], unique=False)
        batch_op.create_index('ix_ledger_entry_contract_id', ['contract_id', 'id'], unique=False)

    op.create_table('work_order',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.Enum('disconnect_catv', 'reconnect_catv', 'install', 'repair', name='work_order_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('new', 'assigned', 'done', 'failed', 'cancelled', name='work_order_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('building_id', sa.Integer(), nullable=True),
    sa.Column('premises_id', sa.Integer(), nullable=True),
    sa.Column('installer_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('cancel_reason', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assigned_by', sa.Integer(), nullable=True),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by'], ['staff.id'], name=op.f('fk_work_order_assigned_by_staff')),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_work_order_building_id_building')),
    sa.ForeignKeyConstraint(['closed_by'], ['staff.id'], name=op.f('fk_work_order_closed_by_staff')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_work_order_contract_id_contract')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_work_order_created_by_staff')),
    sa.ForeignKeyConstraint(['installer_id'], ['installer.id'], name=op.f('fk_work_order_installer_id_installer')),
    sa.ForeignKeyConstraint(['premises_id'], ['premises.id'], name=op.f('fk_work_order_premises_id_premises')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_work_order_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order'))
    )
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.create_index('ix_work_order_building', ['building_id'], unique=False)
        batch_op.create_index('ix_work_order_contract', ['contract_id'], unique=False)
        batch_op.create_index('ix_work_order_installer_day', ['installer_id', 'planned_on'], unique=False)
        batch_op.create_index('ix_work_order_status_due', ['status', 'due_on'], unique=False)
        batch_op.create_index('uq_work_order_open_per_service', ['service_id', 'kind'], unique=True, sqlite_where=sa.text("status IN ('new', 'assigned') AND service_id IS NOT NULL"), postgresql_where=sa.text("status IN ('new', 'assigned') AND service_id IS NOT NULL"))

    op.create_table('payment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('client_uuid', sa.Uuid(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('ledger_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.Enum('cash', 'card', 'bank_registry', 'terminal', name='payment_method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cash_desk_id', sa.Integer(), nullable=True),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('receipt_number', sa.BigInteger(), nullable=True),
    sa.Column('external_ref', sa.String(length=100), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_amount_positive')),
    sa.ForeignKeyConstraint(['cash_desk_id'], ['cash_desk.id'], name=op.f('fk_payment_cash_desk_id_cash_desk')),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_payment_contract_id_contract')),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['ledger_entry.id'], name=op.f('fk_payment_ledger_entry_id_ledger_entry')),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_payment_shift_id_shift')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_payment_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('cash_desk_id', 'receipt_number', name=op.f('uq_payment_cash_desk_id_receipt_number')),
    sa.UniqueConstraint('client_uuid', name=op.f('uq_payment_client_uuid')),
    sa.UniqueConstraint('ledger_entry_id', name=op.f('uq_payment_ledger_entry_id'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_contract', ['contract_id'], unique=False)
        batch_op.create_index('ix_payment_external_ref', ['external_ref'], unique=False)
        batch_op.create_index('ix_payment_posted_at', ['posted_at'], unique=False)
        batch_op.create_index('ix_payment_shift', ['shift_id'], unique=False)

    op.create_table('payment_cancellation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reversal_entry_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], name=op.f('fk_payment_cancellation_payment_id_payment')),
    sa.ForeignKeyConstraint(['reversal_entry_id'], ['ledger_entry.id'], name=op.f('fk_payment_cancellation_reversal_entry_id_ledger_entry')),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_payment_cancellation_shift_id_shift')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_payment_cancellation_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_cancellation')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_payment_cancellation_payment_id')),
    sa.UniqueConstraint('reversal_entry_id', name=op.f('uq_payment_cancellation_reversal_entry_id'))
    )
    with op.batch_alter_table('payment_cancellation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_cancellation_shift_id'), ['shift_id'], unique=False)


    create_append_only_triggers()

def downgrade() -> None:
    drop_append_only_triggers()
    with op.batch_alter_table('payment_cancellation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_cancellation_shift_id'))

    op.drop_table('payment_cancellation')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_shift')
        batch_op.drop_index('ix_payment_posted_at')
        batch_op.drop_index('ix_payment_external_ref')
        batch_op.drop_index('ix_payment_contract')

    op.drop_table('payment')
    with op.batch_alter_table('work_order', schema=None) as batch_op:
        batch_op.drop_index('uq_work_order_open_per_service', sqlite_where=sa.text("status IN ('new', 'assigned') AND service_id IS NOT NULL"), postgresql_where=sa.text("status IN ('new', 'assigned') AND service_id IS NOT NULL"))
        batch_op.drop_index('ix_work_order_status_due')
        batch_op.drop_index('ix_work_order_installer_day')
        batch_op.drop_index('ix_work_order_contract')
        batch_op.drop_index('ix_work_order_building')

    op.drop_table('work_order')
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_entry_contract_id')
        batch_op.drop_index('ix_ledger_entry_business_date')

    op.drop_table('ledger_entry')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index('ix_service_state')
        batch_op.drop_index('ix_service_contract')

    op.drop_table('service')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_status')

    op.drop_table('notification')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_subscriber_time')
        batch_op.drop_index('ix_event_kind_time')
        batch_op.drop_index('ix_event_contract_time')

    op.drop_table('event')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_subscriber')
        batch_op.drop_index('ix_contract_premises')
        batch_op.drop_index('ix_contract_debt_since')

    op.drop_table('contract')
    op.drop_table('premises')
    op.drop_table('tariff_price')
    with op.batch_alter_table('subscriber_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscriber_note_subscriber_id'))

    op.drop_table('subscriber_note')
    op.drop_table('staff_role')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index('uq_shift_open_per_desk', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.drop_table('shift')
    op.drop_table('receipt_counter')
    op.drop_table('installer_district')
    with op.batch_alter_table('building', schema=None) as batch_op:
        batch_op.drop_index('ix_building_district')

    op.drop_table('building')
    with op.batch_alter_table('billing_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_billing_run_business_date'))

    op.drop_table('billing_run')
    op.drop_table('tariff')
    with op.batch_alter_table('subscriber', schema=None) as batch_op:
        batch_op.drop_index('ix_subscriber_phone2')
        batch_op.drop_index('ix_subscriber_phone')

    op.drop_table('subscriber')
    op.drop_table('staff')
    op.drop_table('setting')
    op.drop_table('installer')
    op.drop_table('district')
    op.drop_table('cash_desk')
    op.drop_table('billing_lock')
