"""Write a generated docs tree to disk, for `render --out` and inspection."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .errors import GeneratorError


def write_tree(files: dict[str, bytes], hand_written: Path, out_dir: Path) -> list[str]:
    """Write hand-written docs plus generated files to `out_dir`, replacing it whole.

    The tree is built in a sibling temporary directory and swapped in at the
    end, so a failure leaves any previous `out_dir` as it was.
    """
    clashes = sorted(path for path in files if (hand_written / path).exists())
    if clashes:
        msg = "generated files would overwrite hand-written ones in docs/: " + ", ".join(clashes)
        raise GeneratorError(msg)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        if hand_written.is_dir():
            shutil.copytree(hand_written, staging, dirs_exist_ok=True)
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file())
