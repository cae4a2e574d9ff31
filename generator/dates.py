"""Dates as a text prints them and as the site prints them.

A date is a day, a month or a year (`When`), as precise as the text is. Dates printed in a text ("Jan. 18",
"Sept. 3, 2021", "18 January", "March 2024", "2023") are found with the date patterns of the text's language from
the Unicode CLDR, through babel: every regional variant's patterns (American "Jan 18, 2024", British "18 Jan 2024")
and month names, wide and abbreviated ("Sept" included), with or without a full stop after an abbreviation. The
site writes dates in its own language, with babel too ("18 January 2024", "January 2024", "2023").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_interval, format_skeleton, tokenize_pattern

Precision = Literal["day", "month", "year"]

ISO_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass(frozen=True)
class When:
    """A day, a month or a year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> When:
        """A When from ISO 8601 text of a day, a month or a year (`2024-01-18`, `2024-01`, `2024`), a year as a
        number, or a date."""
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("expected a date without a time of day")
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str) or not re.fullmatch(ISO_PATTERN, value):
            raise ValueError("expected a day YYYY-MM-DD, a month YYYY-MM or a year YYYY")
        parts = [int(part) for part in value.split("-")]
        when = cls(*parts)
        when.first  # noqa: B018 - raises ValueError for a month or day that does not exist
        return when

    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def first(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """Its last day."""
        if self.day is not None:
            return self.first
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year + self.month // 12, self.month % 12 + 1, 1) - dt.timedelta(days=1)

    def sort_key(self) -> tuple[dt.date, int]:
        """Earlier first; of two starting on one day, the wider (a year before its January, before its 1 January)."""
        return self.first, ("year", "month", "day").index(self.precision)

    def __str__(self) -> str:
        return "-".join(f"{part:0{width}d}" for part, width in ((self.year, 4), (self.month, 2), (self.day, 2)) if part is not None)


@dataclass(frozen=True)
class PrintedDate:
    """A date as a text prints it, and where: the parts the text leaves out (often the year) are None."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None

    def means(self, when: When) -> bool:
        """Whether it prints `when`, as precisely as `when` is: a year left unprinted is taken from context."""
        return (self.month, self.day) == (when.month, when.day) and self.year in (None, when.year)

    def describe(self) -> str:
        """What it says, in ISO terms: `2024-01-18`, or `01-18, year not printed`."""
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}, year not printed"
        return str(When(self.year, self.month, self.day))


# --- finding printed dates ------------------------------------------------------

# The CLDR skeletons of a date with a number in it and its month in words: a day with or without its year, a month
# with its year, a year. Numeric months ("1/18") are left out: they read as fractions as often as dates.
_SKELETONS = ("yMMMMd", "yMMMd", "MMMMd", "MMMd", "yMMMM", "yMMM", "y")


def find_dates(text: str, language: str) -> list[PrintedDate]:
    """Every date `text` prints in the patterns of `language` (a BCP 47 code), longest first where two could start at one place."""
    found = []
    for match in _finder(base_language(language)).finditer(text):
        parts = {name.split("_")[1]: value for name, value in match.groupdict().items() if value is not None}
        month = _month_numbers(base_language(language)).get(parts.get("month", "").rstrip(".").casefold())
        date = PrintedDate(match.group(), match.start(), match.end(), _int(parts.get("year")), month, _int(parts.get("day")))
        if _exists(date):
            found.append(date)
    return found


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def _exists(date: PrintedDate) -> bool:
    if date.day is None:
        return True
    try:
        dt.date(date.year or 2000, date.month or 1, date.day)  # 2000 was a leap year: "Feb. 29" without its year exists
    except ValueError:
        return False
    return True


def base_language(tag: str) -> str:
    """The language of a BCP 47 tag, without script or region: `zh-Hans` → `zh`, `en-US` → `en`."""
    return tag.split("-")[0].lower()


@functools.cache
def _locales(language: str) -> tuple[Locale, ...]:
    """The language's locales in its usual script: `en`, `en_GB`, `en_US`, … but not `en_Dsrt`."""
    try:
        base = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        base = Locale.parse("en")
    ids = [i for i in localedata.locale_identifiers() if i.split("_")[0] == base.language]
    return tuple(locale for locale in map(Locale.parse, ids) if locale.script == base.script)


@functools.cache
def _month_numbers(language: str) -> dict[str, int]:
    """Every month name of the language (wide or abbreviated, in any of its locales), casefolded → 1–12."""
    names: dict[str, int] = {}
    for locale in _locales(language):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    names.setdefault(name.rstrip(".").casefold(), number)
    return names


@functools.cache
def _finder(language: str) -> re.Pattern[str]:
    """One pattern for every date pattern of the language, the ones with the most parts first."""
    patterns: dict[str, int] = {}
    for locale in _locales(language):
        for skeleton in _SKELETONS:
            pattern = locale.datetime_skeletons.get(skeleton)
            if pattern is not None:
                patterns.setdefault(getattr(pattern, "pattern", str(pattern)), len(patterns))
    alternatives = [_regex(pattern, index, language) for index, pattern in enumerate(sorted(patterns, key=_parts, reverse=True))]
    return re.compile("|".join(f"(?:{a})" for a in alternatives if a))


def _parts(pattern: str) -> tuple[int, int]:
    fields = [token[1] for token in tokenize_pattern(pattern) if token[0] == "field"]
    return len(fields), sum(count for _, count in fields)


def _regex(pattern: str, index: int, language: str) -> str | None:
    """A regular expression for one CLDR date pattern, its parts in named groups; None for a pattern it cannot read."""
    wide, short = _names(language)
    out = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            out.append(r"\s+".join(re.escape(piece) for piece in re.split(r"\s+", value)))
        elif value[0] in "ML" and value[1] >= 3:
            out.append(rf"(?P<g{index}_month>{wide if value[1] == 4 else short})")
        elif value[0] == "d" and value[1] <= 2:
            out.append(rf"(?P<g{index}_day>[0-3]?\d)")
        elif value[0] == "y" and value[1] in (1, 4):
            out.append(rf"(?P<g{index}_year>\d{{4}})")
        else:
            return None
    # Not a piece of a longer number or word: "2023" in "12,023" or "May 30" in "May 300" is no date.
    return r"(?<![\w.,])" + "".join(out) + r"(?![\w]|[.,]\d)"


@functools.cache
def _names(language: str) -> tuple[str, str]:
    """Alternations of the wide and the abbreviated month names; an abbreviation may take a full stop ("Jan.")."""
    wide: set[str] = set()
    short: set[str] = set()
    for locale in _locales(language):
        for context in ("format", "stand-alone"):
            wide.update(locale.months[context]["wide"].values())
            short.update(locale.months[context]["abbreviated"].values())

    def alternation(names: set[str], stop: bool) -> str:
        forms = {form for name in names for form in (name, name[:1].upper() + name[1:])}
        ordered = sorted(forms, key=lambda n: (-len(n), n))  # longest first: "Sept" before "Sep"
        return "(?:" + "|".join(re.escape(n) + (r"\.?" if stop and not n.endswith(".") else "") for n in ordered) + ")"

    return alternation(wide, False), alternation(short, True)


# --- writing dates in the site's language --------------------------------------------

_WRITTEN = {"day": ("yMMMMd", "yMMMd"), "month": ("yMMMM", "yMMM"), "year": ("y", "y")}


@functools.cache
def site_locale(language: str) -> Locale:
    """The locale the site writes dates in. A bare `en` is CLDR's international English (`en-001`: "18 January 2024");
    `en-US` writes "January 18, 2024"."""
    if language.lower() == "en":
        return Locale.parse("en_001")
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_001")


def format_when(when: When | dt.date, language: str, end: When | None = None, short: bool = False) -> str:
    """`when` (to `end`, for a span) as the site's language writes it: "18 January 2024", "January 2024", "2023",
    "22 January 2013 – 30 May 2014"; `short` abbreviates the month ("18 Jan 2024")."""
    start = When.parse(when)
    locale = site_locale(language)
    skeleton = _WRITTEN[start.precision][short]
    if end is None:
        return format_skeleton(skeleton, start.first, locale=locale)
    if end.precision == start.precision and skeleton in locale.interval_formats:
        return format_interval(start.first, end.first, skeleton, locale=locale)
    # The pattern the locale joins two whole dates with (English puts a dash between them).
    return locale.interval_formats[None].replace("{0}", format_when(start, language, short=short)).replace(
        "{1}", format_when(end, language, short=short)
    )
