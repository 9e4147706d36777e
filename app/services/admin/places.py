"""Where subscribers live, read: districts, buildings and premises as rows, and the address search every
screen uses to find a building. Changing them is in `place_editing`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Numeric, Select, cast, func, select

from app.db import Database
from app.errors import NotFound
from app.models import Building, District, Premises
from app.services.kernel.addresses import full_address, street_address
from app.services.kernel.text import search_key

# Words people type in an address that the stored building text need not hold («д. 12»).
_QUERY_NOISE = frozenset({"д", "дом"})


@dataclass(frozen=True)
class DistrictRow:
    id: int
    name: str
    active: bool
    version: int


@dataclass(frozen=True)
class BuildingRow:
    id: int
    city: str
    street: str
    house: str
    block: str
    district_id: int | None
    district_name: str
    tap_label: str
    premises_count: int
    version: int

    @property
    def address(self) -> str:
        return street_address(self.street, self.house, self.block)

    @property
    def full_address(self) -> str:
        return full_address(self.city, self.street, self.house, self.block)


@dataclass(frozen=True)
class PremisesRow:
    id: int
    building_id: int
    apartment: str  # "" for a private house


def apartment_sort_key(apartment: str) -> tuple[int, str]:
    """Natural order of apartments: 2 before 10, 64 before 64а."""
    digits = apartment[: len(apartment) - len(apartment.lstrip("0123456789"))]
    return (int(digits) if digits else -1, apartment[len(digits) :])


def list_districts(db: Database, *, include_inactive: bool = True) -> list[DistrictRow]:
    """Districts by name (ё sorted with е), active and (unless told otherwise) deactivated."""
    with db.reading() as conn:
        rows = [
            DistrictRow(*r)
            for r in conn.execute(select(District.id, District.name, District.active, District.version))
        ]
    return sorted((r for r in rows if r.active or include_inactive), key=lambda r: search_key(r.name))


def building_search_text(city: str, street: str, house: str, block: str, district: str, tap: str) -> str:
    """What Building.search_text holds: every word of the address, district and tap as search keys."""
    return search_key(" ".join((street, house, block, city, district, tap)))[:400]


def building_rows_query() -> Select[Any]:
    """The columns of BuildingRow, with the district's name and the number of premises."""
    premises_count = (
        select(func.count(Premises.id)).where(Premises.building_id == Building.id).scalar_subquery()
    )
    return select(
        Building.id,
        Building.city,
        Building.street,
        Building.house,
        Building.block,
        Building.district_id,
        func.coalesce(District.name, ""),
        Building.tap_label,
        premises_count,
        Building.version,
    ).outerjoin(District, District.id == Building.district_id)


def _house_number(db: Database) -> ColumnElement[Any]:
    """The leading number of the house, so that 2 sorts before 10 and 12а after 12."""
    if db.dialect == "postgresql":
        return cast(func.substring(Building.house, "^[0-9]+"), Numeric)
    return cast(Building.house, Integer)  # SQLite reads the leading digits and ignores the rest


def search_buildings(db: Database, query: str, limit: int = 50, *, offset: int = 0) -> list[BuildingRow]:
    """Buildings whose address, district or tap holds every fragment of `query`, in any order and
    any case («ленина 12», «12 ЛЁНИНА»); all buildings for an empty query. By street, then house."""
    tokens = [t for t in search_key(query).split() if t not in _QUERY_NOISE]
    stmt = building_rows_query()
    for token in tokens:
        stmt = stmt.where(Building.search_text.contains(token, autoescape=True))
    stmt = (
        stmt.order_by(
            Building.street, _house_number(db), Building.house, Building.block, Building.city, Building.id
        )
        .limit(limit)
        .offset(offset)
    )
    with db.reading() as conn:
        return [BuildingRow(*row) for row in conn.execute(stmt)]


def get_building(db: Database, building_id: int) -> BuildingRow:
    with db.reading() as conn:
        row = conn.execute(building_rows_query().where(Building.id == building_id)).one_or_none()
    if row is None:
        raise NotFound()
    return BuildingRow(*row)


def list_premises(db: Database, building_id: int) -> list[PremisesRow]:
    """The building's premises in natural order (2 before 10, 64 before 64а)."""
    with db.reading() as conn:
        rows = [
            PremisesRow(*r)
            for r in conn.execute(
                select(Premises.id, Premises.building_id, Premises.apartment).where(
                    Premises.building_id == building_id
                )
            )
        ]
    return sorted(rows, key=lambda r: apartment_sort_key(r.apartment))
