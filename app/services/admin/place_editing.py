"""Changing where subscribers live: districts, buildings (with their tap or node) and the premises in
them, as the administrator keeps them. Reading them is in `places`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import QT_TRANSLATE_NOOP, ConcurrentEdit, NotFound, ValidationError
from app.models import Building, District, Premises
from app.services.admin.places import BuildingRow, DistrictRow, building_rows_query, building_search_text
from app.services.kernel.addresses import full_address, house_key
from app.services.kernel.history import EventKind, record_event
from app.services.kernel.permissions import Actor, Permission, require
from app.services.kernel.text import fix_lookalikes, search_key, tidy, to_cyrillic

MAX_PREMISES_AT_ONCE = 2000


MAX_APARTMENT_NUMBER = 9999


# A house number typed with the Latin layout («12a») holds no Cyrillic letter for fix_lookalikes to see.
_HOUSE = re.compile(r"^[0-9]{1,4}[а-я]?(?:/[0-9]{1,4}[а-я]?)?$")


_RANGE = re.compile(r"^([0-9]{1,5})-([0-9]{1,5})$")


_APARTMENT = re.compile(r"^([0-9]{1,5})([а-я]?)$")


@dataclass(frozen=True)
class PremisesAdded:
    added: int
    skipped: int  # already there
    premises_count: int  # in the building now


def _district_row(district: District) -> DistrictRow:
    return DistrictRow(district.id, district.name, district.active, district.version)


def _load_district(session: Session, district_id: int, version: int | None) -> District:
    district = session.get(District, district_id)
    if district is None:
        raise NotFound()
    if version is not None and district.version != version:
        raise ConcurrentEdit()
    return district


def _clean_district_name(session: Session, name: str, district_id: int | None) -> str:
    name = tidy(fix_lookalikes(name))
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter the district's name."), field="name")
    if len(name) > 100:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The name is too long: at most {limit} characters."),
            field="name",
            limit=100,
        )
    key = search_key(name)
    for other_id, other_name in session.execute(select(District.id, District.name)):
        if other_id != district_id and search_key(other_name) == key:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "There is already a district named {name}."),
                field="name",
                name=other_name,
            )
    return name


def create_district(db: Database, actor: Actor, name: str) -> DistrictRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        district = District(name=_clean_district_name(session, name, None), active=True)
        session.add(district)
        session.flush()
        record_event(session, actor=actor, kind=EventKind.DISTRICT_CREATED, name=district.name)
        return _district_row(district)


def rename_district(
    db: Database, actor: Actor, district_id: int, name: str, *, version: int | None = None
) -> DistrictRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        district = _load_district(session, district_id, version)
        new_name = _clean_district_name(session, name, district_id)
        if new_name != district.name:
            district.name = new_name
            session.flush()
            _refresh_search_text(session, district_id)
            record_event(session, actor=actor, kind=EventKind.DISTRICT_CHANGED, name=new_name)
        return _district_row(district)


def set_district_active(
    db: Database, actor: Actor, district_id: int, active: bool, *, version: int | None = None
) -> DistrictRow:
    """Deactivate (or bring back) a district; never deleted: buildings and installers refer to it."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        district = _load_district(session, district_id, version)
        if district.active != active:
            district.active = active
            session.flush()
            record_event(session, actor=actor, kind=EventKind.DISTRICT_CHANGED, name=district.name)
        return _district_row(district)


def _refresh_search_text(session: Session, district_id: int) -> None:
    """The district's name is part of its buildings' search text; the text is derived, so the
    buildings' versions stay (nobody's open edit form is made stale by a district rename)."""
    district_name = session.get_one(District, district_id).name
    rows = session.execute(
        select(
            Building.id, Building.city, Building.street, Building.house, Building.block, Building.tap_label
        ).where(Building.district_id == district_id)
    ).all()
    if rows:
        # Through the connection: a Core executemany, not the ORM's bulk update (which wants versions).
        session.connection().execute(
            update(Building).where(Building.id == bindparam("b_id")).values(search_text=bindparam("b_text")),
            [
                {
                    "b_id": r.id,
                    "b_text": building_search_text(
                        r.city, r.street, r.house, r.block, district_name, r.tap_label
                    ),
                }
                for r in rows
            ],
        )


def _clean_text(value: str, field: str, limit: int) -> str:
    value = tidy(fix_lookalikes(value))
    if len(value) > limit:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The text is too long: at most {limit} characters."),
            field=field,
            limit=limit,
        )
    return value


def _clean_house(house: str) -> str:
    value = to_cyrillic("".join(house.split())).lower()
    if not value:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter the house number."), field="house")
    if not _HOUSE.match(value):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Enter the house number as digits, with a letter or a fraction if it has one: "
                "12, 12а, 12/1. A building number (к1, стр. 2) goes into the Block field.",
            ),
            field="house",
        )
    return value


def _check_district(session: Session, district_id: int | None, current: int | None) -> str:
    """The district's name; a deactivated district takes no new buildings."""
    if district_id is None:
        return ""
    district = session.get(District, district_id)
    if district is None:
        raise NotFound()
    if not district.active and district_id != current:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The district {name} is deactivated. Choose another one."),
            field="district_id",
            name=district.name,
        )
    return district.name


def _check_unique(
    session: Session, building_id: int | None, city: str, street: str, house: str, block: str
) -> None:
    # Compared as search keys: «Лёнина» and «ЛЕНИНА», «12А» and «12а» are the same building.
    wanted = tuple(search_key(v) for v in (city, street, house, block))
    candidates = select(Building.id, Building.city, Building.street, Building.house, Building.block)
    for token in search_key(f"{street} {house}").split():
        candidates = candidates.where(Building.search_text.contains(token, autoescape=True))
    for row in session.execute(candidates):
        if row.id != building_id and tuple(search_key(v) for v in row[1:]) == wanted:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The building {address} is already in the list."),
                field="house",
                address=full_address(row.city, row.street, row.house, row.block),
            )


def _building_row(session: Session, building: Building) -> BuildingRow:
    return BuildingRow(*session.execute(building_rows_query().where(Building.id == building.id)).one())


def _save_building(
    session: Session,
    building: Building,
    *,
    city: str,
    street: str,
    house: str,
    block: str,
    district_id: int | None,
    tap_label: str,
) -> bool:
    """Validate and store the fields; True when anything changed."""
    city = _clean_text(city, "city", 100)
    street = _clean_text(street, "street", 150)
    if not street:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Enter the street."), field="street")
    house = _clean_house(house)
    block = _clean_text(block, "block", 20)
    tap_label = _clean_text(tap_label, "tap_label", 100)
    district_name = _check_district(session, district_id, building.district_id)
    _check_unique(session, building.id, city, street, house, block)
    values = {
        "city": city,
        "street": street,
        "house": house,
        "block": block,
        "district_id": district_id,
        "tap_label": tap_label,
        "search_text": building_search_text(city, street, house, block, district_name, tap_label),
        "house_key": house_key(house, block),
    }
    changed = any(getattr(building, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(building, key, value)
    return changed


def create_building(
    db: Database,
    actor: Actor,
    *,
    city: str,
    street: str,
    house: str,
    block: str = "",
    district_id: int | None = None,
    tap_label: str = "",
) -> BuildingRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        building = Building()
        _save_building(
            session,
            building,
            city=city,
            street=street,
            house=house,
            block=block,
            district_id=district_id,
            tap_label=tap_label,
        )
        session.add(building)
        session.flush()
        address = full_address(building.city, building.street, building.house, building.block)
        record_event(session, actor=actor, kind=EventKind.BUILDING_CREATED, address=address)
        return _building_row(session, building)


def update_building(
    db: Database,
    actor: Actor,
    building_id: int,
    *,
    city: str,
    street: str,
    house: str,
    block: str,
    district_id: int | None,
    tap_label: str,
    version: int | None = None,
) -> BuildingRow:
    require(actor, Permission.MANAGE_SETTINGS)
    with db.transaction(actor) as session:
        building = session.get(Building, building_id)
        if building is None:
            raise NotFound()
        if version is not None and building.version != version:
            raise ConcurrentEdit()
        if _save_building(
            session,
            building,
            city=city,
            street=street,
            house=house,
            block=block,
            district_id=district_id,
            tap_label=tap_label,
        ):
            session.flush()
            address = full_address(building.city, building.street, building.house, building.block)
            record_event(session, actor=actor, kind=EventKind.BUILDING_CHANGED, address=address)
        return _building_row(session, building)


def parse_premises_spec(spec: str) -> list[str]:
    """«1-60, 62, 64а, 70-72» → the apartments in the order given, each once; a spec that cannot be
    read, runs backwards or asks for more than MAX_PREMISES_AT_ONCE apartments is refused."""
    text = re.sub(r"\s*[-–—]\s*", "-", spec.strip())  # the dashes people type in ranges
    items = [item for item in re.split(r"[,;\s]+", text) if item]
    if not items:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Enter the apartments to add, for example 1-120 or 1-60, 62, 64а."),
            field="spec",
        )
    apartments: dict[str, None] = {}
    for item in items:
        value = to_cyrillic(item).lower()
        if match := _RANGE.match(value):
            first, last = int(match.group(1)), int(match.group(2))
            _check_number(first, item)
            _check_number(last, item)
            if last < first:
                raise ValidationError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "The range “{part}” runs backwards: write the smaller number first ({fixed}).",
                    ),
                    field="spec",
                    part=item,
                    fixed=f"{last}-{first}",
                )
            if last - first + 1 > MAX_PREMISES_AT_ONCE:
                _too_many(last - first + 1)
            numbers = [str(n) for n in range(first, last + 1)]
        elif match := _APARTMENT.match(value):
            _check_number(int(match.group(1)), item)
            numbers = [f"{int(match.group(1))}{match.group(2)}"]
        else:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Cannot read “{part}”. Write apartment numbers (12, 12а) and ranges (1-120) "
                    "separated by commas.",
                ),
                field="spec",
                part=item,
            )
        apartments.update(dict.fromkeys(numbers))
        if len(apartments) > MAX_PREMISES_AT_ONCE:
            _too_many(len(apartments))
    return list(apartments)


def _check_number(number: int, item: str) -> None:
    if not 1 <= number <= MAX_APARTMENT_NUMBER:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Apartment numbers go from 1 to {limit}: “{part}” is not one."),
            field="spec",
            limit=MAX_APARTMENT_NUMBER,
            part=item,
        )


def _too_many(count: int) -> None:
    raise ValidationError(
        QT_TRANSLATE_NOOP(
            "Errors", "That is {count} apartments at once; add at most {limit} at a time. Check the range."
        ),
        field="spec",
        count=count,
        limit=MAX_PREMISES_AT_ONCE,
    )


def _insert_premises(
    db: Database, actor: Actor, building_id: int, apartments: list[str], private_house: bool
) -> PremisesAdded:
    with db.transaction(actor) as session:
        building = session.get(Building, building_id)
        if building is None:
            raise NotFound()
        stored = session.scalars(select(Premises.apartment).where(Premises.building_id == building_id)).all()
        existing = {a.lower() for a in stored}
        if private_house and existing - {""}:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "This building already has apartments, so it cannot be a private house."
                ),
                field="spec",
            )
        if not private_house and "" in existing:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "Errors", "This building is a private house (one premises without an apartment number)."
                ),
                field="spec",
            )
        new = [a for a in apartments if a.lower() not in existing]
        if new:
            try:
                session.add_all(Premises(building_id=building_id, apartment=a) for a in new)
                session.flush()
            except IntegrityError as exc:  # another workstation added some of them just now
                raise ConcurrentEdit() from exc
            address = full_address(building.city, building.street, building.house, building.block)
            record_event(session, actor=actor, kind=EventKind.PREMISES_ADDED, count=len(new), address=address)
        return PremisesAdded(len(new), len(apartments) - len(new), len(stored) + len(new))


def add_premises(db: Database, actor: Actor, building_id: int, spec: str) -> PremisesAdded:
    """Add the apartments `spec` lists («1-120», «1-60, 62, 64а, 70-72»); those already there are
    skipped and counted. A bad spec is refused whole: nothing is saved."""
    require(actor, Permission.MANAGE_SETTINGS)
    return _insert_premises(db, actor, building_id, parse_premises_spec(spec), private_house=False)


def add_private_house_premises(db: Database, actor: Actor, building_id: int) -> PremisesAdded:
    """A private house: its one premises has no apartment number ("")."""
    require(actor, Permission.MANAGE_SETTINGS)
    return _insert_premises(db, actor, building_id, [""], private_house=True)
