"""The on-demand interactive layer for charts: a self-hosted Vega bundle.

vl-convert ships Vega, Vega-Lite and Vega-Embed and can bundle them into one
script with no outside dependencies. Bundling takes about a second, so the
result is kept in a cache directory keyed by the vl-convert version: the
same version always gives the same bytes.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import vl_convert

BUNDLE_PATH = "charts/vega.js"


def vega_bundle(cache_dir: Path) -> bytes:
    """The Vega + Vega-Lite + Vega-Embed bundle, from the cache when this vl-convert version made it before."""
    version = importlib.metadata.version("vl-convert-python")
    cached = cache_dir / f"vega-bundle-{version}.js"
    if cached.is_file():
        return cached.read_bytes()
    header = (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite and Vega-Embed {vl_convert.get_vega_embed_version()}, "
        f"bundled by vl-convert {version} at build time. Generated: do not edit. */\n"
    )
    bundle = (header + vl_convert.javascript_bundle()).encode("utf-8")
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(bundle)
    temporary.replace(cached)
    return bundle
