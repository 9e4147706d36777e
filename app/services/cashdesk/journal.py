"""The payments journal: payments filtered by date, desk, cashier, method and contract, with totals,
for the screen, CSV (Excel opens Cyrillic thanks to the BOM) and `subscriber-desk report payments`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, select, tuple_, union_all
from sqlalchemy.orm import aliased

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.models import (
    CashDesk,
    Contract,
    FiscalReceipt,
    Payment,
    PaymentCancellation,
    PaymentMethod,
    Staff,
    Subscriber,
)
from app.services.cashdesk.fiscal import DONE, QUEUED, SALE, SENT, WAITING, WITHDRAWN
from app.services.kernel.permissions import Actor, Permission, require

MAX_RANGE_DAYS = 366 * 3


@dataclass(frozen=True)
class JournalFilter:
    date_from: dt.date
    date_to: dt.date
    cash_desk_id: int | None = None
    cashier_id: int | None = None
    method: PaymentMethod | None = None
    contract_number: str = ""
    not_fiscalised: bool = False  # only payments whose fiscal receipt still waits for the register

    def check(self) -> None:
        if self.date_to < self.date_from:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The end date is before the start date."), field="date_to"
            )
        if (self.date_to - self.date_from).days > MAX_RANGE_DAYS:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "Choose a period of at most three years."), field="date_from"
            )


@dataclass(frozen=True)
class JournalRow:
    payment_id: int
    business_date: dt.date
    posted_at: dt.datetime
    desk: str
    receipt_number: int | None
    cashier: str
    contract_number: str
    subscriber: str
    method: str
    amount: int
    cancelled: bool
    cancel_reason: str
    # The sale receipt on the desk's online cash register: "" (no register, or not money taken at a
    # desk), "queued"/"sent" (waiting for the register), "done" (printed), "withdrawn" (cancelled first).
    fiscal_state: str = ""
    fiscal_document: int | None = None  # the fiscal document number (ФД) once printed


@dataclass(frozen=True)
class JournalTotals:
    count: int
    amount: int  # all payments, cancelled included
    cancelled_amount: int
    net_amount: int
    by_method: dict[str, int]  # net of cancellations


def _payment_conditions(f: JournalFilter) -> list[ColumnElement[bool]]:
    conditions = [Payment.business_date >= f.date_from, Payment.business_date <= f.date_to]
    if f.cash_desk_id is not None:
        conditions.append(Payment.cash_desk_id == f.cash_desk_id)
    if f.cashier_id is not None:
        conditions.append(Payment.staff_id == f.cashier_id)
    if f.method is not None:
        conditions.append(Payment.method == f.method)
    if f.not_fiscalised:
        sale = aliased(FiscalReceipt)  # the list joins the sale receipt too: this one is its own
        conditions.append(
            exists()
            .where(sale.payment_id == Payment.id, sale.kind == SALE, sale.state.in_(WAITING))
            .correlate(Payment)
        )
    return conditions


def _query(f: JournalFilter) -> Select:
    conditions = _payment_conditions(f)
    if f.contract_number.strip():
        conditions.append(Contract.number == f.contract_number.strip())
    return (
        select(
            Payment.id,
            Payment.business_date,
            Payment.posted_at,
            func.coalesce(CashDesk.name, ""),
            Payment.receipt_number,
            func.coalesce(Staff.full_name, ""),
            Contract.number,
            Subscriber.full_name,
            Payment.method,
            Payment.amount,
            PaymentCancellation.id.is_not(None),
            func.coalesce(PaymentCancellation.reason, ""),
            func.coalesce(FiscalReceipt.state, ""),
            FiscalReceipt.fiscal,
        )
        .join(Contract, Contract.id == Payment.contract_id)
        .join(Subscriber, Subscriber.id == Contract.subscriber_id)
        .outerjoin(CashDesk, CashDesk.id == Payment.cash_desk_id)
        .outerjoin(Staff, Staff.id == Payment.staff_id)
        .outerjoin(PaymentCancellation, PaymentCancellation.payment_id == Payment.id)
        .outerjoin(FiscalReceipt, and_(FiscalReceipt.payment_id == Payment.id, FiscalReceipt.kind == SALE))
        .where(and_(*conditions))
    )


def list_payments(
    db: Database, actor: Actor, f: JournalFilter, *, limit: int = 200, after_id: int | None = None
) -> list[JournalRow]:
    """One page of the journal, oldest first (by business date, then as posted); pass the last row's
    id as `after_id` for the next page. The pages walk the (business date, id) index from the period's
    first day: the latest month of millions of payments costs what its first page reads."""
    require(actor, Permission.VIEW_REPORTS)
    f.check()
    query = _query(f)
    with db.reading(actor) as conn:
        if after_id is not None:
            after_date = conn.execute(select(Payment.business_date).where(Payment.id == after_id)).scalar()
            if after_date is None:
                return []
            query = query.where(
                Payment.business_date >= after_date,
                tuple_(Payment.business_date, Payment.id) > tuple_(literal(after_date), literal(after_id)),
            )
        query = query.order_by(Payment.business_date, Payment.id).limit(limit)
        return [_row(*row) for row in conn.execute(query)]


def _row(*values: Any) -> JournalRow:
    *plain, fiscal = values
    document = (fiscal or {}).get("fiscalDocumentNumber") if isinstance(fiscal, dict) else None
    return replace(JournalRow(*plain), fiscal_document=document)


def journal_totals(db: Database, actor: Actor, f: JournalFilter) -> JournalTotals:
    """Count and sums of the filtered payments, by method. Each method's payments are one range of the
    (method, business date, amount) index (the contract is read only when the filter names one); the
    cancelled ones are read from the cancellations, which are few, to their payments."""
    require(actor, Permission.VIEW_REPORTS)
    f.check()
    conditions = _payment_conditions(replace(f, method=None))  # the method: one part of the union each
    if f.contract_number.strip():
        number_is = Contract.number == f.contract_number.strip()
        conditions.append(exists().where(Contract.id == Payment.contract_id, number_is).correlate(Payment))
    methods = [f.method] if f.method is not None else list(PaymentMethod)
    paid = union_all(
        *[
            select(literal(m.value).label("method"), func.count(), func.sum(Payment.amount)).where(
                Payment.method == m.value, *conditions
            )
            for m in methods
        ]
    )
    undone = (
        select(Payment.method, func.sum(Payment.amount))
        .where(Payment.id.in_(select(PaymentCancellation.payment_id)), Payment.method.in_(methods))
        .where(*conditions)
        .group_by(Payment.method)
    )
    total_count = total = cancelled_total = 0
    by_method: dict[str, int] = {}
    with db.reading(actor) as conn:
        cancelled = {str(name): int(amount or 0) for name, amount in conn.execute(undone)}
        for name, n, amount in conn.execute(paid):
            if not n:
                continue
            total_count += int(n)
            total += int(amount or 0)
            cancelled_total += cancelled.get(name, 0)
            by_method[name] = int(amount or 0) - cancelled.get(name, 0)
    return JournalTotals(total_count, total, cancelled_total, total - cancelled_total, by_method)


@dataclass(frozen=True)
class JournalChoices:
    desks: list[tuple[int, str]]
    cashiers: list[tuple[int, str]]  # staff who have taken payments


def journal_choices(db: Database, actor: Actor) -> JournalChoices:
    """What the journal's filters offer."""
    require(actor, Permission.VIEW_REPORTS)
    with db.reading(actor) as conn:
        desks = [(i, n) for i, n in conn.execute(select(CashDesk.id, CashDesk.name).order_by(CashDesk.name))]
        cashier_ids = select(Payment.staff_id).distinct().scalar_subquery()
        cashiers = [
            (i, n)
            for i, n in conn.execute(
                select(Staff.id, Staff.full_name).where(Staff.id.in_(cashier_ids)).order_by(Staff.full_name)
            )
        ]
    return JournalChoices(desks, cashiers)


def iter_payments(db: Database, actor: Actor, f: JournalFilter, page: int = 5000) -> Iterable[JournalRow]:
    """Every row of the journal, a page at a time (exports never hold the whole table)."""
    after: int | None = None
    while rows := list_payments(db, actor, f, limit=page, after_id=after):
        yield from rows
        after = rows[-1].payment_id


CSV_HEADER = (
    "Дата",
    "Время (UTC)",
    "Касса",
    "Квитанция",
    "Кассир",
    "Договор",
    "Абонент",
    "Способ",
    "Сумма, руб.",
    "Отменён",
    "Причина отмены",
    "Кассовый чек",
)

FISCAL_WORDS = {QUEUED: "ждёт кассу", SENT: "ждёт кассу", WITHDRAWN: "не пробивался (отменён)"}


def fiscal_words(row: JournalRow) -> str:
    """The sale receipt's state in the export's words: «ФД 1001», «ждёт кассу», or empty."""
    if row.fiscal_state == DONE:
        return f"ФД {row.fiscal_document}"
    return FISCAL_WORDS.get(row.fiscal_state, "")


METHOD_NAMES = {
    PaymentMethod.CASH.value: "наличные",
    PaymentMethod.CARD.value: "карта",
    PaymentMethod.BANK_REGISTRY.value: "банковский реестр",
    PaymentMethod.TERMINAL.value: "терминал",
}


def _rubles(kopecks: int) -> str:
    sign = "-" if kopecks < 0 else ""
    return f"{sign}{abs(kopecks) // 100},{abs(kopecks) % 100:02d}"


def write_csv(rows: Iterable[JournalRow], out: io.TextIOBase | io.StringIO) -> int:
    """CSV for Excel: UTF-8 with BOM, `;` separators and decimal commas, as Russian Excel expects."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    written = 0
    for r in rows:
        writer.writerow(
            (
                r.business_date.isoformat(),
                r.posted_at.strftime("%H:%M:%S"),
                r.desk,
                r.receipt_number or "",
                r.cashier,
                r.contract_number,
                r.subscriber,
                METHOD_NAMES.get(r.method, r.method),
                _rubles(r.amount),
                "да" if r.cancelled else "",
                r.cancel_reason,
                fiscal_words(r),
            )
        )
        written += 1
    return written


def write_json(rows: Iterable[JournalRow], out: io.TextIOBase | io.StringIO) -> int:
    """One JSON array of payments; amounts in kopecks, dates ISO 8601."""
    written = 0
    out.write("[")
    for r in rows:
        record = asdict(r)
        record["business_date"] = r.business_date.isoformat()
        record["posted_at"] = r.posted_at.isoformat()
        out.write(("," if written else "") + "\n " + json.dumps(record, ensure_ascii=False))
        written += 1
    out.write("\n]\n")
    return written
