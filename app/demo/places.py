"""Demo data: districts' buildings (with their taps) and the apartments in them.

About four apartments in five get a contract; which one a contract gets is a fixed permutation of
the premises, so consecutive contract numbers land all over town without holding a shuffled list.
"""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from app.demo.bulk import BulkLoader, columns
from app.demo.reference import World
from app.demo.vocabulary import CITY_STREETS, MAIN_CITY, SETTLEMENTS
from app.services.admin.places import building_search_text
from app.services.kernel.addresses import house_key

OCCUPANCY = 0.82  # share of apartments with a contract
# (share, entrances range, floors, apartments per floor): private houses, 5-, 9- and 16-storey blocks.
Kinds = tuple[tuple[float, tuple[int, int], int, int], ...]
CITY_BUILDINGS: Kinds = (
    (0.08, (1, 1), 1, 1),
    (0.45, (2, 6), 5, 4),
    (0.35, (1, 6), 9, 4),
    (0.12, (1, 3), 16, 4),
)
SETTLEMENT_BUILDINGS: Kinds = ((0.9, (1, 1), 1, 1), (0.1, (1, 2), 2, 4))


@dataclass
class Places:
    first_premises_id: int
    premises_building: array[int]  # premises index -> building id
    building_district: dict[int, int]
    _step: int
    _offset: int

    @property
    def premises_count(self) -> int:
        return len(self.premises_building)

    def premises_index(self, contract_index: int) -> int:
        """A bijection of the premises (step coprime with the count): contract i's apartment."""
        return (self._step * contract_index + self._offset) % len(self.premises_building)


def _apartments(rng: random.Random, kinds: Kinds) -> int:
    roll, total = rng.random(), 0.0
    for share, (low, high), floors, per_floor in kinds:
        total += share
        if roll < total:
            return rng.randint(low, high) * floors * per_floor
    return 1


def write_places(
    loader: BulkLoader,
    rng: random.Random,
    subscribers: int,
    world: World,
    first_building_id: int,
    first_premises_id: int,
) -> Places:
    """Buildings street by street until there are enough apartments, then all premises rows."""
    district_ids = list(world.districts)
    city_districts = district_ids[: len(district_ids) - world.settlements]
    settlement_districts = district_ids[len(city_districts) :]
    target = math.ceil(subscribers / OCCUPANCY) + 1
    settlement_target = target // 16 if settlement_districts else 0
    estimated_buildings = max(target // 70, 1)
    streets = list(CITY_STREETS)
    rng.shuffle(streets)
    streets = streets[: min(len(streets), max(2 * len(city_districts), estimated_buildings // 25 + 1))]
    # (city, street, district, kinds) for every street in use; each street belongs to one district.
    plan = [
        (MAIN_CITY, street, city_districts[i % len(city_districts)], CITY_BUILDINGS)
        for i, street in enumerate(streets)
    ]
    settlement_plan = [
        (town, street, settlement_districts[t], SETTLEMENT_BUILDINGS)
        for t, (town, town_streets) in enumerate(SETTLEMENTS[: len(settlement_districts)])
        for street in town_streets
    ]
    buildings: list[tuple[int, str, str, str, str, int, str, str, str, int]] = []
    sizes: list[int] = []
    taps: dict[int, int] = {}
    house_numbers: dict[tuple[str, str], int] = {}
    total = 0

    def add_building(city: str, street: str, district: int, kinds: Kinds) -> None:
        nonlocal total
        number = house_numbers.get((city, street), 0) + rng.choice((1, 2, 2, 2))
        house_numbers[(city, street)] = number
        apartments = _apartments(rng, kinds)
        house = f"{number}А" if apartments > 1 and rng.random() < 0.04 else str(number)
        blocks = ["к1", "к2"] if apartments > 1 and rng.random() < 0.12 else [""]
        for block in blocks:
            taps[district] = taps.get(district, 0) + 1
            district_no = district - city_districts[0] + 1
            tap = f"ТП-{district_no}/{taps[district]}"
            building_id = first_building_id + len(buildings)
            search = building_search_text(city, street, house, block, world.districts[district], tap)
            buildings.append(
                (building_id, city, street, house, block, district, tap, search, house_key(house, block), 1)
            )
            sizes.append(apartments)
            total += apartments

    index = 0
    while total < settlement_target:
        add_building(*settlement_plan[index % len(settlement_plan)])
        index += 1
    index = 0
    while total < target:
        add_building(*plan[index % len(plan)])
        index += 1

    loader.write(
        "building",
        columns("id city street house block district_id tap_label search_text house_key version"),
        buildings,
    )
    premises_building = array("i")
    for building, size in zip(buildings, sizes, strict=True):
        premises_building.extend([building[0]] * size)

    def premises_rows() -> Iterator[tuple[int, int, str]]:
        premises_id = first_premises_id
        for building, size in zip(buildings, sizes, strict=True):
            if size == 1:
                yield premises_id, building[0], ""
                premises_id += 1
                continue
            for apartment in range(1, size + 1):
                yield premises_id, building[0], str(apartment)
                premises_id += 1

    loader.write("premises", ("id", "building_id", "apartment"), premises_rows())
    count = len(premises_building)
    step = int(count * 0.6180339887) | 1
    while math.gcd(step, count) != 1:
        step += 2
    return Places(
        first_premises_id, premises_building, {b[0]: b[5] for b in buildings}, step, rng.randrange(count)
    )
