"""A synthetic report at K times the content of a real one, for measuring how builds scale.

    python bench/synthetic.py --project DIR --times K --out DIR [--chart-copies C]

The article's paragraphs are repeated K times, and so is every record
(facts, entities, events, claims, lists, glossary terms, waivers, derived
figures, charts): copy k (k ≥ 2) of a record has its ids suffixed `-k<k>`,
points at copy k of its paragraphs and entities, and stays on the same page
and section, so each topic page holds K times its records. In copy k each
printed name of an entity is prefixed (`DeepSeek` → `KcDeepSeek` in copy 2), in the
text and in the records alike, so copy k's entities are mentioned in copy
k's paragraphs only, as distinct names would be in a longer article (else
each of K copies of a name would list K times its paragraphs). Pages and
the site stay as they are; the permalink ledger is empty. `--chart-copies`
keeps charts in the first C copies only (charts dominate a cold build).
"""

from __future__ import annotations

import argparse
import re
import shutil
import string
from pathlib import Path
from typing import Any

import yaml

RECORD_FILES = ("facts", "entities", "events", "claims", "lists", "glossary", "waivers", "derived", "charts")
"""The data files holding records; site.yaml, article.yaml and pages.yaml describe the whole and are not repeated."""
OTHER_FILES = ("site", "article", "pages")
REFERENCES = {"id", "former_ids", "paragraph", "repeats", "about", "attributed_to", "affiliations", "by", "entity", "maker", "inputs", "checks", "facts", "source_list", "derived", "context"}
"""Fields holding ids (a string or a list of them): suffixed in each copy."""
KEYED_BY_FACT = {"groups", "panels", "series"}
"""Fields mapping fact ids to something: the keys are suffixed (and `series`' values, entity ids, too)."""
KEPT = {"topic", "section", "kind", "stance", "unit", "currency", "language", "op", "relation", "type", "country_code"}
"""Fields kept as they are: the page a record is placed on, and closed vocabularies."""


def write_synthetic(project: Path, times: int, out: Path, chart_copies: int | None = None) -> dict[str, int]:
    """Write a project at `times` the content of `project` into `out`; return how many records of each kind it has."""
    data = project / "data"
    for name in ("mkdocs.yml", "docs"):
        (shutil.copytree if (project / name).is_dir() else shutil.copy2)(project / name, out / name)
    shutil.copytree(data, out / "data", ignore=shutil.ignore_patterns("schema"))
    (out / "permalinks.txt").write_text("", encoding="utf-8")
    (out / "vendor").symlink_to((project / "vendor").resolve(), target_is_directory=True)
    unknown = sorted(p.stem for p in data.glob("*.yaml") if p.stem not in RECORD_FILES + OTHER_FILES)
    if unknown:
        raise SystemExit(f"{data}: bench/synthetic.py does not know how to repeat {', '.join(unknown)}.yaml; add it to RECORD_FILES or OTHER_FILES")

    records = {name: _read(data / f"{name}.yaml") or [] for name in RECORD_FILES}
    article = _read(data / "article.yaml")
    text = (data / article["source_file"]).read_text(encoding="utf-8").splitlines()
    names = sorted({n for e in records["entities"] for n in (e["name"], *e.get("aliases", []))}, key=len, reverse=True)
    mentions = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?!\w)") if names else None

    lines = list(text)
    paragraphs = list(article["paragraphs"])
    repeated = {name: list(items) for name, items in records.items()}
    for k in range(2, times + 1):
        copy = _Copy(k, mentions)
        lines += [copy.text(line) for line in text]
        paragraphs += [copy.record(p) for p in article["paragraphs"]]
        for name, items in records.items():
            if name == "charts" and chart_copies is not None and k > chart_copies:
                continue
            repeated[name] += [copy.record(item) for item in items]

    (out / "data" / article["source_file"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write(out / "data" / "article.yaml", {**article, "paragraphs": paragraphs})
    for name, items in repeated.items():
        _write(out / "data" / f"{name}.yaml", items)
    return {"paragraphs": len(paragraphs), **{name: len(items) for name, items in repeated.items()}}


class _Copy:
    """Copy k of every record: ids suffixed, printed names prefixed."""

    def __init__(self, k: int, mentions: re.Pattern[str] | None):
        self.suffix = f"-k{k}"
        self.tag = "K" + _letters(k)  # letters only: a digit would be a number the text states
        self.mentions = mentions

    def text(self, value: str) -> str:
        return self.mentions.sub(lambda m: self.tag + m.group(), value) if self.mentions else value

    def record(self, value: Any, field: str | None = None) -> Any:
        if isinstance(value, dict):
            if field in KEYED_BY_FACT:
                return {key + self.suffix: self.ref(v) if field == "series" else self.record(v) for key, v in value.items()}
            return {key: self.record(v, key) for key, v in value.items()}
        if isinstance(value, list):
            return [self.record(v, field) for v in value]
        if field in REFERENCES:
            return self.ref(value)
        if isinstance(value, str) and field not in KEPT:
            return self.text(value)
        return value

    def ref(self, value: Any) -> Any:
        return value + self.suffix if isinstance(value, str) else value


def _letters(k: int) -> str:
    """k in base 26, written with lowercase letters: 2 → `c`, 27 → `bb`."""
    out = ""
    while True:
        k, digit = divmod(k, 26)
        out = string.ascii_lowercase[digit] + out
        if k == 0:
            return out


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, value: Any) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text("# Generated by bench/synthetic.py, do not edit.\n" + text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="the report project to repeat (its data/, docs/, mkdocs.yml, vendor/)")
    parser.add_argument("--times", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="a new directory")
    parser.add_argument("--chart-copies", type=int, default=None, help="keep charts in the first C copies only")
    args = parser.parse_args()
    args.out.mkdir(parents=True)
    print(write_synthetic(args.project.resolve(), args.times, args.out, args.chart_copies))


if __name__ == "__main__":
    main()
