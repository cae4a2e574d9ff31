"""Every number in the source text is accounted for.

A number in the article (digits such as `79.8`, `1/18`, `2025`, or a
spelled number such as `six`, `one-tenth`, `double`) must lie inside one of:
- a fact's printed figure or its printed equivalent, found within its quote in its paragraph;
- a printed date that is an event's date (`January 27, 2025`, `Jan. 18`, `18 January`, `March 2024`, `2023`; a
  span's start and end), found with the date patterns of the text's language (generator/dates.py);
- a printed name (`GPT-4o`, `AIME 2024`, `Loongson 3 series CPUs`): an entity's name or alias, or a glossary term;
- a waiver in `waivers.yaml`, which says why the number is not a fact.
A number none of these covers fails the build, pointing at it in the text,
so the site cannot silently drop a figure the article states.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.dates import find_dates
from generator.errors import Problem

from . import schema
from .load import Document

NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*(?:/\d+)?"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|tenth|half|double|triple|dozen)\b",
    re.IGNORECASE,
)

Span = tuple[int, int]


def uncovered_numbers(data: schema.Dataset, source: Path, waivers_doc: Document) -> Iterator[Problem]:
    """A problem for each number no fact, date, name or waiver covers, and for each waiver that covers nothing."""
    numbers, used_waivers = unaccounted(data)
    for paragraph, match in numbers:
        yield number_problem(source, paragraph, match, data.article.source.language)
    yield from unused_waivers(data, used_waivers, waivers_doc)


def number_problem(source: Path, paragraph: schema.Paragraph, match: re.Match[str], language: str = "en") -> Problem:
    """The problem of one number nothing accounts for, pointing at it in the text."""
    dates = [d for d in find_dates(paragraph.text, language) if d.start <= match.start() and match.end() <= d.end]
    if dates:
        fix = (
            f"it is part of the date {dates[0].text!r}: give an event that date in events.yaml, with a quote that prints it,"
            " or state it as a fact (facts.yaml), or waive it in waivers.yaml with a reason"
        )
    else:
        fix = "state it as a fact (facts.yaml), or waive it in waivers.yaml with a reason"
    return Problem(
        path=source,
        line=paragraph.number,
        column=match.start() + 1,
        field=f"paragraph {paragraph.id}",
        message=f"the number {match.group()!r} is not accounted for: {fix}",
        source_line=paragraph.text,
    )


def misdated_events(data: schema.Dataset, events_doc: Document) -> Iterator[Problem]:
    """A problem for each event whose quote prints dates but not its own, or prints none and has no `date_note`."""
    for index, event in enumerate(data.events):
        printed = find_dates(event.quote, data.article.source.language)
        if not printed and event.date_note is None:
            yield events_doc.problem(
                (index, "date"), f"the quote prints no date: quote the words that print {event.date}, or say in date_note where the date comes from"
            )
            continue
        for field, when in (("date", event.date), ("end", event.end)):
            if printed and when is not None and not any(d.means(when) for d in printed):
                dates = ", ".join(f"{d.text!r} ({d.describe()})" for d in printed)
                yield events_doc.problem((index, field), f"{when} is not a date the quote prints: it prints {dates}")


def unused_waivers(data: schema.Dataset, used: set[int], waivers_doc: Document) -> Iterator[Problem]:
    for index, waiver in enumerate(data.waivers):
        if index not in used:
            yield waivers_doc.problem((index, "printed"), f"waives {waiver.printed!r} in {waiver.paragraph}, but no uncovered number is there")


def unaccounted(data: schema.Dataset) -> tuple[list[tuple[schema.Paragraph, re.Match[str]]], set[int]]:
    """Each number no fact, date or name covers and no waiver waives, with its paragraph; and the indexes of the waivers used."""
    names = printed_names(data)
    used_waivers: set[int] = set()
    numbers = []
    for paragraph in data.paragraphs:
        if paragraph.repeats is not None:
            continue  # a pull quote: its numbers are accounted for where it is repeated from
        spans = list(_fact_spans(data, paragraph)) + list(_name_spans(names, paragraph.text))
        dates: list[Span] | None = None  # read only for a number nothing else covers: most paragraphs print no date
        waived = {i: list(_quoted(paragraph.text, w.quote, w.printed)) for i, w in enumerate(data.waivers) if w.paragraph == paragraph.id}
        for match in NUMBER.finditer(paragraph.text):
            where = match.span()
            if _inside(where, spans):
                continue
            if dates is None:
                dates = list(_date_spans(data, paragraph))
            if _inside(where, dates):
                continue
            covering = [i for i, wspans in waived.items() if _inside(where, wspans)]
            if covering:
                used_waivers.update(covering)
                continue
            numbers.append((paragraph, match))
    return numbers, used_waivers


def printed_names(data: schema.Dataset) -> list[str]:
    """The names a number may stand in ("Phase 1", "Mars 2020"): every entity's name and aliases, every glossary term; longest first."""
    return sorted({n for e in data.entities for n in (e.name, *e.aliases)} | {t.term for t in data.glossary}, key=len, reverse=True)


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _quoted(text: str, quote: str, printed: str) -> Iterator[Span]:
    """Where `printed` stands inside each occurrence of `quote` in `text`."""
    for found in re.finditer(re.escape(quote), text):
        offset = quote.find(printed)
        while offset != -1:
            yield found.start() + offset, found.start() + offset + len(printed)
            offset = quote.find(printed, offset + 1)


def _fact_spans(data: schema.Dataset, paragraph: schema.Paragraph) -> Iterator[Span]:
    """A fact's printed figure, and its printed equivalent (the same quantity in another unit) when it has one."""
    for fact in data.facts:
        if fact.paragraph == paragraph.id:
            yield from _quoted(paragraph.text, fact.quote, fact.printed)
            if fact.equivalent is not None:
                yield from _quoted(paragraph.text, fact.quote, fact.equivalent.printed)


def _date_spans(data: schema.Dataset, paragraph: schema.Paragraph) -> Iterator[Span]:
    """Where the paragraph prints an event's date, or a span's end: `January 27, 2025`, `Jan. 18`, `2023`. In any
    paragraph, not only the event's own: a text names the day of an event again where it tells more of it."""
    whens = [w for event in data.events for w in (event.date, event.end) if w is not None]
    if whens:
        for date in find_dates(paragraph.text, data.article.source.language):
            if any(date.means(w) for w in whens):
                yield date.start, date.end


def _name_spans(names: list[str], text: str) -> Iterator[Span]:
    """Where each name stands in `text` (each name's occurrences one after the other, as a regular expression finds
    them). Found with str.find: a pattern per name, thousands of them in a long report, overran the re module's cache
    of compiled patterns, which then compiled each one again for every paragraph: work that grew with names times paragraphs."""
    for name in names:
        start = text.find(name)
        while start != -1:
            yield start, start + len(name)
            start = text.find(name, start + len(name))
