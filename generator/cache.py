"""A content-addressed cache for slow, deterministic renders (chart SVG/PNG, CSL citations).

The key is a hash of everything the output depends on (the input and the
renderer's version), so a cached result is always the one a fresh render
would give; `mkdocs serve` then re-renders only what an edit changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path


class RenderCache:
    """Rendered outputs on disk under `directory`, or nothing cached when it is None."""

    def __init__(self, directory: Path | None):
        self.directory = directory

    def get(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The cached output for `key`, or `make()`'s, stored for next time."""
        if self.directory is None:
            return make()
        path = self.directory / namespace / hashlib.sha256(key.encode("utf-8")).hexdigest()
        if path.is_file():
            return path.read_bytes()
        output = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(output)
        temporary.replace(path)
        return output


NO_CACHE = RenderCache(None)
