"""Who may do what on a shared PostgreSQL server, enforced by the server itself.

On a database D the tables belong to an owner login that only the server's administrator uses (for
`db upgrade`). Every staff member L signs in as the PostgreSQL login "L@D" (`staff_login_role`), a
member of the job roles of their program roles; the scheduler's login (nightly billing, reminders) is a
member of "D.scheduler". The job roles hold exactly the privileges of their screens (`JOB_WRITES`):
nobody may update a balance, update or delete ledger entries, payments, cancellations, their effects,
events or seals, change staff accounts except through the owner's functions (migration 0009), or
SELECT passports. `setup_roles(db)` creates the job roles and grants them; it runs as the owner with
every `db upgrade`, so the tables of later upgrades follow.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import Base, Role
from app.models.subscriber import PERSONAL_COLUMNS

STAFF = "staff"  # every signed-in person: reads what the screens show, writes history events
SCHEDULER = "scheduler"  # the nightly billing run, sending reminders, sealing
# FreeRADIUS's own login is a member of "D.radius": it reads the users the program keeps and writes its
# accounting (docs/provisioning.md). It is not staff and reads nothing of ours.
RADIUS = "radius"
JOBS = (STAFF, *(r.value for r in Role), SCHEDULER, RADIUS)
MAX_ROLE_NAME = 63  # PostgreSQL's identifier length, in bytes

# Columns nobody reads from a workstation: passports go through read_personal_data (it records who
# looked), password hashes are not kept for server logins at all.
HIDDEN_COLUMNS = {"subscriber": frozenset(PERSONAL_COLUMNS), "staff": frozenset({"password_hash"})}
# Tables nobody reads from a workstation: the second factor's secrets (the owner's functions check
# the codes, migration 0010).
HIDDEN_TABLES = frozenset({"staff_second_factor", "staff_recovery_code"})
# Balances move only with the ledger (its trigger, as the owner).
# Offers change only in what ends them (migration 0022's checks look at the rest).
_ONLY_UPDATABLE = {
    "promotion": {"retired_at"},
    "promotion_attachment": {"ends_on", "ended_at"},
    "prepaid_period": {"cancelled_at"},
    "fixed_price": {"last_day"},
}
NOT_UPDATABLE_COLUMNS = {
    "contract": frozenset({"balance"}),
    **{
        table: frozenset(c.name for c in Base.metadata.tables[table].columns) - columns
        for table, columns in _ONLY_UPDATABLE.items()
    },
}

# The desk's counters, and its fiscal receipts (queued with a payment, marked as the register answers).
_COUNTER = {"shift": "IU", "receipt_counter": "U", "fiscal_receipt": "IU"}
_DEBT_POLICY = {"contract": "U", "service": "U", "work_order": "IU", "notification": "IU"}
# The card's «Telegram…»: a new link code replaces the old one; «Unlink» deletes the chat.
_TELEGRAM_CARD = {"telegram_link_code": "IU", "telegram_chat": "D"}
# Reading the bot's messages links chats (a code is used once) and moves the read offset; a chat that
# blocked the bot is unlinked while sending (app/services/notifications/telegram.py).
_TELEGRAM_POLL = {"telegram_chat": "IUD", "telegram_link_code": "D", "telegram_state": "IU"}
# What each job may write, per table: I(nsert), U(pdate), D(elete). The ledger, payments and history
# are insert-only for everyone; which ledger entries a job may insert is checked by the server as well.
JOB_WRITES: dict[str, dict[str, str]] = {
    STAFF: {"event": "I"},
    Role.FRONT_DESK.value: {
        **_DEBT_POLICY,
        "subscriber": "IU",
        "subscriber_note": "I",
        "premises": "I",
        "contract": "IU",
        "service": "IU",
        # promotions given at signing or later: a first-months price, a bonus credit (its ledger entry
        # is checked by the server: only a bonus's sum, migration 0022)
        "promotion_attachment": "IU",
        "fixed_price": "IU",
        "ledger_entry": "I",
        **_TELEGRAM_CARD,
    },
    Role.CASHIER.value: {
        **_DEBT_POLICY,
        **_COUNTER,
        "ledger_entry": "I",
        "payment": "I",
        "payment_cancellation": "I",
        "payment_effect": "I",
        # a prepayment's months and fixed prices; cancelling the payment ends them (migration 0022)
        "prepaid_period": "IU",
        "fixed_price": "IU",
        "promotion_attachment": "U",
    },
    Role.DISPATCHER.value: dict(_DEBT_POLICY),
    SCHEDULER: {
        **_DEBT_POLICY,
        "provisioning": "U",  # `provisioning run` records what it delivered
        # UPDATE on the sealed tables only for the sealer's brief SHARE lock: their triggers refuse updates.
        "ledger_entry": "IU",
        "event": "IU",
        "chain_seal": "IU",
        "billing_run": "IU",
        "billing_lock": "IUD",
        "fiscal_receipt": "U",  # `fiscal send` on a desk's PC delivers what its cashier left queued
        # the watched registry folders (app/adapters/registry_folder.py)
        "payment": "I",
        "payment_effect": "I",
        "registry_batch": "I",
        **_TELEGRAM_POLL,
    },
    Role.ADMIN.value: {
        **_DEBT_POLICY,
        **_COUNTER,
        "ledger_entry": "IU",
        "event": "IU",
        "chain_seal": "IU",
        "billing_run": "IU",
        "billing_lock": "IUD",
        "payment": "I",
        "payment_cancellation": "I",
        "payment_effect": "I",
        "subscriber": "IU",
        "subscriber_note": "I",
        "contract": "IU",
        "service": "IU",
        "setting": "IU",
        "tariff": "IU",
        "tariff_price": "IUD",
        "district": "IU",
        "building": "IU",
        "premises": "IU",
        "cash_desk": "IU",
        "cashier_inn": "IUD",
        "receipt_counter": "IU",
        "installer": "IU",
        "installer_district": "ID",
        "payment_agent": "IU",
        "registry_batch": "IU",
        # moving in from an old billing; its rollback runs as the tables' owner (docs/legacy-import.md)
        "legacy_import": "IU",
        "legacy_contract": "I",
        "provisioning": "U",  # «retry now», «apply ours»
        "outage": "IU",  # outage compensation (app/services/billing/outages.py)
        "outage_credit": "I",
        "discount": "IU",  # app/services/billing/discounts.py
        "promotion": "IU",  # app/services/billing/promotions.py
        "promotion_attachment": "IU",
        "prepaid_period": "IU",
        "fixed_price": "IU",
        **_TELEGRAM_POLL,
        "telegram_link_code": "IUD",
    },
}
# Tables the owner's triggers write on behalf of whoever changed a service (migration 0019): every
# session writes them that way, so no job-session check; UPDATE by hand stays the grants' business
# («retry now» and «apply ours» only deliver our own desired state again).
WRITTEN_BY_TRIGGERS = frozenset({"provisioning"})
# FreeRADIUS's tables (migration 0019): the users' rows are written by whoever delivers the outbox
# (the scheduler, an admin's «apply ours»); the NAS list and the groups' replies are the admins'.
# Nobody of ours reads the NAS secrets column (the program's CoA secrets are in the sending PC's
# keyring or the scheduler's environment).
RADIUS_USER_TABLES = ("radcheck", "radreply", "radusergroup")
RADIUS_READ_TABLES = (*RADIUS_USER_TABLES, "radgroupcheck", "radgroupreply", "radacct")
NAS_READABLE_COLUMNS = "id, nasname, shortname, type, ports, server, community, description"
# Functions a job may call (the rest of the owner's functions run only inside triggers or as the owner).
JOB_FUNCTIONS = {
    # session_is_trusted() is called by a trigger's WHEN clause, which runs as the person.
    STAFF: (
        "current_staff()",
        "subscriber_has_personal_data(integer)",
        "session_is_trusted()",
        "second_factor_state()",
        "enrol_second_factor(bytea, text)",
        "confirm_second_factor(text)",
        "resume_second_factor(text)",
        "end_second_factor(text)",
        "record_failed_sign_ins(json, text)",
    ),
    Role.FRONT_DESK.value: (
        "read_personal_data(integer, integer, text, text)",
        "contracts_with_passport(text, integer)",
    ),
    Role.ADMIN.value: (
        "read_personal_data(integer, integer, text, text)",
        "contracts_with_passport(text, integer)",
        "create_staff_account(text, text, text, text[])",
        "set_staff_account_password(integer, text, integer)",
        "set_staff_account_roles(integer, text[], integer)",
        "set_staff_account_active(integer, boolean, integer)",
        "reset_second_factor(integer)",
        "anonymise_subscriber(integer, integer)",
    ),
}
# Every function of ours (extensions' functions, e.g. pg_trgm's, keep their own grants).
OWN_FUNCTIONS = (
    "refuse_append_only_change()",
    "notify_subscriber_desk()",
    "ledger_moves_balance()",
    "service_wants_provisioning()",
    "tariff_wants_provisioning()",
    "read_personal_data(integer, integer, text, text)",
    "subscriber_has_personal_data(integer)",
    "contracts_with_passport(text, integer)",
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
    "check_fixed_price()",
    "check_prepaid_period()",
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
    "anonymise_subscriber(integer, integer)",
    "record_failed_sign_ins(json, text)",
    "telegram_forget_anonymised()",
)
_PRIVILEGE = {"I": "INSERT", "U": "UPDATE", "D": "DELETE"}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def job_role(database: str, job: str) -> str:
    """The server's group role of `job` on `database`, e.g. "billing.cashier"."""
    return f"{database}.{job}"


def staff_login_role(database: str, login: str) -> str:
    """The PostgreSQL login of staff member `login` on `database`, e.g. "ivanova@billing": roles are
    shared by every database of a server, so the database's name keeps each database's people apart."""
    return f"{login}@{database}"


def check_login_fits(database: str, login: str) -> None:
    if len(staff_login_role(database, login).encode()) > MAX_ROLE_NAME:
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "On this server a login may be at most {limit} characters long. Choose a shorter one.",
            ),
            field="login",
            limit=MAX_ROLE_NAME - len(database.encode()) - 1,
        )


def _require_server(db: Database) -> None:
    if db.is_embedded:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Logins exist only on a shared PostgreSQL database."),
            field="database",
        )


def _table_grants(database: str) -> list[str]:
    statements = []
    everyone = quoted(job_role(database, STAFF))
    for table in Base.metadata.sorted_tables:
        if table.name in HIDDEN_TABLES:
            continue
        hidden = HIDDEN_COLUMNS.get(table.name, frozenset())
        if hidden:
            readable = ", ".join(quoted(c.name) for c in table.columns if c.name not in hidden)
            statements.append(f"GRANT SELECT ({readable}) ON {quoted(table.name)} TO {everyone}")
        else:
            statements.append(f"GRANT SELECT ON {quoted(table.name)} TO {everyone}")
    statements.append(f"GRANT SELECT ON alembic_version TO {everyone}")
    for job, writes in JOB_WRITES.items():
        role = quoted(job_role(database, job))
        for table_name, letters in writes.items():
            table = Base.metadata.tables[table_name]
            for letter in letters:
                privilege = _PRIVILEGE[letter]
                fixed = NOT_UPDATABLE_COLUMNS.get(table_name, frozenset()) if letter == "U" else frozenset()
                if fixed:
                    columns = ", ".join(quoted(c.name) for c in table.columns if c.name not in fixed)
                    statements.append(f"GRANT {privilege} ({columns}) ON {quoted(table_name)} TO {role}")
                else:
                    statements.append(f"GRANT {privilege} ON {quoted(table_name)} TO {role}")
    return statements


def setup_roles(db: Database) -> None:
    """(As the tables' owner, who needs CREATEROLE.) Create the job roles of this database and give
    each exactly its privileges; run again after every upgrade. Idempotent."""
    _require_server(db)
    database = str(db.url.database)
    roles = [job_role(database, job) for job in JOBS]
    with db.transaction() as session:
        existing = set(
            session.scalars(
                text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"), {"names": roles}
            )
        )
        for role in roles:
            if role not in existing:
                session.execute(text(f"CREATE ROLE {quoted(role)} NOLOGIN"))
        # A fresh start for the job roles' privileges on our objects (grants of older versions go).
        all_roles = ", ".join(quoted(r) for r in roles)
        statements = [
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
            f"REVOKE ALL ON FUNCTION {', '.join(OWN_FUNCTIONS)} FROM PUBLIC, {all_roles}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {all_roles}",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {quoted(database)} TO {quoted(job_role(database, STAFF))}",
            f"GRANT CONNECT ON DATABASE {quoted(database)} TO {quoted(job_role(database, SCHEDULER))}",
            f"GRANT USAGE ON SCHEMA public TO {all_roles}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {all_roles}",
            # Every job reads what every screen reads (the scheduler too: it runs the same domain code).
            f"GRANT {quoted(job_role(database, STAFF))} TO {quoted(job_role(database, SCHEDULER))}",
            *_table_grants(database),
        ]
        if session.scalar(text("SELECT to_regclass('radcheck') IS NOT NULL")):  # migration 0019 on
            statements += _radius_grants(database)
        for job, functions in JOB_FUNCTIONS.items():
            for function in functions:
                statements.append(
                    f"GRANT EXECUTE ON FUNCTION {function} TO {quoted(job_role(database, job))}"
                )
        for statement in statements:
            session.execute(text(statement))
        _job_session_triggers(session)
        _sync_staff_logins(session)


def _radius_grants(database: str) -> list[str]:
    staff, radius = quoted(job_role(database, STAFF)), quoted(job_role(database, RADIUS))
    writers = f"{quoted(job_role(database, SCHEDULER))}, {quoted(job_role(database, Role.ADMIN.value))}"
    admin = quoted(job_role(database, Role.ADMIN.value))
    return [
        f"GRANT SELECT ON {', '.join(RADIUS_READ_TABLES)} TO {staff}",
        f"GRANT SELECT ({NAS_READABLE_COLUMNS}) ON nas TO {staff}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(RADIUS_USER_TABLES)} TO {writers}",
        f"GRANT INSERT, UPDATE, DELETE ON nas, radgroupreply, radgroupcheck TO {admin}",
        f"GRANT SELECT ON {', '.join(RADIUS_READ_TABLES)}, nas TO {radius}",
        f"GRANT INSERT, UPDATE ON radacct TO {radius}",
        f"GRANT INSERT ON radpostauth TO {radius}",
        f"GRANT CONNECT ON DATABASE {quoted(database)} TO {radius}",
    ]


def _job_session_triggers(session: Session) -> None:
    """Every table a job writes refuses the write unless the session may use one of the jobs that
    write it: a job that needs the second factor counts only once the session passed it (migration
    0010). Tables that every person writes (the history) have none."""
    writers: dict[str, list[str]] = {}
    for job, writes in JOB_WRITES.items():
        for table_name in writes:
            writers.setdefault(table_name, []).append(job)
    wanted = {t: jobs for t, jobs in writers.items() if STAFF not in jobs and t not in WRITTEN_BY_TRIGGERS}
    existing = session.execute(
        text(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE '%\\_job\\_session' AND NOT t.tgisinternal"
        )
    ).all()
    for trigger, table_name in existing:
        if table_name not in wanted:
            session.execute(text(f"DROP TRIGGER {quoted(trigger)} ON {quoted(table_name)}"))
    for table_name, jobs in sorted(wanted.items()):
        arguments = ", ".join(_literal(j) for j in sorted(jobs, key=lambda j: (j == Role.ADMIN.value, j)))
        session.execute(
            text(
                f"CREATE OR REPLACE TRIGGER {quoted(table_name + '_job_session')} "
                f"BEFORE INSERT OR UPDATE OR DELETE ON {quoted(table_name)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION check_job_session({arguments})"
            )
        )


def _sync_staff_logins(session: Session, password: str | None = None) -> None:
    """Every staff row has its login role with the memberships its program roles say (an installation
    from before per-person logins gets them here, without a password: an administrator sets one; the
    demo data gives everyone `password`)."""
    from app.services.admin.staff import scram_verifier

    staff = session.execute(text("SELECT id, staff_login_role(login) FROM staff ORDER BY id")).all()
    for staff_id, role in staff:
        exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if not exists:
            session.execute(text(f"CREATE ROLE {quoted(str(role))} NOLOGIN"))
        session.execute(text("SELECT grant_staff_jobs(:id)"), {"id": staff_id})
        if password is not None:
            session.execute(
                text("SELECT set_staff_account_password(:id, :verifier, NULL)"),
                {"id": staff_id, "verifier": scram_verifier(session, str(role), password)},
            )
    # Argon2 hashes are not needed once the server checks the passwords; nobody may read them.
    session.execute(text("UPDATE staff SET password_hash = NULL WHERE password_hash IS NOT NULL"))


def give_everyone_a_login(db: Database, password: str) -> None:
    """(As the owner, for the demo data.) A server login with `password` for every staff member."""
    _require_server(db)
    with db.transaction() as session:
        _sync_staff_logins(session, password)


def drop_database_roles(conn: Connection, database: str, *, people_only: bool = False) -> int:
    """After a database is dropped (run by a login with CREATEROLE): drop its staff logins and, unless
    `people_only`, its job roles — roles outlive databases. Returns how many went."""
    roles = conn.execute(
        text(
            "SELECT rolname FROM pg_roles WHERE right(rolname, length(:d) + 1) = '@' || :d "
            "OR (NOT :people AND left(rolname, length(:d) + 1) = :d || '.')"
        ),
        {"d": database, "people": people_only},
    ).scalars()
    names = list(roles)
    for role in names:
        conn.execute(text(f"DROP ROLE IF EXISTS {quoted(role)}"))
    return len(names)


def add_scheduler_login(db: Database, login: str, verifier: str) -> None:
    """(As the owner.) A login for the scheduled tasks (`billing run`, `notifications send`, `db seal`):
    a member of the scheduler role, acting as «system»."""
    add_job_login(db, login, verifier, SCHEDULER)


def add_radius_login(db: Database, login: str, verifier: str) -> None:
    """(As the owner.) FreeRADIUS's own login: it reads the users the program keeps and the NAS list,
    and writes its accounting and post-auth log — nothing of ours (docs/provisioning.md)."""
    add_job_login(db, login, verifier, RADIUS)


def add_job_login(db: Database, login: str, verifier: str, job: str) -> None:
    _require_server(db)
    role = _valid_name(login)
    database = str(db.url.database)
    with db.transaction() as session:
        exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login})
        verb = "ALTER" if exists else "CREATE"
        statement = f"{verb} ROLE {role} LOGIN PASSWORD {_literal(verifier)}"
        session.execute(text(statement.replace(":", "\\:")))  # a verifier has colons, never bind parameters
        session.execute(text(f"GRANT {quoted(job_role(database, job))} TO {role}"))


def hand_over(db: Database, new_owner: str) -> str:
    """Convert an existing shared database whose workstations log in as the tables' owner: the
    tables pass to `new_owner` (an existing login with CREATEROLE kept by the server's administrator)
    and the old login keeps nothing but CONNECT. Run as a superuser; nothing is lost (no row moves).
    Returns the old owner's name."""
    _require_server(db)
    owner = _valid_name(new_owner)
    with db.transaction() as session:
        old = session.scalar(
            text(
                "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relname = 'ledger_entry'"
            )
        )
        if old is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "This database has no Subscriber Desk tables yet: run `db upgrade`."
                ),
                field="database",
            )
        if old == new_owner:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "{login} already owns the tables."),
                field="login",
                login=new_owner,
            )
        session.execute(text(f"REASSIGN OWNED BY {quoted(str(old))} TO {owner}"))
        session.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted(str(old))}"))
    return str(old)


def _valid_name(login: str) -> str:
    if not login or not all(c.isalnum() or c in "_-.@" for c in login):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A login consists of letters, digits, «_», «-» and «.»."),
            field="login",
        )
    return quoted(login)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
