"""Tamper evidence for the ledger and the history: sealed blocks in a hash chain.

Ledger entries and events are append-only (database triggers refuse UPDATE and DELETE), but whoever
holds enough rights on the server can still switch a trigger off, edit a row and switch it back. The
seals make that visible. `seal(db)` takes the rows written since the last seal, in id order, in blocks
of BLOCK rows; each block stores an 8-hex digest of every row (so a check can name the row) and a
SHA-256 over the previous block's hash and those digests. `broken_links(db)` recomputes every block:
a row edited, removed or slipped in after sealing — or a seal edited or removed — is reported as the
first broken link of its chain, with the row.

Sealing runs after the nightly billing run and from `subscriber-desk db seal` (a scheduler), never in a
payment: the payment path does not slow down. Which rows may be sealed matters on PostgreSQL, where
ids are taken before commit: a row with a lower id may still be committing when a higher one is
visible. So the sealer first takes a SHARE lock on the table for a moment — it waits for every
transaction that inserted into it to finish and lets no insert start — and reads the highest id: every
row up to that id that will ever exist is now visible. It seals up to there after releasing the lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from app.db import Database
from app.models import ChainSeal, Event, LedgerEntry

BLOCK = 1000
BLOCKS_PER_TRANSACTION = 50
GENESIS = "0" * 64
CHAINS: dict[str, Table] = {
    "ledger_entry": LedgerEntry.__table__,  # type: ignore[dict-item]
    "event": Event.__table__,  # type: ignore[dict-item]
}


def _text(value: Any) -> str:
    """One column's value as text, the same however it is read back."""
    if value is None:
        return "\u2400"  # ␀: not the empty string
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, int, str)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)


def row_digest(table: Table, row: Any) -> str:
    """8 hex characters of SHA-256 over the row's columns (in the table's order), in a canonical form."""
    canonical = "\x1f".join(_text(value) for value in row)
    return hashlib.sha256(canonical.encode()).hexdigest()[:8]


def block_hash(previous: str, digests: str) -> str:
    return hashlib.sha256(f"{previous}:{digests}".encode()).hexdigest()


@dataclass(frozen=True)
class Sealed:
    chain: str
    blocks: int
    rows: int


def _horizon(db: Database, table: Table) -> int:
    """The highest id such that every row with a lower or equal id is committed or will never be."""
    with db.transaction() as session:
        if not db.is_embedded:
            session.execute(text(f"LOCK TABLE {table.name} IN SHARE MODE"))
        return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)


def _last_seal(session: Session, chain: str) -> ChainSeal | None:
    return session.scalar(
        select(ChainSeal).where(ChainSeal.chain == chain).order_by(ChainSeal.id.desc()).limit(1)
    )


def seal(db: Database, chains: Sequence[str] = tuple(CHAINS)) -> list[Sealed]:
    """Seal every row written since the last seal. Safe to run from several places at once (a second
    sealer of the same block is refused by the unique (chain, after_id) and stops)."""
    done = []
    for chain in chains:
        table = CHAINS[chain]
        horizon = _horizon(db, table)
        blocks = rows = 0
        while True:
            with db.transaction() as session:
                last = _last_seal(session, chain)
                after = last.last_id if last else 0
                previous = last.hash if last else GENESIS
                batch = session.execute(
                    select(table)
                    .where(table.c.id > after, table.c.id <= horizon)
                    .order_by(table.c.id)
                    .limit(BLOCK * BLOCKS_PER_TRANSACTION)
                ).all()
                if not batch:
                    break
                for start in range(0, len(batch), BLOCK):
                    block = batch[start : start + BLOCK]
                    digests = "".join(row_digest(table, r) for r in block)
                    seal_row = ChainSeal(
                        chain=chain,
                        after_id=after,
                        last_id=block[-1].id,
                        rows=len(block),
                        digests=digests,
                        previous_hash=previous,
                        hash=block_hash(previous, digests),
                    )
                    session.add(seal_row)
                    after, previous = seal_row.last_id, seal_row.hash
                    blocks += 1
                rows += len(batch)
        done.append(Sealed(chain, blocks, rows))
    return done


def _seals(db: Database, chain: str) -> Iterator[ChainSeal]:
    with db.reading() as conn, Session(bind=conn) as session:
        yield from session.scalars(select(ChainSeal).where(ChainSeal.chain == chain).order_by(ChainSeal.id))


def broken_links(db: Database) -> list[str]:
    """The first broken link of each chain (empty: every sealed row is as it was sealed)."""
    problems = []
    for chain, table in CHAINS.items():
        problem = _first_break(db, chain, table)
        if problem:
            problems.append(problem)
    return problems


def _first_break(db: Database, chain: str, table: Table) -> str | None:
    previous, expected_after = GENESIS, 0
    with db.reading() as conn:
        for block in _seals(db, chain):
            where = f"{chain}: seal {block.id} (rows {block.after_id + 1}–{block.last_id})"
            if block.after_id != expected_after or block.previous_hash != previous:
                return f"{where} does not follow the seal before it: a seal was removed or forged"
            if block_hash(block.previous_hash, block.digests) != block.hash:
                return f"{where} was edited after sealing"
            rows = conn.execute(
                select(table)
                .where(table.c.id > block.after_id, table.c.id <= block.last_id)
                .order_by(table.c.id)
            ).all()
            sealed = [block.digests[i : i + 8] for i in range(0, len(block.digests), 8)]
            for position, row in enumerate(rows):
                if position >= len(sealed):
                    return f"{chain} id {row.id} was added after its block was sealed ({where})"
                if row_digest(table, row) != sealed[position]:
                    return (
                        f"{chain} id {row.id} was changed or a row before it removed after sealing ({where})"
                    )
            if len(rows) < len(sealed):
                last = rows[-1].id if rows else block.after_id
                return f"{chain}: rows after id {last} were removed after sealing ({where})"
            previous, expected_after = block.hash, block.last_id
    return None


def heads(db: Database) -> dict[str, tuple[int, str]]:
    """Per chain, the last sealed id and the hash that seals everything up to it. Kept outside the
    server (a backup log, a printout), it shows a rewrite of the seals themselves."""
    found = {}
    with db.reading() as conn, Session(bind=conn) as session:
        for chain in CHAINS:
            last = _last_seal(session, chain)
            found[chain] = (last.last_id, last.hash) if last else (0, GENESIS)
    return found


def unsealed(db: Database) -> dict[str, int]:
    """Rows not sealed yet, per chain (sealed by the next run or `db seal`)."""
    counts = {}
    with db.reading() as conn, Session(bind=conn) as session:
        for chain, table in CHAINS.items():
            last = _last_seal(session, chain)
            after = last.last_id if last else 0
            counts[chain] = int(conn.execute(select(func.count()).where(table.c.id > after)).scalar() or 0)
    return counts
