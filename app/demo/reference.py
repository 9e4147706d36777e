"""Demo data, first stage: the company, staff, tariffs, cash desks, districts and installers.

Also the calendar every later stage uses (billing periods, office days, local times in UTC) and the
`World` record that carries ids and lookups from this stage to the subscriber stream.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.demo.bulk import BulkLoader, columns
from app.demo.vocabulary import FEMALE_NAMES, MALE_NAMES, SURNAMES, female_surname
from app.services.admin.requisites import account_is_valid
from app.services.kernel.settings import Key, read_settings, write_settings

DEMO_PASSWORD = "demo"
DEMO_LOGINS: dict[str, str] = {
    "admin": "admin",
    "frontdesk": "front_desk",
    "cashier": "cashier",
    "dispatcher": "dispatcher",
}
# More hands at the desks: a second front-desk operator and cashiers for every cash desk.
EXTRA_LOGINS: dict[str, str] = {"frontdesk2": "front_desk", "cashier2": "cashier", "cashier3": "cashier"}

# Russian public holidays the office is closed on (besides Sundays).
HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
WEEKDAY_HOURS = (9 * 3600, 19 * 3600)
SATURDAY_HOURS = (10 * 3600, 16 * 3600)
OPENING_CASH = 5_000_00
FUTURE_PERIODS = 13  # prices are known this far ahead, for subscribers who pay months in advance


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Calendar:
    """Billing periods, office days and local times for the demo's `today` (all days as ordinals)."""

    def __init__(self, today: dt.date, months: int, timezone: str) -> None:
        self.today = today.toordinal()
        self.zone = ZoneInfo(timezone)
        first = add_months(today.replace(day=1), -(months - 1))
        # Billing periods: first days of the last `months` months, then a year of future ones.
        self.periods = [add_months(first, j) for j in range(months + FUTURE_PERIODS)]
        self.period_ords = [p.toordinal() for p in self.periods]
        self.months = months
        self._midnights: dict[int, dt.datetime] = {}
        self._open: dict[int, bool] = {}

    def at(self, ordinal: int, seconds: int) -> dt.datetime:
        """UTC time of a local day and second of that day."""
        midnight = self._midnight(ordinal)
        return midnight + dt.timedelta(seconds=seconds)

    def _midnight(self, ordinal: int) -> dt.datetime:
        value = self._midnights.get(ordinal)
        if value is None:
            day = dt.date.fromordinal(ordinal)
            local = dt.datetime(day.year, day.month, day.day, tzinfo=self.zone)
            value = self._midnights[ordinal] = local.astimezone(dt.UTC)
        return value

    def is_open(self, ordinal: int) -> bool:
        """The office (cash desks, registry import) works Monday to Saturday except holidays."""
        value = self._open.get(ordinal)
        if value is None:
            day = dt.date.fromordinal(ordinal)
            value = self._open[ordinal] = day.isoweekday() != 7 and (day.month, day.day) not in HOLIDAYS
        return value

    def open_on_or_before(self, ordinal: int) -> int:
        while not self.is_open(ordinal):
            ordinal -= 1
        return ordinal

    def open_on_or_after(self, ordinal: int) -> int:
        while not self.is_open(ordinal):
            ordinal += 1
        return ordinal

    @staticmethod
    def office_hours(ordinal: int) -> tuple[int, int]:
        saturday = (ordinal - 1) % 7 == 5  # day 1 of the proleptic calendar was a Monday
        return SATURDAY_HOURS if saturday else WEEKDAY_HOURS


@dataclass
class TariffInfo:
    id: int
    name: str
    kind: str
    prices: list[int]  # monthly fee in each of Calendar.periods


@dataclass
class World:
    """What the reference stage made and the subscriber stream draws on."""

    calendar: Calendar
    grace_days: int  # the debt policy's: days of debt before a disconnect order
    staff: dict[str, list[int]]  # role -> staff ids
    tariffs: dict[str, TariffInfo]  # short code -> tariff
    districts: dict[int, str]  # id -> name; the last `settlements` ones are outlying villages
    settlements: int
    installers_by_district: dict[int, list[int]]
    desk_ids: list[int] = field(default_factory=list)
    desk_weights: list[float] = field(default_factory=list)
    # (desk id, day) -> (shift id, cashier id); the shift rows are written after the stream.
    shifts: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    shift_cash: dict[int, int] = field(default_factory=dict)  # shift id -> cash taken


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        first, patronymic = rng.choice(FEMALE_NAMES), rng.choice(MALE_NAMES)[2]
        return f"{female_surname(rng.choice(SURNAMES[:80]))} {first} {patronymic}"
    name = rng.choice(MALE_NAMES)
    return f"{rng.choice(SURNAMES[:80])} {name[0]} {rng.choice(MALE_NAMES)[1]}"


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def company_inn(rng: random.Random, region: str = "6952") -> str:
    """A 10-digit INN of an organisation with a correct check digit."""
    body = region + "".join(str(rng.randrange(10)) for _ in range(5))
    return body + _check_digit(body, (2, 4, 10, 3, 5, 9, 4, 6, 8))


def person_inn(rng: random.Random, region: str = "6952") -> str:
    """A 12-digit INN of a sole trader (ИП) with both check digits."""
    body = region + "".join(str(rng.randrange(10)) for _ in range(6))
    body += _check_digit(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
    return body + _check_digit(body, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))


def bank_account(rng: random.Random, bic: str) -> str:
    """A 20-digit settlement account (40702 = commercial organisation, 810 = rubles) whose control
    digit (the 9th) passes the Bank of Russia check together with the BIC's last three digits."""
    body = "40702810" + "_" + "".join(str(rng.randrange(10)) for _ in range(11))
    for key in "0123456789":
        account = body.replace("_", key)
        if account_is_valid(account, bic):
            return account
    raise AssertionError("some control digit always fits")  # pragma: no cover


def write_company_settings(session: Session, rng: random.Random) -> None:
    """Company details for receipts and the payment QR; an administrator's own values are kept."""
    bic = "044525225"
    values = {
        Key.COMPANY_NAME: "ООО «Городские сети»",
        Key.COMPANY_INN: company_inn(rng),
        Key.COMPANY_KPP: "695201001",
        Key.COMPANY_ADDRESS: "170100, г. Заречный, ул. Советская, д. 12, оф. 3",
        Key.COMPANY_PHONE: "+7 (4822) 41-00-00",
        Key.BANK_ACCOUNT: bank_account(rng, bic),
        Key.BANK_NAME: "ПАО Сбербанк",
        Key.BANK_BIC: bic,
        Key.BANK_CORR_ACCOUNT: "30101810400000000225",
    }
    current = read_settings(session)
    # Demo logins share the password «demo»: nobody is asked for a second factor in a demo database
    # (a real one asks every administrator; the settings screen cannot switch that off).
    write_settings(
        session, {k: v for k, v in values.items() if not current.get(k)} | {Key.SECOND_FACTOR_ROLES: ""}
    )
    session.flush()


def write_staff(
    loader: BulkLoader,
    rng: random.Random,
    password_hash: str,
    first_id: int,
    calendar: Calendar,
) -> dict[str, list[int]]:
    """Demo staff, one password hash for all (argon2id is slow on purpose: hash once). Returns the
    staff ids by role. (The database has no staff of its own: the demo refuses one that has.)"""
    staff_rows, role_rows = [], []
    by_role: dict[str, list[int]] = {"admin": [], "front_desk": [], "cashier": [], "dispatcher": []}
    created = calendar.at(calendar.today - 730, 10 * 3600)
    staff_id = first_id
    for login, role in {**DEMO_LOGINS, **EXTRA_LOGINS}.items():
        staff_rows.append((staff_id, login, person_name(rng), password_hash, True, 0, None, created, 1))
        role_rows.append((staff_id, role))
        by_role[role].append(staff_id)
        staff_id += 1
    loader.write(
        "staff",
        columns("id login full_name password_hash active failed_logins locked_until created_at version"),
        staff_rows,
    )
    loader.write("staff_role", ("staff_id", "role"), role_rows)
    return by_role


# code: (name, kind, speed kbps, device limit, [(months before the current month, fee in kopecks)], retired)
TARIFFS: dict[str, tuple[str, str, int | None, int | None, list[tuple[int, int]], bool]] = {
    "inet100": ("Интернет 100 Мбит/с (архив)", "internet", 100_000, None, [(96, 400_00)], True),
    "inet300": ("Интернет 300 Мбит/с", "internet", 300_000, None, [(96, 500_00), (-6, 550_00)], False),
    "inet500": ("Интернет 500 Мбит/с", "internet", 500_000, None, [(96, 650_00), (-6, 700_00)], False),
    "inet1000": ("Интернет 1000 Мбит/с", "internet", 1_000_000, None, [(60, 900_00), (-6, 990_00)], False),
    "catv_social": ("КТВ «Социальный»", "catv", None, None, [(96, 180_00), (-6, 200_00)], False),
    "catv_basic": ("КТВ «Базовый»", "catv", None, None, [(96, 350_00), (-6, 390_00)], False),
    "iptv": ("IPTV «Премиум»", "iptv", None, 3, [(36, 299_00)], False),
}


def write_tariffs(
    loader: BulkLoader, calendar: Calendar, first_id: int, first_price_id: int
) -> dict[str, TariffInfo]:
    """All monthly tariffs with a price history; the raise half a year ago shows in the charges."""
    current = calendar.periods[calendar.months - 1]
    raise_back = max(calendar.months // 2, 1)
    tariffs, tariff_rows, price_rows = {}, [], []
    price_id = first_price_id
    for offset, (code, (name, kind, speed, devices, history, retired)) in enumerate(TARIFFS.items()):
        tariff_id = first_id + offset
        # A negative "months before" marks the recent raise, placed inside the demo's window.
        # The first price is older than the demo's window, whatever `months` is.
        backs = [raise_back if back < 0 else max(back, calendar.months + 1) for back, _ in history]
        steps = [(add_months(current, -back), fee) for back, (_, fee) in zip(backs, history, strict=True)]
        valid_from = steps[0][0]
        retired_on = add_months(current, -24) if retired else None
        packets = "101,205,310" if kind == "iptv" else ""  # the TV platform's packets of the demo
        tariff_rows.append(
            (tariff_id, name, kind, "monthly", speed, devices, valid_from, retired_on, 1, packets)
        )
        for effective_from, fee in steps:
            price_rows.append((price_id, tariff_id, effective_from, fee))
            price_id += 1
        prices = [
            next(fee for start, fee in reversed(steps) if start <= period) for period in calendar.periods
        ]
        tariffs[code] = TariffInfo(tariff_id, name, kind, prices)
    loader.write(
        "tariff",
        columns(
            "id name kind charging_mode speed_kbps device_limit valid_from retired_on version tv_packets"
        ),
        tariff_rows,
    )
    loader.write("tariff_price", ("id", "tariff_id", "effective_from", "monthly_fee"), price_rows)
    return tariffs


def write_districts_and_installers(
    loader: BulkLoader, rng: random.Random, names: list[str], first_id: int, first_installer_id: int
) -> tuple[list[int], dict[int, list[int]]]:
    """Districts, and installers for each (some also cover the neighbouring district)."""
    district_ids = [first_id + i for i in range(len(names))]
    loader.write(
        "district",
        ("id", "name", "active", "version"),
        [(d, name, True, 1) for d, name in zip(district_ids, names, strict=True)],
    )
    count = max(3, len(district_ids) * 3 // 2)
    installer_rows, links = [], []
    by_district: dict[int, list[int]] = {d: [] for d in district_ids}
    for i in range(count):
        installer_id = first_installer_id + i
        name = rng.choice(MALE_NAMES)
        full_name = f"{rng.choice(SURNAMES[:120])} {name[0]} {rng.choice(MALE_NAMES)[1]}"
        installer_rows.append((installer_id, full_name, f"79{rng.randrange(10**9):09d}", True, 1))
        home = i % len(district_ids)
        served = [home] + ([(home + 1) % len(district_ids)] if rng.random() < 0.4 else [])
        for index in dict.fromkeys(served):
            links.append((installer_id, district_ids[index]))
            by_district[district_ids[index]].append(installer_id)
    loader.write("installer", ("id", "full_name", "phone", "active", "version"), installer_rows)
    loader.write("installer_district", ("installer_id", "district_id"), links)
    return district_ids, by_district


def write_cash_desks(
    loader: BulkLoader, world: World, subscribers: int, first_id: int, first_shift_id: int
) -> None:
    """Two or three desks, and a planned shift for every office day the demo's payments may fall on."""
    names = ["Касса 1 (главный офис)", "Касса 2 (главный офис)", "Касса 3 (отделение «Северный»)"]
    count = 2 if subscribers < 10_000 else 3
    world.desk_ids = [first_id + i for i in range(count)]
    world.desk_weights = [0.5, 0.5] if count == 2 else [0.45, 0.35, 0.2]
    loader.write(
        "cash_desk",
        ("id", "name", "location", "active", "version"),
        [(d, names[i], "", True, 1) for i, d in enumerate(world.desk_ids)],
    )
    calendar, cashiers = world.calendar, world.staff["cashier"] or world.staff["admin"]
    shift_id = first_shift_id
    # Payments go back to a few weeks before the first billing period (paying for it in advance).
    for day in range(calendar.period_ords[0] - 40, calendar.today):
        if not calendar.is_open(day):
            continue
        for index, desk_id in enumerate(world.desk_ids):
            world.shifts[(desk_id, day)] = (shift_id, cashiers[(day + index) % len(cashiers)])
            shift_id += 1


def write_shifts(loader: BulkLoader, world: World) -> int:
    """Closed shifts with the cash the desk should hold; written once the payments are known."""
    calendar, rows = world.calendar, []
    for (desk_id, day), (shift_id, cashier_id) in world.shifts.items():
        opens, closes = calendar.office_hours(day)
        expected = OPENING_CASH + world.shift_cash.get(shift_id, 0)
        opened, closed = calendar.at(day, opens - 600), calendar.at(day, closes + 600)
        rows.append((shift_id, desk_id, cashier_id, opened, OPENING_CASH, closed, expected, expected, 1))
    return loader.write(
        "shift",
        columns(
            "id cash_desk_id cashier_id opened_at opening_cash closed_at expected_cash counted_cash version"
        ),
        rows,
    )
