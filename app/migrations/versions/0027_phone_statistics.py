"""finer statistics for digits inside phones

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07

The search finds digits inside phones on the trigram index over `phone || ' ' || phone2` (migration
0003). PostgreSQL estimates such a LIKE from that expression's histogram: with the default 100 entries
it guessed 0.01 % or 1 % of all subscribers for a rare group of four digits, too coarse to tell. At
1 % it walked every subscriber in id order for a page: «3439» counted in 480–730 ms at a million
subscribers, the 500 phones holding it read off the index in 14 ms. A histogram of 1,000 entries tells
«3439» (0.1 %) from «916» (2 %), so the planner reads rare digits off the index and still walks
the subscribers for common ones, which fill a page at once. SQLite reads its FTS5 index either way.
"""

from __future__ import annotations

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_subscriber_phones_trgm ALTER COLUMN 1 SET STATISTICS 1000")
    op.execute("ANALYZE subscriber")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_subscriber_phones_trgm ALTER COLUMN 1 SET STATISTICS -1")
