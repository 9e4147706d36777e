"""Translated names of the domain's fixed vocabularies, for every view that shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.models import Role


def role_title(role: Role) -> str:
    titles = {
        Role.FRONT_DESK: QCoreApplication.translate("Roles", "front desk"),
        Role.CASHIER: QCoreApplication.translate("Roles", "cashier"),
        Role.DISPATCHER: QCoreApplication.translate("Roles", "dispatcher"),
        Role.ADMIN: QCoreApplication.translate("Roles", "administrator"),
    }
    return titles[role]


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(role_title(r) for r in sorted(roles))
