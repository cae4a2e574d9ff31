"""Figures as texts print them: what number a printed figure states, how precisely, and which way a bound points.

A printed figure is read as: an optional bound phrase (`more than`), an
optional currency sign (`$`, `€`, `CN¥`), one number, an optional scale
word (`million`, `B`), an optional percent sign, and the noun it counts
(`years`, `feet per second`). The number is digits (`9,589,525`, `4.5`,
`1/18th`, `871st`) or words (`fifty-two`, `a dozen`, `two-thirds`,
`seventy-second`), read with number-parser.

**Exact or rounded.** A figure is *rounded* when it carries a scale word
(`$5.576 million`, `7B`: nobody prints a count of millions to the unit)
or decimals (`3.3 feet`, `79.8%`: a decimal is a measurement stated to
the precision of its last digit). Its value must lie within half a unit
of its last printed digit, times the scale, and no further. Every other
figure is *exact*: an integer with or without separators (`$9,589,525`,
`72`), a number in words (`five years`), an ordinal, or a fraction, and
its value must equal it. A fraction with no finite decimal (`1/18th`) is
matched by its value rounded to six significant digits or more.

A qualifier (`nearly`, `about`, `more than`) does not widen the check:
the value records the figure the text prints, and the qualifier says how
the quantity stands to it. That relation is the fact's *bound*, read here
from the words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pint

Bound = Literal["at_most", "at_least", "below", "above", "approximately"]

BOUND_PHRASES: dict[str, Bound] = {
    **dict.fromkeys(["up to", "at most", "no more than", "not more than", "as many as", "as much as", "a maximum of"], "at_most"),
    **dict.fromkeys(["at least", "no less than", "no fewer than", "not less than", "a minimum of", "or more"], "at_least"),
    **dict.fromkeys(["below", "less than", "fewer than", "under", "just under", "nearly", "almost", "not quite"], "below"),
    **dict.fromkeys(["above", "more than", "over", "greater than", "exceeding", "in excess of", "just over", "upwards of"], "above"),
    **dict.fromkeys(["about", "around", "roughly", "approximately", "some", "an estimated", "close to", "or so"], "approximately"),
}
"""Words that put a quantity on one side of the printed figure, or near it (the trailing `or more`, `or so` follow it)."""

BOUND_WORDS: dict[Bound, str] = {
    "at_most": "at most",
    "at_least": "at least",
    "below": "less than",
    "above": "more than",
    "approximately": "about",
}
"""How a figure computed from bounded figures says which side its quantity lies on."""

_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "K": 10**3, "M": 10**6, "B": 10**9, "bn": 10**9, "tn": 10**12}
_DIGITS = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:/(?P<den>\d+)(?:st|nd|rd|th)?|(?P<ordinal>st|nd|rd|th)\b)?"
    r"(?:(?P<attached>K|M|B|bn|tn)\b|\s(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<percent>%|\s(?:percent|per cent)\b)?"
)
_SIGN = re.compile(r"[A-Z]{0,3}\S")
_WORDS: dict[str, int | Fraction] = {"a": 1, "an": 1, "a single": 1, "single": 1, "double": 2, "twice": 2, "triple": 3, "half": Fraction(1, 2), "a half": Fraction(1, 2)}
_DOZEN = re.compile(r"(?P<count>.+?\s)?dozen")
_WORD_FRACTION = re.compile(r"(?P<num>[a-z]+)[\s-](?P<den>halves|half|quarters?|[a-z]+?)s?")


@dataclass(frozen=True)
class Reading:
    """A printed figure, read."""

    number: Fraction
    """The number it states, its scale applied (`$5.576 million` → 5576000; `79.8%` → 79.8)."""
    rounded: bool
    """Printed with a scale word or decimals: the value may differ from `number` by up to `tolerance`."""
    digit_tolerance: Fraction
    """Half a unit of the last printed digit, times the scale."""
    sign: str | None
    """The currency sign as printed (`$`, `€`, `CN¥`), or None."""
    percent: bool
    noun: str
    """The words after the number (`years`, `feet per second`), or empty."""
    bound: Bound | None
    """A bound the printed words hold themselves (`more than 14`, `one or more`)."""

    @property
    def significance(self) -> Fraction:
        """Half a unit of the last significant digit: of a whole number's last digit that is not a trailing zero
        (`640,000` → 5,000), as a conversion rounds it; of its last printed digit otherwise."""
        if self.rounded or self.number.denominator != 1 or self.number == 0:
            return self.digit_tolerance
        zeros = len(str(self.number.numerator)) - len(str(self.number.numerator).rstrip("0"))
        return Fraction(10**zeros, 2)

    @property
    def tolerance(self) -> Fraction:
        """How far the value may lie from `number`: half a unit of the last printed digit when rounded, else 0."""
        return self.digit_tolerance if self.rounded else Fraction(0)

    def mismatch(self, value: float) -> str | None:
        """Why `value` is not the number printed, or None when it is."""
        given = Fraction(Decimal(repr(value)))
        if self.rounded:
            if abs(given - self.number) <= self.tolerance:
                return None
            low, high = self.number - self.tolerance, self.number + self.tolerance
            return f"is rounded to its last digit, so its value lies between {_plain(low)} and {_plain(high)}"
        if given == self.number:
            return None
        if self.number.denominator != 1 and _recurring(self.number) and _close_enough(value, self.number):
            return None
        wanted = _plain(self.number) if not _recurring(self.number) else f"{float(self.number):.6g} (to six digits or more)"
        return f"is exact, so its value is {wanted}"


@cache  # the schema, the checks and the derived figures each read a fact's figure: once is enough
def read_printed(printed: str) -> Reading | None:
    """Read one printed figure (`$5.576 million`, `79.8%`, `1/18th`, `more than five years`); None if it is not one number."""
    text = " ".join(printed.split())
    bound, text = _leading_bound(text)
    sign = None
    if (match := _SIGN.match(text)) and unicodedata.category(match.group()[-1]) == "Sc":
        sign, text = match.group(), text[match.end() :].lstrip()
    reading = _read_digits(text) if text[:1].isdigit() else _read_words(text)
    if reading is None:
        reading = _read_compound(text)
    if reading is None:
        return None
    number, decimals, scale, percent, noun = reading
    trailing, noun = _trailing_bound(noun)
    if _holds_a_number(noun):
        return None  # two figures, or a number word in the noun: not one figure
    rounded = scale > 1 or decimals > 0
    return Reading(number * scale, rounded, Fraction(scale, 2 * 10**decimals), sign, percent, noun, bound or trailing)


def bound_of(words: str | None) -> Bound | None:
    """The bound a qualifier's words state (`more than` → `above`), or None when they state none."""
    return BOUND_PHRASES.get(" ".join(words.lower().split())) if words else None


def bound_before(quote: str, printed: str) -> str | None:
    """The bound phrase printed right before the figure in the quote (`flew more than 14 times` → `more than`), if any."""
    at = quote.find(printed)
    if at == -1:
        return None
    before = " ".join(quote[:at].lower().split())
    found = [phrase for phrase in BOUND_PHRASES if not phrase.startswith("or ") and re.search(rf"(?:^|\W){re.escape(phrase)}$", before)]
    return max(found, key=len) if found else None


@cache
def currencies_of_sign(sign: str) -> frozenset[str]:
    """ISO 4217 codes a printed currency sign can stand for: its English symbol, or that symbol without its country letters
    (`¥` is the yen's sign and, without `CN`, the yuan's)."""
    from babel.numbers import get_currency_symbol, list_currencies

    return frozenset(code for code in list_currencies() if sign in {symbol := get_currency_symbol(code, "en"), symbol.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")})


@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 currency code babel knows."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def print_amount(value: float, unit: str, currency: str | None, sign: str | None, language: str, difference: bool = False) -> str:
    """A computed amount in its unit's format, in the site's language: `$410,475`, `$42.5 million`, `¥54 per million
    tokens`, `4.5 percentage points` (a difference of percentages), `67 flights`."""
    if unit == "percent":
        return f"{trim_number(value)} percentage points" if difference else f"{trim_number(value)}%"
    locale = _locale(language)
    number = _grouped(abs(value), locale)
    minus = "−" if value < 0 else ""
    if currency is not None:
        from babel.numbers import get_currency_symbol

        rest = unit.removeprefix(currency).strip() if unit.startswith(currency) else ""
        return f"{minus}{sign or get_currency_symbol(currency, locale)}{number}" + (f" {rest}" if rest else "")
    return f"{minus}{number}" + ("" if unit in {"ratio", "multiple"} else f" {unit}")


def trim_number(value: float) -> str:
    """One decimal at most, no trailing zero: 27.375 → 27.4, 55.0 → 55."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _grouped(value: float, locale: str) -> str:
    """`410,475`, `4.5`; a million or more with its scale word as texts print it: `42.5 million`."""
    from babel.numbers import format_compact_decimal, format_decimal

    if value >= 10**6:
        return format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=3)
    return format_decimal(round(value, 2), locale=locale)


@cache
def _locale(language: str) -> str:
    """The babel locale of a BCP 47 tag (`zh-Hans` → `zh_Hans`), or English when babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language, sep="-"))
    except (UnknownLocaleError, ValueError):
        return "en"


def unit_of(printed: str, after: str) -> str | None:
    """The unit of a figure found in a text, when it can be told: `percent`, the currency of an unambiguous sign, or the
    physical unit pint recognises in the words that follow (`40 feet` → `feet`, `3.3 feet per second` → `feet per second`)."""
    reading = read_printed(printed)
    if reading is not None and reading.percent:
        return "percent"
    if reading is not None and reading.sign is not None:
        codes = currencies_of_sign(reading.sign)
        return next(iter(codes)) if len(codes) == 1 else None  # `$` or `¥` alone does not say which dollar or yen
    words = after.split()[:3]
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count]).rstrip(".,;:)")
        # Words of three letters or more, joined by `per`: pint also reads `a` (a year) and `in` (an inch).
        if re.fullmatch(r"[A-Za-z]{3,}(?: (?:per )?[A-Za-z]{3,})*", phrase) and _physical(phrase):
            return phrase
    return None


def convert(number: float, unit: str, into: str) -> float | None:
    """`number` of `unit` in `into` (`40`, `feet`, `meters` → 12.192), when pint knows both units and they measure
    the same thing; None otherwise (a count, a currency: no fixed rate)."""
    source, target = _unit(unit), _unit(into)
    if source is None or target is None or source.dimensionality != target.dimensionality:
        return None
    return float((number * source).to(target).magnitude)


@cache
def _registry() -> pint.UnitRegistry:
    import pint  # deferred: pint builds its registry in a third of a second, wanted only by an equivalent or `todo`

    return pint.UnitRegistry()


@cache
def _unit(words: str) -> pint.Unit | None:
    try:
        return _registry().parse_units(words)
    except Exception:  # noqa: BLE001 - words that are no unit make pint raise its own errors, ValueError, TypeError, even AssertionError
        return None


def _physical(words: str) -> bool:
    """Whether pint reads the words as a unit with a dimension (`feet`, `meters per second`; not `flights`)."""
    unit = _unit(words)
    return unit is not None and not unit.dimensionless


def _leading_bound(text: str) -> tuple[Bound | None, str]:
    lowered = text.lower()
    for phrase in sorted(BOUND_PHRASES, key=len, reverse=True):
        if not phrase.startswith("or ") and lowered.startswith(phrase + " "):
            return BOUND_PHRASES[phrase], text[len(phrase) + 1 :]
    return None, text


def _trailing_bound(noun: str) -> tuple[Bound | None, str]:
    for phrase in ("or more", "or so", "or less", "or fewer"):
        if noun == phrase or noun.startswith(phrase + " ") or noun.endswith(" " + phrase):
            bound: Bound = BOUND_PHRASES.get(phrase, "at_most")  # "or less", "or fewer"
            return bound, " ".join(noun.replace(phrase, " ").split())
    return None, noun


def _read_compound(text: str) -> tuple[Fraction, int, int, bool, str] | None:
    """A number joined to its noun by a hyphen, as an adjective: `46-year`, `three-year`, `fifty-two-week`."""
    first, _, after = text.partition(" ")
    for at in reversed([i for i, ch in enumerate(first) if ch == "-"]):
        head, noun = first[:at], first[at + 1 :]
        reading = _read_digits(head) if head[:1].isdigit() else _read_words(head)
        if reading is not None and not reading[4] and noun.isalpha():
            number, decimals, scale, percent, _ = reading
            return number, decimals, scale, percent, " ".join(filter(None, [noun, after]))
    return None


def _read_digits(text: str) -> tuple[Fraction, int, int, bool, str] | None:
    match = _DIGITS.match(text)
    if match is None or (match.end() < len(text) and not text[match.end()].isspace()):
        return None
    digits = match["num"].replace(",", "")
    decimals = len(digits.partition(".")[2])
    number = Fraction(Decimal(digits))
    if match["den"]:
        if decimals or int(match["den"]) == 0:
            return None
        number /= int(match["den"])
    scale = _SCALES[match["attached"] or match["scale"]] if match["attached"] or match["scale"] else 1
    return number, decimals, scale, match["percent"] is not None, text[match.end() :].strip()


def _read_words(text: str) -> tuple[Fraction, int, int, bool, str] | None:
    words = text.split(" ")
    for count in range(len(words), 0, -1):
        head, rest = " ".join(words[:count]), words[count:]
        scale = 1
        if count > 1 and words[count - 1].lower() in {"thousand", "million", "billion", "trillion"}:
            scale, head = _SCALES[words[count - 1].lower()], " ".join(words[: count - 1])
        number = _word_number(head.lower())
        if number is not None:
            percent = bool(rest) and rest[0] == "percent"
            return number, 0, scale, percent, " ".join(rest[1:] if percent else rest)
    return None


def _word_number(words: str) -> Fraction | None:
    """A number written in words: `fifty-two`, `seventy-second`, `a dozen`, `two-thirds`, `double`."""
    from number_parser import parse_number, parse_ordinal

    if words in _WORDS:
        return Fraction(_WORDS[words])
    if dozen := _DOZEN.fullmatch(words):
        count = _word_number(dozen["count"].strip()) if dozen["count"] else Fraction(1)
        return 12 * count if count is not None else None
    if words.isalpha() or re.fullmatch(r"[a-z]+(?:[\s-][a-z]+)*", words):
        if (number := parse_number(words, language="en")) is not None and not isinstance(number, str):
            return Fraction(number)
        if (ordinal := parse_ordinal(words, language="en")) is not None and not isinstance(ordinal, str):
            return Fraction(ordinal)
    if fraction := _WORD_FRACTION.fullmatch(words):
        numerator = _word_number(fraction["num"])
        den = fraction["den"]
        denominator = 2 if den.startswith("hal") else 4 if den.startswith("quarter") else parse_ordinal(den, language="en")
        if numerator is not None and isinstance(denominator, int) and denominator > 1:
            return numerator / denominator
    return None


def _holds_a_number(words: str) -> bool:
    """Digits or a cardinal number word (`six`, not `second`, which is also a unit of time)."""
    from number_parser import parse_number

    return any(ch.isdigit() for ch in words) or any(parse_number(word, language="en") is not None for word in re.split(r"[\s-]+", words) if word)


def _recurring(number: Fraction) -> bool:
    """Whether the number has no finite decimal (its denominator has a prime factor other than 2 and 5)."""
    denominator = number.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator != 1


def _close_enough(value: float, number: Fraction) -> bool:
    """The value is `number` rounded to its own last digit, with six significant digits or more."""
    digits = Decimal(repr(value)).as_tuple()
    significant = len(str(int("".join(map(str, digits.digits))))) if digits.digits else 0
    decimals = -int(digits.exponent)
    return significant >= 6 and abs(Fraction(Decimal(repr(value))) - number) <= Fraction(1, 2 * 10**decimals)


def plain_number(value: float) -> str:
    """A value as a data file writes it, never in exponent notation: `9598525`, `0.0555556`."""
    return _plain(Fraction(Decimal(repr(value))))


def _plain(number: Fraction) -> str:
    """A number as a data file writes it: `9589525`, `5575500`, `0.25`."""
    if number.denominator == 1:
        return str(number.numerator)
    return format(Decimal(number.numerator) / Decimal(number.denominator), "f").rstrip("0").rstrip(".")
