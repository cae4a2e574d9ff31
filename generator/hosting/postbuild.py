"""Make a built site ready for a host, in the staged build before it is swapped in.

Three deterministic steps over the files MkDocs wrote (same input, same bytes):
- `externalize_scripts`: every inline executable <script> becomes a
  content-addressed file under assets/javascripts/, loaded by a plain
  `<script src>` at the same place (a classic script without async or defer
  blocks the parser just as the inline one did, so order and timing hold).
  The Content-Security-Policy then needs only `script-src 'self'`, with no
  per-page hashes. Data blocks (JSON, JSON-LD, text/plain) stay inline;
- `write_redirects_map`: the moved pages of mkdocs-redirects' map, for the
  nginx configuration's real HTTP 301s (deploy/nginx/site.conf.template);
- `precompress`: a .gz (gzip -6) and a .br (Brotli 8) beside every text
  file, so the server sends them as they are and compresses nothing per
  request. Compressed bytes are cached by content in `.cache/compressed`,
  so a rebuild compresses only what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import posixpath
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from generator.errors import GeneratorError
from generator.memo import Memo

SCRIPT_DIR = "assets/javascripts"
HOST_DIR = ".nginx"
"""Files for the web server, not for readers (the nginx configuration refuses to serve them)."""
REDIRECTS_MAP = f"{HOST_DIR}/redirects.map"
# Text files a reader's browser asks for, precompressed. The theme's source maps (.map) are left as they are: only
# developer tools fetch them, and they are large, so compressing them would be work no reader gains from.
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv"}
_ANY_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
_DATA_TYPE = re.compile(r'\btype="(application/json|application/ld\+json|text/plain)"')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]*)assets/stylesheets/main\.')
# Material's first snippet sets its storage scope to the site's root, written relative to the page
# ("..") or, on the 404 page that is served at any depth, as site_url's absolute path. From a file in
# assets/javascripts/ the root is the same for every page and every mount: two levels up from the script.
_SCOPE = re.compile(r'^__md_scope=new URL\("[^"]*",location\)')
_SCOPE_FROM_SCRIPT = '__md_scope=new URL("../..",document.currentScript.src)'


def externalize_scripts(site: Path) -> list[str]:
    """Move every inline executable script of every page into assets/javascripts/inline.HASH.js; return the files written."""
    written: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = _externalized(html, _path_to_root(site, page, html), written)
        left = [attrs for attrs, code in _ANY_SCRIPT.findall(new) if code.strip() and not _DATA_TYPE.search(attrs)]
        if left:
            raise GeneratorError(f"{page.relative_to(site)}: an inline script the Content-Security-Policy would block: <script{left[0]}>")
        if new != html:
            page.write_text(new, encoding="utf-8")
    for name, code in written.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"{code}\n", encoding="utf-8")
    return sorted(written)


def _externalized(html: str, to_root: str, written: dict[str, str]) -> str:
    """The page with each inline executable script replaced by a `<script src>` of its file (added to `written`)."""

    def replace(match: re.Match) -> str:
        if match.group(1):  # src, or a data block: stays as it is
            return match.group(0)
        code = _SCOPE.sub(_SCOPE_FROM_SCRIPT, match.group(2).strip())
        name = f"{SCRIPT_DIR}/inline.{hashlib.sha256(code.encode('utf-8')).hexdigest()[:16]}.js"
        written[name] = code
        return f'<script src="{to_root}{name}"></script>'

    # Element by element: a data block may hold the text "<script>" (JSON escapes only "</").
    return _ANY_SCRIPT.sub(replace, html)


def _path_to_root(site: Path, page: Path, html: str) -> str:
    """How the page reaches the site's root: as its stylesheet link does (absolute on the 404 page), else by its depth."""
    stylesheet = _STYLESHEET.search(html)
    if stylesheet:
        return stylesheet.group(1)
    return "../" * (len(page.relative_to(site).parts) - 1)


def write_redirects_map(site: Path, redirect_maps: dict[str, str]) -> None:
    """Write nginx map entries `"old/" "new/";` (paths below the site's root) for every internal redirect."""
    lines = [
        "# Generated from mkdocs.yml (plugins: redirects: redirect_maps) by generator/hosting/postbuild.py. Do not edit.",
        "# Old path below the site's root -> new one; deploy/nginx/site.conf.template answers them with 301.",
    ]
    for old, new in sorted(redirect_maps.items()):
        if re.match(r"[a-z][a-z0-9+.-]*:", new, re.I):
            continue  # to another site: mkdocs-redirects' page (meta refresh) still sends readers there
        target, _, fragment = new.partition("#")
        for alias in _aliases(_page_path(old)):
            lines.append(f'"{alias}" "{_page_path(target)}{"#" + fragment if fragment else ""}";')
    (site / REDIRECTS_MAP).parent.mkdir(parents=True, exist_ok=True)
    (site / REDIRECTS_MAP).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _page_path(source: str) -> str:
    """A page's source path as its address below the site's root, as MkDocs makes it (directory URLs): costs.md → costs/."""
    stem = source.removesuffix(".md")
    directory = posixpath.dirname(stem) if posixpath.basename(stem) in ("index", "README") else stem
    return f"{directory}/" if directory else ""


def _aliases(path: str) -> list[str]:
    """The ways a reader's tool may ask for an old page: old/, old and old/index.html."""
    return [path, path.rstrip("/"), f"{path}index.html"] if path else ["index.html"]


def precompress(site: Path, cache: Memo) -> int:
    """Write FILE.gz and FILE.br beside every text file of the site; return the bytes of text compressed."""
    files = sorted(p for p in site.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file() and HOST_DIR not in p.relative_to(site).parts)

    def compress(path: Path) -> int:
        data = path.read_bytes()
        write_compressed(path, data, cache)
        return len(data)

    with ThreadPoolExecutor() as pool:  # zlib and Brotli release the GIL
        return sum(pool.map(compress, files))


def write_compressed(path: Path, data: bytes, cache: Memo) -> None:
    """Write PATH.gz and PATH.br holding `data`: gzip -6 with no name and mtime 0 (the same bytes in every build), Brotli 8."""
    gz, br = compressed(data, cache)
    if not path.with_name(path.name + ".gz").exists():  # MkDocs' own sitemap.xml.gz stays, dated by the data
        path.with_name(path.name + ".gz").write_bytes(gz)
    path.with_name(path.name + ".br").write_bytes(br)


# Brotli 8, gzip 6: on this site's text, each level above them costs several times the CPU for few bytes fewer
# (Brotli 9 under 1%, 10 and 11 under a tenth; gzip -9 under 1%, for only the clients without Brotli), and a cold
# build compresses everything.
BROTLI_QUALITY = 8
GZIP_LEVEL = 6
_BROTLI = f"brotli-{BROTLI_QUALITY}-fitted"  # the cache's namespace: stored last, so a file found there has both


def is_compressed(data: bytes, cache: Memo) -> bool:
    """Whether `cache` holds both compressions of `data`."""
    return cache.has(_BROTLI, hashlib.sha256(data).hexdigest())


def as_hosted(html: str, site: Path, path: str) -> str:
    """The page MkDocs is about to write at `path`, as `externalize_scripts` will leave it."""
    return _externalized(html, _path_to_root(site, site / path, html), {})


def _brotli(data: bytes) -> bytes:
    """Brotli with a window no larger than the file (2**10 to 2**24 bytes), not its default 4 MB.

    The encoder allocates for its window: at the default, each file's compression takes fresh memory from the kernel and
    gives it back, work that for the site's many small files outweighs the compressing. Fitted, the files are the same
    size within a few bytes over the whole site (a window larger than the file has nothing more to refer to)."""
    return brotli.compress(data, quality=BROTLI_QUALITY, lgwin=min(24, max(10, (len(data) - 1).bit_length())))


def compressed(data: bytes, cache: Memo) -> tuple[bytes, bytes]:
    """`data` gzipped and Brotli-compressed, from `cache` or compressed now."""
    key = hashlib.sha256(data).hexdigest()
    gz = cache.get(f"gzip-{GZIP_LEVEL}", key, lambda: gzip.compress(data, GZIP_LEVEL, mtime=0))
    return gz, cache.get(_BROTLI, key, lambda: _brotli(data))
