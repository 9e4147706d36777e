"""The one place that wires the program together: data folder, database URL, password, logging, and
which adapters (app/adapters) serve the ports the domain owns.

Tests build these pieces themselves instead of patching globals.

The window's start-up imports this module before its sign-in window shows, so SQLAlchemy, the database
layer and the keyring are imported by the functions that need them, not here (docs/architecture.md,
"Start-up").
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from app.adapters.error_reports import ScrubbingFormatter, write_error_report
from app.adapters.pc_settings import APP_NAME, EMBEDDED, ORG_NAME, save_database, saved_database
from app.errors import DatabaseUnavailable, PasswordRequired

if TYPE_CHECKING:
    from sqlalchemy import URL
    from sqlalchemy.exc import OperationalError

    from app.adapters.failed_sign_ins import FailedSignIns
    from app.adapters.pending_payments import PendingPayment, PendingPayments
    from app.db import Database
    from app.models.enums import NotificationChannel
    from app.services.cashdesk.fiscal import FiscalRegister
    from app.services.cashdesk.payment_agents import Agent
    from app.services.cashdesk.registry_lines import RegistryFile
    from app.services.notifications.ports import TelegramBot, Transport
    from app.services.provisioning.ports import ProvisioningTarget

# The views reach these adapters' names through the wiring.
__all__ = [
    "APP_NAME",
    "EMBEDDED",
    "ORG_NAME",
    "PendingPayment",
    "PendingPayments",
    "save_database",
    "write_error_report",
]

ENV_DATABASE = "SUBSCRIBER_DESK_DATABASE"
ENV_DATA_DIR = "SUBSCRIBER_DESK_DATA_DIR"
EMBEDDED_FILE = "subscriber-desk.sqlite3"

log = logging.getLogger(__name__)


def data_dir() -> Path:
    """The user's data folder (QStandardPaths' AppDataLocation, e.g. %APPDATA% on Windows)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        path = Path(override)
    else:
        from PySide6.QtCore import QCoreApplication, QStandardPaths

        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        path = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    path.mkdir(parents=True, exist_ok=True)
    return path


def __getattr__(name: str) -> object:
    """The pending-payment file's names, imported when a view first asks (not before the sign-in)."""
    if name in ("PendingPayment", "PendingPayments"):
        from app.adapters import pending_payments as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pending_payments(folder: Path | None = None) -> PendingPayments:
    """Payments of this PC whose outcome is not known yet (a file in the user's data folder)."""
    from app.adapters.pending_payments import PendingPayments

    return PendingPayments(folder or data_dir())


def failed_sign_ins(folder: Path | None = None) -> FailedSignIns:
    """Sign-ins the shared server refused on this PC, until the next sign-in here reports them."""
    from app.adapters.failed_sign_ins import FailedSignIns

    return FailedSignIns(folder or data_dir())


def embedded_url(folder: Path | None = None) -> str:
    return f"sqlite:///{(folder or data_dir()) / EMBEDDED_FILE}"


def resolve_database_url(cli_value: str | None) -> tuple[str, bool]:
    """The database to open and whether this PC has chosen it: --database, then
    SUBSCRIBER_DESK_DATABASE, then the PC's saved choice (the first-run dialog's), and failing all of
    them the embedded SQLite file in the data folder (not chosen: the window asks first)."""
    url = cli_value or os.environ.get(ENV_DATABASE) or saved_database()
    if url == EMBEDDED:
        return embedded_url(), True
    if url:
        return url, True
    return embedded_url(), False


def is_server_url(url: str | URL) -> bool:
    if isinstance(url, str):  # read without SQLAlchemy: the window asks this before it is imported
        return url.partition("://")[0].partition("+")[0] == "postgresql"
    return url.get_backend_name() == "postgresql"


def server_database(url: str | URL) -> Database:
    """A shared server as the program's window opens it: no login of its own (a login or password in
    the URL is dropped); people sign in with their own server logins (`ServerAuthenticator`)."""
    from app.db import Database, without_login

    return Database(without_login(url), interactive=True)


def _needs_password(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "password" in text and ("no password supplied" in text or "authentication failed" in text)


def open_database(url: str | URL, ask_password: Callable[[URL], str | None] | None = None) -> Database:
    """Open a database and prove the connection works. A server password comes from the URL, the OS
    keyring, or `ask_password` (a dialog in the GUI, a prompt on the console) — in that order."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import OperationalError

    from app.db import Database
    from app.secrets import load_password

    parsed = make_url(url)
    password = None
    if parsed.get_backend_name() == "postgresql" and parsed.password is None:
        password = load_password(parsed)
    db = Database(parsed, password=password)
    if db.is_embedded:
        return db
    try:
        db.ping_or_raise()
        return db
    except OperationalError as exc:
        db.dispose()
        if not _needs_password(exc):
            raise DatabaseUnavailable() from exc
        if ask_password is None:
            raise PasswordRequired(user=parsed.username or "") from exc
        asked = ask_password(parsed)
        if asked is None:
            raise PasswordRequired(user=parsed.username or "") from exc
        db = Database(parsed, password=asked)
        try:
            db.ping_or_raise()
        except OperationalError as retry_exc:
            db.dispose()
            if _needs_password(retry_exc):
                raise PasswordRequired(user=parsed.username or "") from retry_exc
            raise DatabaseUnavailable() from retry_exc
        return db


def setup_logging(folder: Path | None = None) -> Path:
    """Log to a rotating file in the data folder; the path is shown to users when something breaks."""
    log_dir = (folder or data_dir()) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "subscriber-desk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    # No personal data in the log: SQL parameters and the server's DETAIL lines are cut out.
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def sending_secrets(url: URL) -> dict[str, str]:
    """The SMTP password, SMS API key and Telegram bot token of this PC, for the database at `url`."""
    from app.secrets import load_secret
    from app.services.notifications.ports import (
        SECRET_SMS_API_KEY,
        SECRET_SMTP_PASSWORD,
        SECRET_TELEGRAM_TOKEN,
    )

    found: dict[str, str] = {}
    for name in (SECRET_SMTP_PASSWORD, SECRET_SMS_API_KEY, SECRET_TELEGRAM_TOKEN):
        # A headless server has no keyring: its scheduler may pass the secret in the environment
        # (e.g. a systemd credential), never in a config file.
        value = os.environ.get("SUBSCRIBER_DESK_" + name.upper().replace(".", "_")) or load_secret(name, url)
        if value:
            found[name] = value
    return found


def reminder_transports(
    db: Database, secrets: Mapping[str, str] | None = None
) -> dict[NotificationChannel, Transport]:
    """The reminder transports (SMTP, HTTP SMS gateway) the database's settings describe, with this PC's
    secrets unless `secrets` are given."""
    from app.adapters.reminder_transports import transports_from_settings
    from app.services.notifications.sending import configured_transports

    return configured_transports(
        db, transports_from_settings, sending_secrets(db.url) if secrets is None else secrets
    )


def telegram_bot(db: Database, secrets: Mapping[str, str] | None = None) -> TelegramBot | None:
    """The Telegram bot the database's settings turn on, with this PC's token (the keyring's
    "telegram.token" or SUBSCRIBER_DESK_TELEGRAM_TOKEN); None while Telegram is off or no token is here."""
    from app.adapters.telegram_bot import telegram_from_settings
    from app.services.kernel.settings import read_settings
    from app.services.notifications.ports import SECRET_TELEGRAM_TOKEN

    with db.reading() as conn:
        settings = read_settings(conn)
    found = sending_secrets(db.url) if secrets is None else secrets
    return telegram_from_settings(settings, found.get(SECRET_TELEGRAM_TOKEN, ""))


def close_reminder_transports(transports: Mapping[NotificationChannel, Transport]) -> None:
    from app.adapters.reminder_transports import close_transports

    close_transports(transports)


def read_registry_file(path: Path, agent: Agent) -> RegistryFile:
    """A bank's or agent's registry file as plain lines, in the agent's format (the readers live in
    app/adapters/registry_formats; the GUI and the command line come through here)."""
    from app.adapters.registry_formats import read_registry

    return read_registry(path, agent)


def fiscal_register(url: str) -> FiscalRegister:
    """The online cash register at `url` (a desk's setting): ATOL's driver web server."""
    from app.adapters.atol_driver import AtolDriverRegister

    return AtolDriverRegister(url)


def nas_secret(db_url: URL, shortname: str) -> str | None:
    """This PC's CoA secret for a NAS: SUBSCRIBER_DESK_NAS_SECRET_<SHORTNAME> or SUBSCRIBER_DESK_NAS_SECRET
    (one for all) in the scheduler's environment, else the keyring's secret "nas.<shortname>"."""
    from app.secrets import load_secret

    own = "SUBSCRIBER_DESK_NAS_SECRET_" + "".join(c if c.isalnum() else "_" for c in shortname.upper())
    for name in (own, "SUBSCRIBER_DESK_NAS_SECRET"):
        if os.environ.get(name):
            return os.environ[name]
    return load_secret(f"nas.{shortname}", db_url)


def tv_token(db_url: URL) -> str | None:
    """This PC's token of the TV platform's provider API: SUBSCRIBER_DESK_TV_TOKEN in the scheduler's
    environment, else the keyring's secret "tv.token"."""
    from app.secrets import load_secret

    return os.environ.get("SUBSCRIBER_DESK_TV_TOKEN") or load_secret("tv.token", db_url)


def provisioning_targets(db: Database) -> dict[str, ProvisioningTarget]:
    """The sides of the network the company's settings turn on: RADIUS (FreeRADIUS's tables in this
    database, CoA to the NAS list with this PC's secrets) and the TV platform (its API, this PC's token).
    The same objects read what the targets hold, for the sync report."""
    from app.adapters.iptv_24tv import TvPlatform
    from app.adapters.radius_coa import CoaSender
    from app.adapters.radius_sql import RadiusPolicy, RadiusSql, nas_list
    from app.services.kernel.settings import Key, read_settings
    from app.services.provisioning.ports import RADIUS, TV, NoTvToken

    with db.reading() as conn:
        settings = read_settings(conn)
    targets: dict[str, ProvisioningTarget] = {}
    if settings[Key.RADIUS_ENABLED] == "yes":
        policy = RadiusPolicy(
            debt_action=settings[Key.RADIUS_DEBT_ACTION],
            payment_group=settings[Key.RADIUS_PAYMENT_GROUP],
            throttle_kbps=int(settings[Key.RADIUS_THROTTLE_KBPS] or 256),
        )
        radius = RadiusSql(db, policy)  # refuses the embedded database, in words
        radius.coa = CoaSender(nas_list(db), lambda nas: nas_secret(db.url, nas.shortname))
        targets[RADIUS] = radius
    if settings[Key.TV_URL].strip():
        token = tv_token(db.url)
        if not token:
            raise NoTvToken()
        targets[TV] = TvPlatform(settings[Key.TV_URL].strip(), token)
    return targets
