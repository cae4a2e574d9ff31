"""The generator's output in MkDocs' configuration: the site's name, navigation, theme overrides, assets and search."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.structure.files import Files

from generator.derive.languages import LUNR_DIR, lunr_scripts
from generator.generated import Generated
from generator.project import default_templates


def apply_generated(config, generated: Generated, cache_dir: Path) -> None:
    """Take the site's name, navigation, stylesheets, scripts and search languages from the generated output, and
    put the packaged theme overrides under the project's own `custom_dir` (site_url stays MkDocs' own setting)."""
    # The theme prints these as HTML: data reaches it escaped, as text.
    config["site_name"] = html.escape(generated.site_name)
    config["site_description"] = html.escape(generated.site_description)
    config["nav"] = [{html.escape(title): path} for title, path in generated.nav]
    theme_dir = str(default_templates() / "theme")
    if theme_dir not in config["theme"].dirs:  # below the project's own custom_dir, above Material
        config["theme"].dirs.insert(1 if config["theme"].custom_dir else 0, theme_dir)
    for path in generated.stylesheets:
        if path not in config["extra_css"]:
            config["extra_css"].append(path)
    for path in generated.scripts:
        if path not in config["extra_javascript"]:
            config["extra_javascript"].append(path)
    _search_languages(config, generated.search_languages)
    if "zh" in generated.search_languages:
        _jieba_cache(cache_dir / "jieba")

def search_plugin(config):
    """The search plugin's instance, Material's or MkDocs' own (None without search)."""
    return config["plugins"].get("material/search") or config["plugins"].get("search")

def leave_out_unused_lunr(files: Files, languages: list[str]) -> None:
    """The theme's search scripts for languages the site does not search are never requested: not served, not compressed."""
    used = {LUNR_DIR + script for script in lunr_scripts(languages)}
    for file in [f for f in files if f.dest_uri.startswith(LUNR_DIR) and f.dest_uri not in used]:
        files.remove(file)

def _search_languages(config, languages: list[str]) -> None:
    """Search in the languages the data uses; Chinese words come split by jieba with U+200B between them."""
    search = search_plugin(config)
    if search is None:
        return
    search.config["lang"] = languages
    separator = search.config.get("separator") or r"[\s\-]+"
    if "zh" in languages and "\\u200b" not in separator and "\u200b" not in separator:
        search.config["separator"] = separator.replace(r"[\s", r"[\s\u200b", 1)

def _jieba_cache(directory: Path) -> None:
    """jieba (Chinese search) keeps its dictionary's prefix cache in the project's .cache (`make clean` removes it), not
    in /tmp; its progress lines stay out of the build's output."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    if not jieba.dt.initialized:
        directory.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(directory)
