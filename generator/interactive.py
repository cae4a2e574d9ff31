"""The on-demand interactive layer for charts: a self-hosted, CSP-safe Vega bundle.

vl-convert ships Vega, Vega-Lite and Vega-Embed and can bundle them into one
script with no outside dependencies. Vega compiles its expressions (tooltips,
encodings) with `new Function`, which a Content-Security-Policy without
'unsafe-eval' forbids; Vega's own expression interpreter, the npm package
vega-interpreter (pinned in package-lock.json, installed by `npm ci`), runs
them without eval. It is bundled in, as `window.vegaExpressionInterpreter`, and
templates/chart-loader.js passes it to Vega-Embed with `ast: true`.

Bundling takes about a second, so the result is kept in a cache directory
keyed by the vl-convert and vega-interpreter versions: the same versions
always give the same bytes.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import vl_convert

from .errors import GeneratorError

BUNDLE_PATH = "charts/vega.js"
INTERPRETER = Path("node_modules") / "vega-interpreter"


def vega_bundle(root: Path, cache_dir: Path) -> bytes:
    """Vega + Vega-Lite + Vega-Embed + vega-interpreter in one script, from the cache when these versions made it before."""
    version = importlib.metadata.version("vl-convert-python")
    interpreter_version, interpreter = _interpreter_source(root)
    cached = cache_dir / f"vega-bundle-{version}-interpreter-{interpreter_version}.js"
    if cached.is_file():
        return cached.read_bytes()
    header = (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite and Vega-Embed {vl_convert.get_vega_embed_version()}, "
        f"vega-interpreter {interpreter_version}, bundled by vl-convert {version} at build time. Generated: do not edit. */\n"
    )
    bundle = (header + vl_convert.javascript_bundle(_snippet(interpreter))).encode("utf-8")
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(bundle)
    temporary.replace(cached)
    return bundle


def _interpreter_source(root: Path) -> tuple[str, str]:
    """vega-interpreter's version and its ES module, from node_modules (installed from package-lock.json)."""
    package = root / INTERPRETER
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
        return version, (package / "build" / "vega-interpreter.js").read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = f"{INTERPRETER} is missing (the charts' CSP-safe expression interpreter): run `npm ci --omit=dev` (make site does)"
        raise GeneratorError(msg) from None


def _snippet(interpreter: str) -> str:
    """vl-convert's snippet: the interpreter module with its vega-util imports taken from the bundled Vega, then the globals."""
    imports = re.compile(r"^import \{([^}]*)\} from 'vega-util';$", re.M)
    exports = re.compile(r"^export \{ expression as expressionInterpreter \};$", re.M)
    if len(imports.findall(interpreter)) != 1 or len(exports.findall(interpreter)) != 1:
        raise GeneratorError("vega-interpreter's module no longer has the one import and export generator/interactive.py expects")
    body = exports.sub("", imports.sub(r"const {\1} = vega;", interpreter))
    return (
        "{\n" + body + "\nwindow.vegaExpressionInterpreter = expression;\n}\n"
        "window.vegaEmbed = vegaEmbed;\nwindow.vega = vega;\nwindow.vegaLite = vegaLite;\n"
    )
