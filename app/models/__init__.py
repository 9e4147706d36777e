"""SQLAlchemy ORM models, one module per aggregate; importing this package registers them all."""

from app.models.base import Base, utcnow
from app.models.billing import BillingLock, BillingRun, Outage, OutageCredit
from app.models.cashdesk import CashDesk, CashierInn, FiscalReceipt, ReceiptCounter, Shift
from app.models.contract import Contract, Discount, Residence, Service
from app.models.dispatch import Installer, InstallerDistrict, WorkOrder
from app.models.enums import (
    BillingRunStatus,
    ChargingMode,
    ContractStatus,
    LedgerKind,
    NotificationChannel,
    NotificationStatus,
    PaymentMethod,
    Role,
    ServiceKind,
    ServiceState,
    SubscriberKind,
    WorkOrderKind,
    WorkOrderStatus,
)
from app.models.history import ChainSeal, Event
from app.models.ledger import LedgerEntry, Payment, PaymentCancellation, PaymentEffect
from app.models.notifications import Notification
from app.models.offers import FixedPrice, PrepaidPeriod, Promotion, PromotionAttachment
from app.models.places import Building, District, Premises
from app.models.provisioning import Provisioning
from app.models.registries import LegacyContract, LegacyImport, PaymentAgent, RegistryBatch
from app.models.settings import Setting
from app.models.staff import Staff, StaffRecoveryCode, StaffRole, StaffSecondFactor
from app.models.subscriber import Subscriber, SubscriberNote
from app.models.tariffs import Tariff, TariffPrice
from app.models.telegram import TelegramChat, TelegramLinkCode, TelegramState

__all__ = [
    "Base",
    "BillingLock",
    "BillingRun",
    "BillingRunStatus",
    "Building",
    "CashDesk",
    "CashierInn",
    "ChainSeal",
    "ChargingMode",
    "Contract",
    "ContractStatus",
    "Discount",
    "District",
    "Event",
    "FiscalReceipt",
    "FixedPrice",
    "Installer",
    "InstallerDistrict",
    "LedgerEntry",
    "LedgerKind",
    "LegacyContract",
    "LegacyImport",
    "Notification",
    "NotificationChannel",
    "NotificationStatus",
    "Outage",
    "OutageCredit",
    "Payment",
    "PaymentAgent",
    "PaymentCancellation",
    "PaymentEffect",
    "PaymentMethod",
    "Premises",
    "PrepaidPeriod",
    "Promotion",
    "PromotionAttachment",
    "Provisioning",
    "ReceiptCounter",
    "RegistryBatch",
    "Residence",
    "Role",
    "Service",
    "ServiceKind",
    "ServiceState",
    "Setting",
    "Shift",
    "Staff",
    "StaffRecoveryCode",
    "StaffRole",
    "StaffSecondFactor",
    "Subscriber",
    "SubscriberKind",
    "SubscriberNote",
    "Tariff",
    "TariffPrice",
    "TelegramChat",
    "TelegramLinkCode",
    "TelegramState",
    "WorkOrder",
    "WorkOrderKind",
    "WorkOrderStatus",
    "utcnow",
]
