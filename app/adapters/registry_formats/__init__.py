"""Registry files in, plain registry lines out (app/services/cashdesk/registry_lines.py): the
Sberbank-style `;` registry and any CSV or XLSX file read through an agent's saved column mapping.

A reader reads; it never decides. A line it cannot read whole comes out with its problem, and the
posting refuses the file (docs/registries.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.adapters.registry_formats.columns import read_columns
from app.adapters.registry_formats.sberbank import read_sberbank
from app.errors import QT_TRANSLATE_NOOP
from app.services.cashdesk.payment_agents import COLUMNS, SBERBANK, Agent
from app.services.cashdesk.registry_lines import RegistryFile
from app.services.kernel.problems import Problem

MAX_FILE_BYTES = 200 * 1024 * 1024  # a million lines of a Sberbank registry are about 150 MB


def read_registry(path: Path, agent: Agent) -> RegistryFile:
    """The file at `path` in `agent`'s format. A file that cannot be read at all comes back with
    its `problem` and no lines."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return RegistryFile(
                name,
                "",
                (),
                problem=Problem(QT_TRANSLATE_NOOP("Errors", "The file is too large to be a registry.")),
            )
        data = path.read_bytes()
    except OSError as exc:
        return RegistryFile(
            name,
            "",
            (),
            problem=Problem(
                QT_TRANSLATE_NOOP("Errors", "The file cannot be read: {reason}"),
                {"reason": exc.strerror or str(exc)},
            ),
        )
    digest = hashlib.sha256(data).hexdigest()
    if agent.file_format == SBERBANK:
        return read_sberbank(name, digest, data)
    if agent.file_format == COLUMNS and agent.columns:
        return read_columns(name, digest, data, agent.columns, xlsx=path.suffix.lower() == ".xlsx")
    return RegistryFile(
        name,
        digest,
        (),
        problem=Problem(QT_TRANSLATE_NOOP("Errors", "The agent has no file format set up.")),
    )
