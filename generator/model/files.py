"""The data files of a report, each declared once: its name, its model, and what `report-site new` starts it with.

Loading, validation, the JSON Schema files, the Data reference page, the scaffold, the pages' dates and
`report-site check` all go through `DATA_FILES`, in this order (the order problems and references are listed in).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import GenericAlias
from typing import Any, get_args

from . import schema
from .chart_kinds import chart_kinds


@dataclass(frozen=True)
class DataFile:
    """One YAML file of `data/`: `<name>.yaml`."""

    name: str
    """The file's name without `.yaml`, and the Dataset field holding its records."""
    model: type[schema.Model]
    records: bool = True
    """The file is a list of `model` records; otherwise it holds one."""
    starts: str | None = None
    """The comment `report-site new` writes in the file, which it starts empty; None: the scaffold writes it whole."""
    counted: tuple[str, str] | None = None
    """What `report-site check` calls one of its records and several when it counts them; None: not counted."""
    filled_in: tuple[str, ...] = ()
    """Fields the build fills in from elsewhere (Sources attributes of the same name), never written in the file."""

    @property
    def placed(self) -> bool:
        """Its records each name the page (`topic`) and section they are shown in."""
        return "topic" in self.model.model_fields

    @property
    def sourced(self) -> bool:
        """Its records each quote the paragraph they come from."""
        return self.records and issubclass(self.model, schema.Sourced)

    @property
    def anchored(self) -> bool:
        """Its records each have a permalink anchor, unique across the site."""
        return self.records and issubclass(self.model, schema.Anchored)


DATA_FILES = (
    DataFile("site", schema.Site, records=False, filled_in=("site_url",)),
    DataFile("article", schema.Article, records=False),
    DataFile("pages", schema.PageSpec),
    DataFile(
        "facts", schema.Fact, counted=("fact", "facts"),
        starts="Every figure the text states: `printed` exactly as printed, occurring in `quote`, which occurs verbatim in `paragraph`.\n"
        "# `report-site todo` prints a record to paste for each number no fact covers yet.",
    ),
    DataFile(
        "entities", schema.Entity, counted=("entity", "entities"),
        starts="People, organisations, countries, products the text names, as printed (kind: person, organisation, …).",
    ),
    DataFile("events", schema.Event, counted=("event", "events"), starts="Dated events the text states (the date as the text prints it covers that number)."),
    DataFile(
        "claims", schema.Claim, counted=("claim", "claims"),
        starts="Who argues what: `by` (entity ids), `stance` (a tag site.yaml defines), an editorial `gist`, the verbatim `quote`.",
    ),
    DataFile("lists", schema.ArticleList, counted=("list", "lists"), starts="Lists the text gives (items as printed, each optionally an entity)."),
    DataFile("glossary", schema.Term, counted=("term", "terms"), starts="Terms the text explains, in their own `language`; Chinese gets pinyin generated."),
    DataFile("waivers", schema.Waiver, counted=("waiver", "waivers"), starts="Numbers in the text that are deliberately not facts, each with the reason."),
    DataFile(
        "derived", schema.DerivationSpec,
        starts=f"Figures computed from facts ({', '.join(get_args(schema.DerivationSpec.model_fields['op'].annotation))}), always shown as derived "
        "with their formula.",
    ),
    DataFile(
        "charts", schema.ChartSpec, counted=("chart", "charts"),
        starts=f"Charts of facts (kinds: {', '.join(chart_kinds())}); titles and captions are editorial.",
    ),
)
"""Every data file, in the order they are loaded, validated and listed."""

DATA_FILE = {data_file.name: data_file for data_file in DATA_FILES}
"""Data file name → its declaration."""

MODELS: dict[str, Any] = {data_file.name: GenericAlias(list, data_file.model) if data_file.records else data_file.model for data_file in DATA_FILES}
"""Which model each data file holds, as pydantic validates it: a list means the file is a list of records."""
