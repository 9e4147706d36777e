"""Revenue by month: what the company charged, what it gave off as discounts, what it credited for
outages, what people paid — and, per outage, what its compensation cost. Read by Reports → Revenue,
printed by app/printing/revenue_report.py, written as CSV by `write_csv` (also `report revenue`).

Everything is summed in SQL, grouped by the month of the ledger entries' business date (the index on
`ledger_entry.business_date` reads only the chosen months). What each figure is (docs/revenue.md):

- **charges**: the periodic charges booked in the month, less the reversals of charges booked in it.
- **fees**: one-off fees (reconnection), less their reversals booked in the month.
- **discounts**: for every charge a discount reduced, what the full fee would have charged that day
  minus what was charged, by the rules of `discounts.charge_amount` and `prices.charge_of_day`
  (recomputed in SQL, never estimated); a reversed discounted charge takes its discount back in the
  month of the reversal. Which charges a discount reduced is found by recomputing them: a charge
  counts as discounted when it equals the discounted charge of its day under one of its service's or
  contract's discounts. The fee is the tariff the service has now, valid on the charge's day; a
  service whose tariff changed since is not recognised (the ledger keeps no tariff per charge). A
  100 % discount books no charge, so its days are not in the figure.
- **compensation**: outage credits booked in the month, less the cancellations booked in it.
- **payments**: payments received in the month, less the cancellations booked in it (by method too).
- **promotions**: what promotions cost (app/services/billing/promotion_costs.py): bonuses credited,
  a prepayment for fewer months' discount in the month of its payment, and what a first-months price
  held each charge down by. Like discounts, the price ones are already out of the charges.
- **net revenue** = charges + fees − compensation − promotions' bonuses (discounts and promotion
  prices are already out of the charges).

Every figure is integer kopecks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, Integer, and_, case, cast, extract, func, literal, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from app.db import Database
from app.models import (
    ChargingMode,
    District,
    LedgerEntry,
    LedgerKind,
    Outage,
    OutageCredit,
    Payment,
    PaymentMethod,
    Service,
    ServiceKind,
    Tariff,
    TariffPrice,
)
from app.models import Discount as DiscountRow
from app.services.billing.promotion_costs import bonuses_by_month, costs_by_month
from app.services.kernel.documents import CompanyDetails
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import DEFAULTS, Key, business_today, read_settings

DEFAULT_MONTHS = 12
MAX_MONTHS = 60

# The money series of a month, in the order the table, the PDF and the CSV show them (the chart draws
# all but "fees" and "net").
SERIES = ("charges", "fees", "discounts", "promotions", "compensation", "net", "payments")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    months = [month_start(first)]
    while months[-1] < month_start(last):
        months.append(add_months(months[-1], 1))
    return months


@dataclass
class MonthRevenue:
    month: dt.date  # its first day
    charges: int = 0
    fees: int = 0
    discounts: int = 0
    promotions: int = 0  # what promotions cost, bonuses included
    bonuses: int = 0  # of which credited as promotions' bonuses
    compensation: int = 0
    payments: int = 0
    payments_by_method: dict[PaymentMethod, int] = field(default_factory=dict)

    @property
    def net(self) -> int:
        """What the month earned: charges and fees, less the outages' compensation and the bonuses."""
        return self.charges + self.fees - self.compensation - self.bonuses

    @property
    def full_fees(self) -> int:
        """What the charges would have been without discounts."""
        return self.charges + self.discounts

    def value(self, series: str) -> int:
        return int(getattr(self, series))


@dataclass(frozen=True)
class OutageCompensation:
    id: int
    reason: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    business_date: dt.date  # the day its credits were booked
    districts: tuple[str, ...]  # what the administrator chose, by name
    buildings: int
    tariffs: tuple[str, ...]
    contracts: int
    kinds: tuple[ServiceKind, ...]  # empty: every kind
    services: int  # services credited
    credited: int  # kopecks credited when posted
    cancelled_on: dt.date | None  # the business date of the cancellation, None: stands
    cancel_reason: str

    @property
    def standing(self) -> int:
        """What the outage costs now: its credits, or nothing once cancelled."""
        return 0 if self.cancelled_on is not None else self.credited


@dataclass(frozen=True)
class RevenueReport:
    first_month: dt.date
    last_month: dt.date
    months: list[MonthRevenue]
    outages: list[OutageCompensation]
    company: str = ""  # the company's name, for the printed report
    zone: str = DEFAULTS[Key.TIMEZONE]  # the company's time zone, for the outages' times

    def total(self, series: str) -> int:
        return sum(m.value(series) for m in self.months)

    def total_by_method(self) -> dict[PaymentMethod, int]:
        totals: dict[PaymentMethod, int] = {}
        for month in self.months:
            for method, amount in month.payments_by_method.items():
                totals[method] = totals.get(method, 0) + amount
        return totals


def default_range(today: dt.date, months: int = DEFAULT_MONTHS) -> tuple[dt.date, dt.date]:
    """The last `months` business months, this one included: (first month's first day, this month's)."""
    last = month_start(today)
    return add_months(last, -(months - 1)), last


def _month_key(column: Any) -> Any:
    """The month of a date column as one integer, year × 12 + month − 1 (both databases)."""
    return cast(extract("year", column), Integer) * 12 + cast(extract("month", column), Integer) - 1


def _month_of(key: int) -> dt.date:
    return dt.date(int(key) // 12, int(key) % 12 + 1, 1)


def _days_in_month(day: Any) -> Any:
    year = cast(extract("year", day), Integer)
    month = cast(extract("month", day), Integer)
    leap = and_(year % 4 == 0, or_(year % 100 != 0, year % 400 == 0))
    return case(
        (month == 2, case((leap, 29), else_=28)),
        (month.in_([4, 6, 9, 11]), 30),
        else_=31,
    )


def _daily(monthly_fee: Any, day: Any) -> Any:
    """`prices.daily_charge` in SQL: day `day`'s share of a monthly fee."""
    number = cast(extract("day", day), Integer)
    days = _days_in_month(day)
    return monthly_fee * number // days - monthly_fee * (number - 1) // days


def _discounted_charges(period: tuple[dt.date, dt.date], reversals: bool) -> Any:
    """The charges a discount reduced (booked in `period`, or — `reversals` — reversed by an entry
    booked in it): each charge once, with the month it counts in and what the discount took off."""
    first, last = period
    charge = aliased(LedgerEntry, name="charge")
    reversal = aliased(LedgerEntry, name="reversal")
    booked = reversal.business_date if reversals else charge.business_date
    # The day whose fee and discount the charge took: its own day (daily), or the day the month was
    # charged (monthly: the run of that day, normally the 1st, booked the month).
    day = case(
        (
            and_(
                Tariff.charging_mode == ChargingMode.MONTHLY,
                _month_key(charge.business_date) == _month_key(charge.charge_period),
            ),
            charge.business_date,
        ),
        else_=charge.charge_period,
    )
    # the price valid on that day: the tariff's latest price from that day or before (a join, so the fee
    # is read once per charge, not once per use in the arithmetic below)
    price = aliased(TariffPrice, name="price")
    later = aliased(TariffPrice, name="later_price")
    valid_price = and_(
        price.tariff_id == Service.tariff_id,
        price.effective_from <= day,
        ~select(later.id)
        .where(
            later.tariff_id == price.tariff_id,
            later.effective_from > price.effective_from,
            later.effective_from <= day,
        )
        .exists(),
    )
    fee = cast(price.monthly_fee, BigInteger)
    monthly = Tariff.charging_mode == ChargingMode.MONTHLY
    full = case((monthly, fee), else_=_daily(fee, day))
    charged = -charge.amount
    selects = []
    for own in (True, False):
        discount = aliased(DiscountRow, name="discount")
        reduced = case(
            (discount.percent.is_not(None), fee * (literal(100) - discount.percent) // literal(100)),
            else_=case((fee > discount.amount, fee - discount.amount), else_=literal(0)),
        )
        discounted = case((monthly, reduced), else_=_daily(reduced, day))
        applies = (
            discount.service_id == Service.id
            if own
            else and_(discount.service_id.is_(None), discount.contract_id == Service.contract_id)
        )
        query = (
            select(charge.id, _month_key(booked).label("month"), (full - charged).label("off"))
            .select_from(discount)
            .join(Service, applies)
            .join(Tariff, Tariff.id == Service.tariff_id)
            .join(charge, and_(charge.service_id == Service.id, charge.kind == LedgerKind.CHARGE))
            .join(price, valid_price)
            .where(discount.valid_from <= day, discounted == charged)
        )
        if reversals:
            query = query.join(reversal, reversal.reverses_id == charge.id)
        query = query.where(booked >= first, booked <= last)
        selects.append(query)
    return union(*selects).subquery("discounted")  # UNION: a charge two discounts explain counts once


def _ledger_sums(conn: Connection, first: dt.date, last: dt.date) -> dict[int, dict[str, int]]:
    """Per month: the sums of charges, fees, payments, and their reversals by what they reverse."""
    sums: dict[int, dict[str, int]] = {}
    month = _month_key(LedgerEntry.business_date).label("month")
    in_period = and_(LedgerEntry.business_date >= first, LedgerEntry.business_date <= last)
    rows = conn.execute(
        select(month, LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(in_period, LedgerEntry.kind.in_([LedgerKind.CHARGE, LedgerKind.FEE]))
        .group_by(month, LedgerEntry.kind)
    ).all()
    for key, kind, amount in rows:
        target = "charges" if LedgerKind(kind) is LedgerKind.CHARGE else "fees"
        sums.setdefault(int(key), {}).setdefault(target, 0)
        sums[int(key)][target] -= int(amount)
    original = aliased(LedgerEntry, name="original")
    rows = conn.execute(
        select(month, original.kind, func.sum(LedgerEntry.amount))
        .join(original, original.id == LedgerEntry.reverses_id)
        .where(
            in_period,
            LedgerEntry.kind == LedgerKind.REVERSAL,
            original.kind.in_([LedgerKind.CHARGE, LedgerKind.FEE]),
        )
        .group_by(month, original.kind)
    ).all()
    for key, kind, amount in rows:
        target = "charges" if LedgerKind(kind) is LedgerKind.CHARGE else "fees"
        sums.setdefault(int(key), {}).setdefault(target, 0)
        sums[int(key)][target] -= int(amount)
    return sums


def _payments(conn: Connection, first: dt.date, last: dt.date) -> dict[int, dict[PaymentMethod, int]]:
    """Per month and method: payments booked, less the cancellations booked (as reversals) in it."""
    by_month: dict[int, dict[PaymentMethod, int]] = {}
    month = _month_key(LedgerEntry.business_date).label("month")
    in_period = and_(LedgerEntry.business_date >= first, LedgerEntry.business_date <= last)
    for entry in ("own", "reversed"):
        link = Payment.ledger_entry_id == (LedgerEntry.id if entry == "own" else LedgerEntry.reverses_id)
        kind = LedgerKind.PAYMENT if entry == "own" else LedgerKind.REVERSAL
        rows = conn.execute(
            select(month, Payment.method, func.sum(LedgerEntry.amount))
            .join(Payment, link)
            .where(in_period, LedgerEntry.kind == kind)
            .group_by(month, Payment.method)
        ).all()
        for key, method, amount in rows:
            methods = by_month.setdefault(int(key), {})
            methods[PaymentMethod(method)] = methods.get(PaymentMethod(method), 0) + int(amount)
    return by_month


def _compensation(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    """Per month: outage credits booked, less their reversals (a cancelled batch) booked in it."""
    by_month: dict[int, int] = {}
    month = _month_key(LedgerEntry.business_date).label("month")
    in_period = and_(LedgerEntry.business_date >= first, LedgerEntry.business_date <= last)
    for link in (
        OutageCredit.ledger_entry_id == LedgerEntry.id,
        OutageCredit.ledger_entry_id == LedgerEntry.reverses_id,
    ):
        rows = conn.execute(
            select(month, func.sum(LedgerEntry.amount))
            .join(OutageCredit, link)
            .where(in_period)
            .group_by(month)
        ).all()
        for key, amount in rows:
            by_month[int(key)] = by_month.get(int(key), 0) + int(amount)
    return by_month


def _discounts(conn: Connection, first: dt.date, last: dt.date) -> dict[int, int]:
    by_month: dict[int, int] = {}
    for reversals, sign in ((False, 1), (True, -1)):
        found = _discounted_charges((first, last), reversals)
        rows = conn.execute(select(found.c.month, func.sum(found.c.off)).group_by(found.c.month)).all()
        for key, amount in rows:
            by_month[int(key)] = by_month.get(int(key), 0) + sign * int(amount)
    return by_month


def _outages(conn: Connection, first: dt.date, last: dt.date) -> list[OutageCompensation]:
    """The outages whose credits were booked in the period, or whose cancellation was, oldest first."""
    cancellation = (
        select(func.min(LedgerEntry.business_date))
        .join(OutageCredit, OutageCredit.ledger_entry_id == LedgerEntry.reverses_id)
        .where(OutageCredit.outage_id == Outage.id)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(
            Outage.id,
            Outage.reason,
            Outage.starts_at,
            Outage.ends_at,
            Outage.business_date,
            Outage.scope,
            Outage.credits,
            Outage.total,
            case((Outage.cancelled_at.is_not(None), cancellation), else_=None),
            Outage.cancel_reason,
        )
        .where(
            or_(
                and_(Outage.business_date >= first, Outage.business_date <= last),
                and_(cancellation >= first, cancellation <= last),
            )
        )
        .order_by(Outage.starts_at, Outage.id)
    ).all()
    district_ids = {int(i) for row in rows for i in (row.scope or {}).get("districts", [])}
    tariff_ids = {int(i) for row in rows for i in (row.scope or {}).get("tariffs", [])}
    districts = dict(
        conn.execute(select(District.id, District.name).where(District.id.in_(district_ids))).all()
    )
    tariffs = dict(conn.execute(select(Tariff.id, Tariff.name).where(Tariff.id.in_(tariff_ids))).all())
    found = []
    for row in rows:
        scope = row.scope or {}
        cancelled_on = row[8]
        if isinstance(cancelled_on, str):  # SQLite hands a subquery's date back as text
            cancelled_on = dt.date.fromisoformat(cancelled_on)
        found.append(
            OutageCompensation(
                id=row.id,
                reason=row.reason,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                business_date=row.business_date,
                districts=tuple(districts.get(int(i), str(i)) for i in scope.get("districts", [])),
                buildings=len(scope.get("buildings", [])),
                tariffs=tuple(tariffs.get(int(i), str(i)) for i in scope.get("tariffs", [])),
                contracts=len(scope.get("contracts", [])),
                kinds=tuple(ServiceKind(k) for k in scope.get("kinds", [])),
                services=int(row.credits),
                credited=int(row.total),
                cancelled_on=cancelled_on,
                cancel_reason=row.cancel_reason or "",
            )
        )
    return found


def revenue_report(
    db: Database, actor: Actor, first_month: dt.date | None = None, last_month: dt.date | None = None
) -> RevenueReport:
    """Revenue of the months from `first_month` to `last_month` (any day in them; default: the last
    twelve business months, this one included; the last month alone: the twelve that end with it), and
    the compensation of the outages booked in them."""
    require(actor, Permission.VIEW_REPORTS)
    with db.reading(actor) as conn:
        settings = read_settings(conn)
        company = CompanyDetails.from_settings(settings).name
        zone = settings.get(Key.TIMEZONE) or DEFAULTS[Key.TIMEZONE]
        if last_month is None:
            last_month = month_start(business_today(settings))
        if first_month is None:
            first_month = add_months(month_start(last_month), -(DEFAULT_MONTHS - 1))
        months = months_between(first_month, last_month)
        if month_start(first_month) > month_start(last_month):
            months = []
        if len(months) > MAX_MONTHS:
            months = months[-MAX_MONTHS:]
        first = months[0] if months else month_start(first_month)
        last = month_end(months[-1]) if months else first - dt.timedelta(days=1)
        ledger = _ledger_sums(conn, first, last)
        payments = _payments(conn, first, last)
        compensation = _compensation(conn, first, last)
        discounts = _discounts(conn, first, last)
        promotions = costs_by_month(conn, first, last)
        bonuses = bonuses_by_month(conn, first, last)
        outages = _outages(conn, first, last) if months else []
    result = []
    for month in months:
        key = month.year * 12 + month.month - 1
        methods = payments.get(key, {})
        result.append(
            MonthRevenue(
                month=month,
                charges=ledger.get(key, {}).get("charges", 0),
                fees=ledger.get(key, {}).get("fees", 0),
                discounts=discounts.get(key, 0),
                promotions=promotions.get(key, 0),
                bonuses=bonuses.get(key, 0),
                compensation=compensation.get(key, 0),
                payments=sum(methods.values()),
                payments_by_method={m: methods[m] for m in PaymentMethod if methods.get(m)},
            )
        )
    return RevenueReport(
        first_month=months[0] if months else month_start(first_month),
        last_month=months[-1] if months else month_start(last_month),
        months=result,
        outages=outages,
        company=company,
        zone=zone,
    )


# ---- export: CSV for Excel (UTF-8 with BOM, «;», decimal commas), as the other reports


METHOD_WORDS = {
    PaymentMethod.CASH: "наличными",
    PaymentMethod.CARD: "картой",
    PaymentMethod.BANK_REGISTRY: "через банк",
    PaymentMethod.TERMINAL: "в терминалах",
}
CSV_HEADER = (
    "Месяц",
    "Начислено",
    "Разовые платежи",
    "Скидки",
    "Акции",
    "Компенсации",
    "Выручка",
    "Оплачено",
    *(f"Оплачено: {METHOD_WORDS[m]}" for m in PaymentMethod),
)
OUTAGES_HEADER = (
    "Перерыв",
    "Начало",
    "Конец",
    "Проведён",
    "Причина",
    "Услуг",
    "Начислено компенсаций",
    "Отменён",
)


def _rubles(kopecks: int) -> str:
    sign = "-" if kopecks < 0 else ""
    rubles, kop = divmod(abs(kopecks), 100)
    return f"{sign}{rubles},{kop:02d}"


def write_csv(report: RevenueReport, out: io.TextIOBase | io.StringIO) -> int:
    """The months, a total line, then the outages: CSV for Excel. Returns the months written."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)

    def line(label: str, values: Sequence[int], methods: dict[PaymentMethod, int]) -> None:
        writer.writerow(
            (label, *(_rubles(v) for v in values), *(_rubles(methods.get(m, 0)) for m in PaymentMethod))
        )

    for month in report.months:
        line(
            month.month.strftime("%Y-%m"),
            [month.value(s) for s in SERIES],
            month.payments_by_method,
        )
    line("Итого", [report.total(s) for s in SERIES], report.total_by_method())
    if report.outages:
        writer.writerow(())
        writer.writerow(OUTAGES_HEADER)
        for outage in report.outages:
            writer.writerow(
                (
                    outage.id,
                    outage.starts_at.isoformat(timespec="minutes"),
                    outage.ends_at.isoformat(timespec="minutes"),
                    outage.business_date.isoformat(),
                    outage.reason,
                    outage.services,
                    _rubles(outage.credited),
                    outage.cancelled_on.isoformat() if outage.cancelled_on else "",
                )
            )
    return len(report.months)


def as_json(report: RevenueReport) -> dict[str, Any]:
    return {
        "first_month": report.first_month.isoformat(),
        "last_month": report.last_month.isoformat(),
        "months": [
            {
                "month": m.month.isoformat()[:7],
                **{s: m.value(s) for s in SERIES},
                "payments_by_method": {k.value: v for k, v in m.payments_by_method.items()},
            }
            for m in report.months
        ],
        "outages": [
            {
                "id": o.id,
                "reason": o.reason,
                "starts_at": o.starts_at.isoformat(),
                "ends_at": o.ends_at.isoformat(),
                "business_date": o.business_date.isoformat(),
                "services": o.services,
                "credited": o.credited,
                "cancelled_on": o.cancelled_on.isoformat() if o.cancelled_on else None,
            }
            for o in report.outages
        ],
    }


def write_json(report: RevenueReport, out: io.TextIOBase | io.StringIO) -> int:
    json.dump(as_json(report), out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(report.months)
