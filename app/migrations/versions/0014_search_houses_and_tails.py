"""search by houses as people write them and by the tail of a contract number

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

- `building.house_key`: the house and корпус in one comparable form («12А» → «12а», «2» корп. «1» →
  «2к1», «2/1»), indexed; the search matches a typed house against it exactly. Existing buildings are
  filled here with a frozen copy of app/services/kernel/addresses.py house_key (a migration must give the
  same result whatever the program's code becomes later).
- The last digits of a contract number («…4567» read off a receipt): PostgreSQL gets a pg_trgm GIN index
  on `contract.number` (LIKE '%4567' uses it); SQLite an FTS5 trigram table `contract_search` kept in
  step by triggers, as migration 0003 does for names and addresses (a later batch-mode migration that
  rebuilds `contract` on SQLite must create those triggers again).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")
_HOUSE_PREFIX = re.compile(r"^(?:дом|д)(?=[\d\s.])\.?")
_SEPARATORS = re.compile(r"[\s.,\-]+")
_BLOCK_WORDS = (("корпус", "к"), ("корп", "к"), ("строение", "с"), ("стр", "с"))
_BATCH = 5_000


def _compact(text: str) -> str:
    key = _SEPARATORS.sub("", text.translate(_LATIN_TO_CYRILLIC).lower().replace("ё", "е"))
    for word, letter in _BLOCK_WORDS:
        key = key.replace(word, letter)
    return key


def _house_key(house: str, block: str) -> str:
    house_part = _compact(_HOUSE_PREFIX.sub("", house.strip().lower()))
    block_part = _compact(block)
    if block_part.isdigit():
        block_part = "к" + block_part
    return (house_part + block_part)[:40]


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("building", sa.Column("house_key", sa.String(length=40), nullable=False, server_default=""))
    rows = bind.execute(sa.text("SELECT id, house, block FROM building")).all()
    update = sa.text("UPDATE building SET house_key = :key WHERE id = :id")
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        bind.execute(update, [{"id": r.id, "key": _house_key(r.house, r.block)} for r in batch])
    op.create_index("ix_building_house_key", "building", ["house_key"])
    if bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_contract_number_trgm ON contract USING gin (number gin_trgm_ops)")
        op.execute("ANALYZE building, contract")
        return
    op.execute(
        "CREATE VIRTUAL TABLE contract_search USING fts5(number, content='contract', content_rowid='id', "
        "tokenize='trigram')"
    )
    insert = "INSERT INTO contract_search(rowid, number) VALUES (new.id, new.number);"
    delete = (
        "INSERT INTO contract_search(contract_search, rowid, number) VALUES ('delete', old.id, old.number);"
    )
    op.execute(f"CREATE TRIGGER contract_search_ai AFTER INSERT ON contract BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER contract_search_ad AFTER DELETE ON contract BEGIN {delete} END")
    op.execute(
        f"CREATE TRIGGER contract_search_au AFTER UPDATE OF number ON contract BEGIN {delete} {insert} END"
    )
    op.execute("INSERT INTO contract_search(contract_search) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_contract_number_trgm")
    else:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER contract_search_{suffix}")
        op.execute("DROP TABLE contract_search")
    op.drop_index("ix_building_house_key", "building")
    # Not a batch rebuild: on SQLite that would drop the building_search triggers of migration 0003.
    op.execute("ALTER TABLE building DROP COLUMN house_key")
