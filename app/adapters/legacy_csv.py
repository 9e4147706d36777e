"""An old billing's export as a folder of CSV files (docs/legacy-import.md) in, plain rows out
(app/services/admin/legacy_rows.py). The reader reads; the import checks every value.

    subscribers.csv  id;full_name;kind;phone;phone2;email;inn;balance
    contracts.csv    number;subscriber_id;signed_on;city;street;house;block;apartment;status;balance;
                     debt_since;credit_limit;terminated_on
    services.csv     contract;kind;tariff;state;identifier;started_on          (optional)
    payments.csv     contract;date;amount;reference                            (optional)
    mapping.json     {"tariffs": {old: ours}, "streets": {old: ours}}          (optional)

Windows-1251 or UTF-8 (found by itself), `;` or `,` between fields (read off the header line); the
header names the columns, in any order; columns not listed are ignored."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from app.adapters.registry_formats.text_files import Unreadable, decode
from app.errors import QT_TRANSLATE_NOOP
from app.services.admin.legacy_rows import (
    LegacyContract,
    LegacyExport,
    LegacyPayment,
    LegacyService,
    LegacySubscriber,
)
from app.services.kernel.problems import Problem

FILES: dict[str, tuple[type, dict[str, str], bool]] = {
    # file: (row type, column → field where they differ, required)
    "subscribers.csv": (LegacySubscriber, {"id": "legacy_id"}, True),
    "contracts.csv": (LegacyContract, {}, True),
    "services.csv": (LegacyService, {}, False),
    "payments.csv": (LegacyPayment, {}, False),
}
MAPPING = "mapping.json"
T = TypeVar("T")


def read_legacy_export(folder: Path) -> LegacyExport:
    """The export in `folder`; files that cannot be read come back as problems, with no rows."""
    digest = hashlib.sha256()
    problems: list[tuple[str, Problem]] = []
    rows: dict[str, tuple[Any, ...]] = {}
    for name, (row_type, renamed, required) in FILES.items():
        path = folder / name
        if not path.is_file():
            if required:
                problems.append(
                    (name, Problem(QT_TRANSLATE_NOOP("Errors", "The export has no {file}."), {"file": name}))
                )
            rows[name] = ()
            continue
        try:
            data = path.read_bytes()
            digest.update(name.encode() + b"\0" + data)
            rows[name] = tuple(_rows(decode(data), row_type, renamed))
        except Unreadable as exc:
            problems.append((name, exc.problem))
            rows[name] = ()
        except _MissingColumns as exc:
            problems.append(
                (
                    name,
                    Problem(
                        QT_TRANSLATE_NOOP("Errors", "{file} has no columns {columns}."),
                        {"file": name, "columns": ", ".join(exc.columns)},
                    ),
                )
            )
            rows[name] = ()
        except OSError as exc:
            problems.append(
                (
                    name,
                    Problem(
                        QT_TRANSLATE_NOOP("Errors", "The file cannot be read: {reason}"), {"reason": str(exc)}
                    ),
                )
            )
            rows[name] = ()
    tariffs, streets = _mapping(folder / MAPPING, digest, problems)
    return LegacyExport(
        source=folder.name,
        digest=digest.hexdigest(),
        subscribers=rows["subscribers.csv"],
        contracts=rows["contracts.csv"],
        services=rows["services.csv"],
        payments=rows["payments.csv"],
        tariff_names=tariffs,
        street_names=streets,
        problems=tuple(problems),
    )


class _MissingColumns(ValueError):
    def __init__(self, columns: list[str]) -> None:
        super().__init__(", ".join(columns))
        self.columns = columns


def _rows(text: str, row_type: Callable[..., T], renamed: dict[str, str]) -> Iterator[T]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    names = [renamed.get(cell.strip().lower(), cell.strip().lower()) for cell in header]
    wanted = [f for f in fields(row_type) if f.name != "line"]  # type: ignore[arg-type]
    required = [f.name for f in wanted if f.default is f.default_factory]  # no default: must be there
    missing = [
        next((k for k, v in renamed.items() if v == name), name) for name in required if name not in names
    ]
    if missing:
        raise _MissingColumns(missing)
    where = {name: index for index, name in enumerate(names) if name in {f.name for f in wanted}}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[index].strip() if index < len(cells) else "" for name, index in where.items()}
        yield row_type(line=reader.line_num, **values)


def _mapping(
    path: Path, digest: Any, problems: list[tuple[str, Problem]]
) -> tuple[dict[str, str], dict[str, str]]:
    if not path.is_file():
        return {}, {}
    try:
        data = path.read_bytes()
        digest.update(MAPPING.encode() + b"\0" + data)
        mapping = json.loads(decode(data))
        tariffs = {str(k).strip(): str(v).strip() for k, v in dict(mapping.get("tariffs", {})).items()}
        streets = {str(k).strip(): str(v).strip() for k, v in dict(mapping.get("streets", {})).items()}
        return tariffs, streets
    except (OSError, ValueError, TypeError, AttributeError, Unreadable) as exc:
        problems.append(
            (
                MAPPING,
                Problem(
                    QT_TRANSLATE_NOOP("Errors", "mapping.json cannot be read: {reason}"), {"reason": str(exc)}
                ),
            )
        )
        return {}, {}
