"""Alembic environment shared by SQLite (batch mode) and PostgreSQL.

The program runs migrations through `app.schema.upgrade`, which passes an open connection in
`config.attributes["connection"]`; there is no alembic.ini to edit.
"""

from __future__ import annotations

from alembic import context

from app.models import Base
from app.schema import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `subscriber-desk db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
