"""Look at a rendered PDF the way a reader does, through poppler's command-line tools.

pdftotext / pdfinfo / pdffonts / pdftoppm come from Debian's poppler-utils. A missing tool fails the
test rather than skipping it: a printing test that silently does not run proves nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

MM = 72 / 25.4  # PDF points per millimetre


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: apt-get install poppler-utils", pytrace=False)
    return path


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _write(pdf: bytes, folder: Path, name: str = "doc.pdf") -> Path:
    path = folder / name
    path.write_bytes(pdf)
    return path


def pdf_text(pdf: bytes, folder: Path) -> str:
    """`pdftotext -layout` output with the typographic spaces (narrow no-break in «1 200,00 ₽») made plain."""
    path = _write(pdf, folder)
    out = _run([_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"])
    return out.replace("\u202f", " ").replace("\u00a0", " ")


def squeeze(text: str) -> str:
    """Whitespace runs as one space: a phrase wrapped in a table column reads as one line again."""
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    page_sizes: list[tuple[float, float]]  # points
    title: str


def pdf_info(pdf: bytes, folder: Path) -> PdfInfo:
    path = _write(pdf, folder)
    out = _run([_tool("pdfinfo"), "-f", "1", "-l", "9999", str(path)])
    pages_match = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert pages_match is not None, out
    pages = int(pages_match.group(1))
    sizes = [
        (float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    ]
    title_match = re.search(r"^Title:\s+(.*)$", out, re.M)
    return PdfInfo(pages=pages, page_sizes=sizes, title=title_match.group(1) if title_match else "")


def pdf_fonts(pdf: bytes, folder: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font the PDF uses, from `pdffonts`."""
    path = _write(pdf, folder)
    lines = _run([_tool("pdffonts"), str(path)]).splitlines()[2:]  # two header lines
    fonts = []
    for line in lines:
        parts = line.split()
        # Columns: name type [encoding words...] emb sub uni object ID; "emb" is 5th from the end.
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def rasterise(pdf: bytes, folder: Path, dpi: int = 100) -> list[Path]:
    """One PNG per page via `pdftoppm -png -r dpi`, in page order."""
    path = _write(pdf, folder)
    prefix = folder / "page"
    _run([_tool("pdftoppm"), "-png", "-r", str(dpi), str(path), str(prefix)])
    return sorted(folder.glob("page*.png"))


@dataclass(frozen=True)
class Ink:
    """How much of a page is printed on, and where the printed area lies (pixels from the top left)."""

    dark_fraction: float
    left: int
    top: int
    right: int
    bottom: int
    width: int
    height: int


def ink(png: Path) -> Ink:
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        dark = grey.point(lambda value: 255 if value < 128 else 0)
        box = dark.getbbox()  # rows and columns that hold any dark pixel
        count = sum(dark.histogram()[255:])
    if box is None:
        return Ink(0.0, 0, 0, 0, 0, width, height)
    return Ink(count / (width * height), *box, width, height)
