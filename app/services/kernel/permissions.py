"""Who may do what. Checked in the domain layer on every action, not only by hiding buttons."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.errors import PermissionDenied
from app.models.enums import Role


class Permission(enum.StrEnum):
    VIEW_SUBSCRIBERS = "view_subscribers"
    EDIT_SUBSCRIBERS = "edit_subscribers"
    VIEW_PERSONAL_DATA = "view_personal_data"
    TAKE_PAYMENTS = "take_payments"
    CANCEL_ANY_PAYMENT = "cancel_any_payment"  # outside the cashier's own shift
    DISPATCH = "dispatch"
    VIEW_REPORTS = "view_reports"
    MANAGE_STAFF = "manage_staff"
    MANAGE_SETTINGS = "manage_settings"  # company details, tariffs, desks, buildings, debt policy
    RUN_BILLING = "run_billing"
    EXEMPT_FROM_BLOCKING = "exempt_from_blocking"  # set and clear «never block» on a contract
    UPGRADE_DATABASE = "upgrade_database"
    ANONYMISE_SUBSCRIBERS = "anonymise_subscribers"  # former subscribers, after the retention period
    IMPORT_PAYMENTS = "import_payments"  # bank and agent registries, their agents and batches
    IMPORT_SUBSCRIBERS = "import_subscribers"  # moving in from an old billing, and rolling it back
    GRANT_DISCOUNTS = "grant_discounts"  # a discount on a contract or a service


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.FRONT_DESK: frozenset(
        {
            Permission.VIEW_SUBSCRIBERS,
            Permission.EDIT_SUBSCRIBERS,
            Permission.VIEW_PERSONAL_DATA,
            Permission.VIEW_REPORTS,
        }
    ),
    Role.CASHIER: frozenset({Permission.VIEW_SUBSCRIBERS, Permission.TAKE_PAYMENTS, Permission.VIEW_REPORTS}),
    Role.DISPATCHER: frozenset({Permission.VIEW_SUBSCRIBERS, Permission.DISPATCH, Permission.VIEW_REPORTS}),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in staff member on whose behalf a domain function acts."""

    staff_id: int
    login: str
    full_name: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= ROLE_PERMISSIONS[role]
        return frozenset(granted)

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied unless `actor` holds `permission`."""
    if not actor.may(permission):
        raise PermissionDenied(permission=permission.value)
