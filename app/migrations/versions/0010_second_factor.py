"""second factor: TOTP secrets and recovery codes; on a server, jobs that need it open only after the
server checked a code

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

Both databases: `staff_second_factor` (a person's TOTP secret, the last step used, wrong codes in a
row) and `staff_recovery_code` (SHA-256 of one-time codes).

PostgreSQL also (docs/accounts.md, «Second factor»):

- nobody but the owner reads those two tables; the owner's functions check the codes with pgcrypto's
  HMAC-SHA1: `enrol_second_factor(secret, code)`, `confirm_second_factor(code)` (a person's tries
  take turns and wait longer and longer, counted by a sequence that a rollback does not undo),
  `resume_second_factor(token)`
  for the other connections of the same sign-in, `end_second_factor(token)` at sign-out,
  `second_factor_state()`, and `reset_second_factor(staff)` for an administrator;
- a session that passed shows it with a proof the server computes from a key only the owner reads,
  its backend's pid and its login (`session_second_factor_ok()`); the proof dies with the session;
- `session_has_job(job)` is false for a job that needs the second factor (the roles of the setting
  `session.second_factor_roles`: administrators unless it says otherwise — only a demo database does) until the session passed, so the staff-account functions,
  adjustments, charges and one-off fees refuse an administrator's password alone; the statement
  trigger `check_job_session` (attached by `db upgrade` to every table a job writes) refuses the
  writes only such a job allows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
JOBS = "ARRAY['front_desk', 'cashier', 'dispatcher', 'admin']"
PROOF = "subscriber_desk.second_factor"  # the session's proof: a custom setting only our functions set
TOKEN_HOURS = 16  # one working day and a half: a sign-in's other connections join it this long

FUNCTIONS = (
    "totp_code(bytea, bigint)",
    "job_needs_second_factor(text)",
    "second_factor_proof()",
    "session_second_factor_ok()",
    "second_factor_passed(integer)",
    "second_factor_event(integer, text, text)",
    "second_factor_state()",
    "enrol_second_factor(bytea, text)",
    "confirm_second_factor(text)",
    "resume_second_factor(text)",
    "end_second_factor(text)",
    "reset_second_factor(integer)",
    "check_job_session()",
)

# session_has_job as in 0009, and false for a job that needs the second factor until the session
# passed it (people only: the owner and the scheduler's login are not people).
SESSION_HAS_JOB = """
    CREATE OR REPLACE FUNCTION session_has_job(p_job text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = public.job_role(p_job))
               AND pg_catalog.pg_has_role(session_user, public.job_role(p_job), 'MEMBER')
               AND (NOT public.job_needs_second_factor(p_job) OR public.session_staff_id() IS NULL
                    OR public.session_second_factor_ok())
    $$
"""
SESSION_HAS_JOB_0009 = """
    CREATE OR REPLACE FUNCTION session_has_job(p_job text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = public.job_role(p_job))
               AND pg_catalog.pg_has_role(session_user, public.job_role(p_job), 'MEMBER')
    $$
"""


def upgrade() -> None:
    op.create_table(
        "staff_second_factor",
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("last_step", sa.BigInteger(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("wait_until", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "staff_recovery_code",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("staff_id", "code_hash", name="uq_staff_recovery_code"),
    )
    op.create_index("ix_staff_recovery_code_staff_id", "staff_recovery_code", ["staff_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
    # Tables only the owner's functions use (no model: app/schema.py skips the prefix).
    op.execute(
        "CREATE TABLE second_factor_key (id integer PRIMARY KEY CHECK (id = 1), key bytea NOT NULL)"
    )
    op.execute("INSERT INTO second_factor_key VALUES (1, gen_random_bytes(32))")
    op.execute(
        "CREATE TABLE second_factor_token (token_hash text PRIMARY KEY, "
        "staff_id integer NOT NULL REFERENCES staff(id) ON DELETE CASCADE, "
        "issued_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)"
    )
    _code_checks()
    op.execute(SESSION_HAS_JOB)
    _functions_for_people()
    op.execute(
        f"""
        CREATE FUNCTION check_job_session() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_job text;
        BEGIN
            -- TG_ARGV: the jobs that may write this table. One of them must be usable by the session.
            IF session_is_trusted() THEN
                RETURN NULL;
            END IF;
            FOREACH v_job IN ARRAY TG_ARGV LOOP
                IF session_has_job(v_job) THEN
                    RETURN NULL;
                END IF;
            END LOOP;
            RAISE EXCEPTION 'writing % needs the second factor of this sign-in', TG_TABLE_NAME
                USING ERRCODE = '42501';
        END $$
        """
    )
    # A person with only an administrator's password sees no passports either.
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION read_personal_data(p_subscriber integer, p_staff integer, p_purpose text,
                                                      p_summary text)
        RETURNS TABLE (passport_series varchar, passport_number varchar, passport_issued_by varchar,
                       passport_issued_on date, birth_date date)
        LANGUAGE plpgsql {DEFINER} AS $$
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
    )


def _code_checks() -> None:
    # RFC 4226 dynamic truncation of HMAC-SHA1(secret, counter as 8 bytes big-endian).
    op.execute(
        """
        CREATE FUNCTION totp_code(p_secret bytea, p_step bigint) RETURNS text
        LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
            WITH mac AS (SELECT public.hmac(pg_catalog.int8send(p_step), p_secret, 'sha1') AS m),
                 cut AS (SELECT m, pg_catalog.get_byte(m, 19) & 15 AS o FROM mac)
            SELECT pg_catalog.lpad(((((pg_catalog.get_byte(m, o) & 127)::bigint << 24)
                                     | (pg_catalog.get_byte(m, o + 1)::bigint << 16)
                                     | (pg_catalog.get_byte(m, o + 2)::bigint << 8)
                                     | pg_catalog.get_byte(m, o + 3)::bigint) % 1000000)::text, 6, '0')
            FROM cut
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION job_needs_second_factor(p_job text) RETURNS boolean LANGUAGE sql STABLE AS $$
            -- No setting: administrators. The demo data's database says '' (nobody); the program's
            -- settings screen always keeps administrators in.
            SELECT coalesce(p_job = ANY (pg_catalog.string_to_array(coalesce(
                (SELECT s.value FROM public.setting s WHERE s.key = 'session.second_factor_roles'), 'admin'), ',')),
                false)
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION second_factor_proof() RETURNS text LANGUAGE sql STABLE AS $$
            SELECT pg_catalog.encode(public.hmac(
                pg_catalog.convert_to(pg_catalog.pg_backend_pid()::text || ':' || session_user, 'UTF8'),
                (SELECT k.key FROM public.second_factor_key k WHERE k.id = 1), 'sha256'), 'hex')
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION session_second_factor_ok() RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT coalesce(pg_catalog.current_setting('{PROOF}', true), '') = public.second_factor_proof()
        $$
        """
    )
    # The session passed: its proof, and a token for the other connections of this sign-in.
    op.execute(
        f"""
        CREATE FUNCTION second_factor_passed(p_staff integer) RETURNS text LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_token text := pg_catalog.encode(gen_random_bytes(32), 'hex');
        BEGIN
            PERFORM pg_catalog.set_config('{PROOF}', second_factor_proof(), false);
            DELETE FROM second_factor_token WHERE expires_at < clock_timestamp();
            INSERT INTO second_factor_token (token_hash, staff_id, issued_at, expires_at)
            VALUES (pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(v_token, 'UTF8')), 'hex'), p_staff,
                    clock_timestamp(), clock_timestamp() + interval '{TOKEN_HOURS} hours');
            RETURN v_token;
        END $$
        """
    )
    # Summaries as app/services/kernel/history.py's EVENT_TEMPLATES write them; the person is the actor
    # (the session's own person: the server's actor check allows no one else).
    op.execute(
        f"""
        CREATE FUNCTION second_factor_event(p_staff integer, p_kind text, p_extra text)
        RETURNS void LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_login text := (SELECT s.login FROM staff s WHERE s.id = p_staff);
        BEGIN
            INSERT INTO event (occurred_at, actor_staff_id, kind, summary, details)
            VALUES (clock_timestamp(), p_staff, p_kind,
                    CASE p_kind
                        WHEN 'second_factor_enrolled' THEN v_login || ' set up the second factor'
                        WHEN 'second_factor_refused' THEN 'Second-factor code of ' || v_login || ' refused'
                        ELSE v_login || ' signed in with a recovery code' END,
                    CASE WHEN p_extra IS NULL THEN json_build_object('login', v_login)
                         ELSE json_build_object('login', v_login, p_extra, true) END);
        END $$
        """
    )


def _functions_for_people() -> None:
    op.execute(
        f"""
        CREATE FUNCTION second_factor_state()
        RETURNS TABLE (required boolean, enrolled boolean, passed boolean)
        LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT EXISTS (SELECT 1 FROM unnest({JOBS}) j
                           WHERE job_needs_second_factor(j)
                             AND pg_has_role(session_user, job_role(j), 'MEMBER')),
                   EXISTS (SELECT 1 FROM staff_second_factor f WHERE f.staff_id = session_staff_id()),
                   session_second_factor_ok()
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION enrol_second_factor(p_secret bytea, p_code text)
        RETURNS TABLE (token text, recovery_codes text[])
        LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_staff integer := session_staff_id();
            v_now bigint := floor(extract(epoch FROM clock_timestamp()) / 30);
            v_step bigint;
            v_codes text[];
        BEGIN
            IF v_staff IS NULL THEN
                RAISE EXCEPTION 'only a person enrols a second factor' USING ERRCODE = '42501';
            END IF;
            -- A new phone replaces the factor only from a session that passed with the old one.
            IF EXISTS (SELECT 1 FROM staff_second_factor WHERE staff_id = v_staff)
               AND NOT session_second_factor_ok() THEN
                RAISE EXCEPTION 'the second factor is set up already' USING ERRCODE = '42501';
            END IF;
            IF length(p_secret) NOT BETWEEN 16 AND 64 THEN
                RAISE EXCEPTION 'a second-factor secret is 16 to 64 bytes' USING ERRCODE = '22023';
            END IF;
            SELECT s INTO v_step FROM generate_series(v_now - 1, v_now + 1) s
            WHERE totp_code(p_secret, s) = translate(coalesce(p_code, ''), ' -', '') ORDER BY s DESC LIMIT 1;
            IF v_step IS NULL THEN
                RETURN;  -- a wrong code: nothing kept (whoever calls this knows the secret anyway)
            END IF;
            DELETE FROM staff_recovery_code WHERE staff_id = v_staff;
            INSERT INTO staff_second_factor (staff_id, secret, enrolled_at, last_step, failures, wait_until)
            VALUES (v_staff, p_secret, clock_timestamp(), v_step, 0, NULL)
            ON CONFLICT (staff_id) DO UPDATE SET secret = EXCLUDED.secret, enrolled_at = EXCLUDED.enrolled_at,
                last_step = EXCLUDED.last_step, failures = 0, wait_until = NULL;
            v_codes := ARRAY(SELECT substr(c, 1, 5) || '-' || substr(c, 6, 5)
                             FROM (SELECT encode(gen_random_bytes(5), 'hex') AS c
                                   FROM generate_series(1, 10)) g);
            INSERT INTO staff_recovery_code (staff_id, code_hash)
            SELECT v_staff, encode(sha256(convert_to(replace(c, '-', ''), 'UTF8')), 'hex') FROM unnest(v_codes) c;
            PERFORM second_factor_event(v_staff, 'second_factor_enrolled', NULL);
            DELETE FROM second_factor_token WHERE staff_id = v_staff;
            EXECUTE format('DROP SEQUENCE IF EXISTS %I', 'second_factor_tries_' || v_staff);
            RETURN QUERY SELECT second_factor_passed(v_staff), v_codes;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION confirm_second_factor(p_code text) RETURNS text LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_staff integer := session_staff_id();
            v_factor staff_second_factor;
            v_code text := lower(translate(coalesce(p_code, ''), ' -', ''));
            v_now bigint := floor(extract(epoch FROM clock_timestamp()) / 30);
            v_step bigint;
            v_used integer;
            v_sequence text := 'second_factor_tries_' || v_staff;
            v_failures bigint;
        BEGIN
            SELECT * INTO v_factor FROM staff_second_factor WHERE staff_id = v_staff FOR UPDATE;
            IF NOT FOUND THEN
                RETURN NULL;
            END IF;
            -- Tries since the last accepted code, counted by a sequence of this person's: nextval
            -- survives a rollback, so guesses inside BEGIN … ROLLBACK are counted too. The tries of
            -- one person take turns (the lock), and from the fourth on each waits 1, 2, 4 … 30 s.
            PERFORM pg_advisory_xact_lock(hashtext('second_factor'), v_staff);
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', v_sequence);
            v_failures := nextval(v_sequence::regclass) - 1;
            IF v_failures > 2 THEN
                PERFORM pg_sleep(least(2 ^ (v_failures - 3), 30));
            END IF;
            IF v_code ~ '^[0-9]{{6}}$' THEN
                SELECT s INTO v_step FROM generate_series(v_now - 1, v_now + 1) s
                WHERE s > v_factor.last_step AND totp_code(v_factor.secret, s) = v_code
                ORDER BY s DESC LIMIT 1;
            ELSIF v_code <> '' THEN
                UPDATE staff_recovery_code SET used_at = clock_timestamp()
                WHERE staff_id = v_staff AND used_at IS NULL
                  AND code_hash = encode(sha256(convert_to(v_code, 'UTF8')), 'hex')
                RETURNING id INTO v_used;
            END IF;
            IF v_step IS NULL AND v_used IS NULL THEN
                UPDATE staff_second_factor SET failures = v_failures + 1 WHERE staff_id = v_staff;
                PERFORM second_factor_event(v_staff, 'second_factor_refused', NULL);
                RETURN NULL;
            END IF;
            UPDATE staff_second_factor SET failures = 0, last_step = coalesce(v_step, last_step)
            WHERE staff_id = v_staff;
            PERFORM setval(v_sequence::regclass, 1, false);
            IF v_used IS NOT NULL THEN
                PERFORM second_factor_event(v_staff, 'recovery_code_used',
                    CASE WHEN EXISTS (SELECT 1 FROM staff_recovery_code WHERE staff_id = v_staff AND used_at IS NULL)
                         THEN 'codes_left' END);
            END IF;
            RETURN second_factor_passed(v_staff);
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION resume_second_factor(p_token text) RETURNS boolean LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM second_factor_token t
                       WHERE t.token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex')
                         AND t.staff_id = session_staff_id() AND t.expires_at > clock_timestamp()) THEN
                PERFORM set_config('{PROOF}', second_factor_proof(), false);
                RETURN true;
            END IF;
            RETURN false;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION end_second_factor(p_token text) RETURNS void LANGUAGE sql {DEFINER} AS $$
            DELETE FROM second_factor_token
            WHERE token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex')
              AND staff_id = session_staff_id()
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION reset_second_factor(p_staff integer) RETURNS void LANGUAGE plpgsql {DEFINER} AS $$
        BEGIN
            PERFORM require_staff_admin();
            DELETE FROM staff_second_factor WHERE staff_id = p_staff;
            DELETE FROM staff_recovery_code WHERE staff_id = p_staff;
            DELETE FROM second_factor_token WHERE staff_id = p_staff;
            EXECUTE format('DROP SEQUENCE IF EXISTS %I', 'second_factor_tries_' || p_staff);
        END $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger "
            "WHERE tgname LIKE '%\\_job\\_session' LOOP EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel); "
            "END LOOP; END $$"
        )
        op.execute(
            "DO $$ DECLARE s record; BEGIN FOR s IN SELECT relname FROM pg_class WHERE relkind = 'S' "
            "AND relname LIKE 'second\\_factor\\_tries\\_%' LOOP EXECUTE format('DROP SEQUENCE %I', s.relname); "
            "END LOOP; END $$"
        )
        op.execute(SESSION_HAS_JOB_0009)
        for function in reversed(FUNCTIONS):
            op.execute(f"DROP FUNCTION {function}")
        op.execute("DROP TABLE second_factor_token")
        op.execute("DROP TABLE second_factor_key")
    op.drop_table("staff_recovery_code")
    op.drop_table("staff_second_factor")
