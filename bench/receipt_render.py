"""Time receipt rendering: `.venv/bin/python bench/receipt_render.py --count 200`.

Renders COUNT receipts in each layout (A4 with counterfoil, 80 mm roll) and prints the mean and p95 time
per receipt, next to a naive baseline measured in the same run: the same renderer, but with the fonts
registered anew for every receipt (parsing both DejaVu TTF files each time), which is what code that
calls `registerFont(TTFont(...))` at the top of its print function does. The target is < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.models.enums import PaymentMethod
from app.printing.fonts import BOLD, REGULAR, register_fonts
from app.printing.receipt import Layout, render_receipt
from app.resources import BOLD_FONT, REGULAR_FONT
from app.services.kernel.documents import CompanyDetails, ReceiptData

TARGET_MS = 50.0
COMPANY = CompanyDetails(
    name="ООО «Городские сети»",
    inn="6950000000",
    kpp="695001001",
    address="г. Тверь, ул. Советская, д. 1",
    phone="+7 (4822) 00-00-00",
    bank_name="ПАО Сбербанк",
    bic="044525225",
    bank_account="40702810938000000001",
    corr_account="30101810400000000225",
)
METHODS = list(PaymentMethod)


def receipt(number: int) -> ReceiptData:
    """A different receipt each time (number, sums, method), so nothing is cached between renders."""
    return ReceiptData(
        company=COMPANY,
        timezone="Europe/Moscow",
        desk_name="Касса № 2 (Советская)",
        receipt_number=number,
        posted_at=dt.datetime(2025, 3, 5, 6, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=number),
        subscriber_name="Константинопольская Александра Владимировна",
        contract_number=f"ТВ-{number:06d}",
        address="г. Тверь, ул. Вагжанова, д. 7, кв. 31",
        amount=50_00 + number * 137,
        method=METHODS[number % len(METHODS)],
        balance_after=(number % 5 - 2) * 1_000_00,
        cashier_name="Иванова Мария Петровна",
        comment="Оплата за март" if number % 3 else "",
    )


def naive_render(data: ReceiptData, layout: Layout) -> bytes:
    """The baseline: fonts parsed and registered again for every receipt."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(REGULAR_FONT)))
    pdfmetrics.registerFont(TTFont(BOLD, str(BOLD_FONT)))
    return render_receipt(data, layout=layout)


def time_renders(render: Callable[[ReceiptData, Layout], bytes], layout: Layout, count: int) -> list[float]:
    """Milliseconds per receipt."""
    times = []
    for number in range(1, count + 1):
        start = time.perf_counter()
        pdf = render(receipt(number), layout)
        times.append((time.perf_counter() - start) * 1000)
        assert pdf.startswith(b"%PDF")
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="receipts per layout and variant")
    args = parser.parse_args()

    # The first receipt pays one-off costs (font parsing, num2words import): timed apart, then left out.
    start = time.perf_counter()
    register_fonts()
    render_receipt(receipt(0), layout="a4")
    render_receipt(receipt(0), layout="roll")
    print(f"first receipts (fonts, imports): {(time.perf_counter() - start) * 1000:.0f} ms")

    def ours(data: ReceiptData, layout: Layout) -> bytes:
        return render_receipt(data, layout=layout)

    header = ("layout", "mean ms", "p95 ms", "naive mean", "naive p95", "naive/ours")
    print("{:<6} {:>8} {:>8} {:>11} {:>10} {:>11}".format(*header))
    worst = 0.0
    for layout in ("a4", "roll"):
        fast = time_renders(ours, layout, args.count)
        slow = time_renders(naive_render, layout, args.count)
        ratio = statistics.mean(slow) / statistics.mean(fast)
        worst = max(worst, p95(fast))
        print(
            f"{layout:<6} {statistics.mean(fast):8.1f} {p95(fast):8.1f} "
            f"{statistics.mean(slow):11.1f} {p95(slow):10.1f} {ratio:10.2f}×"
        )
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"p95 {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
