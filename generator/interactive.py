"""The on-demand interactive layer for charts: a self-hosted, CSP-safe Vega bundle.

vl-convert ships Vega, Vega-Lite and Vega-Embed and can bundle them into one
script with no outside dependencies. Vega compiles its expressions (tooltips,
encodings) with `new Function`, which a Content-Security-Policy without
'unsafe-eval' forbids; Vega's own expression interpreter, the npm package
vega-interpreter (pinned in package-lock.json, fetched by `make vendor`), runs
them without eval. It is bundled in, as `window.vegaExpressionInterpreter`, and
templates/chart-loader.js passes it to Vega-Embed with `ast: true`.

Bundling takes about a second, so the result is kept in a cache directory
keyed by the vl-convert version and the snippet (vega-interpreter's code):
the same inputs always give the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from concurrent.futures import Future
from pathlib import Path

from .errors import GeneratorError
from .workers import Workers, run_here

BUNDLE_PATH = "charts/vega.js"
# In the vendor directory, fetched by generator/vendor.py (make vendor, or a first build with charts).
INTERPRETER = Path("vega-interpreter")
UTIL = Path("vega-util") / "build"


def vega_bundle(vendor_dir: Path, cache_dir: Path, workers: Workers | None = None) -> Future:
    """Vega + Vega-Lite + Vega-Embed + vega-interpreter in one script (bytes, when the future is done): from the cache
    when these versions made it before, else bundled by one of `workers` (or here)."""
    version = importlib.metadata.version("vl-convert-python")
    interpreter_version, interpreter = _interpreter_source(vendor_dir)
    snippet = _snippet(interpreter)
    key = hashlib.sha256(snippet.encode("utf-8")).hexdigest()[:16]
    cached = cache_dir / f"vega-bundle-{version}-{key}.js"
    if cached.is_file():
        return run_here(cached.read_bytes)
    return (workers.submit if workers else run_here)(_bundle, snippet, interpreter_version, cached)


def _bundle(snippet: str, interpreter_version: str, cached: Path) -> bytes:
    import vl_convert  # only when bundling

    version = importlib.metadata.version("vl-convert-python")
    header = (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite and Vega-Embed {vl_convert.get_vega_embed_version()}, "
        f"vega-interpreter {interpreter_version}, bundled by vl-convert {version} at build time. Generated: do not edit. */\n"
    )
    bundle = (header + vl_convert.javascript_bundle(snippet)).encode("utf-8")
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(bundle)
    temporary.replace(cached)
    return bundle


def _interpreter_source(vendor_dir: Path) -> tuple[str, str]:
    """vega-interpreter's version and its code, with the three vega-util helpers it imports, from vendor/."""
    package = vendor_dir / INTERPRETER
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
        module = (package / "build" / "vega-interpreter.js").read_text(encoding="utf-8")
        util = {name: (vendor_dir / UTIL / name).read_text(encoding="utf-8") for name in ("isString.js", "interpreter.js", "compare.js")}
    except FileNotFoundError:
        msg = f"{vendor_dir / INTERPRETER} is missing (the charts' CSP-safe expression interpreter): run `make vendor` (make site does)"
        raise GeneratorError(msg) from None
    # The snippet vl-convert bundles cannot import anything (it resolves no module names, and its `vega`
    # is empty for Vega 6), so the helpers are taken from vega-util's own files, as they are.
    helpers = [
        _one(r"^export default (function isString\(_\) \{.*?^\})", util["isString.js"]),
        _one(r"^export (const DisallowedObjectProperties = .*?\]\);)", util["interpreter.js"]),
        _one(r"^export (const ascending = .*?^\};)", util["compare.js"]),
    ]
    return version, "\n".join(helpers) + "\n" + _one(r"^import \{[^}]*\} from 'vega-util';\n(.*)^export \{ expression as expressionInterpreter \};", module)


def _one(pattern: str, text: str) -> str:
    """The one match of `pattern`'s group in `text`: the npm files' shape is checked, never guessed."""
    found = re.findall(pattern, text, re.M | re.S)
    if len(found) != 1:
        raise GeneratorError(f"vega-interpreter or vega-util changed shape (generator/interactive.py looks for {pattern!r})")
    return found[0]


def _snippet(interpreter: str) -> str:
    """vl-convert's snippet: the interpreter in a block of its own, then the globals the chart loader uses."""
    return (
        "{\n" + interpreter + "\nwindow.vegaExpressionInterpreter = expression;\n}\n"
        "window.vegaEmbed = vegaEmbed;\nwindow.vega = vega;\nwindow.vegaLite = vegaLite;\n"
    )
