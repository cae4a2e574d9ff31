"""The generator's exceptions: each data problem says file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the YAML allows."""

    path: Path
    line: int | None
    column: int | None
    field: str
    message: str
    source_line: str | None = None

    def __str__(self) -> str:
        where = _relative(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.source_line is not None:
            text += f"\n    {self.source_line.rstrip()}"
            if self.column is not None:
                text += "\n    " + " " * (self.column - 1) + "^"
        return text


def _relative(path: Path) -> str:
    """The path relative to the working directory when it lies below it, as editors see it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class GeneratorError(Exception):
    """Base class: anything the generator reports to the user without a traceback."""


class DataError(GeneratorError):
    """The data in `data/` is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the data:"
        super().__init__("\n".join([heading, *(str(p) for p in problems)]))


class MissingShapes(GeneratorError):
    """A map chart's country shapes are not in `vendor/`: the message says how to fetch them."""


class TemplateError(GeneratorError):
    """A template failed to render; the message names the template and line."""
