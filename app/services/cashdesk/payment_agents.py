"""The banks and agents that send payment registries: their file format, the saved column mapping of
the generic CSV/XLSX reader, and the folder the scheduled task watches for their files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import PaymentAgent
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import tidy

SBERBANK = "sberbank"  # `;`-separated cp1251 lines with a total line (docs/registries.md)
COLUMNS = "columns"  # any CSV or XLSX file, read through the agent's saved column mapping
FILE_FORMATS = (SBERBANK, COLUMNS)
# The fields a column mapping may name; the first three and the amount are required.
MAPPED_FIELDS = ("date", "operation", "account", "amount", "commission", "payer", "address", "period", "time")
REQUIRED_FIELDS = ("date", "operation", "account", "amount")
_CODE = re.compile(r"^[a-z0-9_\-]{2,40}$")


@dataclass(frozen=True)
class Agent:
    id: int
    code: str
    name: str
    file_format: str
    columns: dict[str, Any] | None
    watch_folder: str
    active: bool
    version: int


def agent_of(row: PaymentAgent) -> Agent:
    return Agent(
        id=row.id,
        code=row.code,
        name=row.name,
        file_format=row.file_format,
        columns=dict(row.columns) if row.columns else None,
        watch_folder=row.watch_folder,
        active=row.active,
        version=row.version,
    )


def read_agent(conn: Connection, agent_id: int) -> Agent:
    """One agent through a reading connection; NotFound if it is gone."""
    row = conn.execute(
        select(
            PaymentAgent.id,
            PaymentAgent.code,
            PaymentAgent.name,
            PaymentAgent.file_format,
            PaymentAgent.columns,
            PaymentAgent.watch_folder,
            PaymentAgent.active,
            PaymentAgent.version,
        ).where(PaymentAgent.id == agent_id)
    ).one_or_none()
    if row is None:
        raise NotFound()
    return Agent(
        row.id,
        row.code,
        row.name,
        row.file_format,
        dict(row.columns) if row.columns else None,
        row.watch_folder,
        row.active,
        row.version,
    )


def list_agents(db: Database, actor: Actor, *, active_only: bool = False) -> list[Agent]:
    require(actor, Permission.IMPORT_PAYMENTS)
    with db.transaction(actor) as session:
        query = select(PaymentAgent).order_by(PaymentAgent.name)
        if active_only:
            query = query.where(PaymentAgent.active.is_(True))
        return [agent_of(row) for row in session.scalars(query)]


def agent_by_code(db: Database, actor: Actor, code: str) -> Agent:
    require(actor, Permission.IMPORT_PAYMENTS)
    with db.transaction(actor) as session:
        row = session.scalar(select(PaymentAgent).where(PaymentAgent.code == code.strip().lower()))
        if row is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "There is no payment agent «{code}»: add it first."),
                field="agent",
                code=code,
            )
        return agent_of(row)


def check_columns(columns: dict[str, Any] | None) -> dict[str, Any]:
    """A column mapping as the generic reader needs it, or a ValidationError that says what to fix.

    {"columns": {"date": "Дата" | 1, "operation": …, "account": …, "amount": …, optional others},
     "delimiter": ";", "encoding": "auto" | "cp1251" | "utf-8", "header_rows": 1,
     "date_format": "%d.%m.%Y" (optional), "total_label": "Итого" (optional)}"""
    if not isinstance(columns, dict) or not isinstance(columns.get("columns"), dict):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The column mapping must say which column holds each field."),
            field="columns",
        )
    fields = columns["columns"]
    missing = [name for name in REQUIRED_FIELDS if fields.get(name) in (None, "")]
    if missing:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The column mapping needs the columns: {missing}."),
            field="columns",
            missing=", ".join(missing),
        )
    unknown = [name for name in fields if name not in MAPPED_FIELDS]
    if unknown:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The column mapping cannot name {unknown}: the fields are {fields}."),
            field="columns",
            unknown=", ".join(unknown),
            fields=", ".join(MAPPED_FIELDS),
        )
    for name, where in fields.items():
        number = isinstance(where, int) and not isinstance(where, bool)
        if not (isinstance(where, str) and where.strip()) and not (number and where >= 1):
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "The column of «{name}» is a header text or a column number from 1."
                ),
                field="columns",
                name=name,
            )
    delimiter = columns.get("delimiter", ";")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The separator is one character, such as ; or ,."), field="columns"
        )
    encoding = columns.get("encoding", "auto")
    if encoding not in ("auto", "cp1251", "utf-8"):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The encoding is auto, cp1251 or utf-8."), field="columns"
        )
    header_rows = columns.get("header_rows", 1)
    if isinstance(header_rows, bool) or not isinstance(header_rows, int) or not 0 <= header_rows <= 50:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The header is 0 to 50 rows."), field="columns")
    return {
        "columns": dict(fields),
        "delimiter": delimiter,
        "encoding": encoding,
        "header_rows": header_rows,
        "date_format": str(columns.get("date_format", "")),
        "total_label": str(columns.get("total_label", "")),
    }


def save_agent(
    db: Database,
    actor: Actor,
    *,
    code: str,
    name: str,
    file_format: str,
    columns: dict[str, Any] | None = None,
    watch_folder: str = "",
    active: bool = True,
    agent_id: int | None = None,
    version: int | None = None,
) -> int:
    """Add an agent (agent_id None) or change one (with the version it was read at)."""
    require(actor, Permission.IMPORT_PAYMENTS)
    code = code.strip().lower()
    name = tidy(name)
    if not _CODE.match(code):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The agent's code is 2–40 Latin letters, digits, _ or -, such as sber or post."
            ),
            field="code",
        )
    if not name or len(name) > 200:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Name the agent (up to 200 characters)."), field="name"
        )
    if file_format not in FILE_FORMATS:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The file format is sberbank or columns."), field="file_format"
        )
    mapping = check_columns(columns) if file_format == COLUMNS else None
    watch_folder = watch_folder.strip()
    if len(watch_folder) > 500:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The folder path is too long."), field="watch_folder"
        )
    try:
        with db.transaction(actor) as session:
            if agent_id is None:
                row = PaymentAgent(code=code)
                session.add(row)
            else:
                found = session.get(PaymentAgent, agent_id)
                if found is None:
                    raise NotFound()
                row = found
                if version is not None and row.version != version:
                    raise ConcurrentEdit()
                row.code = code
            row.name = name
            row.file_format = file_format
            row.columns = mapping
            row.watch_folder = watch_folder
            row.active = active
            session.flush()
            return row.id
    except IntegrityError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Another agent already has the code «{code}»."),
            field="code",
            code=code,
        ) from exc
