"""An environment variable set only while a library reads it, and then put back as it was.

Libraries that read a setting from the environment once (vl-convert's fontconfig file, pypinyin's dictionary copy)
get it for that moment only: nothing started later from the same process (Chromium, under the tests) inherits it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def setting(name: str, value: str) -> Iterator[None]:
    former = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if former is None:
            del os.environ[name]
        else:
            os.environ[name] = former
