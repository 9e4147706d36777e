"""The network's words in the user's language: what a side holds for a login, and the delivery errors the
adapters write down in English (shown on Administration → Network and as the card's tooltip)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from app.errors import QT_TRANSLATE_NOOP
from app.services.provisioning.ports import RADIUS, Held


def access_words(access: str) -> str:
    return {
        "active": QCoreApplication.translate("Network", "active"),
        "blocked": QCoreApplication.translate("Network", "blocked for debt"),
        "suspended": QCoreApplication.translate("Network", "suspended"),
        "closed": QCoreApplication.translate("Network", "closed"),
    }.get(access, access)


def side_words(target: str) -> str:
    return (
        QCoreApplication.translate("Network", "RADIUS")
        if target == RADIUS
        else QCoreApplication.translate("Network", "TV platform")
    )


def held_words(target: str, held: Held | None) -> str:
    """What a side holds (or should hold) for a login, in the user's words."""
    if held is None:
        return QCoreApplication.translate("Network", "nothing")
    if target == RADIUS:
        access = {
            "active": QCoreApplication.translate("Network", "access"),
            "blocked": QCoreApplication.translate("Network", "the payment page"),
            "suspended": QCoreApplication.translate("Network", "rejected"),
        }.get(held.access, QCoreApplication.translate("Network", "no account"))
    else:
        access = {
            "active": QCoreApplication.translate("Network", "watching"),
            "suspended": QCoreApplication.translate("Network", "paused"),
        }.get(held.access, QCoreApplication.translate("Network", "no account"))
    parts = [access]
    if held.down_kbps:
        parts.append(
            QCoreApplication.translate("Network", "{down}/{up} kbit/s").format(
                down=held.down_kbps, up=held.up_kbps or held.down_kbps
            )
        )
    if held.tv_packets:
        packets = QCoreApplication.translate("Network", "packets {ids}")
        parts.append(packets.format(ids=", ".join(held.tv_packets)))
    if held.device_limit is not None:
        devices = QCoreApplication.translate("Network", "devices: {count}")
        parts.append(devices.format(count=held.device_limit))
    if held.open_sessions:
        sessions = QCoreApplication.translate("Network", "open sessions: {count}")
        parts.append(sessions.format(count=held.open_sessions))
    return "; ".join(parts)


# The delivery errors the adapters write down (English, as stored), said in the user's words.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"no login on the card", QT_TRANSLATE_NOOP("Network", "no login on the card")),
    (r"no password on the card", QT_TRANSLATE_NOOP("Network", "no password on the card")),
    (
        r"no phone for the TV login.*",
        QT_TRANSLATE_NOOP("Network", "no phone for the TV login (7 and ten digits) on the card"),
    ),
    (
        r"the login (?P<login>\S+) is also on contract (?P<contract>\S+)",
        QT_TRANSLATE_NOOP("Network", "the login {login} is also on contract {contract}"),
    ),
    (
        r"CoA: the NAS (?P<nas>\S+) is not in the NAS list",
        QT_TRANSLATE_NOOP("Network", "CoA: the NAS {nas} is not on the NAS list"),
    ),
    (
        r"CoA: no CoA secret for the NAS (?P<nas>\S+) on this computer",
        QT_TRANSLATE_NOOP("Network", "CoA: no CoA secret for the NAS {nas} on the delivering computer"),
    ),
    (
        r"CoA: no answer from the NAS (?P<nas>\S+)",
        QT_TRANSLATE_NOOP("Network", "CoA: no answer from the NAS {nas}"),
    ),
    (
        r"CoA: the NAS (?P<nas>\S+) refused the request(?P<why>.*)",
        QT_TRANSLATE_NOOP("Network", "CoA: the NAS {nas} refused the request{why}"),
    ),
    (
        r"The (?P<side>\w+) side cannot be reached: (?P<why>.*)",
        QT_TRANSLATE_NOOP("Network", "{side} cannot be reached: {why}"),
    ),
)


def delivery_error_text(error: str) -> str:
    for pattern, words in _ERRORS:
        found = re.fullmatch(pattern, error, flags=re.DOTALL)
        if found:
            params = found.groupdict()
            if "side" in params:
                params["side"] = side_words(params["side"])
            return QCoreApplication.translate("Network", words).format(**params)
    return error  # the other side's own words (an HTTP answer): shown as they came
