"""Recording history events: the one way every feature writes the subscriber's timeline.

Events are facts: the program only ever inserts them (the database refuses updates and deletes).
Each kind has one English summary template; the event stores its parameters in `details`, so the
history view shows the summary in the operator's language (`event_summary_template`). An event about a
subscriber refers to them (subscriber_id, contract_id) and never copies their name, phone or notes:
anonymising a former subscriber (app/services/admin/anonymisation.py) must reach everything that names
them without touching these append-only, sealed rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.errors import QT_TRANSLATE_NOOP
from app.models import Event
from app.services.kernel.permissions import Actor


class EventKind:
    """Event kinds as stored; the history tab filters by these."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    LOGOUT = "logout"
    WORKSTATION_LOCKED = "workstation_locked"
    STAFF_ADDED = "staff_added"
    STAFF_ROLES_CHANGED = "staff_roles_changed"
    STAFF_PASSWORD_RESET = "staff_password_reset"
    STAFF_DEACTIVATED = "staff_deactivated"
    STAFF_UNLOCKED = "staff_unlocked"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    SECOND_FACTOR_REFUSED = "second_factor_refused"
    RECOVERY_CODE_USED = "recovery_code_used"
    SECOND_FACTOR_RESET = "second_factor_reset"
    STAFF_REACTIVATED = "staff_reactivated"
    DATABASE_UPGRADED = "database_upgraded"
    PERSONAL_DATA_VIEWED = "personal_data_viewed"
    PASSPORT_MATCHED = "passport_matched"
    PERSONAL_DATA_EXPORTED = "personal_data_exported"
    SUBSCRIBER_ANONYMISED = "subscriber_anonymised"
    CONTRACT_SIGNED = "contract_signed"
    PAYMENT_POSTED = "payment_posted"
    REGISTRY_PAYMENT_POSTED = "registry_payment_posted"
    REGISTRY_POSTED = "registry_posted"
    LEGACY_IMPORTED = "legacy_imported"
    LEGACY_ROLLED_BACK = "legacy_rolled_back"
    REGISTRY_PAYMENT_CANCELLED = "registry_payment_cancelled"
    REGISTRY_CANCELLED = "registry_cancelled"
    SERVICE_BLOCKED = "service_blocked"
    WORK_ORDER_CREATED = "work_order_created"
    WORK_ORDER_DONE = "work_order_done"
    SETTINGS_CHANGED = "settings_changed"
    TARIFF_CREATED = "tariff_created"
    TARIFF_CHANGED = "tariff_changed"
    TARIFF_PRICE_SET = "tariff_price_set"
    TARIFF_RETIRED = "tariff_retired"
    NETWORK_SYNC_CHECKED = "network_sync_checked"
    CASH_DESK_CREATED = "cash_desk_created"
    CASH_DESK_CHANGED = "cash_desk_changed"
    DISTRICT_CREATED = "district_created"
    DISTRICT_CHANGED = "district_changed"
    BUILDING_CREATED = "building_created"
    BUILDING_CHANGED = "building_changed"
    PREMISES_ADDED = "premises_added"
    INSTALLER_CREATED = "installer_created"
    INSTALLER_CHANGED = "installer_changed"
    SERVICE_UNBLOCKED = "service_unblocked"
    SERVICE_DISCONNECT_PENDING = "service_disconnect_pending"
    SERVICE_DISCONNECTED = "service_disconnected"
    SERVICE_RECONNECTED = "service_reconnected"
    TARIFF_CHANGE_APPLIED = "tariff_change_applied"
    DEBT_STARTED = "debt_started"
    DEBT_CLEARED = "debt_cleared"
    OUTAGE_CREDITED = "outage_credited"
    DISCOUNT_GRANTED = "discount_granted"
    DISCOUNT_ENDED = "discount_ended"
    PREPAID = "prepaid"
    PROMOTION_ATTACHED = "promotion_attached"
    PROMOTION_ENDED = "promotion_ended"
    OUTAGE_CREDIT_CANCELLED = "outage_credit_cancelled"
    RECONNECTION_FEE_CHARGED = "reconnection_fee_charged"
    WORK_ORDER_CANCELLED = "work_order_cancelled"
    WORK_ORDER_ASSIGNED = "work_order_assigned"
    WORK_ORDER_UNASSIGNED = "work_order_unassigned"
    WORK_ORDER_FAILED = "work_order_failed"
    BILLING_RUN = "billing_run"
    SERVICE_ADDED = "service_added"
    SERVICE_CLOSED = "service_closed"
    SERVICE_TARIFF_CHANGED = "service_tariff_changed"
    SERVICE_TARIFF_SCHEDULED = "service_tariff_scheduled"
    SERVICE_SUSPENDED = "service_suspended"
    SERVICE_RESUMED = "service_resumed"
    SERVICE_ACCESS_CHANGED = "service_access_changed"
    CONTRACT_TERMINATED = "contract_terminated"
    NOTE_ADDED = "note_added"
    SHIFT_OPENED = "shift_opened"
    SHIFT_CLOSED = "shift_closed"
    REGISTER_SHIFT_OPENED = "register_shift_opened"
    REGISTER_SHIFT_CLOSED = "register_shift_closed"
    STAFF_INN_SET = "staff_inn_set"
    PAYMENT_CANCELLED = "payment_cancelled"
    NEVER_BLOCK_SET = "never_block_set"
    NEVER_BLOCK_SET_UNTIL = "never_block_set_until"
    NEVER_BLOCK_CLEARED = "never_block_cleared"
    DEBT_RESTORED = "debt_restored"
    RECONNECTION_KEPT = "reconnection_kept"
    RECONNECTION_FEE_REVERSED = "reconnection_fee_reversed"
    TELEGRAM_CODE_ISSUED = "telegram_code_issued"
    TELEGRAM_LINKED = "telegram_linked"
    TELEGRAM_UNLINKED = "telegram_unlinked"
    TELEGRAM_CHAT_GONE = "telegram_chat_gone"


EVENT_TEMPLATES: dict[str, str] = {
    EventKind.LOGIN: QT_TRANSLATE_NOOP("Events", "{login} signed in"),
    EventKind.LOGIN_FAILED: QT_TRANSLATE_NOOP("Events", "Failed sign-in as {login}"),
    EventKind.STAFF_UNLOCKED: QT_TRANSLATE_NOOP("Events", "{login} may try to sign in again at once"),
    # The server's functions write these three summaries themselves (migration 0010): same words.
    EventKind.SECOND_FACTOR_ENROLLED: QT_TRANSLATE_NOOP("Events", "{login} set up the second factor"),
    EventKind.SECOND_FACTOR_REFUSED: QT_TRANSLATE_NOOP("Events", "Second-factor code of {login} refused"),
    EventKind.RECOVERY_CODE_USED: QT_TRANSLATE_NOOP("Events", "{login} signed in with a recovery code"),
    EventKind.SECOND_FACTOR_RESET: QT_TRANSLATE_NOOP("Events", "Second factor of {login} reset"),
    EventKind.ACCOUNT_LOCKED: QT_TRANSLATE_NOOP(
        "Events", "Account {login} locked for {minutes} min after {failures} failed sign-ins"
    ),
    EventKind.LOGOUT: QT_TRANSLATE_NOOP("Events", "{login} signed out"),
    EventKind.WORKSTATION_LOCKED: QT_TRANSLATE_NOOP("Events", "{login} locked the workstation"),
    EventKind.STAFF_ADDED: QT_TRANSLATE_NOOP("Events", "Staff member {login} ({full_name}) added"),
    EventKind.STAFF_ROLES_CHANGED: QT_TRANSLATE_NOOP("Events", "Roles of {login} set to: {roles}"),
    EventKind.STAFF_PASSWORD_RESET: QT_TRANSLATE_NOOP("Events", "Password of {login} reset"),
    EventKind.STAFF_DEACTIVATED: QT_TRANSLATE_NOOP("Events", "Account {login} deactivated"),
    EventKind.STAFF_REACTIVATED: QT_TRANSLATE_NOOP("Events", "Account {login} reactivated"),
    EventKind.DATABASE_UPGRADED: QT_TRANSLATE_NOOP("Events", "Database upgraded from {old} to {new}"),
    # The subscriber is the event's subscriber_id: no copy of a name (anonymising must reach it).
    EventKind.PERSONAL_DATA_VIEWED: QT_TRANSLATE_NOOP("Events", "Personal data viewed"),
    # The server's anonymise_subscriber writes this summary itself (migration 0011): same words.
    EventKind.SUBSCRIBER_ANONYMISED: QT_TRANSLATE_NOOP(
        "Events", "Personal data anonymised ({months} months after the last contract ended)"
    ),
    EventKind.PERSONAL_DATA_EXPORTED: QT_TRANSLATE_NOOP(
        "Events", "{login} took out the report {report} ({form}, {records} records)"
    ),
    EventKind.PASSPORT_MATCHED: QT_TRANSLATE_NOOP(
        "Events", "The passport of contract {number} matched at the signing of a new contract: shown"
    ),
    EventKind.CONTRACT_SIGNED: QT_TRANSLATE_NOOP("Events", "Contract {number} signed"),
    # {amount} is pre-formatted money ("1 234,56 ₽"); {kopecks} keeps the exact figure.
    EventKind.PAYMENT_POSTED: QT_TRANSLATE_NOOP("Events", "Payment of {amount} received, receipt {receipt}"),
    EventKind.REGISTRY_PAYMENT_POSTED: QT_TRANSLATE_NOOP(
        "Events", "Payment of {amount} paid on {date} through {agent} (operation {operation})"
    ),
    EventKind.REGISTRY_PAYMENT_CANCELLED: QT_TRANSLATE_NOOP(
        "Events",
        "Payment of {amount} through {agent} (operation {operation}) cancelled with its registry: {reason}",
    ),
    EventKind.LEGACY_IMPORTED: QT_TRANSLATE_NOOP(
        "Events",
        "Moved in from the old billing ({source}): {subscribers} subscribers, {contracts} contracts, "
        "balances {balance}",
    ),
    EventKind.LEGACY_ROLLED_BACK: QT_TRANSLATE_NOOP(
        "Events", "Import {batch} from the old billing ({source}) rolled back: {contracts} contracts"
    ),
    EventKind.REGISTRY_POSTED: QT_TRANSLATE_NOOP(
        "Events", "Registry {file} of {agent} posted: {payments} payments, {amount}"
    ),
    EventKind.REGISTRY_CANCELLED: QT_TRANSLATE_NOOP(
        "Events", "Registry {file} of {agent} cancelled ({payments} payments, {amount}): {reason}"
    ),
    EventKind.SERVICE_BLOCKED: QT_TRANSLATE_NOOP("Events", "Service {service} blocked for debt"),
    EventKind.WORK_ORDER_CREATED: QT_TRANSLATE_NOOP("Events", "Work order {order} created: {what}"),
    EventKind.WORK_ORDER_DONE: QT_TRANSLATE_NOOP("Events", "Work order {order} done: {what}"),
    EventKind.SETTINGS_CHANGED: QT_TRANSLATE_NOOP("Events", "Settings changed: {keys}"),
    EventKind.TARIFF_CREATED: QT_TRANSLATE_NOOP("Events", "Tariff {name} created"),
    EventKind.TARIFF_CHANGED: QT_TRANSLATE_NOOP("Events", "Tariff {name} changed"),
    # {fee} is pre-formatted money; {kopecks} keeps the exact figure.
    EventKind.TARIFF_PRICE_SET: QT_TRANSLATE_NOOP("Events", "Tariff {name}: {fee} a month from {date}"),
    EventKind.TARIFF_RETIRED: QT_TRANSLATE_NOOP("Events", "Tariff {name} retired from {date}"),
    EventKind.CASH_DESK_CREATED: QT_TRANSLATE_NOOP("Events", "Cash desk {name} created"),
    EventKind.CASH_DESK_CHANGED: QT_TRANSLATE_NOOP("Events", "Cash desk {name} changed"),
    EventKind.DISTRICT_CREATED: QT_TRANSLATE_NOOP("Events", "District {name} created"),
    EventKind.DISTRICT_CHANGED: QT_TRANSLATE_NOOP("Events", "District {name} changed"),
    EventKind.BUILDING_CREATED: QT_TRANSLATE_NOOP("Events", "Building {address} added"),
    EventKind.BUILDING_CHANGED: QT_TRANSLATE_NOOP("Events", "Building {address} changed"),
    EventKind.PREMISES_ADDED: QT_TRANSLATE_NOOP("Events", "{count} premises added to {address}"),
    EventKind.INSTALLER_CREATED: QT_TRANSLATE_NOOP("Events", "Installer {name} added"),
    EventKind.INSTALLER_CHANGED: QT_TRANSLATE_NOOP("Events", "Installer {name} changed"),
    EventKind.SERVICE_UNBLOCKED: QT_TRANSLATE_NOOP("Events", "Service {service} unblocked: the debt is paid"),
    EventKind.SERVICE_DISCONNECT_PENDING: QT_TRANSLATE_NOOP(
        "Events", "Service {service} to be disconnected: {days} days in debt"
    ),
    EventKind.SERVICE_DISCONNECTED: QT_TRANSLATE_NOOP("Events", "Service {service} disconnected at the tap"),
    EventKind.SERVICE_RECONNECTED: QT_TRANSLATE_NOOP("Events", "Service {service} reconnected"),
    EventKind.TARIFF_CHANGE_APPLIED: QT_TRANSLATE_NOOP(
        "Events", "Scheduled tariff change applied to {service}"
    ),
    # {debt} is pre-formatted money.
    EventKind.DEBT_STARTED: QT_TRANSLATE_NOOP("Events", "Debt of {debt} started"),
    EventKind.DEBT_CLEARED: QT_TRANSLATE_NOOP("Events", "Debt paid off"),
    EventKind.OUTAGE_CREDITED: QT_TRANSLATE_NOOP("Events", "Credited {amount} for the outage: {reason}"),
    EventKind.DISCOUNT_GRANTED: QT_TRANSLATE_NOOP("Events", "Discount of {size} from {since}: {reason}"),
    EventKind.DISCOUNT_ENDED: QT_TRANSLATE_NOOP("Events", "Discount ends after {last_day}"),
    EventKind.PREPAID: QT_TRANSLATE_NOOP(
        "Events", "Prepaid {months} months, {first_day} to {last_day}, for {amount}"
    ),
    EventKind.PROMOTION_ATTACHED: QT_TRANSLATE_NOOP("Events", "Promotion «{promotion}» given: {terms}"),
    EventKind.PROMOTION_ENDED: QT_TRANSLATE_NOOP("Events", "Promotion «{promotion}» ended"),
    EventKind.OUTAGE_CREDIT_CANCELLED: QT_TRANSLATE_NOOP(
        "Events", "Outage credit of {amount} cancelled: {reason}"
    ),
    EventKind.RECONNECTION_FEE_CHARGED: QT_TRANSLATE_NOOP("Events", "Reconnection fee of {fee} charged"),
    EventKind.WORK_ORDER_CANCELLED: QT_TRANSLATE_NOOP("Events", "Work order {order} cancelled: {reason}"),
    EventKind.WORK_ORDER_ASSIGNED: QT_TRANSLATE_NOOP("Events", "Work order {order} assigned for {day}"),
    EventKind.WORK_ORDER_UNASSIGNED: QT_TRANSLATE_NOOP("Events", "Work order {order} taken off the route"),
    EventKind.WORK_ORDER_FAILED: QT_TRANSLATE_NOOP(
        "Events", "Work order {order} not done ({outcome}): back in the queue"
    ),
    EventKind.BILLING_RUN: QT_TRANSLATE_NOOP("Events", "Billing run for {date}: {charges} charges"),
    EventKind.SERVICE_ADDED: QT_TRANSLATE_NOOP("Events", "Service {service} added on tariff {tariff}"),
    EventKind.SERVICE_CLOSED: QT_TRANSLATE_NOOP("Events", "Service {service} closed from {date}"),
    EventKind.SERVICE_TARIFF_CHANGED: QT_TRANSLATE_NOOP(
        "Events", "Service {service} moved to tariff {tariff}"
    ),
    EventKind.SERVICE_TARIFF_SCHEDULED: QT_TRANSLATE_NOOP(
        "Events", "Service {service} to move to tariff {tariff} on {date}"
    ),
    EventKind.SERVICE_SUSPENDED: QT_TRANSLATE_NOOP("Events", "Service {service} suspended until {date}"),
    EventKind.SERVICE_RESUMED: QT_TRANSLATE_NOOP("Events", "Service {service} resumed after suspension"),
    EventKind.CONTRACT_TERMINATED: QT_TRANSLATE_NOOP("Events", "Contract {number} terminated from {date}"),
    EventKind.NOTE_ADDED: QT_TRANSLATE_NOOP("Events", "Note added"),
    EventKind.SERVICE_ACCESS_CHANGED: QT_TRANSLATE_NOOP("Events", "Service {service}: network login {login}"),
    EventKind.NETWORK_SYNC_CHECKED: QT_TRANSLATE_NOOP(
        "Events", "Network checked against our services: {differences} differences among {compared} accounts"
    ),
    EventKind.SHIFT_OPENED: QT_TRANSLATE_NOOP("Events", "Shift {shift} opened at {desk}"),
    # Amounts in kopecks: the history view formats them.
    EventKind.SHIFT_CLOSED: QT_TRANSLATE_NOOP("Events", "Shift {shift} closed"),
    EventKind.REGISTER_SHIFT_OPENED: QT_TRANSLATE_NOOP(
        "Events", "Cash register of {desk}: its shift {number} opened"
    ),
    EventKind.STAFF_INN_SET: QT_TRANSLATE_NOOP("Events", "INN of {login} for fiscal receipts set to {inn}"),
    EventKind.REGISTER_SHIFT_CLOSED: QT_TRANSLATE_NOOP(
        "Events", "Cash register of {desk}: its shift {number} closed (Z report, document No. {document})"
    ),
    EventKind.PAYMENT_CANCELLED: QT_TRANSLATE_NOOP(
        "Events", "Payment of {amount} (receipt {receipt}) cancelled: {reason}"
    ),
    EventKind.NEVER_BLOCK_SET: QT_TRANSLATE_NOOP("Events", "Never block (for good): {reason}"),
    EventKind.NEVER_BLOCK_SET_UNTIL: QT_TRANSLATE_NOOP("Events", "Never block until {date}: {reason}"),
    EventKind.NEVER_BLOCK_CLEARED: QT_TRANSLATE_NOOP("Events", "«Never block» cleared: {reason}"),
    EventKind.DEBT_RESTORED: QT_TRANSLATE_NOOP(
        "Events", "Payment cancelled: the debt of {debt} is back, counted from {date}"
    ),
    EventKind.RECONNECTION_KEPT: QT_TRANSLATE_NOOP(
        "Events",
        "The payment for reconnecting cable TV was cancelled, but order {order} is already done: "
        "an administrator decides",
    ),
    EventKind.RECONNECTION_FEE_REVERSED: QT_TRANSLATE_NOOP(
        "Events", "Reconnection fee of {fee} reversed: its payment was cancelled"
    ),
    EventKind.TELEGRAM_CODE_ISSUED: QT_TRANSLATE_NOOP(
        "Events", "Telegram link code issued, valid until {until}"
    ),
    EventKind.TELEGRAM_LINKED: QT_TRANSLATE_NOOP("Events", "Telegram chat linked: reminders go by Telegram"),
    EventKind.TELEGRAM_UNLINKED: QT_TRANSLATE_NOOP("Events", "Telegram chat unlinked"),
    EventKind.TELEGRAM_CHAT_GONE: QT_TRANSLATE_NOOP(
        "Events", "Telegram chat unlinked: it refuses the bot's messages ({reason}); reminders go by SMS"
    ),
}


def event_summary_template(kind: str) -> str | None:
    return EVENT_TEMPLATES.get(kind)


def record_event(
    session: Session,
    *,
    actor: Actor | None,
    kind: str,
    subscriber_id: int | None = None,
    contract_id: int | None = None,
    **params: Any,
) -> Event:
    """Add one history event inside the caller's transaction; `actor=None` means the system.

    `params` fill the kind's summary template and are kept in `details`.
    """
    template = EVENT_TEMPLATES[kind]
    event = Event(
        actor_staff_id=actor.staff_id if actor else None,
        kind=kind,
        summary=template.format(**params)[:500],
        subscriber_id=subscriber_id,
        contract_id=contract_id,
        details=params or None,
    )
    session.add(event)
    return event
