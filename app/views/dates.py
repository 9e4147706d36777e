"""Dates on screen follow the company's time zone and the program's one clock, not the PC's: the
business date a date field starts at, and the conversions between QDate and date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from app.db import Database
from app.services.kernel.settings import business_date


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def business_qdate(db: Database) -> QDate:
    """Today in the operator's time zone, for a date field."""
    return to_qdate(business_date(db))
