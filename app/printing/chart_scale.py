"""The value axis of a money chart, shared by the screen (app/views/reports/charts.py) and the printed
revenue report: round steps in whole rubles, and the rubles written with their thousands grouped."""

from __future__ import annotations

import math
from collections.abc import Iterable

STEPS = (1, 2, 2.5, 5, 10)


def axis_ticks(values: Iterable[int], count: int = 5) -> list[int]:
    """Kopecks at which to draw the value axis' lines: from a round step at or below the lowest value
    (and zero) to one at or above the highest, about `count` steps, each a round number of rubles
    (1, 2, 2.5 or 5 times a power of ten)."""
    values = list(values)
    low, high = min([0, *values]), max([0, *values])
    if high == low:
        high = low + 100_00
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in STEPS if m * magnitude >= raw)
    step_kopecks = max(100, math.ceil(step / 100) * 100)
    first = math.floor(low / step_kopecks) * step_kopecks
    last = math.ceil(high / step_kopecks) * step_kopecks
    return list(range(first, last + 1, step_kopecks))


def rubles_text(kopecks: int, separator: str = "\u202f") -> str:
    """Whole rubles with the thousands grouped: 123456700 → «1 234 567» (a minus for a loss)."""
    rubles = round(kopecks / 100)
    grouped = f"{abs(rubles):,}".replace(",", separator)
    return f"−{grouped}" if rubles < 0 else grouped
