"""What printed documents show, as plain data: the domain fills these, `app.printing` draws them.

Money is integer kopecks; timestamps are aware UTC datetimes, printed in `timezone` (the operator's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.models import PaymentMethod
from app.services.kernel.settings import DEFAULTS, Key


@dataclass(frozen=True)
class CompanyDetails:
    name: str
    inn: str
    kpp: str
    address: str
    phone: str
    bank_name: str
    bic: str
    bank_account: str
    corr_account: str

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> CompanyDetails:
        get = lambda key: settings.get(key, DEFAULTS.get(key, ""))  # noqa: E731 - local shorthand
        return cls(
            name=get(Key.COMPANY_NAME),
            inn=get(Key.COMPANY_INN),
            kpp=get(Key.COMPANY_KPP),
            address=get(Key.COMPANY_ADDRESS),
            phone=get(Key.COMPANY_PHONE),
            bank_name=get(Key.BANK_NAME),
            bic=get(Key.BANK_BIC),
            bank_account=get(Key.BANK_ACCOUNT),
            corr_account=get(Key.BANK_CORR_ACCOUNT),
        )


@dataclass(frozen=True)
class ReconnectQuote:
    """What to pay so that disconnected cable TV comes back (app.services.billing.reconnection):
    `amount` = `debt` + `fee` + `charges_ahead` − `on_account`, never below zero; paying it on any
    day up to `valid_until` reconnects."""

    amount: int
    debt: int
    fee: int
    charges_ahead: int
    on_account: int
    valid_until: dt.date


MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def months_words(first: dt.date, last: dt.date) -> str:
    """«январь — март 2027 г.», «декабрь 2026 г. — февраль 2027 г.», «май 2027 г.» (printed Russian)."""
    named = MONTHS_NOMINATIVE[first.month - 1], MONTHS_NOMINATIVE[last.month - 1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{named[0]} {first.year}\u00a0г."
    if first.year == last.year:
        return f"{named[0]} — {named[1]} {last.year}\u00a0г."
    return f"{named[0]} {first.year}\u00a0г. — {named[1]} {last.year}\u00a0г."


@dataclass(frozen=True)
class PaidPeriod:
    """The whole months a payment paid ahead (app/services/billing/prepaid.py)."""

    first_day: dt.date
    last_day: dt.date
    months: int
    amount: int  # kopecks of the payment the months took
    promotion: str = ""  # the prepayment promotion it used, if any


@dataclass(frozen=True)
class ReceiptData:
    """One payment receipt (non-fiscal: the legal cash document is the online register's cheque)."""

    company: CompanyDetails
    timezone: str
    desk_name: str
    receipt_number: int
    posted_at: dt.datetime
    subscriber_name: str
    contract_number: str
    address: str
    amount: int
    method: PaymentMethod
    balance_after: int
    cashier_name: str
    comment: str = ""
    cancelled: bool = False  # a reprint of a cancelled payment says so
    reconnect: ReconnectQuote | None = None  # cable TV still cut after this payment: what to pay
    reconnect_ordered: bool = False  # cable TV is cut and a reconnect order is queued
    # The payment's fiscal receipt on the desk's online cash register, once printed (its fiscalParams),
    # or pending: queued for the register, not printed yet.
    fiscal: dict[str, Any] | None = None
    fiscal_pending: bool = False
    prepaid: PaidPeriod | None = None


@dataclass(frozen=True)
class ShiftPaymentLine:
    receipt_number: int | None
    posted_at: dt.datetime
    contract_number: str
    subscriber_name: str
    method: PaymentMethod
    amount: int
    cancelled: bool
    payment_id: int = 0


@dataclass(frozen=True)
class ShiftCancellationLine:
    receipt_number: int | None
    cancelled_at: dt.datetime
    contract_number: str
    method: PaymentMethod
    amount: int
    reason: str
    cancelled_by: str


@dataclass(frozen=True)
class ShiftReportData:
    """An X report (any time during the shift) or a Z report (at close, with the counted cash)."""

    kind: str  # "X" or "Z"
    company: CompanyDetails
    timezone: str
    desk_name: str
    shift_id: int
    cashier_name: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    opening_cash: int
    payments: list[ShiftPaymentLine] = field(default_factory=list)
    cancellations: list[ShiftCancellationLine] = field(default_factory=list)
    totals_by_method: dict[PaymentMethod, int] = field(default_factory=dict)  # after cancellations
    expected_cash: int = 0  # opening + cash payments − cash cancellations
    counted_cash: int | None = None  # Z report only


@dataclass(frozen=True)
class DebtNotice:
    """One apartment's notice: who owes what, from when, and the date CaTV will be disconnected."""

    contract_number: str
    subscriber_name: str
    address: str  # full, with the apartment
    debt: int  # kopecks, positive
    debt_since: dt.date
    disconnect_on: dt.date | None  # None when the contract has no CaTV to disconnect
    as_of: dt.date


@dataclass(frozen=True)
class DebtNoticesData:
    """The notices of one building, printed one per page for mailboxes, each with a payment QR code
    (GOST R 56042-2014) built from the company's bank details."""

    company: CompanyDetails
    building_address: str
    notices: list[DebtNotice] = field(default_factory=list)


@dataclass(frozen=True)
class DebtorLine:
    contract_number: str
    subscriber_name: str
    phone: str
    apartment: str
    debt: int  # kopecks, positive
    debt_since: dt.date
    days_in_debt: int
    services: str  # «Интернет: заблокирована; КТВ: ожидает отключения»


@dataclass(frozen=True)
class DebtorBuilding:
    district: str
    address: str  # the building, without apartment
    tap_label: str
    lines: list[DebtorLine] = field(default_factory=list)


@dataclass(frozen=True)
class DebtorsReportData:
    """Contracts in debt on a date, grouped by district and building."""

    company: CompanyDetails
    as_of: dt.date
    buildings: list[DebtorBuilding] = field(default_factory=list)
    total_debt: int = 0
    total_contracts: int = 0


@dataclass(frozen=True)
class RouteStop:
    """One work order on an installer's route sheet, in address order."""

    order_id: int
    kind: str  # WorkOrderKind value: disconnect_catv, reconnect_catv, install, repair
    district: str
    address: str  # the building, without apartment
    apartment: str
    tap_label: str  # where to cut or reconnect
    subscriber_name: str
    phone: str
    contract_number: str
    debt: int | None  # kopecks, for disconnects
    note: str


@dataclass(frozen=True)
class RouteSheetData:
    company: CompanyDetails
    installer_name: str
    installer_phone: str
    day: dt.date
    stops: list[RouteStop] = field(default_factory=list)


@dataclass(frozen=True)
class ContractServiceLine:
    kind: str  # ServiceKind value
    tariff_name: str
    monthly_fee: int  # kopecks
    identifier: str
    started_on: dt.date


@dataclass(frozen=True)
class ContractDocumentData:
    """The service contract as signed at the front desk (printed twice: subscriber and company)."""

    company: CompanyDetails
    number: str
    signed_on: dt.date
    city: str
    subscriber_name: str
    subscriber_kind: str  # "person" or "company"
    passport: str  # "серия 1234 № 567890, выдан …" or "" (companies: their INN in `inn`)
    inn: str
    address: str  # premises where the services are provided
    phone: str
    email: str
    services: list[ContractServiceLine] = field(default_factory=list)
    credit_limit: int = 0
    # The debt policy as the program runs it (settings debt.grace_days, debt.reconnection_fee): the
    # contract promises what will happen.
    grace_days: int = 10
    reconnection_fee: int | None = None  # kopecks; None = one monthly CaTV fee
