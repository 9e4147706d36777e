"""The words of a route sheet, without its layout: what each kind of work is called, the debt as the
installer reads it, the sheet's title and day, and the stops grouped under their buildings in the
dispatcher's order (app/printing/route_sheet.py lays them out)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.money import format_money
from app.services.kernel.documents import RouteSheetData, RouteStop

TITLE = "Маршрутный лист"
KIND_LABELS: dict[str, str] = {
    "disconnect_catv": "Отключить КТВ",
    "reconnect_catv": "Подключить КТВ",
    "install": "Подключение",
    "repair": "Ремонт",
}
DISCONNECT = "disconnect_catv"
RESULTS = ("Выполнено", "Нет доступа", "Отказ", "Перенос на __.__")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
NO_ADDRESS = "Адрес не указан"

# A stop is one table row and a row cannot split, so a pasted novel in a note would not fit on a page.
NOTE_LIMIT = 600
FIELD_LIMIT = 200


def date_text(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def day_text(day: dt.date) -> str:
    """«на 05.03.2025, среда»."""
    return f"на {date_text(day)}, {WEEKDAYS[day.weekday()]}"


def kind_label(kind: str) -> str:
    """What to do, as the installer reads it: disconnect_catv → «Отключить КТВ». Unknown kinds as stored."""
    return KIND_LABELS.get(kind, kind)


def debt_text(stop: RouteStop) -> str:
    """«Долг 1 234,56 ₽» for a disconnect with a debt; nothing for other work (the installer collects
    nothing on a repair, and a reconnect is done because the debt was paid)."""
    if stop.kind != DISCONNECT or not stop.debt or stop.debt <= 0:
        return ""
    return f"Долг {format_money(stop.debt)}"


def clip(value: str, limit: int) -> str:
    """Trimmed, and cut with «…» beyond `limit` characters."""
    value = value.strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def sheet_title(data: RouteSheetData) -> str:
    return f"{TITLE} · {data.installer_name} · {date_text(data.day)}"


def kinds_summary(stops: Sequence[RouteStop]) -> str:
    """«отключить КТВ — 5, подключить КТВ — 3, ремонт — 1», in the order of KIND_LABELS."""
    counts = Counter(stop.kind for stop in stops)
    order = [kind for kind in KIND_LABELS if kind in counts] + sorted(set(counts) - set(KIND_LABELS))
    parts = []
    for kind in order:
        label = kind_label(kind)
        parts.append(f"{label[:1].lower()}{label[1:]} — {counts[kind]}")  # «КТВ» stays in capitals
    return ", ".join(parts)


@dataclass(frozen=True)
class Building:
    """A run of consecutive stops at one address: printed under one heading."""

    district: str
    address: str
    first_number: int  # the sheet number of its first stop
    stops: tuple[RouteStop, ...]

    @property
    def tap_label(self) -> str:
        """The tap most stops here are on (printed once, in the heading; a stop on another says so)."""
        taps = Counter(stop.tap_label.strip() for stop in self.stops)
        return taps.most_common(1)[0][0] if taps else ""


def group_by_building(stops: Sequence[RouteStop]) -> list[Building]:
    """Consecutive stops with the same district and address, in the order given. The caller sorts by
    address; should one building come twice anyway, it gets two headings rather than a reordered route."""
    groups: list[Building] = []
    number = 1
    for stop in stops:
        last = groups[-1] if groups else None
        if last is not None and (last.district, last.address) == (stop.district, stop.address):
            groups[-1] = Building(last.district, last.address, last.first_number, (*last.stops, stop))
        else:
            groups.append(Building(stop.district, stop.address, number, (stop,)))
        number += 1
    return groups
