"""The edits the benchmark makes in a project copy: a value in the data, and a word in a template.

The data edit changes the label of the first fact in facts.yaml: free
editorial text (no figures, nothing matched against the article), shown
as the heading of the fact's card on its topic page. The template edit
overrides the packaged page frame (layout.md.j2) in the project's own
templates/ and changes the words of its "Cite this page" heading, shown on
every page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

# Edited values are made of words (editorial text may not state a figure); the builds and the serve loop use
# different ones, so each edit changes what the page shows.
BUILD_WORDS = ("alpha", "bravo")
SERVE_WORDS = ("charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett")


class FactLabel:
    """The label of the first fact in the project's facts.yaml."""

    def __init__(self, project: Path):
        self.path = project / "data" / "facts.yaml"
        self.original = re.sub(r" edited [a-z]+$", "", self._label_node().value)  # as it was before any edit of ours
        facts = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        self.page = facts[0]["topic"]
        """The id of the page that shows it (its URL path)."""

    def text(self, word: str) -> str:
        """The label with `word` in it, as the page shows it."""
        return f"{self.original} edited {word}"

    def write(self, word: str) -> str:
        """Save facts.yaml with the label changed to carry `word`, as an editor saves it; return the new label."""
        node = self._label_node()
        source = self.path.read_text(encoding="utf-8")
        label = self.text(word)
        self.path.write_text(source[: node.start_mark.index] + json.dumps(label, ensure_ascii=False) + source[node.end_mark.index :], encoding="utf-8")
        return label

    def _label_node(self) -> yaml.ScalarNode:
        root = yaml.compose(self.path.read_text(encoding="utf-8"))
        if not isinstance(root, yaml.SequenceNode) or not root.value:
            raise RuntimeError(f"{self.path}: expected a list of facts to edit the first one's label")
        label = next((value for key, value in root.value[0].value if key.value == "label"), None)
        if label is None:
            raise RuntimeError(f"{self.path}: the first fact has no label to edit")
        return label


TEMPLATE = "layout.md.j2"
HEADING = "**Cite this page**"


class TemplateHeading:
    """The "Cite this page" heading of the page frame, overridden in the project's own templates/."""

    def __init__(self, project: Path, packaged: Path):
        source = packaged / TEMPLATE
        self.template = source.read_text(encoding="utf-8")
        if HEADING not in self.template:
            raise RuntimeError(f"{source} has no {HEADING!r} any more: point bench/edits.py at a visible string of a packaged template")
        self.path = project / "templates" / TEMPLATE

    def text(self, word: str) -> str:
        return f"Cite this page {word}"

    def write(self, word: str) -> str:
        """Save the override with the heading carrying `word`; return the heading's new text."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.template.replace(HEADING, f"**{self.text(word)}**"), encoding="utf-8")
        return self.text(word)

    def remove(self) -> None:
        """Drop the override (and the project's templates/ when it held nothing else): the packaged frame again."""
        self.path.unlink()
        if not any(self.path.parent.iterdir()):
            self.path.parent.rmdir()
