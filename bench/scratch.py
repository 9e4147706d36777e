"""What the benches share: a scratch database on the test server that is dropped afterwards, and the
median time of a few runs."""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

DEFAULT_SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty database on SUBSCRIBER_DESK_TEST_PG (a superuser: loads switch triggers
    off), dropped on the way out."""
    server = os.environ.get("SUBSCRIBER_DESK_TEST_PG", DEFAULT_SERVER)
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Seconds: the median of `repeat` runs of `fn`."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)
