"""What the provisioning domain asks of the network and the TV platform (the adapters implement it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.errors import QT_TRANSLATE_NOOP, DomainError

RADIUS = "radius"  # Internet services: FreeRADIUS's SQL tables, CoA to the NAS
TV = "tv"  # IPTV services: the TV platform's API
TARGETS = (RADIUS, TV)

# What a service's state means for the network (migration 0019's triggers use the same words).
ACTIVE = "active"
BLOCKED = "blocked"  # by debt: RADIUS rejects, redirects to the payment page or throttles (a setting)
SUSPENDED = "suspended"  # voluntary, or not yet connected
CLOSED = "closed"  # the account goes away
ACCESSES = (ACTIVE, BLOCKED, SUSPENDED, CLOSED)

# What RADIUS does with a login blocked for debt (the company's setting radius.debt_action).
REJECT = "reject"  # no access at all
PAYMENT_PAGE = "payment_page"  # access in the payment-page group: the NAS redirects to a payment page
THROTTLE = "throttle"  # access at a low rate
DEBT_ACTIONS = (REJECT, PAYMENT_PAGE, THROTTLE)


class NeedsSharedServer(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "Internet access through RADIUS needs the shared PostgreSQL database (FreeRADIUS reads its "
        "tables there); this program works on an embedded database.",
    )


class NothingTurnedOn(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "Neither RADIUS nor a TV platform is turned on (Administration → Network): tick RADIUS or give "
        "the platform's address.",
    )


class NoTvToken(DomainError):
    message = QT_TRANSLATE_NOOP(
        "Errors",
        "This computer has no token for the TV platform (the keyring's secret tv.token): set it in "
        "Administration → Network («TV platform token on this PC…»), or give SUBSCRIBER_DESK_TV_TOKEN to "
        "the delivering task.",
    )


@dataclass(frozen=True)
class Desired:
    """The newest desired state of one service, as a target should hold it."""

    service_id: int
    version: int
    target: str
    access: str
    login: str  # RADIUS User-Name; the TV platform's login (the phone, 7XXXXXXXXXX)
    password: str
    down_kbps: int | None
    up_kbps: int | None
    tv_packets: tuple[str, ...]
    device_limit: int | None
    contract_number: str
    delivered_login: str  # the login the target holds now ("" = nothing delivered yet)

    @property
    def idempotency_key(self) -> str:
        """The same for every delivery of this version: a target that saw it may skip it."""
        return f"sd-{self.service_id}-{self.version}"


class TargetUnavailable(DomainError):
    """The target cannot be reached at all (its database or API is down): the whole batch waits."""

    message = QT_TRANSLATE_NOOP("Errors", "The {target} side cannot be reached: {why}")

    def __init__(self, target: str, why: str) -> None:
        super().__init__(None, target=target, why=why)
        self.target = target
        self.why = why


class ProvisioningTarget(Protocol):
    """One side of the network: makes it hold the desired states."""

    name: str  # RADIUS or TV

    def apply(self, batch: Sequence[Desired]) -> Mapping[int, str]:
        """Make the target hold every desired state of `batch` (idempotently: applying one twice is
        harmless). Returns the errors by service id; the others are done. Raises TargetUnavailable
        when nothing could be done."""
        ...


@dataclass(frozen=True)
class Held:
    """What a target actually holds for one login (the sync report compares it with Desired)."""

    login: str
    access: str  # ACTIVE | BLOCKED | SUSPENDED (what the target does with the login now)
    down_kbps: int | None = None
    up_kbps: int | None = None
    tv_packets: tuple[str, ...] = ()
    device_limit: int | None = None
    open_sessions: int = 0  # RADIUS: sessions still open in radacct


@runtime_checkable
class TargetReader(Protocol):
    """A target that can tell what it holds (for the sync report)."""

    name: str

    def held(self) -> Mapping[str, Held]:
        """Everything the target holds, by login."""
        ...

    def expected(self, desired: Desired) -> Held | None:
        """What the target should hold for a desired state, in the words of `held` (None: nothing)."""
        ...

    def remove(self, login: str) -> None:
        """Take away what the target holds for a login no service of ours has."""
        ...
