"""Stage 5, pages: render each page's Jinja template to Markdown.

Templates live in `templates/`; they format what `derive` computed and never
compute a figure themselves. StrictUndefined makes a typo in a template an
error naming the template and line, not a silently empty string.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .derive import Report
from .errors import TemplateError

# Characters that would change the meaning of plain text inside Markdown.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+\.)(\s)")


def md_escape(text: str) -> str:
    """Escape text so Markdown shows it literally."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(r"\1\\\2\3", text)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja environment every page renders in."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    return env


PRINT_EDITION = "print.md"


def render_pages(report: Report, templates_dir: Path, context: dict) -> dict[str, str]:
    """Render every page, and the printable edition: Markdown source path → Markdown text."""
    env = make_environment(templates_dir)
    out: dict[str, str] = {}
    for page in report.pages:
        out[page.src_path] = _render(env, f"pages/{page.spec.template}.md.j2", templates_dir, report=report, page=page, edition="page", **context)
    edition = _render(env, "print.md.j2", templates_dir, report=report, edition="print", **context)
    out[PRINT_EDITION] = in_page_links(edition, [page.id for page in report.pages])
    return out


def in_page_links(markdown: str, page_ids: list[str]) -> str:
    """Point links between pages at the same anchors within one page: `costs.md#x` → `#x`, `costs.md` → `#page-costs`."""
    pages = "|".join(re.escape(p) for p in page_ids)
    markdown = re.sub(rf"\]\((?:{pages})\.md#", "](#", markdown)
    return re.sub(rf"\]\(({pages})\.md\)", r"](#page-\1)", markdown)


def _render(env: jinja2.Environment, name: str, templates_dir: Path, **context) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{err.filename}:{err.lineno}: {err.message}") from err
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_template_position(err, templates_dir)}: {err.message}") from err


def _template_position(err: Exception, templates_dir: Path) -> str:
    """The innermost template frame of a rendering error, as `path:line`."""
    tb = err.__traceback__
    where = "template"
    root = str(templates_dir.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
