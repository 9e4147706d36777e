"""The program's one clock: every "now" the domain, the printed documents and the screens use comes
from here, so a test can move time (a month of business days in a second) instead of sleeping.

Timestamps are aware and in UTC; business dates are derived from them in the operator's time zone
(`app.services.kernel.settings.business_today`)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_source: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # noqa: E731 - the default


def now() -> dt.datetime:
    """The current moment, timezone-aware, in UTC."""
    return _source().astimezone(dt.UTC)


def set_source(source: Callable[[], dt.datetime]) -> Callable[[], dt.datetime]:
    """Replace where "now" comes from (returns the previous source, to put back)."""
    global _source
    with _lock:
        previous, _source = _source, source
    return previous


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[FrozenClock]:
    """Within the block, "now" is `moment` and moves only when the test says so."""
    clock = FrozenClock(moment)
    previous = set_source(clock)
    try:
        yield clock
    finally:
        set_source(previous)


class FrozenClock:
    """A clock that stands still until moved: `advance(days=1)`, `set(moment)`."""

    def __init__(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self.moment = moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)
