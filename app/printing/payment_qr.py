"""The payment QR code of GOST R 56042-2014: a bank app scans it and fills in the payee, the sum and the
contract number, so a subscriber pays a notice without typing twenty-digit accounts.

The payload is `ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|…`: the five mandatory fields
first and in that order, then optional `Key=Value` pairs. `ST0001` + `2` says UTF-8, and the code's
bytes are the payload's UTF-8 (reportlab's default for a `str` too).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence

from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel, QRUtil
from reportlab.graphics.shapes import Drawing, Group, Path, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.errors import QT_TRANSLATE_NOOP, ValidationError
from app.services.kernel.documents import CompanyDetails

HEADER = "ST00012"  # format ST0001, encoding 2 = UTF-8
SEPARATOR = "|"
# What replaces a separator typed into a value («ООО "Сети|ТВ"»): a bank app would read the rest of the
# value as a new, malformed field. A slash reads the same to a person.
SEPARATOR_STAND_IN = "/"

NAME_MAX = 160
BANK_NAME_MAX = 45
PURPOSE_MAX = 210
# Not limited by the standard's main table, but a bank form field is rarely longer: keeps the QR small.
PAYER_FIELD_MAX = 160

QUIET_ZONE_MODULES = 4  # the white margin the QR specification asks for, inside the drawing's size

_WHITESPACE = re.compile(r"\s+")
# What must not be left dangling at the end of a cut value; a closing quote or bracket may stay.
_DANGLING = re.compile(r"[\s,;:\-–—/\\(«\"“„]+$")


class BankDetailsMissing(ValidationError, ValueError):
    """The company's bank details cannot make a payment QR code: an administrator must fill them in.

    A ValueError too, so code that only knows the payload builder's contract can catch it; `details`
    names the settings at fault (in English, for the log and the message).
    """

    message = QT_TRANSLATE_NOOP(
        "Errors",
        "The company's bank details are missing or invalid ({details}). An administrator must fill them "
        "in the company settings before documents with a payment QR code can be printed.",
    )

    def __init__(self, details: list[str]) -> None:
        self.details = tuple(details)
        super().__init__(details=", ".join(details))


def clean_value(value: str, limit: int | None = None) -> str:
    """A value safe inside the payload: one line, no separator, at most `limit` characters.

    A value longer than the limit is cut at the last word boundary that keeps most of it, without a
    dangling comma or quote, rather than mid-word: the payee name is shown to the payer by the bank app.
    """
    value = _WHITESPACE.sub(" ", value.replace(SEPARATOR, SEPARATOR_STAND_IN)).strip()
    if limit is None or len(value) <= limit:
        return value
    cut = value[:limit]
    space = cut.rfind(" ")
    # Back to the last word boundary, unless the limit falls on one already or the boundary is so far
    # back that most of the value would go (one enormous «word» is cut where it must be).
    if value[limit] != " " and space >= limit * 2 // 3:
        cut = cut[:space]
    trimmed = _DANGLING.sub("", cut)
    return trimmed or cut.strip()


def _digits(value: str) -> str:
    """Account numbers as typed by an admin («4070 2810 …», «044-525-225») reduced to their digits."""
    return re.sub(r"[\s\-.]", "", value)


def _payee_fields(company: CompanyDetails) -> list[tuple[str, str]]:
    """The mandatory five and the payee's INN and KPP, checked: a wrong account sends money nowhere."""
    problems: list[str] = []
    name = clean_value(company.name, NAME_MAX)
    if not name:
        problems.append("company name")
    account = _digits(company.bank_account)
    if not re.fullmatch(r"\d{20}", account):
        problems.append("bank account (20 digits)")
    bank_name = clean_value(company.bank_name, BANK_NAME_MAX)
    if not bank_name:
        problems.append("bank name")
    bic = _digits(company.bic)
    if not re.fullmatch(r"\d{9}", bic):
        problems.append("BIC (9 digits)")
    corr_account = _digits(company.corr_account)
    if not re.fullmatch(r"\d{1,20}", corr_account):
        problems.append("correspondent account (up to 20 digits)")
    inn = _digits(company.inn)
    if inn and not re.fullmatch(r"\d{10}|\d{12}", inn):
        problems.append("INN (10 or 12 digits)")
    kpp = company.kpp.strip().upper()
    if kpp and not re.fullmatch(r"[0-9A-Z]{9}", kpp):  # since 2024 the 5th–6th characters may be letters
        problems.append("KPP (9 characters)")
    if problems:
        raise BankDetailsMissing(problems)
    return [
        ("Name", name),
        ("PersonalAcc", account),
        ("BankName", bank_name),
        ("BIC", bic),
        ("CorrespAcc", corr_account),
        ("PayeeINN", inn),
        ("KPP", kpp),
    ]


# A payer that is an organisation has no surname: its name goes nowhere (PersAcc names the contract).
_ORGANISATION = re.compile(r"^(ООО|ОАО|ЗАО|ПАО|АО|НАО|ГУП|МУП|ФГУП|ТСЖ|ТСН|ЖСК|НКО|АНО|ФГБУ|МБУ|МКУ|ГБУ)\b|«")


def payer_name_parts(name: str) -> tuple[str, str, str]:
    """(LastName, FirstName, MiddleName) of a person's «Фамилия Имя Отчество», as GOST R 56042-2014
    wants them apart; a single word is the surname; an organisation gives none."""
    cleaned = clean_value(name)
    if not cleaned or _ORGANISATION.search(cleaned):
        return "", "", ""
    words = cleaned.split()
    last = clean_value(words[0], PAYER_FIELD_MAX)
    first = clean_value(words[1], PAYER_FIELD_MAX) if len(words) > 1 else ""
    middle = clean_value(" ".join(words[2:]), PAYER_FIELD_MAX)
    return last, first, middle


def payment_qr_payload(
    company: CompanyDetails,
    *,
    amount: int,
    contract_number: str,
    purpose: str,
    payer_name: str = "",
    payer_address: str = "",
) -> str:
    """The GOST R 56042-2014 string for paying `amount` kopecks on `contract_number` to `company`.

    Optional fields are left out when empty, and so is `Sum` when `amount` is 0 (the bank app then asks
    the payer for it). Raises BankDetailsMissing (a ValueError) when the company's bank details cannot
    make a payment, and ValueError for a negative amount.
    """
    if amount < 0:
        raise ValueError(f"A payment QR code cannot ask for a negative sum: {amount} kopecks")
    fields = _payee_fields(company)
    fields += [
        ("Purpose", clean_value(purpose, PURPOSE_MAX)),
        ("Sum", str(amount) if amount else ""),
        ("PersAcc", clean_value(contract_number)),
        *zip(("LastName", "FirstName", "MiddleName"), payer_name_parts(payer_name), strict=True),
        ("PayerAddress", clean_value(payer_address, PAYER_FIELD_MAX)),
    ]
    # The mandatory five are never empty here (_payee_fields refused that); an empty optional one is
    # left out rather than written as «KPP=», which some bank apps show as a blank, required-looking field.
    pairs = [f"{key}={value}" for key, value in fields if value]
    return SEPARATOR.join([HEADER, *pairs])


_RUN = re.compile(rb"\x00{5,}|\x01{5,}")  # five or more modules of one colour in a line
_FINDER_LIKE = b"\x01\x00\x01\x01\x01\x00\x01\x00\x00\x00\x00"  # dark-light-dark×3-light-dark, 4 light
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _row_bits(row: Sequence[bool]) -> int:
    """A row of modules as an integer, column 0 the most significant bit."""
    return int(bytes(row).translate(_TO_DIGITS), 2)


def _penalty(bits: Sequence[int], size: int) -> int:
    """The mask penalty of a code given as row integers (see `mask_penalty`)."""
    rows = [format(row, f"0{size}b").encode().translate(_FROM_DIGITS) for row in bits]
    columns = [bytes(column) for column in zip(*rows, strict=True)]
    score = 0
    for lines in (rows, columns):
        # Rule 1: a run of n ≥ 5 same-coloured modules costs n − 2. The \x02 joint keeps runs in their line.
        score += sum(len(run) - 2 for run in _RUN.findall(b"\x02".join(lines)))
    limit = size - len(_FINDER_LIKE)  # reportlab never tests the last possible position; nor do we
    for line in rows:  # Rule 3: 40 per finder-like pattern, non-overlapping, leftmost first
        found = line.find(_FINDER_LIKE)
        while 0 <= found < limit:
            score += 40
            found = line.find(_FINDER_LIKE, found + len(_FINDER_LIKE))
    inner = (1 << (size - 1)) - 1  # a 2×2 block starts in any column but the last
    for upper, lower in itertools.pairwise(bits):
        # Rule 2: 3 per 2×2 block of one colour: equal to the row below, in this and the next column,
        # and the two columns equal to each other.
        same = ~(upper ^ lower)
        score += 3 * (same & (same >> 1) & ~(upper ^ (upper >> 1)) & inner).bit_count()
    dark = sum(row.bit_count() for row in bits)  # Rule 4: the further from half dark, the worse
    score += 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return score


def mask_penalty(modules: Sequence[Sequence[bool]]) -> int:
    """The penalty score by which a QR encoder picks one of the eight masks, computed exactly as
    reportlab's `QRUtil.getLostPoint` does (tests hold the two equal), several times faster.

    Rows and columns are bytes, so runs and patterns are found by `re` and `bytes.find`, and 2×2 blocks
    by bit operations on row integers. Like reportlab, the finder-like pattern is looked for in rows only
    and in one direction: any mask decodes, the score only prefers codes that scan more easily, and
    matching the library keeps the printed code identical to what its own encoder draws.
    """
    return _penalty([_row_bits(row) for row in modules], len(modules))


@functools.cache
def _mask_changes(version: int) -> tuple[tuple[int, ...], ...]:
    """For each of the eight masks, per row, the data modules where it differs from mask 0.

    The same for every code of a version, and the costly part of trying a mask: built once per version.
    """
    layout = QRCode(version, QRErrorCorrectLevel.M)  # data positions depend on the version only
    layout.moduleCount = size = version * 4 + 17
    positions = layout.dataPosIterator()  # (column, row) of every data module
    first = QRUtil.getMask(0)
    changes = []
    for pattern in range(8):
        mask = QRUtil.getMask(pattern)
        rows = [0] * size
        for col, row in positions:
            if mask(row, col) != first(row, col):
                rows[row] |= 1 << (size - 1 - col)
        changes.append(tuple(rows))
    return tuple(changes)


class _QRCode(QRCode):
    """reportlab's encoder, choosing the same mask as it would, about three times faster.

    reportlab lays the whole code out again for each of the eight masks and scores each with list
    comprehensions over every module; for a notice's ~80×80 code that was half the time of a whole
    notice page. Here the code is laid out once under mask 0, every other mask is that layout with
    the changed data modules flipped (an XOR per row), and `_penalty` scores it.
    """

    def getBestMaskPattern(self) -> int:
        self.makeImpl(True, 0)  # the test layout: format information blank, as reportlab scores it
        base = [_row_bits(row) for row in self.modules]
        size = self.moduleCount
        scores = [
            _penalty([row ^ flip for row, flip in zip(base, changes, strict=True)], size)
            for changes in _mask_changes(self.version)
        ]
        return scores.index(min(scores))  # the first of equal scores, as reportlab picks


def qr_modules(payload: str) -> list[list[bool]]:
    """The payload's QR code as rows of modules (True = dark), error correction M: a notice spends weeks
    in a mailbox and gets creased. The payload goes in as UTF-8 bytes, as the `ST00012` header says."""
    code = _QRCode(None, QRErrorCorrectLevel.M)
    code.addData(QR8bitByte(payload.encode("utf-8")))
    code.make()
    return [[bool(module) for module in row] for row in code.modules]


def _dark_rectangles(modules: list[list[bool]]) -> Iterator[tuple[int, int, int, int]]:
    """(column, row, width, height) rectangles that cover the dark modules: horizontal runs, each merged
    with the identical runs in the rows below it. Fewer shapes make a smaller PDF that prints faster."""
    runs: dict[tuple[int, int], int] = {}  # (first column, length) → row where the open rectangle begins
    for row, cells in enumerate([*modules, []]):  # an empty last row closes every open rectangle
        current = set()
        start = -1
        for col, dark in enumerate([*cells, False]):
            if dark and start < 0:
                start = col
            elif not dark and start >= 0:
                current.add((start, col - start))
                start = -1
        for key in [key for key in runs if key not in current]:
            first_row = runs.pop(key)
            yield key[0], first_row, key[1], row - first_row
        for key in current:
            runs.setdefault(key, row)


def qr_drawing(payload: str, size_mm: float) -> Drawing:
    """The payload as a square QR code `size_mm` wide, the quiet zone included.

    Drawn as one filled path in module units, scaled once, rather than with reportlab's QrCodeWidget:
    the widget, sized through getBounds(), builds its thousands of rectangles twice, and even sized
    explicitly it writes each one with its own save/colour/restore operators and long decimals.
    """
    modules = qr_modules(payload)
    units = len(modules) + 2 * QUIET_ZONE_MODULES
    size = size_mm * mm
    scale = size / units
    path = Path(fillColor=colors.black, strokeColor=None, strokeWidth=0, autoclose="pdf")
    for col, row, width, height in _dark_rectangles(modules):
        # Module coordinates are small integers, written short into the PDF; y runs upwards there.
        x, top = col + QUIET_ZONE_MODULES, units - QUIET_ZONE_MODULES - row
        path.moveTo(x, top)
        path.lineTo(x + width, top)
        path.lineTo(x + width, top - height)
        path.lineTo(x, top - height)
        path.closePath()
    code = Group(
        # White under the code: the quiet zone stays white on a tinted background too.
        Rect(0, 0, units, units, fillColor=colors.white, strokeColor=None, strokeWidth=0),
        path,
        transform=(scale, 0, 0, scale, 0, 0),
    )
    drawing = Drawing(size, size)
    drawing.add(code)
    return drawing


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size_mm: float) -> None:
    """Draw the payload's QR code straight onto a PDF canvas, lower left corner at (x, y).

    What a batch of notices uses: one `re` operator per rectangle is about four times faster to write
    than the five path operators a Drawing's Path needs, and the page looks the same.
    """
    modules = qr_modules(payload)
    units = len(modules) + 2 * QUIET_ZONE_MODULES
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size_mm * mm / units, size_mm * mm / units)
    canvas.setFillColor(colors.white)
    canvas.rect(0, 0, units, units, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for col, row, width, height in _dark_rectangles(modules):
        path.rect(col + QUIET_ZONE_MODULES, units - QUIET_ZONE_MODULES - row - height, width, height)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class PaymentQr(Flowable):
    """A QR code as a platypus flowable, drawn with `draw_qr`: for documents laid out by platypus."""

    def __init__(self, payload: str, size_mm: float) -> None:
        super().__init__()
        self.payload = payload
        self.size_mm = size_mm
        self.width = self.height = size_mm * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, 0, 0, self.size_mm)
