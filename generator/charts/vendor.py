"""Fetch the files the build takes from npm packages, without Node.js.

generator/charts/vendor.json pins each package's version and sha512 integrity (the
same as package-lock.json's) and names the files the build reads: the map's
country shapes (world-atlas) and Vega's CSP-safe expression interpreter. The
tarball comes from the npm registry, is checked against that integrity, and
only the named files are written, to <vendor dir>/<package>/. A build fetches
what is missing once (a project's first build with charts); after that it
reads the files and never touches the network.

    python3 -m generator.charts.vendor vendor/     # stdlib only: fetch what is missing
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

PINS = Path(__file__).with_name("vendor.json")
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org/")


class VendorError(Exception):
    """A pinned file could not be fetched or did not match its pin."""


def fetch_missing(vendor_dir: Path) -> list[Path]:
    """Fetch every pinned file `vendor_dir` lacks; return the paths written."""
    pins: dict[str, dict] = json.loads(PINS.read_text(encoding="utf-8"))
    written = []
    for package, pin in sorted(pins.items()):
        targets = {name: vendor_dir / package / name for name in pin["files"]}
        if all(path.exists() for path in targets.values()):
            continue
        tarball = _fetch(f"{REGISTRY.rstrip('/')}/{package}/-/{package.rsplit('/', 1)[-1]}-{pin['version']}.tgz")
        _check_integrity(tarball, pin["integrity"], package)
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for name, path in targets.items():
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise VendorError(f"{PINS}: {package} {pin['version']} has no file {name!r}")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(member.read())
                written.append(path)
    return written


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except OSError as err:
        raise VendorError(f"could not fetch {url}: {err} (set NPM_REGISTRY to use a mirror)") from None


def _check_integrity(data: bytes, integrity: str, package: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise VendorError(f"{PINS}: {package}: the tarball's {algorithm} is {actual}, not the pinned {expected}")


if __name__ == "__main__":
    try:
        for path in fetch_missing(Path(sys.argv[1] if len(sys.argv) > 1 else "vendor")):
            print(f"vendored {path}", file=sys.stderr)
    except VendorError as err:
        sys.exit(str(err))
