"""provisioning: every change of an Internet or IPTV service's access reaches the network

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

- `provisioning`: one row per Internet or IPTV service, the desired state the network should hold
  (`access`, `version`) and what was delivered (`delivered_version`), with the delivery's attempts,
  back-off, lease and last error (app/services/provisioning/outbox.py). Triggers owned by the tables'
  owner write it in the same transaction as every change of a service's state, tariff, login,
  password or device limit (inserts too), and of a tariff's rate, packets or device limit: no path of
  the program (the billing run's bulk updates, a payment's unblocking, the legacy import) can change
  access without it. Services that exist now get a row, so the first delivery pushes everything.
- `service.password` (the Internet login's password, RADIUS Cleartext-Password), `service.device_limit`
  (the contract's own IPTV device limit, beating the tariff's), `tariff.upload_kbps`,
  `tariff.tv_packets` (the TV platform's packet ids, comma-separated).
- On PostgreSQL, FreeRADIUS's own tables (its `rlm_sql` PostgreSQL schema, created only where missing):
  `radcheck`, `radreply`, `radusergroup`, `radgroupcheck`, `radgroupreply`, `radacct`, `radpostauth`,
  `nas`, `nasreload`. The program keeps the user rows from `provisioning` (app/adapters/radius_sql.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# What a service's state means for the network (the same words as app/services/provisioning/states.py).
ACCESS_OF_STATE = (
    "CASE {s}.state WHEN 'active' THEN 'active' WHEN 'blocked' THEN 'blocked' "
    "WHEN 'closed' THEN 'closed' ELSE 'suspended' END"
)
TARGET_OF_KIND = "CASE {s}.kind WHEN 'internet' THEN 'radius' ELSE 'tv' END"
PROVISIONED_KINDS = "('internet', 'iptv')"
# The columns whose change the network must hear of.
SERVICE_COLUMNS = ("state", "tariff_id", "identifier", "password", "device_limit", "kind")
TARIFF_COLUMNS = ("speed_kbps", "upload_kbps", "tv_packets", "device_limit")

UPSERT_TAIL = (
    "ON CONFLICT (service_id) DO UPDATE SET access = excluded.access, target = excluded.target, "
    "version = provisioning.version + 1, changed_at = excluded.changed_at, attempts = 0, "
    "next_attempt_at = NULL, last_error = ''"
)

RADIUS_SCHEMA = """
CREATE TABLE IF NOT EXISTS radacct (
    radacctid bigserial PRIMARY KEY, acctsessionid text NOT NULL, acctuniqueid text NOT NULL UNIQUE,
    username text, realm text, nasipaddress inet NOT NULL, nasportid text, nasporttype text,
    acctstarttime timestamp with time zone, acctupdatetime timestamp with time zone,
    acctstoptime timestamp with time zone, acctinterval bigint, acctsessiontime bigint,
    acctauthentic text, connectinfo_start text, connectinfo_stop text, acctinputoctets bigint,
    acctoutputoctets bigint, calledstationid text, callingstationid text, acctterminatecause text,
    servicetype text, framedprotocol text, framedipaddress inet, framedipv6address inet,
    framedipv6prefix inet, framedinterfaceid text, delegatedipv6prefix inet, class text);
CREATE INDEX IF NOT EXISTS radacct_active_session_idx ON radacct (acctuniqueid) WHERE acctstoptime IS NULL;
CREATE INDEX IF NOT EXISTS radacct_bulk_close ON radacct (nasipaddress, acctstarttime)
    WHERE acctstoptime IS NULL;
CREATE INDEX IF NOT EXISTS radacct_start_user_idx ON radacct (acctstarttime, username);
CREATE INDEX IF NOT EXISTS radacct_open_user_idx ON radacct (username) WHERE acctstoptime IS NULL;
CREATE TABLE IF NOT EXISTS radcheck (id serial PRIMARY KEY, username text NOT NULL DEFAULT '',
    attribute text NOT NULL DEFAULT '', op varchar(2) NOT NULL DEFAULT '==', value text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS radcheck_username ON radcheck (username, attribute);
CREATE TABLE IF NOT EXISTS radgroupcheck (id serial PRIMARY KEY, groupname text NOT NULL DEFAULT '',
    attribute text NOT NULL DEFAULT '', op varchar(2) NOT NULL DEFAULT '==', value text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS radgroupcheck_groupname ON radgroupcheck (groupname, attribute);
CREATE TABLE IF NOT EXISTS radgroupreply (id serial PRIMARY KEY, groupname text NOT NULL DEFAULT '',
    attribute text NOT NULL DEFAULT '', op varchar(2) NOT NULL DEFAULT '=', value text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS radgroupreply_groupname ON radgroupreply (groupname, attribute);
CREATE TABLE IF NOT EXISTS radreply (id serial PRIMARY KEY, username text NOT NULL DEFAULT '',
    attribute text NOT NULL DEFAULT '', op varchar(2) NOT NULL DEFAULT '=', value text NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS radreply_username ON radreply (username, attribute);
CREATE TABLE IF NOT EXISTS radusergroup (id serial PRIMARY KEY, username text NOT NULL DEFAULT '',
    groupname text NOT NULL DEFAULT '', priority integer NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS radusergroup_username ON radusergroup (username);
CREATE TABLE IF NOT EXISTS radpostauth (id bigserial PRIMARY KEY, username text NOT NULL, pass text,
    reply text, calledstationid text, callingstationid text,
    authdate timestamp with time zone NOT NULL DEFAULT now(), class text);
CREATE INDEX IF NOT EXISTS radpostauth_username_idx ON radpostauth (username);
CREATE TABLE IF NOT EXISTS nas (id serial PRIMARY KEY, nasname text NOT NULL, shortname text NOT NULL,
    type text NOT NULL DEFAULT 'other', ports integer, secret text NOT NULL, server text, community text,
    description text);
CREATE INDEX IF NOT EXISTS nas_nasname ON nas (nasname);
CREATE TABLE IF NOT EXISTS nasreload (nasipaddress inet PRIMARY KEY,
    reloadtime timestamp with time zone NOT NULL);
"""


def upgrade() -> None:
    with op.batch_alter_table("service") as batch:
        batch.add_column(sa.Column("password", sa.String(length=64), nullable=False, server_default=""))
        batch.add_column(sa.Column("device_limit", sa.Integer(), nullable=True))
    with op.batch_alter_table("tariff") as batch:
        batch.add_column(sa.Column("upload_kbps", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("tv_packets", sa.String(length=200), nullable=False, server_default=""))
    op.create_table(
        "provisioning",
        # A service deleted (only a rolled-back legacy import deletes any) takes its row along.
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("target", sa.String(length=8), nullable=False),
        sa.Column("access", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("delivered_version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("delivered_login", sa.String(length=100), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=False, server_default=""),
        sa.CheckConstraint("target IN ('radius', 'tv')", name="ck_provisioning_target"),
    )
    op.create_index(
        "ix_provisioning_due",
        "provisioning",
        ["next_attempt_at"],
        postgresql_where=sa.text("version > delivered_version"),
        sqlite_where=sa.text("version > delivered_version"),
    )
    if _pg():
        _postgresql_triggers()
        op.execute(RADIUS_SCHEMA)
    else:
        _sqlite_triggers()
    op.execute(
        "INSERT INTO provisioning (service_id, target, access, version, changed_at) "
        f"SELECT s.id, {TARGET_OF_KIND.format(s='s')}, {ACCESS_OF_STATE.format(s='s')}, 1, CURRENT_TIMESTAMP "
        f"FROM service s WHERE s.kind IN {PROVISIONED_KINDS}"
    )


def _changed(old: str, new: str, columns: tuple[str, ...], differs: str = "IS DISTINCT FROM") -> str:
    return " OR ".join(f"{old}.{c} {differs} {new}.{c}" for c in columns)


def _postgresql_triggers() -> None:
    values = f"SELECT n.id, {TARGET_OF_KIND.format(s='n')}, {ACCESS_OF_STATE.format(s='n')}, 1, now() FROM new_rows n"
    insert = "INSERT INTO provisioning (service_id, target, access, version, changed_at) "
    op.execute(
        f"""
        CREATE FUNCTION service_wants_provisioning() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {insert} {values} WHERE n.kind IN {PROVISIONED_KINDS} {UPSERT_TAIL};
            ELSE
                {insert} {values} JOIN old_rows o ON o.id = n.id
                WHERE n.kind IN {PROVISIONED_KINDS} AND ({_changed("o", "n", SERVICE_COLUMNS)}) {UPSERT_TAIL};
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER service_inserted_wants_provisioning AFTER INSERT ON service "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_wants_provisioning()"
    )
    op.execute(
        "CREATE TRIGGER service_updated_wants_provisioning AFTER UPDATE ON service "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION service_wants_provisioning()"
    )
    op.execute(
        f"""
        CREATE FUNCTION tariff_wants_provisioning() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            UPDATE provisioning p SET version = p.version + 1, changed_at = now(), attempts = 0,
                next_attempt_at = NULL, last_error = ''
            FROM service s JOIN new_rows n ON n.id = s.tariff_id JOIN old_rows o ON o.id = n.id
            WHERE p.service_id = s.id AND ({_changed("o", "n", TARIFF_COLUMNS)});
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER tariff_updated_wants_provisioning AFTER UPDATE ON tariff "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION tariff_wants_provisioning()"
    )


def _sqlite_triggers() -> None:
    row = (
        "INSERT INTO provisioning (service_id, target, access, version, changed_at) VALUES "
        f"(NEW.id, {TARGET_OF_KIND.format(s='NEW')}, {ACCESS_OF_STATE.format(s='NEW')}, 1, CURRENT_TIMESTAMP) "
        f"{UPSERT_TAIL};"
    )
    op.execute(
        "CREATE TRIGGER service_inserted_wants_provisioning AFTER INSERT ON service "
        f"WHEN NEW.kind IN {PROVISIONED_KINDS} BEGIN {row} END"
    )
    op.execute(
        "CREATE TRIGGER service_updated_wants_provisioning AFTER UPDATE ON service "
        f"WHEN NEW.kind IN {PROVISIONED_KINDS} AND ({_changed('OLD', 'NEW', SERVICE_COLUMNS, 'IS NOT')}) "
        f"BEGIN {row} END"
    )
    op.execute(
        "CREATE TRIGGER tariff_updated_wants_provisioning AFTER UPDATE ON tariff "
        f"WHEN {_changed('OLD', 'NEW', TARIFF_COLUMNS, 'IS NOT')} BEGIN "
        "UPDATE provisioning SET version = version + 1, changed_at = CURRENT_TIMESTAMP, attempts = 0, "
        "next_attempt_at = NULL, last_error = '' "
        "WHERE service_id IN (SELECT id FROM service WHERE tariff_id = NEW.id); END"
    )


def downgrade() -> None:
    if _pg():
        for trigger, table in (
            ("service_inserted_wants_provisioning", "service"),
            ("service_updated_wants_provisioning", "service"),
            ("tariff_updated_wants_provisioning", "tariff"),
        ):
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
        op.execute("DROP FUNCTION service_wants_provisioning()")
        op.execute("DROP FUNCTION tariff_wants_provisioning()")
        # FreeRADIUS's tables stay: its sessions and logs are the network's, not ours to drop.
    else:
        for trigger in (
            "service_inserted_wants_provisioning",
            "service_updated_wants_provisioning",
            "tariff_updated_wants_provisioning",
        ):
            op.execute(f"DROP TRIGGER {trigger}")
    op.drop_index("ix_provisioning_due", table_name="provisioning")
    op.drop_table("provisioning")
    with op.batch_alter_table("tariff") as batch:
        batch.drop_column("tv_packets")
        batch.drop_column("upload_kbps")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("device_limit")
        batch.drop_column("password")


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"
