"""The on-demand interactive layer for charts: a self-hosted, CSP-safe Vega bundle.

Vega, Vega-Lite and Vega-Embed come as their own prebuilt browser files from
npm, in the versions vl-convert draws the static charts with (pinned in
generator/charts/vendor.json and package-lock.json, fetched by `make vendor`; a test
keeps the versions in step). Vega compiles its expressions (tooltips,
encodings) with `new Function`, which a Content-Security-Policy without
'unsafe-eval' forbids; Vega's own expression interpreter, the npm package
vega-interpreter, runs them without eval. It is added as
`window.vegaExpressionInterpreter`, and templates/chart-loader.js passes it to
Vega-Embed with `ast: true`. The build only joins the files: nothing is
bundled or minified, so the same files always give the same bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.errors import GeneratorError

BUNDLE_PATH = "charts/vega.js"
# In the vendor directory, fetched by generator/charts/vendor.py (make vendor, or a first build with charts).
# Each UMD file sets its global (vega, vegaLite, vegaEmbed) from the ones before it.
BROWSER_FILES = (("vega", "build/vega.min.js"), ("vega-lite", "build/vega-lite.min.js"), ("vega-embed", "build/vega-embed.min.js"))
INTERPRETER = Path("vega-interpreter")
UTIL = Path("vega-util") / "build"
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*\Z")


def vega_bundle(vendor_dir: Path) -> bytes:
    """Vega + Vega-Lite + Vega-Embed + vega-interpreter in one script, from the files in `vendor_dir`."""
    parts = [(package, _version(vendor_dir / package), _read(vendor_dir / package / name)) for package, name in BROWSER_FILES]
    interpreter_version, interpreter = _interpreter_source(vendor_dir)
    versions = ", ".join(f"{package} {version}" for package, version, _ in parts)
    header = f"/* {versions} and vega-interpreter {interpreter_version}, from npm (generator/charts/vendor.json). Generated: do not edit. */\n"
    # The files' source maps are not served: their comments would send browsers' developer tools to missing files.
    scripts = [_SOURCE_MAP.sub("", code).rstrip() + ";" for _, _, code in parts]
    return (header + "\n".join([*scripts, _snippet(interpreter)])).encode("utf-8")


def _read(path: Path) -> str:
    """A file of the vendor directory, or an error saying how to fetch it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GeneratorError(f"{path} is missing (the charts' interactive layer): run `make vendor` (make site does)") from None


def _version(package: Path) -> str:
    return json.loads(_read(package / "package.json"))["version"]


def _interpreter_source(vendor_dir: Path) -> tuple[str, str]:
    """vega-interpreter's version and its code, with the three vega-util helpers it imports, from vendor/."""
    package = vendor_dir / INTERPRETER
    version = _version(package)
    module = _read(package / "build" / "vega-interpreter.js")
    util = {name: _read(vendor_dir / UTIL / name) for name in ("isString.js", "interpreter.js", "compare.js")}
    # A classic script cannot import anything, so the helpers are taken from vega-util's own files, as they are.
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
        raise GeneratorError(f"vega-interpreter or vega-util changed shape (generator/charts/interactive.py looks for {pattern!r})")
    return found[0]


def _snippet(interpreter: str) -> str:
    """The interpreter in a strict function of its own (its names stay out of the page's scope), as the global the chart loader uses."""
    return '(function () {\n"use strict";\n' + interpreter + "\nwindow.vegaExpressionInterpreter = expression;\n})();\n"
