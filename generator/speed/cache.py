"""A content-addressed cache for slow, deterministic renders (chart SVG/PNG, CSL citations): the `Memo` a build gets.

The key is a hash of everything the output depends on (the input and the
renderer's version), so a cached result is always the one a fresh render
would give; `mkdocs serve` then re-renders only what an edit changed. What
keeps nothing is `generator.memo.NO_MEMO`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path


class RenderCache:
    """Rendered outputs on disk under `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory

    def get(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The cached output for `key`, or `make()`'s, stored for next time."""
        output = self.lookup(namespace, key)
        if output is None:
            output = make()
            self.store(namespace, key, output)
        return output

    def lookup(self, namespace: str, key: str) -> bytes | None:
        """The cached output for `key`, or None."""
        try:
            return self._path(namespace, key).read_bytes()
        except FileNotFoundError:
            return None

    def holds_any(self, namespace: str) -> bool:
        """Whether anything is stored in `namespace`."""
        try:
            return any((self.directory / namespace).iterdir())
        except FileNotFoundError:
            return False

    def has(self, namespace: str, key: str) -> bool:
        return self._path(namespace, key).is_file()

    def store(self, namespace: str, key: str, output: bytes) -> None:
        path = self._path(namespace, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # workers may store at once
        temporary.write_bytes(output)
        temporary.replace(path)

    def _path(self, namespace: str, key: str) -> Path:
        return self.directory / namespace / hashlib.sha256(key.encode("utf-8")).hexdigest()

