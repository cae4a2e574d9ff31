"""Write a generated docs tree to disk, for `render --out` and inspection.

The generator owns only what it wrote: the output directory carries a
manifest of its files, a directory holding anything else is refused, and
the new tree is built beside it and swapped in whole, so stale generated
files disappear and a failure leaves the previous output as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from generator.errors import GeneratorError

MANIFEST = ".generated-files.json"


def write_tree(files: dict[str, bytes], hand_written: Path, out_dir: Path) -> list[str]:
    """Write hand-written docs plus generated files to `out_dir`, replacing the previous output."""
    clashes = sorted(path for path in files if (hand_written / path).exists())
    if clashes:
        named = ", ".join(f"{hand_written.name}/{path} (hand-written) and generated {path}" for path in clashes)
        raise GeneratorError(f"generated files would overwrite hand-written ones: {named}")
    out_dir = out_dir.resolve()
    _refuse_foreign_files(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        if hand_written.is_dir():
            shutil.copytree(hand_written, staging, dirs_exist_ok=True)
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        written = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        (staging / MANIFEST).write_text(json.dumps(written, indent=0) + "\n", encoding="utf-8")
        swap_in(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return written


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by the finished `staging` directory: two renames, never a half-written tree."""
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def _refuse_foreign_files(out_dir: Path) -> None:
    """Stop unless every file in an existing `out_dir` is listed in the manifest of the previous run."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise GeneratorError(f"{out_dir} is a file, not a directory the generator wrote")
    manifest = out_dir / MANIFEST
    ours = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    foreign = sorted(
        str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file() and p != manifest and str(p.relative_to(out_dir)) not in ours
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise GeneratorError(f"{out_dir} holds files the generator did not write ({shown}); nothing was changed. Choose an empty or new --out directory.")
