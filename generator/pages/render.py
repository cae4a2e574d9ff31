"""Stage 5, pages: render each page's Jinja template to Markdown.

Templates live in `templates/`; they format what `derive` computed and never
compute a figure themselves. StrictUndefined makes a typo in a template an
error naming the template and line, not a silently empty string.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import jinja2

from generator.derive.report import Report
from generator.errors import TemplateError

from . import print_edition
from .print_edition import PRINT_EDITION

# Markdown punctuation that Python-Markdown (with tables and attr_list) lets a backslash escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
# What makes a line a list item when it starts one: `- `, `+ `, `1. `.
_MD_BULLET = re.compile(r"^([+\-])(?=\s|$)")
_MD_NUMBERED = re.compile(r"^(\d+)\.(?=\s|$)")
_LINE_BREAKS = re.compile(r"(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])+")


def md_escape(text: object) -> str:
    """Text from the data as literal inline Markdown: it shows as typed and can create no markup.

    HTML's own specials become entities (Markdown passes raw HTML through,
    and a backslash does not escape `<`), Markdown's punctuation is
    backslash-escaped, and line breaks become spaces: a datum stays one line
    of a table row or paragraph.
    """
    text = _LINE_BREAKS.sub(" ", str(text)).strip()
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_BULLET.sub(r"\\\1", text)
    return _MD_NUMBERED.sub(r"\1\\.", text)


_HTML_TAG = re.compile(r"(<[^>]*>)")


def html_in_markdown(markup: object) -> str:
    """HTML made elsewhere (citeproc's citations), placed in Markdown: its text keeps Markdown out.

    Markdown still reads inside HTML here (md_in_html), so each Markdown
    character in the text between tags becomes a numeric character reference,
    and line breaks (insignificant in HTML) become spaces: the HTML stays one line.
    """
    parts = _HTML_TAG.split(_LINE_BREAKS.sub(" ", str(markup)))
    return "".join(part if part.startswith("<") else _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", part) for part in parts)


# What YAML may hold unescaped (YAML 1.1's printable set); anything else is written as \\uXXXX.
_YAML_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def front_matter_value(value: object) -> str:
    """A value for the YAML front matter, as JSON (a subset of YAML).

    Jinja's `tojson` writes characters beyond U+FFFF as surrogate pairs,
    which PyYAML reads back as two broken characters; here they stay
    literal and only what YAML cannot hold is escaped.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def make_environment(templates: list[Path], compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment every page renders in: a template is looked up in each directory in turn."""
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled is not None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        optimized=False,  # see plugin.on_env
    )
    env.filters["md"] = md_escape
    env.filters["html_in_md"] = html_in_markdown
    env.filters["front_matter"] = front_matter_value
    env.filters["and_list"] = and_list
    env.globals["citations_page"] = citations_page
    env.globals["print_slot"] = print_edition.slot
    return env


def and_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = [str(item) for item in items]
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]




CITATIONS_DIR = "cite/"


def citations_page(page_id: str) -> str:
    """The docs path of the page citing each figure and chart of page `page_id` in every format.

    Not a permalink: no citation gives its address (each gives the figure's own), so it follows its page."""
    return f"{CITATIONS_DIR}{page_id}.md"


def render_pages(report: Report, templates: list[Path], context: dict, compiled: Path | None = None) -> dict[str, str]:
    """Render every page, and the printable edition: Markdown source path → Markdown text (templates compiled
    before are taken from `compiled`, where Jinja keeps them under a hash of their source)."""
    env = make_environment(templates, compiled)
    out: dict[str, str] = {}
    for page in report.pages:
        out[page.src_path] = _render(env, f"pages/{page.template}.md.j2", templates, report=report, page=page, **context)
    for page in report.pages:  # each page's citations page: every figure and chart on it, in every format
        anchors = [anchor for anchor, page_id in context["citations"].anchor_pages.items() if page_id == page.id]
        if anchors:
            out[citations_page(page.id)] = _render(env, "citations.md.j2", templates, report=report, page=page, anchors=anchors, **context)
    out[PRINT_EDITION] = _render(env, "print.md.j2", templates, report=report, **context)  # slots, filled from the pages' HTML
    return out


def _render(env: jinja2.Environment, name: str, templates: list[Path], **context) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{err.filename}:{err.lineno}: {err.message}") from err
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_template_position(err, templates)}: {err.message}") from err


def _template_position(err: Exception, templates: list[Path]) -> str:
    """The innermost template frame of a rendering error, as `path:line`."""
    tb = err.__traceback__
    where = "template"
    roots = tuple(str(d.resolve()) for d in templates)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(roots):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
