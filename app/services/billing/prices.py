"""What one day of a tariff costs: the arithmetic shared by the run and the reconnection quote."""

from __future__ import annotations

import calendar
import datetime as dt

from app.models import ChargingMode

__all__ = ["charge_of_day", "daily_charge", "period_of"]


def daily_charge(monthly_fee: int, day: int, days_in_month: int) -> int:
    """Kopecks for day `day` of a `days_in_month`-day month; the month's days sum to the fee exactly."""
    return monthly_fee * day // days_in_month - monthly_fee * (day - 1) // days_in_month


def charge_of_day(monthly_fee: int, mode: ChargingMode, day: dt.date) -> int:
    """The charge a service with this fee and mode gets in the run of `day` (for its period)."""
    if mode is ChargingMode.MONTHLY:
        return monthly_fee
    return daily_charge(monthly_fee, day.day, calendar.monthrange(day.year, day.month)[1])


def period_of(mode: ChargingMode, day: dt.date) -> dt.date:
    """The period a charge of `day` is for: the day itself, or the month's first day."""
    return day.replace(day=1) if mode is ChargingMode.MONTHLY else day
