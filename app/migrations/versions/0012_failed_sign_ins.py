"""failed sign-ins on a server reach the history: the PC they were typed on reports them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

PostgreSQL only (app/services/admin/failed_sign_ins.py): `record_failed_sign_ins(failures, workstation)`
(SECURITY DEFINER, for every signed-in person) writes the refused sign-ins a PC remembered as «failed
sign-in» events — the login when the digest matches one of ours, else the masked form the PC sent;
the time as the PC saw it, never later than now; the PC's name; the person whose sign-in reported
them as the event's actor (the server checks that every event names the session's own person).
At most 100 a call. A person can report made-up failures from psql: they are marked with their own
name, and nothing but the history changes.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

RECORD = """
    CREATE FUNCTION record_failed_sign_ins(p_failures json, p_workstation text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        v_staff integer := session_staff_id();
        v_item json;
        v_login text;
        v_count integer := 0;
    BEGIN
        IF v_staff IS NULL THEN
            RAISE EXCEPTION 'failed sign-ins are reported by a signed-in person' USING ERRCODE = '42501';
        END IF;
        FOR v_item IN SELECT value FROM json_array_elements(p_failures) LIMIT 100 LOOP
            SELECT s.login INTO v_login FROM staff s
             WHERE encode(digest(s.login, 'sha256'), 'hex') = v_item->>'login_sha256';
            IF NOT FOUND THEN
                v_login := left(coalesce(v_item->>'masked', '?'), 40);
            END IF;
            INSERT INTO event (occurred_at, actor_staff_id, kind, summary, details)
            VALUES (least((v_item->>'at')::timestamptz, now()), v_staff, 'login_failed',
                    left('Failed sign-in as ' || v_login, 500),
                    json_build_object('login', v_login, 'workstation', left(p_workstation, 100),
                                      'reported', true));
            v_count := v_count + 1;
        END LOOP;
        RETURN v_count;
    END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(RECORD)
    op.execute("REVOKE ALL ON FUNCTION record_failed_sign_ins(json, text) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION record_failed_sign_ins(json, text)")
