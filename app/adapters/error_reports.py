"""What the program writes when something unexpected breaks: a report file in the user's data folder
that the administrator can send to the developers, and the rotating log's formatter. Neither holds
personal data or secrets: SQL parameters and the server's DETAIL lines (which quote key values such as
a passport number) are cut out, and a URL's password never reaches them."""

from __future__ import annotations

import datetime as dt
import logging
import platform
import re
import sys
import traceback
from pathlib import Path

from app import __version__

REPORTS_FOLDER = "error-reports"
KEEP_REPORTS = 50
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)
_DETAIL = re.compile(r"^(\s*DETAIL:).*$", re.MULTILINE)
_URL_PASSWORD = re.compile(r"(\w+(?:\+\w+)?://[^:/@\s]+:)[^@\s]+@")
_PASSWORD_SETTING = re.compile(r"(password\s*=\s*)\S+", re.IGNORECASE)


def scrub(text: str) -> str:
    """`text` without SQL parameters, DETAIL lines and passwords."""
    text = _PARAMETERS.sub("[parameters hidden]", text)
    text = _DETAIL.sub(r"\1 (hidden)", text)
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _PASSWORD_SETTING.sub(r"\1***", text)


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def write_error_report(
    folder: Path, exc: BaseException, *, database: str = "", schema: str = "", now: dt.datetime | None = None
) -> Path:
    """Write one report (the program's version, the system, the database's kind and schema and the
    traceback) to `folder`/error-reports and return its path; the oldest beyond KEEP_REPORTS go."""
    from PySide6 import __version__ as pyside_version

    moment = now or dt.datetime.now()
    target = folder / REPORTS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"error-{moment:%Y%m%d-%H%M%S-%f}.txt"
    lines = [
        f"Subscriber Desk {__version__}",
        f"Time: {moment.isoformat(timespec='seconds')}",
        f"System: {platform.platform()}; Python {sys.version.split()[0]}; PySide6 {pyside_version}",
        f"Frozen build: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
        f"Database: {database or '—'}; schema {schema or '—'}",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    ]
    path.write_text(scrub("\n".join(lines)), encoding="utf-8")
    for old in sorted(target.glob("error-*.txt"))[:-KEEP_REPORTS]:
        old.unlink(missing_ok=True)
    return path
