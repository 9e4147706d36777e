"""The typo guard: a payment far larger than the contract ever needs (150,000 ₽ typed for 1,500 ₽)
is posted only after the cashier confirms the amount, read back in words.

The limit is the administrator's setting (Administration → Company → Cash desk); left empty it is 12
months of the contract's current fees, and never more than 50,000 ₽."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.models import Service, ServiceState, Setting
from app.services.admin.tariffs import NoPriceOnDate, price_on
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.settings import Key, business_today, read_settings

MONTHS = 12
CAP = 50_000_00


def confirm_above(db: Database, actor: Actor, contract_id: int) -> int:
    """Payments to this contract above this many kopecks need the cashier's confirmation."""
    require(actor, Permission.TAKE_PAYMENTS)
    with db.reading(actor) as conn, Session(bind=conn) as session:
        configured = session.scalar(select(Setting.value).where(Setting.key == Key.CONFIRM_PAYMENT_ABOVE))
        if configured:
            return int(configured)
        today = business_today(read_settings(session))
        monthly = 0
        for tariff_id in session.scalars(
            select(Service.tariff_id).where(
                Service.contract_id == contract_id, Service.state != ServiceState.CLOSED
            )
        ):
            try:
                monthly += price_on(session, tariff_id, today)
            except NoPriceOnDate:
                continue
    return min(MONTHS * monthly, CAP) if monthly else CAP
