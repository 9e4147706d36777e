"""This PC's file of refused sign-ins: kept across restarts, bounded, never in the way when damaged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.adapters.failed_sign_ins import KEPT, FailedSignIns
from app.services.admin.failed_sign_ins import FailedSignIn

MOMENT = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)


def test_failures_survive_a_restart_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    memory = FailedSignIns(tmp_path)
    for n in range(KEPT + 5):
        memory.add(FailedSignIn.of(MOMENT + dt.timedelta(seconds=n), "olga", "o…a (4)"))
    again = FailedSignIns(tmp_path).all()  # a new program start reads the same file
    assert len(again) == KEPT and again[-1].at == MOMENT + dt.timedelta(seconds=KEPT + 4)
    assert "olga" not in memory.path.read_text(encoding="utf-8")  # the login only as a digest
    memory.clear()
    assert memory.all() == [] and not memory.path.exists()


def test_a_damaged_file_does_not_stop_anyone_signing_in(tmp_path: Path) -> None:
    memory = FailedSignIns(tmp_path)
    memory.path.write_text('[{"at": "yesterday"', encoding="utf-8")
    assert memory.all() == []
    memory.add(FailedSignIn.of(MOMENT, "boss", "b…s (4)"))
    assert [f.masked for f in memory.all()] == ["b…s (4)"]
