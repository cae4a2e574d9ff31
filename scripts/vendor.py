"""Fetch the files the build takes from npm packages, without Node.js.

package.json's `vendor` key names them (package → files); package-lock.json
pins each package's version and sha512 integrity. The tarball comes from the
npm registry, is checked against that integrity, and only the named files are
written, to vendor/<package>/. Nothing here runs at build time: the build
reads vendor/ and never touches the network, and the site serves what the
generator makes of these files, never the files from anywhere else.

    python scripts/vendor.py          # fetch what is missing
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org/")


def vendor(root: Path = ROOT) -> list[Path]:
    """Fetch every file package.json's `vendor` names that vendor/ lacks; return the paths written."""
    wanted: dict[str, list[str]] = json.loads((root / "package.json").read_text(encoding="utf-8"))["vendor"]
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    written = []
    for package, files in sorted(wanted.items()):
        targets = {name: root / "vendor" / package / name for name in files}
        if all(path.exists() for path in targets.values()):
            continue
        pinned = lock[f"node_modules/{package}"]
        tarball = _fetch(f"{REGISTRY.rstrip('/')}/{package}/-/{package.rsplit('/', 1)[-1]}-{pinned['version']}.tgz")
        _check_integrity(tarball, pinned["integrity"], package)
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for name, path in targets.items():
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise SystemExit(f"package.json: vendor: {package} {pinned['version']} has no file {name!r}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(member.read())
                written.append(path)
    return written


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except OSError as err:
        raise SystemExit(f"could not fetch {url}: {err} (set NPM_REGISTRY to use a mirror)") from None


def _check_integrity(data: bytes, integrity: str, package: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"package-lock.json: {package}: the tarball's {algorithm} is {actual}, not the pinned {expected}")


if __name__ == "__main__":
    for path in vendor():
        print(f"vendored {path.relative_to(ROOT)}", file=sys.stderr)
