"""What a stage asks of a store of slow, deterministic renders (citations, page dates, compressed files).

The stages say what they would keep (`Memo`); whether anything is kept, and
where, is for the caller: `NO_MEMO` keeps nothing, so a stage computes
everything each time, and `mkdocs build` and `serve` give the content-addressed
store under `.cache/` (generator/speed/cache.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Memo(Protocol):
    def lookup(self, namespace: str, key: str) -> bytes | None:
        """The output kept for `key`, or None."""
        ...

    def store(self, namespace: str, key: str, output: bytes) -> None:
        """Keep `output` for `key`."""
        ...

    def get(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The output kept for `key`, or `make()`'s, kept for next time."""
        ...

    def has(self, namespace: str, key: str) -> bool:
        """Whether an output is kept for `key`."""
        ...


class _Nothing:
    """A memo that keeps nothing: every output is made anew."""

    def lookup(self, namespace: str, key: str) -> bytes | None:
        return None

    def store(self, namespace: str, key: str, output: bytes) -> None:
        return None

    def get(self, namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
        return make()

    def has(self, namespace: str, key: str) -> bool:
        return False


NO_MEMO: Memo = _Nothing()
