"""The run fails when a test leaves a process running (tests/conftest.py's pytest_sessionfinish), and names it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import BUILD_DEADLINE, ENV, ROOT

STARTS = """
import subprocess, sys
from conftest import end_group

def test_starts_a_server():
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    {ending}
"""


def _run(tmp_path, ending: str) -> subprocess.CompletedProcess:
    test = tmp_path / "test_starts_a_server.py"
    test.write_text(STARTS.format(ending=ending), encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), str(test)]
    return subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=BUILD_DEADLINE)


@pytest.mark.slow
def test_a_run_that_leaves_a_process_running_fails_naming_it(tmp_path):
    left = _run(tmp_path, "")
    assert left.returncode == pytest.ExitCode.TESTS_FAILED and "1 passed" in left.stdout, left.stdout
    assert "1 processes the tests started were still running" in left.stdout and "time.sleep(120)" in left.stdout, left.stdout

    ended = _run(tmp_path, "end_group(server)")
    assert ended.returncode == pytest.ExitCode.OK and "still running" not in ended.stdout, ended.stdout
