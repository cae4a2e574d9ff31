"""For reference: Zensical building the plain baseline's tree, and what it cannot build yet.

Zensical (PyPI `zensical`, by the Material for MkDocs authors) reads
mkdocs.yml. It is tried on the plain configuration as it is; when it stops,
the reason is kept and it is tried again with less: without the theme
overrides (custom_dir), then also without the pages that name a template of
those overrides (front matter `template:`), with strict mode off, since
links to those pages then dangle. The first attempt that builds is timed.
A failure here never fails the benchmark: it is what the table's note reports.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from project_copy import VENV_BIN, Timeout, run_group

ZENSICAL = VENV_BIN / "zensical"
DEADLINE = 120
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class ZensicalResult:
    seconds: list[float] = field(default_factory=list)
    """Wall times of the build that worked (empty when none did)."""
    pages: int = 0
    """HTML pages it wrote, 404 page aside."""
    built: str = ""
    """Which attempt built."""
    stopped: list[str] = field(default_factory=list)
    """Each attempt that stopped, and why, in Zensical's words."""


def measure_zensical(plain: Path, runs: int) -> ZensicalResult:
    """Try Zensical on the plain tree in `plain` (mkdocs.yml, docs/); time `runs` builds of the first attempt that works."""
    result = ZensicalResult()
    if not ZENSICAL.exists():
        result.stopped.append(f"not installed ({ZENSICAL}): install the bench extra (make bench does)")
        return result
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    override_pages = sorted(p.relative_to(plain / "docs").as_posix() for p in (plain / "docs").rglob("*.md") if _names_template(p))
    without_theme = {**config, "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"}}
    attempts = [
        ("as MkDocs builds it", config),
        ("without the theme overrides (custom_dir)", without_theme),
        (f"without the theme overrides and {', '.join(override_pages) or 'no page'}, not strict",
         {**without_theme, "strict": False, "exclude_docs": "\n".join(f"/{page}" for page in override_pages)}),
    ]
    for name, attempt in attempts:
        config_file = plain / "zensical.yml"
        site = plain / "zensical-site"
        config_file.write_text(yaml.safe_dump({**attempt, "site_dir": site.name}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        error = _build(plain, config_file)
        if error is not None:
            result.stopped.append(f"{name}: {error}")
            continue
        result.built = name
        result.pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
        for _ in range(runs):
            start = time.perf_counter()
            _build(plain, config_file)
            result.seconds.append(time.perf_counter() - start)
        break
    return result


def _build(plain: Path, config_file: Path) -> str | None:
    """Run one clean `zensical build`; None when it built, else its last line of error."""
    shutil.rmtree(plain / "zensical-site", ignore_errors=True)
    try:
        run = run_group([str(ZENSICAL), "build", "--clean", "-f", str(config_file)], plain, dict(os.environ), DEADLINE)
    except Timeout:
        return f"did not finish within {DEADLINE} s"
    if run.returncode == 0:
        return None
    lines = [line.strip() for line in _ANSI.sub("", run.stdout + run.stderr).splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {run.returncode}, no message"


def _names_template(page: Path) -> bool:
    """Whether a page's front matter names a template (one of the theme overrides)."""
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return False
    front = text[4 : text.find("\n---", 4)]
    return bool(re.search(r"^template:", front, re.MULTILINE))
