"""Sums in words for printed documents: 120000 kopecks → «Одна тысяча двести рублей 00 копеек».

Russian cash documents write the rubles in words and the kopecks as two digits, each followed by the
noun in the form its number asks for (1 рубль, 2 рубля, 5 рублей; 1 копейка, 2 копейки, 5 копеек).
"""

from __future__ import annotations


def plural_form(number: int, one: str, few: str, many: str) -> str:
    """The Russian noun form that follows `number`: 1, 21 → one; 2–4, 22 → few; 0, 5–20, 111 → many."""
    number = abs(number)
    if 11 <= number % 100 <= 19:
        return many
    last = number % 10
    if last == 1:
        return one
    if 2 <= last <= 4:
        return few
    return many


def amount_in_words(kopecks: int) -> str:
    """120000 → «Одна тысяча двести рублей 00 копеек»; 1 → «Ноль рублей 01 копейка».

    Raises ValueError for a negative sum: a receipt or a report never writes a debt in words.
    """
    if kopecks < 0:
        raise ValueError(f"Cannot write a negative sum in words: {kopecks} kopecks")
    # Imported here: num2words loads every language module and takes a noticeable time to import.
    from num2words import num2words

    rubles, kop = divmod(kopecks, 100)
    # The rubles go in as a plain cardinal number: with to="currency" an int would be read as kopecks.
    # The default masculine gender matches рубль (один рубль, два рубля); тысяча comes out feminine.
    words = num2words(rubles, lang="ru")
    ruble_noun = plural_form(rubles, "рубль", "рубля", "рублей")
    kopeck_noun = plural_form(kop, "копейка", "копейки", "копеек")
    text = f"{words} {ruble_noun} {kop:02d} {kopeck_noun}"
    return text[0].upper() + text[1:]
