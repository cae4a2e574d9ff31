"""The package as a user installs it, and the site as ProperDocs (MkDocs 1.x continued) builds it.

The wheel goes into a fresh virtual environment with nothing else; its dependencies come at the versions
constraints.txt pins, from a wheelhouse in .cache/install/ that the first run fills from the index (later runs
install offline, and fill it again when the pins change). Every command then runs with only that environment on
PATH, outside this checkout: a module the package imports but does not declare fails the build, as it would for a user.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from conftest import BUILD_DEADLINE, ENV, REPORTS, ROOT, RUN_MARK, copy_project, replace_in

pytestmark = pytest.mark.slow

WHEELHOUSE = ROOT / ".cache" / "install" / "wheelhouse"
"""The pinned dependencies' wheels, kept between runs (`make clean` removes them)."""
INSTALL_DEADLINE = 900  # seconds to fetch and install the whole pinned tree on a first run: a hang, not a speed
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def _run(command: list, cwd: Path, env: dict[str, str] | None = None, timeout: float = BUILD_DEADLINE) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"`{' '.join(map(str, command))}` in {cwd} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """A fresh virtual environment holding the package's wheel and what it declares, nothing else: the environment
    a user's shell has once it is activated."""
    tmp = tmp_path_factory.mktemp("install")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT], cwd=tmp)
    (wheel,) = (tmp / "dist").glob("*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp)
    install = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-index", "--find-links", WHEELHOUSE, "-c", ROOT / "constraints.txt", wheel]
    offline = subprocess.run([str(part) for part in install], cwd=tmp, env=ENV, capture_output=True, text=True, timeout=INSTALL_DEADLINE)
    if offline.returncode != 0:  # the first run, or new pins: fetch the pinned tree from the index
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "pip", "wheel", "-q", "-c", ROOT / "constraints.txt", "-w", WHEELHOUSE, wheel], cwd=tmp, timeout=INSTALL_DEADLINE)
        for own in WHEELHOUSE.glob(f"{wheel.name.split('-')[0]}-*.whl"):  # this checkout's wheel is built afresh each run
            own.unlink()
        _run(install, cwd=tmp, timeout=INSTALL_DEADLINE)
    return {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin", "VIRTUAL_ENV": str(venv), "HOME": str(tmp),
        "LANG": "C.UTF-8", "TMPDIR": str(tmp), RUN_MARK: os.environ[RUN_MARK],
    }


def test_the_wheel_alone_starts_a_report_and_publishes_the_example(installed, tmp_path):
    where = _run(["python", "-c", "import generator; print(generator.__file__)"], cwd=tmp_path, env=installed).stdout
    assert where.startswith(installed["VIRTUAL_ENV"]), f"the package was imported from {where}, not the fresh environment"
    _run(["python", "-m", "pip", "check"], cwd=tmp_path, env=installed)

    text = REPORTS["ingenuity"] / "data" / "source-article.txt"
    _run(["report-site", "new", "my-report", "--text", text], cwd=tmp_path, env=installed)
    _run(["mkdocs", "build"], cwd=tmp_path / "my-report", env=installed)
    assert (tmp_path / "my-report" / "site" / "index.html").is_file()

    example = copy_project(tmp_path / "example", REPORTS["ingenuity"])
    replace_in(example / "mkdocs.yml", "https://example.org/", "https://reports.example-press.test/")  # what --publish refuses
    replace_in(example / "data" / "site.yaml", "name: Report Site Editors", "name: Li Wei")
    _run(["report-site", "build", "--publish"], cwd=example, env=installed)
    assert (example / "site" / "index.html.br").is_file() and (example / "site" / "charts").is_dir()


def test_properdocs_builds_the_same_site_but_for_its_generator_tag(site, tmp_path):
    """ProperDocs, the maintained drop-in continuation of MkDocs 1.x, builds the DeepSeek report file for file alike."""
    project = copy_project(tmp_path / "project", REPORTS["deepseek"])
    _run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=project)
    ours, theirs = _contents(site), _contents(project / "site")
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert not differing, f"{len(differing)} files differ beyond the generator tag, first {differing[:5]}"
    assert b"ProperDocs" in GENERATOR_TAG.search((project / "site" / "index.html").read_bytes()).group()  # built by ProperDocs indeed


def _contents(site: Path) -> dict[str, bytes]:
    """Each file of a site, compressed ones decompressed, with HTML's generator tag taken out."""
    found = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        elif path.suffix == ".br":
            data = brotli.decompress(data)
        found[path.relative_to(site).as_posix()] = GENERATOR_TAG.sub(b"", data)
    return found

