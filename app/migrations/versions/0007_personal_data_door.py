"""personal data door: server-side functions through which workstations read passports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

PostgreSQL only. A workstation login may not SELECT the personal columns of `subscriber`
(app/services/admin/server_roles.py); these SECURITY DEFINER functions, owned by the tables' owner, are its only
way to them:

- `read_personal_data(subscriber, staff, purpose, summary)` inserts the «personal data viewed» event
  (with the database login that asked, taken from the session) and returns the columns;
- `subscriber_has_personal_data(subscriber)` says whether any is on file, nothing more;
- `contracts_with_passport(number, limit)` lists the contracts (number, name) whose subscriber has this
  passport number, for the duplicate check at signing.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FUNCTIONS = (
    "read_personal_data(integer, integer, text, text)",
    "subscriber_has_personal_data(integer)",
    "contracts_with_passport(text, integer)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION read_personal_data(p_subscriber integer, p_staff integer, p_purpose text, p_summary text)
        RETURNS TABLE (passport_series varchar, passport_number varchar, passport_issued_by varchar,
                       passport_issued_on date, birth_date date)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            v_name varchar;
        BEGIN
            SELECT s.full_name INTO v_name FROM subscriber s WHERE s.id = p_subscriber;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            INSERT INTO event (occurred_at, actor_staff_id, subscriber_id, kind, summary, details)
            VALUES (now(), p_staff, p_subscriber, 'personal_data_viewed', left(p_summary, 500),
                    json_build_object('name', v_name, 'purpose', p_purpose, 'login', session_user));
            RETURN QUERY SELECT s.passport_series, s.passport_number, s.passport_issued_by,
                                s.passport_issued_on, s.birth_date
                         FROM subscriber s WHERE s.id = p_subscriber;
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION subscriber_has_personal_data(p_subscriber integer) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT coalesce(s.passport_series, '') <> '' OR coalesce(s.passport_number, '') <> ''
                   OR s.birth_date IS NOT NULL
            FROM subscriber s WHERE s.id = p_subscriber
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION contracts_with_passport(p_number text, p_limit integer)
        RETURNS TABLE (number varchar, full_name varchar)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT c.number, s.full_name FROM contract c JOIN subscriber s ON s.id = c.subscriber_id
            WHERE c.status <> 'terminated' AND s.passport_number = p_number
            ORDER BY c.id LIMIT p_limit
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}")
