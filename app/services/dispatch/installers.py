"""Installers (field crew) as the administrator keeps them: name, phone, the districts they cover;
deactivated when they leave, never deleted (work orders name them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import District, Installer, InstallerDistrict
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import fix_lookalikes, normalize_phone, search_key, tidy


@dataclass(frozen=True)
class InstallerRow:
    id: int
    full_name: str
    phone: str  # 7XXXXXXXXXX or ""
    active: bool
    district_ids: frozenset[int]
    district_names: tuple[str, ...]  # by name
    version: int


def _rows(conn: Session | Connection, installer_ids: Iterable[int] | None = None) -> list[InstallerRow]:
    """Installers (all, or those in `installer_ids`) with their districts, by name, active first."""
    query = select(Installer.id, Installer.full_name, Installer.phone, Installer.active, Installer.version)
    links = select(InstallerDistrict.installer_id, District.id, District.name).join(
        District, District.id == InstallerDistrict.district_id
    )
    if installer_ids is not None:
        wanted = list(installer_ids)
        query = query.where(Installer.id.in_(wanted))
        links = links.where(InstallerDistrict.installer_id.in_(wanted))
    districts: dict[int, list[tuple[int, str]]] = {}
    for installer_id, district_id, name in conn.execute(links):
        districts.setdefault(installer_id, []).append((district_id, name))
    rows = []
    for installer_id, full_name, phone, active, version in conn.execute(query):
        own = sorted(districts.get(installer_id, []), key=lambda d: search_key(d[1]))
        ids, names = frozenset(d for d, _ in own), tuple(n for _, n in own)
        rows.append(InstallerRow(installer_id, full_name, phone, active, ids, names, version))
    return sorted(rows, key=lambda r: (not r.active, search_key(r.full_name)))


def _load(session: Session, installer_id: int, version: int | None) -> Installer:
    installer = session.get(Installer, installer_id)
    if installer is None:
        raise NotFound()
    if version is not None and installer.version != version:
        raise ConcurrentEdit()
    return installer


def _clean_name(full_name: str) -> str:
    name = tidy(fix_lookalikes(full_name))
    if not name:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the installer's full name."), field="full_name"
        )
    if len(name) > 200:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The full name is too long: at most {limit} characters."),
            field="full_name",
            limit=200,
        )
    return name


def _clean_districts(session: Session, district_ids: Iterable[int], current: frozenset[int]) -> set[int]:
    """The districts exist; a deactivated one may stay where it was but is not added anew."""
    wanted = set(district_ids)
    found = {d.id: d for d in session.scalars(select(District).where(District.id.in_(wanted)))}
    if set(found) != wanted:
        raise NotFound()
    for district in found.values():
        if not district.active and district.id not in current:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The district {name} is deactivated. Choose another one."),
                field="district_ids",
                name=district.name,
            )
    return wanted


def _current_districts(session: Session, installer_id: int) -> frozenset[int]:
    return frozenset(
        session.scalars(
            select(InstallerDistrict.district_id).where(InstallerDistrict.installer_id == installer_id)
        )
    )


def list_installers(db: Database, *, include_inactive: bool = True) -> list[InstallerRow]:
    """Installers by name (active first); dispatchers read it too, so no permission beyond signing in."""
    with db.reading() as conn:
        rows = _rows(conn)
    return [r for r in rows if r.active or include_inactive]


def create_installer(
    db: Database, actor: Actor, *, full_name: str, phone: str = "", district_ids: Iterable[int] = ()
) -> InstallerRow:
    require(actor, Permission.MANAGE_SETTINGS)
    name = _clean_name(full_name)
    number = normalize_phone(phone) if phone.strip() else ""
    with db.transaction(actor) as session:
        wanted = _clean_districts(session, district_ids, frozenset())
        installer = Installer(full_name=name, phone=number, active=True)
        session.add(installer)
        session.flush()
        session.add_all(InstallerDistrict(installer_id=installer.id, district_id=d) for d in sorted(wanted))
        session.flush()
        record_event(session, actor=actor, kind=EventKind.INSTALLER_CREATED, name=name)
        return _rows(session, [installer.id])[0]


def update_installer(
    db: Database,
    actor: Actor,
    installer_id: int,
    *,
    full_name: str,
    phone: str,
    district_ids: Iterable[int],
    version: int | None = None,
) -> InstallerRow:
    require(actor, Permission.MANAGE_SETTINGS)
    name = _clean_name(full_name)
    number = normalize_phone(phone) if phone.strip() else ""
    with db.transaction(actor) as session:
        installer = _load(session, installer_id, version)
        current = _current_districts(session, installer_id)
        wanted = _clean_districts(session, district_ids, current)
        changed = (installer.full_name, installer.phone) != (name, number) or wanted != current
        if wanted != current:
            session.execute(
                delete(InstallerDistrict).where(
                    InstallerDistrict.installer_id == installer_id,
                    InstallerDistrict.district_id.in_(current - wanted),
                )
            )
            session.add_all(
                InstallerDistrict(installer_id=installer_id, district_id=d) for d in sorted(wanted - current)
            )
            flag_modified(installer, "full_name")  # districts live in another table; still this row's change
        installer.full_name, installer.phone = name, number
        if changed:
            session.flush()
            record_event(session, actor=actor, kind=EventKind.INSTALLER_CHANGED, name=name)
        return _rows(session, [installer.id])[0]


def set_installer_active(
    db: Database, actor: Actor, installer_id: int, active: bool, *, version: int | None = None
) -> InstallerRow:
    """Deactivate an installer who left (or bring one back); the work orders keep naming them."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        installer = _load(session, installer_id, version)
        if installer.active != active:
            installer.active = active
            session.flush()
            record_event(session, actor=actor, kind=EventKind.INSTALLER_CHANGED, name=installer.full_name)
        return _rows(session, [installer.id])[0]
