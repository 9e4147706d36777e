"""anonymisation of former subscribers; the history stops copying a subscriber's name

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

Both databases: `subscriber.anonymised_on`, the business date a former subscriber's personal data was
replaced (app/services/admin/anonymisation.py, docs/accounts.md «Anonymising former subscribers»).

PostgreSQL also:

- `read_personal_data` records the look without the subscriber's name (the event refers to the
  subscriber by its id; the history renders the name when it is read), so anonymising reaches it;
- `anonymise_subscriber(subscriber, staff)` (SECURITY DEFINER, for an administrator who passed the
  second factor) checks the rule on the server — every contract terminated at least the retention
  period ago by the server's clock in the company's zone, every balance zero — then replaces the name,
  phones, e-mail, passport, birth date and INN, removes the notes, empties the subscriber's outbox
  rows and records «subscriber_anonymised». It returns NULL when done, else why not. Ledger, payments
  and the history are untouched (the seals stay valid).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
# The same words as app/services/admin/anonymisation.py: ANONYMOUS_NAME, the refusals, the setting.
ANONYMISE = f"""
    CREATE FUNCTION anonymise_subscriber(p_subscriber integer, p_staff integer) RETURNS text
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
        v_staff integer := CASE WHEN session_is_trusted() THEN p_staff ELSE session_staff_id() END;
        v_months integer := coalesce((SELECT value FROM setting WHERE key = 'privacy.retention_months'),
                                     '36')::integer;
        v_zone text := coalesce((SELECT value FROM setting WHERE key = 'timezone'), 'Europe/Moscow');
        v_today date := (now() AT TIME ZONE v_zone)::date;
        v_cutoff date := (v_today - make_interval(months => v_months))::date;
        v_name text := format('Обезличенный абонент № %s', p_subscriber);
        v_done date;
    BEGIN
        IF NOT (session_is_trusted() OR session_has_job('admin')) THEN
            RAISE EXCEPTION 'anonymising needs an administrator who passed the second factor'
                USING ERRCODE = '42501';
        END IF;
        SELECT anonymised_on INTO v_done FROM subscriber WHERE id = p_subscriber FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'not_found';
        ELSIF v_done IS NOT NULL THEN
            RETURN 'already';
        ELSIF NOT EXISTS (SELECT 1 FROM contract WHERE subscriber_id = p_subscriber) THEN
            RETURN 'no_contract';
        END IF;
        -- the contracts' rows are locked: no payment or termination slips in between check and change
        PERFORM 1 FROM contract WHERE subscriber_id = p_subscriber FOR UPDATE;
        IF EXISTS (SELECT 1 FROM contract WHERE subscriber_id = p_subscriber
                   AND (status <> 'terminated' OR terminated_on IS NULL OR terminated_on > v_cutoff)) THEN
            RETURN 'too_recent';
        ELSIF EXISTS (SELECT 1 FROM contract WHERE subscriber_id = p_subscriber AND balance <> 0) THEN
            RETURN 'balance';
        END IF;
        UPDATE subscriber
           SET full_name = v_name, search_name = format('обезличенный абонент %s', p_subscriber),
               phone = '', phone2 = '', email = '',
               notify_sms = false, notify_email = false, inn = '', passport_series = '',
               passport_number = '', passport_issued_by = '', passport_issued_on = NULL,
               birth_date = NULL, anonymised_on = v_today, version = version + 1
         WHERE id = p_subscriber;
        DELETE FROM subscriber_note WHERE subscriber_id = p_subscriber;
        UPDATE notification SET recipient = '', text = ''
         WHERE subscriber_id = p_subscriber
            OR contract_id IN (SELECT id FROM contract WHERE subscriber_id = p_subscriber);
        INSERT INTO event (occurred_at, actor_staff_id, subscriber_id, kind, summary, details)
        VALUES (now(), v_staff, p_subscriber, 'subscriber_anonymised',
                format('Personal data anonymised (%s months after the last contract ended)', v_months),
                json_build_object('months', v_months, 'login', session_user));
        RETURN NULL;
    END $$
"""
# read_personal_data as in 0010, without copying the name into the event.
READ_PERSONAL_DATA = f"""
    CREATE OR REPLACE FUNCTION read_personal_data(p_subscriber integer, p_staff integer, p_purpose text,
                                                  p_summary text)
    RETURNS TABLE (passport_series varchar, passport_number varchar, passport_issued_by varchar,
                   passport_issued_on date, birth_date date)
    LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
        v_staff integer := CASE WHEN session_is_trusted() THEN p_staff ELSE session_staff_id() END;
    BEGIN
        IF NOT (session_is_trusted() OR session_has_job('front_desk') OR session_has_job('admin')) THEN
            RAISE EXCEPTION 'personal data needs the second factor of this sign-in' USING ERRCODE = '42501';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM subscriber s WHERE s.id = p_subscriber) THEN
            RETURN;
        END IF;
        INSERT INTO event (occurred_at, actor_staff_id, subscriber_id, kind, summary, details)
        VALUES (now(), v_staff, p_subscriber, 'personal_data_viewed', left(p_summary, 500),
                json_build_object('purpose', p_purpose, 'login', session_user));
        RETURN QUERY SELECT s.passport_series, s.passport_number, s.passport_issued_by,
                            s.passport_issued_on, s.birth_date
                     FROM subscriber s WHERE s.id = p_subscriber;
    END $$
"""
READ_PERSONAL_DATA_0010 = """
    CREATE OR REPLACE FUNCTION read_personal_data(p_subscriber integer, p_staff integer, p_purpose text,
                                                  p_summary text)
    RETURNS TABLE (passport_series varchar, passport_number varchar, passport_issued_by varchar,
                   passport_issued_on date, birth_date date)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        v_name varchar;
        v_staff integer := CASE WHEN session_is_trusted() THEN p_staff ELSE session_staff_id() END;
    BEGIN
        IF NOT (session_is_trusted() OR session_has_job('front_desk') OR session_has_job('admin')) THEN
            RAISE EXCEPTION 'personal data needs the second factor of this sign-in' USING ERRCODE = '42501';
        END IF;
        SELECT s.full_name INTO v_name FROM subscriber s WHERE s.id = p_subscriber;
        IF NOT FOUND THEN
            RETURN;
        END IF;
        INSERT INTO event (occurred_at, actor_staff_id, subscriber_id, kind, summary, details)
        VALUES (now(), v_staff, p_subscriber, 'personal_data_viewed', left(p_summary, 500),
                json_build_object('name', v_name, 'purpose', p_purpose, 'login', session_user));
        RETURN QUERY SELECT s.passport_series, s.passport_number, s.passport_issued_by,
                            s.passport_issued_on, s.birth_date
                     FROM subscriber s WHERE s.id = p_subscriber;
    END $$
"""


def upgrade() -> None:
    with op.batch_alter_table("subscriber") as batch:
        batch.add_column(sa.Column("anonymised_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(READ_PERSONAL_DATA)
    op.execute(ANONYMISE)
    op.execute("REVOKE ALL ON FUNCTION anonymise_subscriber(integer, integer) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION anonymise_subscriber(integer, integer)")
        op.execute(READ_PERSONAL_DATA_0010)
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_column("anonymised_on")
