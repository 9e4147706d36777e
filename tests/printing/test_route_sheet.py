"""Installers' route sheets as the installer reads them on a clipboard: the stops in the dispatcher's
order under their buildings, the work in words, debts for disconnects only, blanks to fill by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from app.printing.route_sheet import render_route_sheet, render_route_sheets
from app.printing.route_words import debt_text, group_by_building, kind_label, kinds_summary
from app.services.kernel.documents import RouteSheetData, RouteStop
from tests.printing.pdf import MM, ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze
from tests.printing.test_payment_qr import COMPANY

DAY = dt.date(2025, 3, 5)  # a Wednesday
KINDS = ("Отключить КТВ", "Подключить КТВ", "Подключение", "Ремонт")
# The first line of a stop in `pdftotext -layout`: its number, the apartment, the work.
STOP_LINE = re.compile(r"^\s*(\d{1,3})\s+(\S+)\s+(" + "|".join(KINDS) + r")\b", re.M)
RESULTS = ("Выполнено", "Нет доступа", "Отказ", "Перенос на __.__")

VAGZHANOVA = ("Заволжский", "г. Тверь, ул. Вагжанова, д. 7", "ТП-12")
GORKOGO = ("Заволжский", "г. Тверь, ул. Горького, д. 3, корп. 2", "УЗ-3")
SOVETSKAYA = ("Центральный", "г. Тверь, ул. Советская, д. 10", "ЩР-1")


def stop(
    order_id: int, where: tuple[str, str, str], apartment: str, kind: str, **changes: object
) -> RouteStop:
    district, address, tap = where
    data = RouteStop(
        order_id=order_id,
        kind=kind,
        district=district,
        address=address,
        apartment=apartment,
        tap_label=tap,
        subscriber_name=f"Абонент {order_id}",
        phone="79161234567",
        contract_number=str(100000 + order_id),
        debt=None,
        note="",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def sheet(stops: list[RouteStop], **changes: object) -> RouteSheetData:
    data = RouteSheetData(
        company=COMPANY,
        installer_name="Петров Пётр Петрович",
        installer_phone="79035551122",
        day=DAY,
        stops=stops,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


# Twelve stops, three buildings, two districts, in the order the dispatcher's query gives them. The order
# is deliberately not alphabetical anywhere (Центральный first, apartments 12 before 3): the sheet must
# keep it, not re-sort it.
DAY_STOPS = [
    stop(1, SOVETSKAYA, "12", "disconnect_catv", subscriber_name="Щёткина Юлия Эдуардовна", debt=123456),
    stop(2, SOVETSKAYA, "3", "repair", subscriber_name="Ёлкин Фёдор Ильич", debt=99900, note="Нет сигнала"),
    stop(3, SOVETSKAYA, "45", "install", subscriber_name="Гусейнова Зульфия Рашидовна"),
    stop(4, SOVETSKAYA, "7а", "reconnect_catv", subscriber_name="Чернышёв Олег Юрьевич", debt=5000),
    stop(5, VAGZHANOVA, "30", "disconnect_catv", subscriber_name="Жуков Эдуард Щукин", debt=250_050),
    stop(6, VAGZHANOVA, "2", "disconnect_catv", subscriber_name="Ильина Дарья Сергеевна", debt=10_000_000),
    stop(7, VAGZHANOVA, "18", "repair", subscriber_name="Цветкова Яна Олеговна", phone=""),
    stop(8, VAGZHANOVA, "11", "install", subscriber_name="Шмидт Эльвира Ахмедовна"),
    stop(9, GORKOGO, "5", "reconnect_catv", subscriber_name="Быков Хасан Ёсифович"),
    stop(10, GORKOGO, "1", "disconnect_catv", subscriber_name="Ющенко Вячеслав Петрович", debt=7_777),
    stop(11, GORKOGO, "64", "repair", subscriber_name="Кузьмина Ольга Львовна", note="Собака во дворе"),
    stop(12, GORKOGO, "9", "install", subscriber_name="Михайлов Никита Сергеевич"),
]
DAY_SHEET = sheet(DAY_STOPS)


def page_texts(pdf: bytes, folder: Path) -> list[str]:
    pages = pdf_info(pdf, folder).pages
    texts = pdf_text(pdf, folder).split("\f")[:pages]
    assert len(texts) == pages
    return texts


def stop_lines(page: str) -> list[tuple[int, str, str]]:
    return [(int(number), apartment, work) for number, apartment, work in STOP_LINE.findall(page)]


def test_the_stops_print_in_the_given_order_under_their_buildings_and_districts(tmp_path: Path) -> None:
    pdf = render_route_sheet(DAY_SHEET)
    info = pdf_info(pdf, tmp_path)
    assert all(size == pytest.approx((210 * MM, 297 * MM), abs=1) for size in info.page_sizes)  # portrait
    assert info.title == "Маршрутный лист · Петров Пётр Петрович · 05.03.2025"
    layout = pdf_text(pdf, tmp_path)
    # Numbered 1..12 in the order given, each with its apartment and the work in plain Russian.
    expected = [(n, s.apartment, kind_label(s.kind)) for n, s in enumerate(DAY_STOPS, start=1)]
    assert stop_lines(layout) == expected
    text = squeeze(layout)
    order = [
        "г. Тверь, ул. Советская, д. 10 Район: Центральный · Отвод: ЩР-1 · заявок: 4",
        "Щёткина Юлия Эдуардовна",
        "Ёлкин Фёдор Ильич",
        "Гусейнова Зульфия Рашидовна",
        "Чернышёв Олег Юрьевич",
        "г. Тверь, ул. Вагжанова, д. 7 Район: Заволжский · Отвод: ТП-12 · заявок: 4",
        "Жуков Эдуард Щукин",
        "Ильина Дарья Сергеевна",
        "Цветкова Яна Олеговна",
        "Шмидт Эльвира Ахмедовна",
        "г. Тверь, ул. Горького, д. 3, корп. 2 Район: Заволжский · Отвод: УЗ-3 · заявок: 4",
        "Быков Хасан Ёсифович",
        "Ющенко Вячеслав Петрович",
        "Кузьмина Ольга Львовна",
        "Михайлов Никита Сергеевич",
        "Всего заявок: 12",
    ]
    positions = [text.find(phrase) for phrase in order]
    assert -1 not in positions, [phrase for phrase, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    for item in DAY_STOPS:  # everything the installer needs at the door, Cyrillic intact
        assert f"Договор {item.contract_number}" in text
    assert "тел. +7 (916) 123-45-67" in text
    assert "Отвод/пломба:" not in text  # every stop's tap is its building's: said once, in the heading
    assert "Примечание: Нет сигнала" in text and "Примечание: Собака во дворе" in text


def test_a_debt_is_printed_for_disconnects_only(tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_route_sheet(DAY_SHEET), tmp_path))
    for debt in ("Долг 1 234,56 ₽", "Долг 2 500,50 ₽", "Долг 100 000,00 ₽", "Долг 77,77 ₽"):
        assert debt in text
    assert text.count("Долг ") == 4
    # A repair and a reconnect carry a debt in the data, but the installer collects nothing there.
    assert "999,00" not in text and "50,00 ₽" not in text
    # The debt sits beside the disconnect itself.
    assert "Отключить КТВ · Долг 1 234,56 ₽" in text
    assert "Ремонт · Долг" not in text and "Подключить КТВ · Долг" not in text


def test_the_header_names_the_installer_the_day_and_the_company(tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_route_sheet(DAY_SHEET), tmp_path))
    assert "Маршрутный лист" in text
    assert "на 05.03.2025, среда" in text
    assert "Монтажник: Петров Пётр Петрович Тел.: +7 (903) 555-11-22" in text
    assert "ООО «Городские сети & ТВ» Тел.: +7 (4822) 00-00-00" in text
    assert (
        "Заявок: 12 (отключить КТВ — 4, подключить КТВ — 2, подключение — 3, ремонт — 3), адресов: 3" in text
    )
    # The signatures at the end: the installer's, with his name, and the dispatcher's.
    assert re.search(r"Монтажник _{10,} / Петров Пётр Петрович /", text)
    assert re.search(r"Диспетчер _{10,} / _{10,} /", text)


def test_every_stop_has_blanks_to_fill_by_hand(tmp_path: Path) -> None:
    pdf = render_route_sheet(DAY_SHEET)
    layout = pdf_text(pdf, tmp_path)
    for label in RESULTS:
        # «Выполнено: ____» is also in the sheet's summary line at the end.
        assert len(re.findall(re.escape(label) + "(?!:)", layout)) == len(DAY_STOPS), label
    for page in page_texts(pdf, tmp_path):
        head = squeeze(page)
        for column in ("Кв.", "Задание, абонент", "Результат", "Время", "пломбы", "Подпись", "абонента"):
            assert column in head, column


def test_the_body_type_is_large_enough_to_read_on_a_staircase(tmp_path: Path) -> None:
    """`pdftotext -bbox` gives each word's box; the body words' height says the type size."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils", pytrace=False)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_route_sheet(DAY_SHEET))
    done = subprocess.run(
        [tool, "-bbox", str(path), "-"], capture_output=True, check=True, timeout=60, text=True
    )
    heights = {
        word: float(y2) - float(y1)
        for y1, y2, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', done.stdout)
    }
    # poppler's word box is as tall as the type size.
    for word in ("Щёткина", "Договор", "Выполнено", "Примечание:"):
        assert heights[word] >= 9, (word, heights[word])


def test_stops_never_split_headers_repeat_and_a_building_continues_with_its_heading(tmp_path: Path) -> None:
    big = [
        stop(n, VAGZHANOVA, str(n), ("disconnect_catv", "repair")[n % 2], debt=100_00) for n in range(1, 31)
    ]
    tail = [stop(n, SOVETSKAYA, str(n), "install") for n in range(31, 34)]
    pdf = render_route_sheet(sheet(big + tail))
    pages = page_texts(pdf, tmp_path)
    assert len(pages) >= 3
    seen: list[int] = []
    for number, page in enumerate(pages, start=1):
        flat = squeeze(page)
        starts = [n for n, _, _ in stop_lines(page)]
        seen.extend(starts)
        # A stop's lines are all on one page: its result boxes and its contract line with its first line.
        assert page.count("Перенос на __.__") == len(starts), number
        for n in starts:
            assert f"Договор {100000 + n}" in flat, (number, n)
        assert "Задание, абонент" in flat and "Результат" in flat, number  # the column names repeat
        assert f"Страница {number} из {len(pages)}" in flat
        if number > 1 and starts and starts[0] <= 30:
            # Mid-building, the page starts with the building again.
            assert "г. Тверь, ул. Вагжанова, д. 7 (продолжение)" in flat, number
    assert seen == list(range(1, 34))  # every stop once, in order: nothing lost or doubled at a break
    assert stop_lines(pages[-1]) and "Диспетчер" in pages[-1]  # the signatures never stand alone
    heading = "г. Тверь, ул. Советская, д. 10 Район: Центральный · Отвод: ЩР-1 · заявок: 3"
    assert squeeze("".join(pages)).count(heading) == 1


def test_a_building_heading_is_never_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    # Buildings of 1 to 4 stops with notes of 0 to 4 lines: rows of uneven height, so that some page
    # breaks fall where a heading would fit and its first stop would not (checked: without the keeping
    # together, two headings of this route are left at the foot of a page).
    stops: list[RouteStop] = []
    for building in range(24):
        where = ("Пролетарский", f"г. Тверь, пр-т Победы, д. {building + 1}", "")
        for _ in range(building % 4 + 1):
            n = len(stops) + 1
            stops.append(stop(n, where, str(n), "repair", note="Позвонить за час. " * (n % 5)))
    pdf = render_route_sheet(sheet(stops))
    pages = page_texts(pdf, tmp_path)
    assert len(pages) >= 5
    for building in group_by_building(stops):
        heading = f"{building.address} Район: Пролетарский"
        [page] = [page for page in pages if heading in squeeze(page)]
        assert building.first_number in [n for n, _, _ in stop_lines(page)], building.address


def test_all_installers_in_one_pdf_each_starting_on_a_new_page(tmp_path: Path) -> None:
    first = DAY_SHEET
    second = sheet(
        [stop(n, SOVETSKAYA, str(n), "repair") for n in range(1, 26)],
        installer_name="Сидорова Анна Викторовна",
        installer_phone="79035553344",
    )
    third = sheet([], installer_name="Кузнецов Иван Андреевич", installer_phone="")
    sizes = [pdf_info(render_route_sheet(item), tmp_path).pages for item in (first, second, third)]
    pdf = render_route_sheets([first, second, third])
    info = pdf_info(pdf, tmp_path)
    assert info.pages == sum(sizes)
    assert info.title == "Маршрутные листы на 05.03.2025"
    pages = page_texts(pdf, tmp_path)
    names = [item.installer_name for item in (first, second, third)]
    at = 0
    for name, size in zip(names, sizes, strict=True):
        assert f"Монтажник: {name}" in squeeze(pages[at])  # the installer's header opens his first page
        for offset in range(size):
            flat = squeeze(pages[at + offset])
            assert f"Маршрутный лист · {name} · 05.03.2025" in flat
            assert f"Страница {offset + 1} из {size}" in flat  # numbered per installer, for handing out
            assert [other for other in names if other != name and other in flat] == []
        at += size
    assert "Заявок на этот день нет." in squeeze(pages[-1])


def test_the_page_has_ink_where_a_sheet_should_and_none_in_the_margins(tmp_path: Path) -> None:
    pdf = render_route_sheet(DAY_SHEET)
    pngs = rasterise(pdf, tmp_path, dpi=60)
    assert len(pngs) == pdf_info(pdf, tmp_path).pages
    per_mm = 60 / 25.4
    for png in pngs:
        printed = ink(png)
        assert 0.01 < printed.dark_fraction < 0.25, (png.name, printed)
        assert printed.left >= 10 * per_mm and printed.right <= printed.width - 10 * per_mm, printed
        assert printed.top >= 8 * per_mm and printed.bottom <= printed.height - 5 * per_mm, printed
    first = ink(pngs[0])
    assert first.right - first.left > 180 * per_mm  # the table runs the full width of the sheet
    assert first.bottom - first.top > 200 * per_mm  # and down the page: the first page is full


def test_only_the_bundled_font_is_used(tmp_path: Path) -> None:
    fonts = pdf_fonts(render_route_sheet(DAY_SHEET), tmp_path)
    assert fonts and all("DejaVu" in name and embedded for name, embedded in fonts), fonts


def test_awkward_data_prints_without_breaking_the_sheet(tmp_path: Path) -> None:
    odd = [
        stop(
            1,
            ("", "", ""),
            "офис 12-Б (цоколь)",
            "repair",
            subscriber_name="ООО «Рога & <Копыта>»",
            phone="84822000000",
            note="очень длинное примечание " * 300,
        ),
        stop(2, ("Заволжский", "г. Тверь, ул. Вагжанова, д. 7", ""), "", "survey", contract_number=""),
    ]
    pdf = render_route_sheet(sheet(odd, installer_phone=""))
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "ООО «Рога & <Копыта>»" in text  # escaped for reportlab's markup, printed as typed
    assert "Адрес не указан" in text
    assert "Помещение: офис 12-Б (цоколь)" in text  # too long for its column: written out in the task
    assert "примечание…" in text  # a novel in the note is cut, not allowed to outgrow the page
    assert "2 — survey" in text  # an unknown kind as stored; no apartment as a dash
    assert pdf_info(pdf, tmp_path).pages == 1


def test_an_empty_batch_is_still_a_valid_pdf(tmp_path: Path) -> None:
    pdf = render_route_sheets([])
    assert pdf_info(pdf, tmp_path).pages == 1
    assert "Маршрутных листов нет." in pdf_text(pdf, tmp_path)


def test_a_hundred_stops_render_well_under_a_second() -> None:
    kinds = ["disconnect_catv", "repair", "install", "reconnect_catv"] * 25
    stops = [
        stop(
            n,
            ("Заволжский", f"г. Тверь, ул. Вагжанова, д. {n // 4 + 1}", "ТП-12"),
            str(n),
            kind,
            debt=n * 100,
        )
        for n, kind in enumerate(kinds, start=1)
    ]
    data = sheet(stops)
    render_route_sheet(data)  # fonts registered, modules warm
    best = min(_timed(data) for _ in range(3))
    assert best < 0.6, f"100 stops took {best:.2f} s"


def _timed(data: RouteSheetData) -> float:
    started = time.perf_counter()
    render_route_sheet(data)
    return time.perf_counter() - started


def test_helpers() -> None:
    assert kind_label("disconnect_catv") == "Отключить КТВ"
    assert kind_label("reconnect_catv") == "Подключить КТВ"
    assert kind_label("install") == "Подключение"
    assert kind_label("repair") == "Ремонт"
    assert debt_text(DAY_STOPS[0]) == "Долг 1\u202f234,56\u00a0₽"
    assert debt_text(DAY_STOPS[1]) == ""  # a repair
    assert debt_text(dataclasses.replace(DAY_STOPS[0], debt=None)) == ""
    assert debt_text(dataclasses.replace(DAY_STOPS[0], debt=0)) == ""
    assert kinds_summary(DAY_STOPS[:2]) == "отключить КТВ — 1, ремонт — 1"
    # A building that comes back later in the given order gets a second heading: the order is never changed.
    back = [DAY_STOPS[0], DAY_STOPS[4], DAY_STOPS[1]]
    groups = group_by_building(back)
    assert [(g.address, g.first_number, len(g.stops)) for g in groups] == [
        (SOVETSKAYA[1], 1, 1),
        (VAGZHANOVA[1], 2, 1),
        (SOVETSKAYA[1], 3, 1),
    ]


def test_a_dozen_stops_and_more_a_page_and_numbers_never_split(tmp_path: Path) -> None:
    """A whole-building disconnect wave: 12 stops and more a page; a phone number and a debt each stay
    on one line, also beside a name too long for one; a stop on another tap than its building's says so."""
    names = ("Ильина Дарья Сергеевна", "Константинопольская Александра Владимировна")
    stops = [
        stop(n, VAGZHANOVA, str(n), "disconnect_catv", subscriber_name=names[n > 36], debt=1_560_00)
        for n in range(1, 41)
    ]
    stops[5] = dataclasses.replace(stops[5], tap_label="ТП-14")
    pages = page_texts(render_route_sheet(sheet(stops)), tmp_path)
    counts = [len(stop_lines(page)) for page in pages]
    assert counts[0] >= 12 and counts[1] >= 15 and sum(counts) == 40, counts
    lines = "\n".join(pages).splitlines()
    assert sum("тел. +7 (916) 123-45-67" in line for line in lines) == 40
    assert sum("Долг 1 560,00 ₽" in line for line in lines) == 40
    assert sum("Отвод/пломба: ТП-14" in line for line in lines) == 1
