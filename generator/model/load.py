"""Stage 1, load: read the YAML files and the source text, keeping positions.

Each YAML file is parsed once into a node tree (which knows every value's
line and column), and the plain Python values are constructed from that tree, so
that a later stage can point at the exact line of a bad value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, Problem


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its values, its node tree and its lines."""

    path: Path
    data: Any
    node: yaml.Node | None
    lines: list[str]
    kept: tuple[int, ...] | None = None
    """For a list file whose invalid records were left out: the file index of each kept record."""

    def keeping(self, indexes: list[int]) -> Document:
        """This document as seen through the records at `indexes`: problems still name their own lines."""
        return replace(self, kept=tuple(indexes))

    def locate(self, loc: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        """Return the 1-based (line, column) of the value at `loc`, or of its nearest parent."""
        node = self.node
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        if node is None:
            return None, None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def problem(self, loc: tuple[str | int, ...], message: str, field: str | None = None) -> Problem:
        """Build a Problem pointing at `loc` in this file."""
        if self.kept is not None and loc and isinstance(loc[0], int):
            loc = (self.kept[loc[0]], *loc[1:])
        line, column = self.locate(loc)
        source_line = self.lines[line - 1] if line is not None and line <= len(self.lines) else None
        return Problem(
            path=self.path,
            line=line,
            column=column,
            field=field if field is not None else format_loc(self.path.stem, loc),
            message=message,
            source_line=source_line,
        )


@dataclass(frozen=True)
class Sources:
    """Everything read from `data/`: the YAML documents and the article's lines."""

    root: Path
    documents: dict[str, Document]
    text_lines: list[str]
    site_url: str
    """The site's canonical URL, from MkDocs' own `site_url` (the one place it is set)."""
    redirects: dict[str, str]
    """mkdocs-redirects' `redirect_maps` from mkdocs.yml: old page source → new page source."""


def format_loc(name: str, loc: tuple[str | int, ...]) -> str:
    """Render a location as `facts[3].value`."""
    out = name
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def load_sources(data_dir: Path, config_file: Path) -> Sources:
    """Read every data file in `data_dir`, and the site URL from `config_file`; report all problems at once."""
    # Deferred import: the declarations name their models, which import pydantic; a chart worker imports this module
    # (records_listed) and never pydantic.
    from .files import DATA_FILES

    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    for name in (data_file.name for data_file in DATA_FILES):
        path = data_dir / f"{name}.yaml"
        try:
            documents[name] = _read_document(path)
        except FileNotFoundError:
            problems.append(Problem(path, None, None, "", "file is missing"))
        except yaml.MarkedYAMLError as err:
            problems.append(_yaml_problem(path, err))
    if problems:
        raise DataError(problems)

    article = documents["article"].data or {}
    text_path = data_dir / str(article.get("source_file", ""))
    try:
        text_lines = text_path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError):
        raise DataError([documents["article"].problem(("source_file",), f"no such file: {text_path}")]) from None
    config = read_config(config_file)
    return Sources(data_dir, documents, text_lines, site_url=config["site_url"], redirects=config["redirects"])


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its `!!python/...` or `!ENV` tags."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """What the generator takes from mkdocs.yml: `site_url`, the redirects' `redirect_maps`, its own plugin options, `docs_dir`."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except FileNotFoundError:
        raise DataError([Problem(config_file, None, None, "", "file is missing")]) from None
    site_url = config.get("site_url")
    if not site_url:
        raise DataError([Problem(config_file, None, None, "site_url", "must be set: citations and permalinks use it")])
    plugins = config.get("plugins") or []
    entries = [plugins] if isinstance(plugins, dict) else [entry for entry in plugins if isinstance(entry, dict)]
    options = {name: value for entry in entries for name, value in entry.items() if isinstance(value, dict)}
    redirects = dict((options.get("redirects") or {}).get("redirect_maps") or {})
    return {
        "site_url": site_url if site_url.endswith("/") else site_url + "/",
        "redirects": redirects,
        "plugin_options": options.get("report-site") or {},
        "docs_dir": config.get("docs_dir") or "docs",
    }


# libyaml's parser, in C, when PyYAML was built with it: every build reads every data file. Same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def records_listed(path: Path) -> int:
    """How many records the data file at `path` lists, by a quick parse (no positions, nothing validated); 0 when it
    is missing, unreadable or not a list: a count made before the data is loaded (engine.drawing_ahead)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0
    return len(data) if isinstance(data, list) else 0


def _read_document(path: Path) -> Document:
    """Parse once: compose the node tree, then construct the values from that same tree."""
    text = path.read_text(encoding="utf-8")
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return Document(path=path, data=data, node=node, lines=text.splitlines())


def _yaml_problem(path: Path, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    lines = path.read_text(encoding="utf-8").splitlines()
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    source_line = lines[line - 1] if line is not None and line <= len(lines) else None
    message = " ".join(part for part in (err.context, err.problem) if part)
    return Problem(path, line, column, "", f"invalid YAML: {message}", source_line)


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        return node.value[key] if 0 <= key < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return value_node
    return None
