"""`report-site todo`: the numbers of the text no fact covers yet, each with a fact to paste.

Each entry names the number's place in the text (`file:line:col`) and gives
a facts.yaml record with what can be read off the text (printed figure,
value, paragraph, the sentence as quote); an editor fills in the rest. A
number inside a printed date ("Dec. 10, 2012") is the date of an event, not a
figure: the date gets one events.yaml record instead. Sentences are split by
pysbd, which knows abbreviations ("Dec.", "U.S.", "Calif.") do not end one;
dates are found as the build finds them (generator/dates.py: the text
language's CLDR date patterns, through babel).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import babel
import pysbd

from generator.dates import PrintedDate, When, find_dates
from generator.model import schema
from generator.model.coverage import number_problem, unaccounted, unused_waivers
from generator.model.load import load_sources
from generator.model.printed import read_printed, unit_of
from generator.model.validate import validate
from generator.project import Project

# What belongs to a printed figure around its digits: a currency sign before, a scale or percent after.
_BEFORE = re.compile(r"[$¥€£]$")
_AFTER = re.compile(r"^(?:\s?(?:%|percent|per cent|thousand|million|billion|trillion)\b|%)")


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
    dates: dict[str, list[PrintedDate]] = {}  # each paragraph's printed dates, read once however many numbers it holds
    dated: set[tuple[str, int]] = set()
    for paragraph, match in numbers:
        if paragraph.id not in dates:
            dates[paragraph.id] = _dates_with_a_month(paragraph.text, language)
        date = next((d for d in dates[paragraph.id] if d.start <= match.start() and match.end() <= d.end), None)
        if date is None:
            problem = number_problem(source, paragraph, match, language)
            entries.append(f"{problem.path}:{problem.line}:{problem.column}: {problem.message}\n{fact_stub(paragraph, match, place, language)}")
        elif (paragraph.id, date.start) not in dated:
            dated.add((paragraph.id, date.start))
            entries.append(
                f"{source}:{paragraph.number}:{date.start + 1}: the date {date.text!r} is not an event's: "
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


def _dates_with_a_month(text: str, language: str) -> list[PrintedDate]:
    """The dates `text` prints with a month name; a year alone ("in 2012") may as well be a count, so it stays a number."""
    return [date for date in find_dates(text, language) if date.month is not None]


def event_stub(paragraph: schema.Paragraph, date: PrintedDate, language: str, published: dt.date | None) -> str:
    """An events.yaml record for the printed `date` in the paragraph, as YAML text: as precise as the text prints it."""
    year = date.year if date.year is not None else published.year if published is not None else None
    when = str(When(year, date.month, date.day)) if year is not None else None
    lines: dict[str, object] = {
        "id": f"{paragraph.id}-{when or f'{date.month:02d}-{date.day:02d}'}",
        "title": "TODO what happened, in a few words",
        "date": _Raw(when + ("" if date.year is not None else "  # TODO the text prints no year: check it")) if when else _Raw("TODO  # the text prints no year"),
        "about": _Raw("[]  # TODO entity ids"),
        "paragraph": paragraph.id,
        "quote": sentence_around(paragraph.text, date.start, language),
    }
    if date.year is None:
        lines["date_note"] = "TODO the text prints no year: say which it is and why"
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
