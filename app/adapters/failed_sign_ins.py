"""This PC's memory of sign-ins the shared server refused (app/services/admin/failed_sign_ins.py): a
small file in the user's data folder, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from app.adapters.json_file import write_json_atomically
from app.services.admin.failed_sign_ins import FailedSignIn

FILE_NAME = "failed-sign-ins.json"
KEPT = 100  # the newest failures; an attack from this PC does not fill the disk


class FailedSignIns:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def all(self) -> list[FailedSignIn]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [FailedSignIn.from_json(item) for item in raw]
        except FileNotFoundError:
            return []
        except (ValueError, KeyError, TypeError):  # a damaged file must not stop anyone signing in
            return []

    def add(self, failure: FailedSignIn) -> None:
        self._write([*self.all(), failure][-KEPT:])

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def _write(self, failures: list[FailedSignIn]) -> None:
        write_json_atomically(self.path, [f.as_json() for f in failures])
