"""What git says about a project's files: page dates come from its history, and a kept output is keyed by its commit."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(directory: Path, *args: str) -> str | None:
    """What git prints for `args` run in `directory`, or None outside a checkout."""
    try:
        result = subprocess.run(["git", *args], cwd=directory, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None
