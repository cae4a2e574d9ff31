"""What changed since the last edition, record by record, with the editors' reason for each change.

The data of the edition published before this version (kept in the store, `editions/X/data/`) is compared
with the data checked out: in each compared file, records are matched by id and their YAML compared field by
field. A changed or removed record needs a reason in `data/corrections.yaml`:

    - edition: "1.1.0"
      record: facts/gpt4o-training-cost
      reason: One line saying why it changed.

A publishing build refuses a change with no reason; a draft lists it as a warning. A reader's finding that an
edition answers without changing a record is on the record too, with why the site's reading stands:

    - edition: "1.2.0"
      finding: "R3. Perspectives has no who-says-what overview."
      reason: One line saying why the reading stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GeneratorError

from . import store

COMPARED = ("facts", "derived", "claims", "events", "entities", "lists", "charts", "glossary")
"""The data files compared, in the order the changes page lists them."""
CORRECTIONS = "corrections.yaml"
FIELDS = ("edition", "record", "reason")
"""A correction's fields."""
FINDING_FIELDS = ("edition", "finding", "reason")
"""The fields of an entry that answers a reader's finding without a changed record."""


class CorrectionError(GeneratorError):
    """A corrections note that cannot be read, or a change it gives no reason for, in a publishing build."""


@dataclass(frozen=True)
class Change:
    """One record added, removed or changed: each field that differs, old value and new (None where absent)."""

    file: str
    id: str
    kind: str
    """`added`, `removed` or `changed`."""
    fields: tuple[tuple[str, str | None, str | None], ...]
    record: dict
    """The record as it is now (as it was, for a removed one)."""
    reason: str | None

    @property
    def key(self) -> str:
        return f"{self.file}/{self.id}"

    @property
    def anchor(self) -> str:
        return f"{self.file}-{self.id}"

    @property
    def was(self) -> str:
        """What a corrected figure says of its old value: its printed form when that changed, else the first field."""
        name, old, _ = next((f for f in self.fields if f[0] == "printed"), self.fields[0])
        return f"{name} was “{old}”" if old is not None else f"{name} was not set"


@dataclass(frozen=True)
class Changes:
    """Every change between the previous edition and this version."""

    previous: store.Edition
    version: str
    items: tuple[Change, ...]
    standing: tuple[tuple[str, str], ...] = ()
    """Readers' findings this edition answers without changing a compared record: (the finding, the editors' answer)."""

    def by_file(self) -> list[tuple[str, list[Change]]]:
        return [(name, found) for name in COMPARED if (found := [c for c in self.items if c.file == name])]

    def of(self, key: str) -> Change | None:
        """The change of record `key` (`facts/ID`), if it changed since the previous edition (not if it is new)."""
        return next((c for c in self.items if c.key == key and c.kind == "changed"), None)

    def unexplained(self, data_dir: Path) -> list[str]:
        """A line for each changed or removed record without a reason for this version."""
        return [
            f"{data_dir.name}/{c.file}.yaml: {c.id}: {c.kind} since edition {self.previous.version}, and {data_dir.name}/{CORRECTIONS} "
            f'gives no reason: add `- {{edition: "{self.version}", record: {c.key}, reason: …}}`'
            for c in self.items
            if c.kind != "added" and c.reason is None
        ]


def since_last_edition(editions_dir: Path, data_dir: Path, version: str) -> Changes | None:
    """The changes from the edition published before `version` to the data in `data_dir` (None for a first edition)."""
    previous = store.previous(editions_dir, version)
    if previous is None:
        return None
    entries = _read(data_dir, version)
    reasons = _reasons(entries)
    items = [c for name in COMPARED for c in _compare(name, store.data_dir(editions_dir, previous.version), data_dir, reasons)]
    return Changes(previous, version, tuple(items), tuple((e["finding"], e["reason"]) for e in entries if "finding" in e))


def read_corrections(data_dir: Path, version: str) -> dict[str, str]:
    """The reasons `corrections.yaml` gives for edition `version`: record (`file/id`) → reason; errors name line and field."""
    return _reasons(_read(data_dir, version))


def _reasons(entries: list[dict[str, str]]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for entry in entries:
        if (record := entry.get("record")) is not None:  # several entries for one record: one reason each
            reasons[record] = f"{reasons[record]} {entry['reason']}" if record in reasons else entry["reason"]
    return reasons


def _read(data_dir: Path, version: str) -> list[dict[str, str]]:
    """The entries of `corrections.yaml` for edition `version`, each field's text on one line; errors name line and field."""
    path = data_dir / CORRECTIONS
    if not path.is_file():
        return []
    name = f"{data_dir.name}/{CORRECTIONS}"
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise CorrectionError(f"{name}:{mark.line + 1 if mark else '?'}: not valid YAML: {err.problem}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise CorrectionError(f"{name}:{root.start_mark.line + 1}: expected a list of corrections ({', '.join(FIELDS)})")
    entries = []
    for node in root.value:
        where = f"{name}:{node.start_mark.line + 1}"
        if not isinstance(node, yaml.MappingNode):
            raise CorrectionError(f"{where}: a correction is a mapping with {', '.join(FIELDS)}")
        entry = {k.value: v for k, v in node.value}
        fields = FINDING_FIELDS if "finding" in entry and "record" not in entry else FIELDS
        for field in fields:
            value = entry.get(field)
            if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
                raise CorrectionError(f"{where}: {field}: missing or empty (every correction has {', '.join(FIELDS)}, or finding in place of record)")
        for field in set(entry) - set(fields):
            raise CorrectionError(f"{name}:{entry[field].start_mark.line + 1}: {field}: not a field of a correction ({', '.join(fields)})")
        if "record" in entry:
            record = entry["record"].value
            file, _, record_id = record.partition("/")
            if file not in COMPARED or not record_id:
                raise CorrectionError(f"{name}:{entry['record'].start_mark.line + 1}: record: {record!r}: expected FILE/ID, FILE one of {', '.join(COMPARED)}")
        store.parse_version(entry["edition"].value, f"{name}:{entry['edition'].start_mark.line + 1}: edition")
        if entry["edition"].value == version:
            entries.append({field: " ".join(str(entry[field].value).split()) for field in fields})
    return entries


def _compare(name: str, old_dir: Path, new_dir: Path, reasons: dict[str, str]) -> list[Change]:
    old, new = _records(old_dir / f"{name}.yaml"), _records(new_dir / f"{name}.yaml")
    changes = []
    for record_id in [*new, *(i for i in old if i not in new)]:
        before, after = old.get(record_id), new.get(record_id)
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "changed"
        keys = [*(after or {}), *(k for k in (before or {}) if k not in (after or {}))]
        fields = tuple(
            (k, _shown((before or {}).get(k)), _shown((after or {}).get(k)))
            for k in keys
            if (before or {}).get(k) != (after or {}).get(k)
        )
        changes.append(Change(name, record_id, kind, fields, after or before or {}, reasons.get(f"{name}/{record_id}")))
    return changes


def _records(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    return {str(r["id"]): r for r in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if isinstance(r, dict) and "id" in r}


def _shown(value: Any) -> str | None:
    """A field's value as the changes page prints it: text as it is, anything else as compact JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)
