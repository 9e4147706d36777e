"""What a payment's receipt prints (the first print and every duplicate): the payment, the contract
and its address, the cashier and the desk, the balance after it, a cancellation, a reconnection it
paid for, and the fiscal receipt's attributes once the register has printed it."""

from __future__ import annotations

from dataclasses import astuple

from sqlalchemy import select

from app.db import Database
from app.errors import NotFound
from app.models import (
    Building,
    CashDesk,
    Contract,
    FiscalReceipt,
    Payment,
    PaymentCancellation,
    PaymentMethod,
    Premises,
    Staff,
    Subscriber,
)
from app.services.billing import prepaid, reconnection
from app.services.cashdesk.fiscal import DONE, SALE, WAITING
from app.services.cashdesk.payments import balance_after
from app.services.kernel.addresses import full_address
from app.services.kernel.documents import CompanyDetails, PaidPeriod, ReceiptData
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today, read_settings


def receipt_data(db: Database, actor: Actor, payment_id: int) -> ReceiptData:
    """Everything a receipt prints, for the first print and for duplicates."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.transaction(actor) as session:
        row = session.execute(
            select(Payment, Contract, Subscriber, CashDesk.name, Staff.full_name)
            .join(Contract, Contract.id == Payment.contract_id)
            .join(Subscriber, Subscriber.id == Contract.subscriber_id)
            .outerjoin(CashDesk, CashDesk.id == Payment.cash_desk_id)
            .outerjoin(Staff, Staff.id == Payment.staff_id)
            .where(Payment.id == payment_id)
        ).one_or_none()
        if row is None:
            raise NotFound()
        payment, contract, subscriber, desk_name, cashier = row
        address = ""
        if contract.premises_id is not None:
            place = session.execute(
                select(Building, Premises.apartment)
                .join(Premises, Premises.building_id == Building.id)
                .where(Premises.id == contract.premises_id)
            ).one()
            building, apartment = place
            address = full_address(building.city, building.street, building.house, building.block, apartment)
        settings = read_settings(session)
        cancelled = session.scalar(
            select(PaymentCancellation.id).where(PaymentCancellation.payment_id == payment.id)
        )
        today = business_today(settings)
        still_cut = None if cancelled else reconnection.quote(session, contract.id, today)
        sale = session.execute(
            select(FiscalReceipt.state, FiscalReceipt.fiscal).where(
                FiscalReceipt.payment_id == payment.id, FiscalReceipt.kind == SALE
            )
        ).one_or_none()
        period = prepaid.period_of_payment(session, payment.id)
        return ReceiptData(
            company=CompanyDetails.from_settings(settings),
            timezone=settings[Key.TIMEZONE],
            desk_name=desk_name or "",
            receipt_number=payment.receipt_number or 0,
            posted_at=payment.posted_at,
            subscriber_name=subscriber.full_name,
            contract_number=contract.number,
            address=address,
            amount=payment.amount,
            method=PaymentMethod(payment.method),
            balance_after=balance_after(session, payment),
            cashier_name=cashier or "",
            comment=payment.comment,
            cancelled=cancelled is not None,
            reconnect=still_cut,
            reconnect_ordered=not cancelled and reconnection.reconnection_queued(session, contract.id),
            fiscal=sale.fiscal if sale is not None and sale.state == DONE else None,
            fiscal_pending=sale is not None and sale.state in WAITING,
            prepaid=None if period is None else PaidPeriod(*astuple(period)[:5]),
        )
