"""`report-site todo`: the numbers of the text no fact covers yet, each with a fact to paste.

Each entry names the number's place in the text (`file:line:col`) and gives
a facts.yaml record with what can be read off the text (printed figure,
value, paragraph, the sentence as quote); an editor fills in the rest. A
number inside a printed date ("Dec. 10, 2012") is the date of an event, not a
figure: the date gets one events.yaml record instead. Sentences are split by
pysbd, which knows abbreviations ("Dec.", "U.S.", "Calif.") do not end one;
dates are read by dateparser, with the month names of the text's language
from babel's locale data.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass

import babel
import babel.dates
import dateparser
import pysbd

from generator.model import schema
from generator.model.coverage import number_problem, unaccounted, unused_waivers
from generator.model.load import load_sources
from generator.model.printed import read_printed, unit_of
from generator.model.validate import validate
from generator.project import Project

# What belongs to a printed figure around its digits: a currency sign before, a scale or percent after.
_BEFORE = re.compile(r"[$¥€£]$")
_AFTER = re.compile(r"^(?:\s?(?:%|percent|per cent|thousand|million|billion|trillion)\b|%)")
# What may close a printed date's last word without being part of it.
_TRAILING = ",.;:)]”’\"—–-"


def todo_report(project: Project) -> tuple[str, int]:
    """The listing, and how many numbers remain."""
    sources = load_sources(project.data_dir, project.config_file)
    dataset = validate(sources, project.templates, numbers=False)
    source = sources.root / dataset.article.source_file
    place = next(((p.id, p.sections[0].id if p.sections else "TODO") for p in dataset.pages if p.role.records), ("TODO", "TODO"))
    numbers, used_waivers = unaccounted(dataset)
    language = dataset.article.source.language
    published = dataset.article.source.published
    entries = []
    dated: set[tuple[str, int]] = set()
    for paragraph, match in numbers:
        date = next((d for d in printed_dates(paragraph.text, language) if d.start <= match.start() and match.end() <= d.end), None)
        if date is None:
            problem = number_problem(source, paragraph, match)
            entries.append(f"{problem.path}:{problem.line}:{problem.column}: {problem.message}\n{fact_stub(paragraph, match, place, language)}")
        elif (paragraph.id, date.start) not in dated:
            dated.add((paragraph.id, date.start))
            entries.append(
                f"{source}:{paragraph.number}:{date.start + 1}: the date {date.printed!r} is not an event's: "
                f"paste this record into events.yaml (or waive its numbers in waivers.yaml with a reason)\n"
                f"{event_stub(paragraph, date, language, published)}"
            )
    entries += [str(problem) for problem in unused_waivers(dataset, used_waivers, sources.documents["waivers"])]
    if not entries:
        return "Every number of the text is a fact, a date, part of a name or waived.", 0
    return f"{len(entries)} to do (paste each record into the file it names and fill in the TODOs):\n\n" + "\n\n".join(entries), len(entries)


def fact_stub(paragraph: schema.Paragraph, match: re.Match[str], place: tuple[str, str], language: str = "en") -> str:
    """A facts.yaml record for the number `match` found in the paragraph, as YAML text."""
    text = paragraph.text
    start, end = match.span()
    if _BEFORE.search(text[:start]):
        start -= 1
    if after := _AFTER.match(text[end:]):
        end += after.end()
    printed = text[start:end]
    sentence = sentence_around(text, start, language)
    reading = read_printed(printed)
    value = float(reading.number) if reading else None
    slug = re.sub(r"[^a-z0-9]+", "-", printed.lower()).strip("-") or "figure"
    lines: dict[str, object] = {
        "id": f"{paragraph.id}-{slug}",
        "label": "TODO what the figure is, in a few words",
        "printed": printed,
        "value": value,
        "unit": unit_of(printed, text[end:]) or "TODO",
        "measures": "TODO what is measured",
        "paragraph": paragraph.id,
        "quote": sentence,
        "topic": place[0],
        "section": place[1],
    }
    return _record(lines)


@dataclass(frozen=True)
class PrintedDate:
    """A date as the text prints it: where, what, and the day it names."""

    start: int
    end: int
    printed: str
    date: dt.date
    year_printed: bool
    day_printed: bool


def event_stub(paragraph: schema.Paragraph, date: PrintedDate, language: str, published: dt.date | None) -> str:
    """An events.yaml record for the printed `date` in the paragraph, as YAML text."""
    day = date.date
    if not date.year_printed and published is not None:
        day = day.replace(year=published.year)  # the year of publication, as a reader assumes: the editor checks it
    known = date.year_printed or published is not None
    lines: dict[str, object] = {
        "id": f"{paragraph.id}-{day.isoformat() if known else day.strftime('%m-%d')}",
        "title": "TODO what happened, in a few words",
        "date": _Raw(day.isoformat() + ("" if date.year_printed else "  # TODO the text prints no year: check it")),
        "about": _Raw("[]  # TODO entity ids"),
        "paragraph": paragraph.id,
        "quote": sentence_around(paragraph.text, date.start, language),
    }
    if not date.year_printed:
        lines["date_note"] = "TODO the text prints no year: say which it is and why"
    elif not date.day_printed:
        lines["date_note"] = "TODO the text prints only the month: say so"
    return _record(lines)


def sentence_around(text: str, position: int, language: str) -> str:
    """The sentence of `text` that holds `position`, as printed (pysbd: "Dec.", "U.S." and "Calif." end no sentence)."""
    start = 0
    for sentence in _segmenter(language).segment(text):
        found = text.find(sentence, start)
        if found == -1:  # not as printed (pysbd changed it): the rest of the paragraph is the sentence
            return text[start:].strip()
        if found + len(sentence) > position:
            return sentence.strip()
        start = found + len(sentence)
    return text[start:].strip()


@functools.cache
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=babel.Locale.parse(language, sep="-").language, clean=False)
    except (ValueError, babel.UnknownLocaleError):  # a language pysbd has no rules for: English's are the nearest general ones
        return pysbd.Segmenter(language="en", clean=False)


def printed_dates(text: str, language: str) -> list[PrintedDate]:
    """The dates `text` prints with a month name ("Dec. 10, 2012", "18 January", "Sept. 3", "January 2013")."""
    months = _month_words(language)
    if not months:
        return []
    tokens = list(re.finditer(r"\S+", text))
    found: list[PrintedDate] = []
    for i, token in enumerate(tokens):
        if token.group().strip(_TRAILING) not in months or (found and token.start() < found[-1].end):
            continue
        # The longest run of at most four words around the month that reads as a date, longest first.
        for first, last in sorted(((a, b) for a in range(max(0, i - 1), i + 1) for b in range(i, min(len(tokens), i + 3))), key=lambda r: r[0] - r[1]):
            words = [t.group().strip(_TRAILING) for t in tokens[first : last + 1]]
            # It begins and ends with the month or a number ("from", "--" around it are not the date's), and has a number.
            if first == last or not all(w in months or re.search(r"\d", w) for w in (words[0], words[-1])):
                continue
            start, end = tokens[first].start(), tokens[first].start() + len(text[tokens[first].start() : tokens[last].end()].rstrip(_TRAILING))
            parsed = _parse_date(text[start:end], language)
            if parsed is not None:
                year = any(re.fullmatch(r"\d{4}", word) for word in words)
                day = any(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", word) for word in words)
                found.append(PrintedDate(start, end, text[start:end], parsed, year, day))
                break
    return found


# A fixed base for dates printed without a year, so a listing does not change with the day it is made.
_BASE = dt.datetime(2000, 1, 1)


def _parse_date(printed: str, language: str) -> dt.date | None:
    settings = {"REQUIRE_PARTS": ["month"], "RELATIVE_BASE": _BASE, "PREFER_DAY_OF_MONTH": "first"}
    try:
        parsed = dateparser.parse(printed, languages=[babel.Locale.parse(language, sep="-").language], settings=settings)
    except (ValueError, babel.UnknownLocaleError):
        return None
    return parsed.date() if parsed is not None else None


@functools.cache
def _month_words(language: str) -> frozenset[str]:
    """The month names of the language, in full and abbreviated, as printed (babel's CLDR data): `January`, `Jan.`, `Sept.`."""
    try:
        locale = babel.Locale.parse(language, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return frozenset()
    words: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            words.update(str(name).rstrip(".") for name in babel.dates.get_month_names(width, context, locale).values())
    if locale.language == "en":
        words.add("Sept")  # AP style's September, which CLDR's abbreviations leave out
    return frozenset(words)


class _Raw(str):
    """A value written into the record as it is (YAML with a comment), not quoted."""


def _record(lines: dict[str, object]) -> str:
    return "\n".join(f"{'- ' if i == 0 else '  '}{key}: {_yaml(value)}" for i, (key, value) in enumerate(lines.items()))


def _yaml(value: object) -> str:
    if isinstance(value, _Raw):
        return str(value)
    if value is None:
        return "null  # TODO the number in base units, or null when it is not a number"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return json.dumps(value, ensure_ascii=False)
