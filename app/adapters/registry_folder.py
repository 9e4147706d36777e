"""Watched registry folders: files an agent's bank client drops into the agent's folder are imported by
the scheduled task (`subscriber-desk import watch`) and moved to `done/` or `failed/`, each with a
report beside it.

- A file posts only whole (as at the screen: any error, an unknown contract or a wrong total line sends
  it to `failed/`, with every line's verdict in the report); nothing is set aside without a person.
- A file imported before posts nothing again and goes to `done/` (its operations are already taken).
- A file still being written is left for the next run: only files untouched for SETTLE_SECONDS are read.
- When the database cannot be reached, the file stays where it is and the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import clock
from app.adapters.registry_formats import read_registry
from app.db import Database
from app.errors import DomainError
from app.money import format_money
from app.services.cashdesk.payment_agents import Agent, list_agents
from app.services.cashdesk.registries import (
    PostedRegistry,
    RegistryPreview,
    RegistryRefused,
    Verdict,
    post_registry,
    preview_registry,
)
from app.services.cashdesk.registry_lines import RegistryFile
from app.services.kernel.permissions import Actor

DONE = "done"
FAILED = "failed"
SETTLE_SECONDS = 60
REGISTRY_SUFFIXES = frozenset({".txt", ".csv", ".xlsx", ".dat", ".reg", ""})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FolderFile:
    agent_code: str
    file_name: str
    outcome: str  # "done" | "failed" | "kept" (left for the next run) | "missing folder"
    summary: str


def import_watched_folders(
    db: Database, actor: Actor, *, read: Callable[[Path, Agent], RegistryFile] = read_registry
) -> list[FolderFile]:
    """Import every settled file in every active agent's watched folder; what happened to each."""
    results: list[FolderFile] = []
    for agent in list_agents(db, actor, active_only=True):
        if not agent.watch_folder:
            continue
        folder = Path(agent.watch_folder)
        if not folder.is_dir():
            results.append(FolderFile(agent.code, str(folder), "missing folder", "the folder does not exist"))
            continue
        for path in sorted(folder.iterdir()):
            if _waiting(path):
                results.append(_import_one(db, actor, agent, path, read))
    return results


def _waiting(path: Path) -> bool:
    """A registry file that is whole: not hidden, not a report, untouched for SETTLE_SECONDS."""
    if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in REGISTRY_SUFFIXES:
        return False
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    age = (clock.now() - modified).total_seconds()
    return not 0 <= age < SETTLE_SECONDS


def _import_one(
    db: Database, actor: Actor, agent: Agent, path: Path, read: Callable[[Path, Agent], RegistryFile]
) -> FolderFile:
    registry = read(path, agent)
    try:
        posted = post_registry(db, actor, agent.id, registry)
    except RegistryRefused as refused:
        try:
            preview = preview_registry(db, actor, agent.id, registry)
        except DomainError:
            preview = None
        report = _refused_report(registry, refused, preview)
        _move(path, FAILED, report)
        return FolderFile(agent.code, path.name, FAILED, refused.english())
    except DomainError as exc:  # the database went away, a permission, …: try again next run
        log.warning("registry %s left in place: %s", path, exc.english())
        return FolderFile(agent.code, path.name, "kept", exc.english())
    summary = posted_summary(posted)
    _move(path, DONE, f"{registry.file_name}\n{summary}\n")
    return FolderFile(agent.code, path.name, DONE, summary)


def posted_summary(posted: PostedRegistry) -> str:
    if posted.batch_id is None:
        return f"nothing new: all {posted.already_imported} operations were imported before"
    return (
        f"batch {posted.batch_id}: {posted.payments} payments, {format_money(posted.amount)} "
        f"(commission {format_money(posted.commission)}); {posted.already_imported} imported before; "
        f"{posted.debts_cleared} debts cleared, {posted.services_unblocked} services unblocked, "
        f"{posted.disconnects_cancelled} disconnect orders cancelled, "
        f"{posted.reconnections_ordered} reconnections ordered"
    )


def _refused_report(registry: RegistryFile, refused: RegistryRefused, preview: RegistryPreview | None) -> str:
    lines = [registry.file_name, f"not posted: {refused.english()}", ""]
    if preview is not None:
        for judged in preview.lines:
            if judged.verdict in (Verdict.NEW, Verdict.ALREADY_IMPORTED):
                continue
            problem = judged.problem.english() if judged.problem else judged.verdict.value
            lines.append(f"line {judged.line.number}: {judged.verdict.value}: {problem}")
    return "\n".join(lines) + "\n"


def _move(path: Path, outcome: str, report: str) -> Path:
    """Move the file into `outcome/` beside it (never over an earlier file of the same name) and write
    its report next to it."""
    target_folder = path.parent / outcome
    target_folder.mkdir(exist_ok=True)
    target = target_folder / path.name
    if target.exists():
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        target = target_folder / f"{path.stem}.{stamp}{path.suffix}"
        counter = 1
        while target.exists():
            target = target_folder / f"{path.stem}.{stamp}-{counter}{path.suffix}"
            counter += 1
    path.replace(target)
    target.with_name(target.name + ".report.txt").write_text(report, encoding="utf-8")
    return target
