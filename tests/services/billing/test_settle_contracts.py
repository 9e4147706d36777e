"""`settle_contracts` (many contracts at once, for a registry) does exactly what `settle_contract` does
one contract at a time: the same rows changed, the same history, the same effects."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.services.billing.debt_policy import settle_contract
from app.services.billing.effects import Effect
from app.services.billing.settlement import settle_contracts
from tests.services.billing.test_debt_policy import day, debtor_story


class _Undo(Exception):
    pass


def _state(session: Session) -> tuple[object, ...]:
    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(r) for r in session.execute(text(sql)).all()]

    return (
        rows("SELECT id, debt_since, version FROM contract ORDER BY id"),
        rows("SELECT id, state, state_since, version FROM service ORDER BY id"),
        rows("SELECT id, status, cancel_reason, closed_by, version FROM work_order ORDER BY id"),
        # the same events; in one go they come grouped by kind, not interleaved per service
        sorted(rows("SELECT actor_staff_id, subscriber_id, contract_id, kind, summary FROM event"), key=repr),
    )


def _settled(db: Database, how: str) -> tuple[tuple[object, ...], list[Effect]]:
    caught: dict[str, object] = {}
    with pytest.raises(_Undo), db.transaction() as session:
        contract_id = int(session.execute(text("SELECT id FROM contract")).scalar_one())
        session.execute(text("UPDATE contract SET debt_since = debt_since"))  # nothing: the same footing
        if how == "one":
            effects: list[Effect] = []
            settle_contract(session, contract_id, day(26), actor=None, settings={}, effects=effects)
        else:
            effects = settle_contracts(session, [contract_id], day(26), actor=None)[contract_id]
        session.flush()
        caught["state"] = _state(session)
        caught["effects"] = effects
        raise _Undo()
    return caught["state"], caught["effects"]  # type: ignore[return-value]


def test_settling_many_at_once_is_settling_each(db: Database) -> None:
    with debtor_story(db, 26) as (sub, _moment):
        assert sub.orders("disconnect_catv", "new") == 1 and sub.state(sub.internet) == "blocked"
        one_state, one_effects = _settled(db, "one")
        many_state, many_effects = _settled(db, "many")
    assert one_effects == many_effects and len(one_effects) == 3  # debt, the order, Internet
    assert many_state == one_state
