"""The fixed vocabularies of the domain (stored as their string values)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    FRONT_DESK = "front_desk"
    CASHIER = "cashier"
    DISPATCHER = "dispatcher"
    ADMIN = "admin"


class SubscriberKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


class ContractStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class ServiceKind(enum.StrEnum):
    INTERNET = "internet"
    CATV = "catv"
    IPTV = "iptv"
    OTHER = "other"


class ChargingMode(enum.StrEnum):
    DAILY = "daily"  # pro-rata per day, the month's days add up to the monthly fee exactly
    MONTHLY = "monthly"  # the whole fee on the first day of the month


class ServiceState(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    BLOCKED = "blocked"  # automatic, by debt (Internet, IPTV)
    SUSPENDED = "suspended"  # voluntary
    DISCONNECT_PENDING = "disconnect_pending"  # CaTV: a disconnect order is on the queue
    DISCONNECTED = "disconnected"  # CaTV: physically cut at the tap
    CLOSED = "closed"


class LedgerKind(enum.StrEnum):
    PAYMENT = "payment"
    CHARGE = "charge"  # periodic charge of a service for a period
    FEE = "fee"  # one-off fee, e.g. reconnection
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"  # cancels another entry; never UPDATE or DELETE a ledger row


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    BANK_REGISTRY = "bank_registry"
    TERMINAL = "terminal"


class WorkOrderKind(enum.StrEnum):
    DISCONNECT_CATV = "disconnect_catv"
    RECONNECT_CATV = "reconnect_catv"
    INSTALL = "install"
    REPAIR = "repair"


class WorkOrderStatus(enum.StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class NotificationChannel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"
    TELEGRAM = "telegram"  # to a chat the subscriber linked (app/services/notifications/telegram.py)


class NotificationStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class BillingRunStatus(enum.StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"
