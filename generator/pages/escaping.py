"""Stage 5, pages: every value a template prints is escaped for Markdown unless it is marked as Markdown.

Like Jinja's and Django's autoescaping, escaping is the default and the raw path is explicit: a forgotten
filter then shows text with a stray backslash instead of letting data make a link or a script. Jinja's own
autoescape escapes for HTML, which leaves Markdown's punctuation live, so here `finalize` escapes what a
template prints, and the `Markdown` type marks text that is Markdown on purpose, the way markupsafe's
`Markup` marks HTML: what a macro returns, and what the filters below return.

Combining marked and unmarked text (`~`, `join`, `replace`, a `{% set %}` block) gives unmarked text,
escaped whole when printed, as Django's `SafeString` does: a mistake shows twice-escaped, never raw.
"""

from __future__ import annotations

import html
import json
import re
import typing

import jinja2.runtime
import markupsafe

# Markdown punctuation that Python-Markdown (with tables and attr_list) lets a backslash escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
# What makes a line other than a paragraph when it starts one: a list item (`- `, `+ `, `1. `), a rule or a
# heading's underline (`---`, `-- -`, `==`), a tab (`=== "…"`), a collapsible block (`??? note`), a fence (`~~~`).
_MD_BULLET = re.compile(r"^(\+(?=\s|$)|-(?=[\s-]|$))")
_MD_NUMBERED = re.compile(r"^(\d+)\.(?=\s|$)")
_MD_BLOCK_MARK = re.compile(r"^([=?~])(?=\1|$)")  # a backslash does not escape these in Python-Markdown
_LINE_BREAKS = re.compile(r"(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])+")
# Text with none of what the steps of md_escape change (most words, ids and dates) is already escaped.
_ESCAPED_ALREADY = re.compile(r"(?![\s+\-=?~\d])[^&<>\\`*_\[\]{}#|!\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?<!\s)")


class Markdown(str):
    """Text that is Markdown (or HTML in Markdown) on purpose: a template prints it as it is."""

    __slots__ = ()


def md_escape(text: object) -> str:
    """Text from the data as literal inline Markdown: it shows as typed and can create no markup.

    HTML's own specials become entities (Markdown passes raw HTML through,
    and a backslash does not escape `<`), Markdown's punctuation is
    backslash-escaped, and so is what would start a block at the start of a
    line; line breaks become spaces: a datum stays one line of a table row or
    paragraph.
    """
    text = str(text)
    if _ESCAPED_ALREADY.fullmatch(text):
        return text
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_BULLET.sub(r"\\\1", text)
    text = _MD_BLOCK_MARK.sub(lambda m: f"&#{ord(m.group())};", text)
    return _MD_NUMBERED.sub(r"\1\\.", text)


def print_value(value: object) -> str:
    """What `{{ value }}` prints: a `Markdown` value as it is, anything else escaped by `md_escape`.

    Jinja's `finalize`: it sees every value a template prints, and nothing else.
    """
    if isinstance(value, Markdown):
        return value
    return md_escape(value)


def as_markdown(text: object) -> Markdown:
    """The `markdown` filter: the value is Markdown the template means (a handwritten page, a model's docstring)."""
    return Markdown(text)


_HTML_TAG = re.compile(r"(<[^>]*>)")


def html_in_markdown(markup: object) -> Markdown:
    """HTML made elsewhere (citeproc's citations), placed in Markdown: its text keeps Markdown out.

    Markdown still reads inside HTML here (md_in_html), so each Markdown
    character in the text between tags becomes a numeric character reference,
    and line breaks (insignificant in HTML) become spaces: the HTML stays one line.
    """
    parts = _HTML_TAG.split(_LINE_BREAKS.sub(" ", str(markup)))
    return Markdown("".join(part if part.startswith("<") else _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", part) for part in parts))


def html_attribute(text: object) -> Markdown:
    """Text inside a quoted HTML attribute or a Markdown link title: HTML-escaped, quotes included.

    Markdown reads neither, so its punctuation stays as typed; a quote could end either, so it becomes an entity.
    """
    return Markdown(markupsafe.escape(str(text)))


# What could end a Markdown link destination, a quoted attribute or an attribute list around a URL.
_URL_UNSAFE = re.compile(r"[\s\"'<>()\\`{}]")


def url(address: object) -> Markdown:
    """An address (a page's URL under `site_url`) as typed, `_` and all; what could end a link or an attribute is percent-encoded."""
    return Markdown(_URL_UNSAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode()), str(address)))


def code_text(text: object) -> Markdown:
    """Text inside code (a code span or fenced block), shown as typed: Markdown reads nothing there.

    Only text the generator made goes there: field names, and citation exports, which escape their
    values for their own format and keep each on one line (`generator.cite`), so no line opens a fence.
    """
    return Markdown(text)


# What YAML may hold unescaped (YAML 1.1's printable set); anything else is written as \\uXXXX.
_YAML_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def front_matter_value(value: object) -> Markdown:
    """A value for the YAML front matter, as JSON (a subset of YAML).

    Jinja's `tojson` writes characters beyond U+FFFF as surrogate pairs,
    which PyYAML reads back as two broken characters; here they stay
    literal and only what YAML cannot hold is escaped.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markdown(_YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


class MarkdownContext(jinja2.runtime.Context):
    """A template context in which a macro's (or a block's) output is Markdown: it was escaped as it was printed."""

    # Parameters named as Jinja names them, so that a macro's keyword argument `self` or `obj` passes through.
    def call(__self, __obj: typing.Callable[..., typing.Any], *args: typing.Any, **kwargs: typing.Any) -> typing.Any:
        """Call as Jinja does; mark what a macro or block returns, as Jinja's autoescape marks it `Markup`."""
        result = super().call(__obj, *args, **kwargs)
        if isinstance(__obj, (jinja2.runtime.Macro, jinja2.runtime.BlockReference)) and isinstance(result, str):
            return Markdown(result)
        return result


# The only ways a value reaches the page unescaped for Markdown, each named for where it is printed: as Markdown,
# as HTML from citeproc, inside an HTML attribute, as an address, inside code, in the front matter.
RAW_FILTERS: dict[str, typing.Callable[[typing.Any], Markdown]] = {
    "markdown": as_markdown,
    "html_in_md": html_in_markdown,
    "html_attribute": html_attribute,
    "url": url,
    "code_text": code_text,
    "front_matter": front_matter_value,
}
