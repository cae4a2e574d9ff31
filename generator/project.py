"""Where a report project keeps its parts: found from its mkdocs.yml and the plugin's options.

A project is a directory with `mkdocs.yml` (which lists `report-site` among
its plugins), `data/` and `docs/`. Its own `templates/`, when it has one,
overrides the packaged default templates file by file, as Material's
`custom_dir` overrides the theme's partials.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.model.load import read_config


def default_templates() -> Path:
    """The packaged default templates: `templates/` of this repository, installed as `generator/templates`."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@dataclass(frozen=True)
class Project:
    config_file: Path
    data_dir: Path
    templates_dir: Path
    """The project's own templates (need not exist)."""
    docs_dir: Path
    ledger: Path
    """The permalink ledger: every published permalink, which must keep resolving."""
    vendor_dir: Path
    """Files taken from npm packages (the map's shapes, Vega's interpreter), fetched once by generator/charts/vendor.py."""
    editions_dir: Path
    """The published editions, each frozen as served, with the manifest of their files (generator/editions/store.py)."""

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    @property
    def templates(self) -> list[Path]:
        """Template directories in lookup order: the project's own first, then the packaged defaults."""
        default = default_templates()
        own = [self.templates_dir] if self.templates_dir.is_dir() and self.templates_dir.resolve() != default.resolve() else []
        return [*own, default]


def find_project(config_file: Path) -> Project:
    """The project of `config_file`, with the report-site plugin's options read from it."""
    config = read_config(config_file)
    return project_from_options(config_file, config["docs_dir"], config["plugin_options"])


def project_from_options(config_file: Path, docs_dir: str, options: dict) -> Project:
    """The project of `config_file` given the plugin's options (defaults for those not set), paths relative to it."""
    config_file = config_file.resolve()
    root = config_file.parent

    def path(option: str, default: str) -> Path:
        return (root / str(options.get(option) or default)).resolve()

    return Project(
        config_file=config_file,
        data_dir=path("data_dir", "data"),
        templates_dir=path("templates_dir", "templates"),
        docs_dir=(root / docs_dir).resolve(),
        ledger=path("permalinks", "permalinks.txt"),
        vendor_dir=path("vendor_dir", "vendor"),
        editions_dir=path("editions_dir", "editions"),
    )
