"""`report-site todo`: the numbers of the text no fact covers yet, each with a fact to paste.

Each entry names the number's place in the text (`file:line:col`) and gives
a facts.yaml record with what can be read off the text (printed figure,
value, paragraph, the sentence as quote); an editor fills in the rest.
"""

from __future__ import annotations

import json
import re

from generator.model import schema
from generator.model.coverage import number_problem, unaccounted, unused_waivers
from generator.model.load import load_sources
from generator.model.validate import parse_printed, validate
from generator.project import Project

# What belongs to a printed figure around its digits: a currency sign before, a scale or percent after.
_BEFORE = re.compile(r"[$¥€£]$")
_AFTER = re.compile(r"^(?:\s?(?:%|percent|per cent|thousand|million|billion|trillion)\b|%)")
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’)]*(?=\s|$)")


def todo_report(project: Project) -> tuple[str, int]:
    """The listing, and how many numbers remain."""
    sources = load_sources(project.data_dir, project.config_file)
    dataset = validate(sources, project.templates, numbers=False)
    source = sources.root / dataset.article.source_file
    place = next(((p.id, p.sections[0].id if p.sections else "TODO") for p in dataset.pages if p.role.records), ("TODO", "TODO"))
    numbers, used_waivers = unaccounted(dataset)
    entries = []
    for paragraph, match in numbers:
        problem = number_problem(source, paragraph, match)
        entries.append(f"{problem.path}:{problem.line}:{problem.column}: {problem.message}\n{fact_stub(paragraph, match, place)}")
    entries += [str(problem) for problem in unused_waivers(dataset, used_waivers, sources.documents["waivers"])]
    if not entries:
        return "Every number of the text is a fact, a date, part of a name or waived.", 0
    return f"{len(entries)} to do (paste each record into facts.yaml and fill in the TODOs):\n\n" + "\n\n".join(entries), len(entries)


def fact_stub(paragraph: schema.Paragraph, match: re.Match[str], place: tuple[str, str]) -> str:
    """A facts.yaml record for the number `match` found in the paragraph, as YAML text."""
    text = paragraph.text
    start, end = match.span()
    if _BEFORE.search(text[:start]):
        start -= 1
    if after := _AFTER.match(text[end:]):
        end += after.end()
    printed = text[start:end]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    stop = next(end for end in ends if end > start)
    sentence = text[max([0, *(end for end in ends if end <= start)]) : stop]
    value = parse_printed(printed)
    slug = re.sub(r"[^a-z0-9]+", "-", printed.lower()).strip("-") or "figure"
    lines = {
        "id": f"{paragraph.id}-{slug}",
        "label": "TODO what the figure is, in a few words",
        "printed": printed,
        "value": value,
        "unit": "TODO",
        "measures": "TODO what is measured",
        "paragraph": paragraph.id,
        "quote": sentence.strip(),
        "topic": place[0],
        "section": place[1],
    }
    return "\n".join(f"{'- ' if i == 0 else '  '}{key}: {_yaml(value)}" for i, (key, value) in enumerate(lines.items()))


def _yaml(value: object) -> str:
    if value is None:
        return "null  # TODO the number in base units, or null when it is not a number"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return json.dumps(value, ensure_ascii=False)
