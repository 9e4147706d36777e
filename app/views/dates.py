"""Dates and times on screen follow the company's time zone and the program's one clock, not the PC's:
the business date a date field starts at, the zone timestamps are shown in, and the conversions
between QDate and date.

The zone is the company's setting, read when the main window opens and again when an administrator
changes it (`follow_company_zone`); until then it is the default zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from app.db import Database
from app.services.kernel.settings import DEFAULTS, Key, business_date, company_timezone

_zone = ZoneInfo(DEFAULTS[Key.TIMEZONE])


def follow_company_zone(db: Database) -> None:
    """Show times in the company's time zone from now on."""
    follow_zone(company_timezone(db))


def follow_zone(name: str) -> None:
    global _zone
    _zone = ZoneInfo(name)


def in_company_zone(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC) timestamp as the company's wall-clock time."""
    return moment.astimezone(_zone)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qdatetime(moment: dt.datetime) -> QDateTime:
    """A wall-clock time (already in the zone to show) for a date-and-time field, to the minute."""
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def business_qdate(db: Database) -> QDate:
    """Today in the operator's time zone, for a date field."""
    return to_qdate(business_date(db))


class DateField(QDateEdit):
    """A date box that Tab leaves, like every other field. (Qt's own walks day → month → year first, so
    a person tabbing through a form is stuck inside it; typing «05.12.2026» or the arrow keys still move
    between its parts.)"""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateTimeField(QDateTimeEdit):
    """A date-and-time box that Tab leaves, as `DateField` (Qt's walks day → month → year → hours →
    minutes first)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
