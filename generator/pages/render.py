"""Stage 5, pages: render each page's Jinja template to Markdown.

Templates live in `templates/`; they format what `derive` computed and never
compute a figure themselves. StrictUndefined makes a typo in a template an
error naming the template and line, not a silently empty string. What a
template prints is escaped for Markdown unless marked as Markdown (escaping.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from generator.dates import When, format_when
from generator.derive.report import Report
from generator.editions.addresses import edition_url
from generator.errors import TemplateError
from generator.wording import and_list, counted, counts, indefinite, pieces

from . import print_edition
from .escaping import RAW_FILTERS, MarkdownContext, print_value
from .print_edition import PRINT_EDITION


def make_environment(templates: list[Path], compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment every page renders in: a template is looked up in each directory in turn."""
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        # Code compiled before escaping by default lacks the finalize call: a cache of its own keeps it from being reused.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled), "__jinja2_%s.escaped.cache") if compiled is not None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Jinja's autoescape escapes for HTML; `finalize` escapes for Markdown (see escaping.py)
        finalize=print_value,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        optimized=False,  # see plugin.on_env
    )
    env.context_class = MarkdownContext
    env.filters.update(RAW_FILTERS)
    env.filters["and_list"] = and_list
    env.filters["counted"] = counted
    env.filters["counts"] = counts
    env.filters["indefinite"] = indefinite
    env.filters["pieces"] = pieces
    env.filters["date"] = date_text
    env.globals["citations_page"] = citations_page
    env.globals["edition_url"] = edition_url
    env.globals["print_slot"] = print_edition.slot
    return env


@jinja2.pass_context
def date_text(context: jinja2.runtime.Context, value: When | dt.date, end: When | None = None) -> str:
    """A date, or a span to `end`, as the site's language writes it: "18 January 2024", "January 2024", "2023"."""
    when = When.parse(value)  # first: anything but a date is a ValueError, whatever the context holds
    return format_when(when, context["report"].data.site.language, end)


CITATIONS_DIR = "cite/"
CHANGES_PAGE = "changes.md"
"""What changed since the previous edition (generator/editions/changes.py), in an edition after the first."""


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
    if context.get("changes") is not None:  # every edition after the first: what changed since the one before
        out[CHANGES_PAGE] = _render(env, "changes.md.j2", templates, report=report, **context)
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
