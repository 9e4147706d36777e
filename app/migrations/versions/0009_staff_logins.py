"""staff logins: every staff member a PostgreSQL login, actors from the session, the ledger's paths

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

PostgreSQL only (docs/server-setup.md, «Who may do what»). On a database D:

- a staff member with the login L signs in to PostgreSQL as the role "L@D"; the job roles "D.front_desk",
  "D.cashier", "D.dispatcher", "D.admin" and "D.scheduler" (the nightly tasks) hold the privileges
  (`subscriber-desk db upgrade` grants them, app/services/admin/server_roles.py);
- staff accounts change only through SECURITY DEFINER functions that an administrator's session may
  call: `create_staff_account`, `set_staff_account_password` (a SCRAM verifier, never the password),
  `set_staff_account_roles`, `set_staff_account_active` (a deactivated person's sessions end at once);
- `current_staff()` says who the session is, with the job roles the server grants it;
- the actor of a ledger entry, payment, cancellation or event is the session's person: a row naming
  anyone else is refused, and only sessions that run the billing (admin, scheduler) write «system» rows;
- a ledger entry is inserted only as part of its document: a payment entry with its payment, a fee with
  the payment that charged it (or by an administrator), a reversal with the cancellation it belongs to
  (checked at commit); charges only by the billing (admin, scheduler); adjustments only by an
  administrator.

The tables' owner and superusers are trusted (they could switch any trigger off anyway).
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JOBS = "ARRAY['front_desk', 'cashier', 'dispatcher', 'admin']"

FUNCTIONS = (
    "job_role(text)",
    "staff_login_role(text)",
    "session_staff_id()",
    "session_is_trusted()",
    "session_has_job(text)",
    "session_may_write_system()",
    "require_staff_admin()",
    "current_staff()",
    "create_staff_account(text, text, text, text[])",
    "set_staff_account_password(integer, text, integer)",
    "set_staff_account_roles(integer, text[], integer)",
    "set_staff_account_active(integer, boolean, integer)",
    "grant_staff_jobs(integer)",
    "check_actor_staff_id()",
    "check_staff_id()",
    "check_ledger_kinds()",
    "check_ledger_document()",
)

ACTOR_COLUMNS = {
    "event": "actor_staff_id",
    "ledger_entry": "staff_id",
    "payment": "staff_id",
    "payment_cancellation": "staff_id",
}

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _who_is_the_session()
    _staff_accounts()
    _actors_and_ledger_paths()
    # The personal-data door takes the viewer from the session, not from an argument.
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


def _who_is_the_session() -> None:
    # No SECURITY DEFINER and no SET (cheap to call: they run inside the owner's trigger functions, in
    # a trigger's WHEN clause, once or more per statement). Every name is schema-qualified, so a
    # session's own search_path (or a temporary table called pg_roles) cannot change their answer.
    op.execute(
        "CREATE FUNCTION job_role(p_job text) RETURNS text LANGUAGE sql STABLE "
        "AS $$ SELECT pg_catalog.current_database() || '.' || p_job $$"
    )
    op.execute(
        "CREATE FUNCTION staff_login_role(p_login text) RETURNS text LANGUAGE sql STABLE "
        "AS $$ SELECT p_login || '@' || pg_catalog.current_database() $$"
    )
    op.execute(
        """
        CREATE FUNCTION session_staff_id() RETURNS integer LANGUAGE plpgsql STABLE AS $$
        DECLARE
            v_suffix text := '@' || pg_catalog.current_database();
        BEGIN
            IF pg_catalog.right(session_user, pg_catalog.length(v_suffix)) <> v_suffix THEN
                RETURN NULL;  -- not a person's login: the owner, a scheduler
            END IF;
            RETURN (SELECT s.id FROM public.staff s
                    WHERE s.login = pg_catalog.left(session_user, pg_catalog.length(session_user)
                                                                  - pg_catalog.length(v_suffix)));
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION session_is_trusted() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
        BEGIN
            -- the tables' owner (or a member of it); pg_has_role is true for superusers as well
            RETURN pg_catalog.pg_has_role(session_user,
                       (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'public.ledger_entry'::regclass),
                       'MEMBER');
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION session_has_job(p_job text) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = public.job_role(p_job))
                   AND pg_catalog.pg_has_role(session_user, public.job_role(p_job), 'MEMBER')
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION session_may_write_system() RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT public.session_is_trusted() OR public.session_has_job('admin')
                   OR public.session_has_job('scheduler')
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION current_staff()
        RETURNS TABLE (id integer, login varchar, full_name varchar, active boolean, roles text[])
        LANGUAGE sql STABLE {DEFINER} AS $$
            SELECT s.id, s.login, s.full_name, s.active,
                   ARRAY(SELECT j FROM unnest({JOBS}) j WHERE session_has_job(j) ORDER BY j)
            FROM staff s WHERE s.id = session_staff_id()
        $$
        """
    )


def _staff_accounts() -> None:
    op.execute(
        f"""
        CREATE FUNCTION require_staff_admin() RETURNS void LANGUAGE plpgsql STABLE {DEFINER} AS $$
        BEGIN
            IF NOT (session_is_trusted() OR session_has_job('admin')) THEN
                RAISE EXCEPTION 'only an administrator manages staff accounts' USING ERRCODE = '42501';
            END IF;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION grant_staff_jobs(p_staff integer) RETURNS void LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_role text;
            v_active boolean;
            v_job text;
        BEGIN
            SELECT staff_login_role(s.login), s.active INTO v_role, v_active FROM staff s WHERE s.id = p_staff;
            FOREACH v_job IN ARRAY {JOBS} LOOP
                IF v_active AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = p_staff AND r.role = v_job)
                THEN
                    EXECUTE format('GRANT %I TO %I', job_role(v_job), v_role);
                ELSE
                    EXECUTE format('REVOKE %I FROM %I', job_role(v_job), v_role);
                END IF;
            END LOOP;
            IF v_active THEN
                EXECUTE format('GRANT %I TO %I', job_role('staff'), v_role);
            ELSE
                EXECUTE format('REVOKE %I FROM %I', job_role('staff'), v_role);
            END IF;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION create_staff_account(p_login text, p_full_name text, p_verifier text, p_roles text[])
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_id integer;
            v_role text := staff_login_role(p_login);
        BEGIN
            PERFORM require_staff_admin();
            IF p_verifier IS NOT NULL AND p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
                RAISE EXCEPTION 'a password is passed as a SCRAM-SHA-256 verifier' USING ERRCODE = '22023';
            END IF;
            IF EXISTS (SELECT 1 FROM unnest(p_roles) r WHERE r <> ALL ({JOBS})) THEN
                RAISE EXCEPTION 'unknown job role in %', p_roles USING ERRCODE = '22023';
            END IF;
            INSERT INTO staff (login, full_name, password_hash, active, failed_logins, created_at, version)
            VALUES (p_login, p_full_name, NULL, true, 0, now(), 1) RETURNING id INTO v_id;
            INSERT INTO staff_role (staff_id, role) SELECT v_id, r FROM unnest(p_roles) r;
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
                -- Left behind by a database restored under this name, or by hand: take it over.
                EXECUTE format('ALTER ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
                               v_role);
            ELSE
                EXECUTE format('CREATE ROLE %I NOLOGIN', v_role);
            END IF;
            IF p_verifier IS NOT NULL THEN
                EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', v_role, p_verifier);
            END IF;
            PERFORM grant_staff_jobs(v_id);
            RETURN v_id;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION set_staff_account_password(p_staff integer, p_verifier text, p_version integer)
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_staff staff;
        BEGIN
            PERFORM require_staff_admin();
            IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
                RAISE EXCEPTION 'a password is passed as a SCRAM-SHA-256 verifier' USING ERRCODE = '22023';
            END IF;
            UPDATE staff SET version = version + 1, failed_logins = 0, locked_until = NULL
            WHERE id = p_staff AND (p_version IS NULL OR version = p_version) RETURNING * INTO v_staff;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'staff % changed or missing', p_staff USING ERRCODE = '40001';
            END IF;
            EXECUTE format('ALTER ROLE %I %s PASSWORD %L', staff_login_role(v_staff.login),
                           CASE WHEN v_staff.active THEN 'LOGIN' ELSE 'NOLOGIN' END, p_verifier);
            RETURN v_staff.version;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION set_staff_account_roles(p_staff integer, p_roles text[], p_version integer)
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_version integer;
        BEGIN
            PERFORM require_staff_admin();
            IF EXISTS (SELECT 1 FROM unnest(p_roles) r WHERE r <> ALL ({JOBS})) THEN
                RAISE EXCEPTION 'unknown job role in %', p_roles USING ERRCODE = '22023';
            END IF;
            UPDATE staff SET version = version + 1
            WHERE id = p_staff AND (p_version IS NULL OR version = p_version) RETURNING version INTO v_version;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'staff % changed or missing', p_staff USING ERRCODE = '40001';
            END IF;
            DELETE FROM staff_role WHERE staff_id = p_staff;
            INSERT INTO staff_role (staff_id, role) SELECT p_staff, r FROM unnest(p_roles) r;
            PERFORM grant_staff_jobs(p_staff);
            RETURN v_version;
        END $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION set_staff_account_active(p_staff integer, p_active boolean, p_version integer)
        RETURNS integer LANGUAGE plpgsql {DEFINER} AS $$
        DECLARE
            v_staff staff;
            v_role text;
        BEGIN
            PERFORM require_staff_admin();
            UPDATE staff SET version = version + 1, active = p_active
            WHERE id = p_staff AND (p_version IS NULL OR version = p_version) RETURNING * INTO v_staff;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'staff % changed or missing', p_staff USING ERRCODE = '40001';
            END IF;
            v_role := staff_login_role(v_staff.login);
            PERFORM grant_staff_jobs(p_staff);
            IF p_active THEN
                EXECUTE format('ALTER ROLE %I LOGIN', v_role);
            ELSE
                -- No new sign-in, no rights in a session still open, and the open sessions end now.
                EXECUTE format('ALTER ROLE %I NOLOGIN', v_role);
                PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a
                WHERE a.usename = v_role AND a.pid <> pg_backend_pid();
            END IF;
            RETURN v_staff.version;
        END $$
        """
    )


def _actors_and_ledger_paths() -> None:
    for column in sorted(set(ACTOR_COLUMNS.values())):
        # Static SQL per actor column (no EXECUTE): its plan is cached for the session.
        op.execute(
            f"""
            CREATE FUNCTION check_{column}() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
            DECLARE
                v_staff integer;
                v_named integer;
                v_system boolean;
            BEGIN
                SELECT max({column}), bool_or({column} IS NULL) INTO v_named, v_system FROM new_rows;
                v_staff := session_staff_id();  -- a person's login is never trusted: asked first
                IF v_staff IS NULL AND session_is_trusted() THEN
                    RETURN NULL;
                END IF;
                IF (v_named IS NOT NULL AND (v_staff IS NULL OR v_named <> v_staff
                        OR EXISTS (SELECT 1 FROM new_rows n WHERE n.{column} <> v_staff)))
                   OR (v_system AND NOT session_may_write_system()) THEN
                    RAISE EXCEPTION 'rows of % name another actor than the signed-in %', TG_TABLE_NAME,
                        session_user USING ERRCODE = '42501';
                END IF;
                RETURN NULL;
            END $$
            """
        )
    for table, column in ACTOR_COLUMNS.items():
        op.execute(
            f"CREATE TRIGGER {table}_actor_is_session AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION check_{column}()"
        )
    op.execute(
        f"""
        CREATE FUNCTION check_ledger_kinds() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
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
            IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'adjustment') AND NOT session_has_job('admin') THEN
                RAISE EXCEPTION 'adjustments are made by an administrator only' USING ERRCODE = '42501';
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_entry_kind_allowed AFTER INSERT ON ledger_entry REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION check_ledger_kinds()"
    )
    op.execute(
        f"""
        CREATE FUNCTION check_ledger_document() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
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
                        WHERE e.ledger_entry_id = v_reversed.id))) THEN
                    RETURN NULL;
                END IF;
            ELSE
                RETURN NULL;
            END IF;
            RAISE EXCEPTION 'ledger entry % (%) is not part of a payment, its fee or its cancellation',
                NEW.id, NEW.kind USING ERRCODE = '42501';
        END $$
        """
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER ledger_entry_has_its_document AFTER INSERT ON ledger_entry "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "WHEN (NEW.kind IN ('payment', 'fee', 'reversal') AND NOT session_is_trusted()) "
        "EXECUTE FUNCTION check_ledger_document()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER ledger_entry_has_its_document ON ledger_entry")
    op.execute("DROP TRIGGER ledger_entry_kind_allowed ON ledger_entry")
    for table in ACTOR_COLUMNS:
        op.execute(f"DROP TRIGGER {table}_actor_is_session ON {table}")
    for function in reversed(FUNCTIONS):
        op.execute(f"DROP FUNCTION {function}")
