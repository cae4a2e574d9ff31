"""The generated files among MkDocs' own: added in memory, never over a hand-written file; the printable edition filled."""

from __future__ import annotations

from pathlib import PurePosixPath

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.generated import Generated
from generator.hosting.postbuild import TEXT_SUFFIXES
from generator.pages.print_edition import PRINT_EDITION, Part, assemble


def add_generated(files: Files, generated: Generated, undrawn: list[str], config) -> Files:
    """Add the generated pages and assets (the `undrawn` chart files empty, filled once drawn) as in-memory files.

    A hand-written file in docs/ with a generated path is an error, never replaced, except the hand-written pages
    pages.yaml lists, which the generator frames (cite box, metadata) and serves in their place."""
    generated_files = dict(sorted({**generated.files, **dict.fromkeys(undrawn, b"")}.items()))
    framed = set(generated.framed)
    for path in framed:
        if (original := files.get_file_from_path(path)) is not None:
            files.remove(original)
    unlisted = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in framed and f.src_uri not in generated_files)
    if unlisted:
        named = ", ".join(f"docs/{path}" for path in unlisted)
        raise PluginError(
            f"report generator: {named} is not in pages.yaml: list each hand-written page there "
            "(id, title, nav_title, summary and `file: <id>.md`) to give it its place in the navigation"
        )
    clashes = [path for path in generated_files if files.get_file_from_path(path) is not None]
    if clashes:
        named = ", ".join(f"docs/{path} (hand-written) and generated {path}" for path in sorted(clashes))
        raise PluginError(f"report generator: hand-written files clash with generated ones, nothing was replaced: {named}")
    in_nav = {path for _, path in generated.nav}
    for path, content in generated_files.items():
        # Generated pages outside the navigation (the printable edition, the citations pages) are meant to be.
        inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") and path not in in_nav else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=inclusion))
    return files


def fill_drawn(files: Files, generated: Generated, undrawn: list[str], fill) -> list[File]:
    """Put the drawn charts' files in, and their sizes (`fill`) into the converted pages; return the chart files."""
    drawn = [files.get_file_from_path(path) for path in undrawn]
    for file in drawn:
        file.content_bytes = generated.files[file.src_uri]
    for file in files.documentation_pages():
        if file.page is not None and file.page.content is not None:
            file.page.content = fill(file.page.content)
    return drawn


def fill_print_edition(files: Files, generated: Generated) -> None:
    """The printable edition, made of every page's converted HTML (generator/pages/print_edition.py)."""
    edition = files.get_file_from_path(PRINT_EDITION)
    if edition is None or edition.page is None or edition.page.content is None:
        return
    pages = {path: files.get_file_from_path(path) for path in generated.printed}
    parts = {path: Part(pages[path].page.content, pages[path].url, page_id, former) for path, (page_id, former) in generated.printed.items()}
    edition.page.content, ids = assemble(edition.page.content, edition.url, parts)
    edition.page.present_anchor_ids = (edition.page.present_anchor_ids or set()) | ids


def static_text_files(files: list[File]) -> list[bytes]:
    """The content of the files a host serves compressed, pages left out (MkDocs writes those later)."""
    return [f.content_bytes for f in files if not f.is_documentation_page() and PurePosixPath(f.dest_uri).suffix in TEXT_SUFFIXES]
