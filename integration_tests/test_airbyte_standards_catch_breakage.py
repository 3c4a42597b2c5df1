"""Airbyte's standard tests, as driven by test_airbyte_standards.py, fail on a broken connector.

Each broken connector is the release binary behind a filter that changes what it prints, the way a bug would: one
stream's records dropped, one record that breaks its stream's schema, a LOG line carrying the config's access token.
The suite's own test methods are run against it and must fail, naming what is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import binary_path
import test_airbyte_standards as standards  # not its classes by name: pytest would collect them here again
from standard_suite import ProcessConnector, point_at_stand_in, stand_in_configs

# Runs the real binary with the same arguments and changes its stdout as MODE says; exits as the binary did.
FILTER = """#!{python}
import json, subprocess, sys
MODE, STREAM = {mode!r}, {stream!r}
done = subprocess.run([{binary!r}, *sys.argv[1:]], capture_output=True, text=True)
sys.stderr.write(done.stderr)
if MODE == "secret" and sys.argv[1] == STREAM:  # here STREAM names the command that leaks
    print(json.dumps({{"type": "LOG", "log": {{"level": "INFO", "message": "Authorization: Bearer " + {token!r}}}}}))
broken = False
for line in done.stdout.splitlines():
    message = json.loads(line)
    if message["type"] == "RECORD" and message["record"]["stream"] == STREAM:
        if MODE == "empty":
            continue
        if MODE == "schema" and not broken:
            message["record"]["data"]["firstDegreeSize"] = "fifty-seven thousand"
            broken = True
    print(json.dumps(message))
sys.exit(done.returncode)
"""
TOKEN = stand_in_configs()["secrets/config.json"]["credentials"]["access_token"]


def broken(folder: Path, mode: str, stream: str = "") -> type[standards.TestReleaseBinary]:
    """The suite's class, run against the binary behind a filter in `mode`."""
    path = folder / f"broken-{mode}"
    path.write_text(FILTER.format(python=sys.executable, mode=mode, stream=stream, binary=str(binary_path()),
                                  token=TOKEN))
    path.chmod(0o755)

    class Broken(standards.TestReleaseBinary):
        connector_under_test = ProcessConnector(binary=path)

    return Broken


def scenario(suite: type[standards.TestReleaseBinary], name: str):
    return next(s for s in suite.get_scenarios() if s.id == name)


@pytest.fixture(autouse=True)
def _needs_binary():
    if not binary_path().exists():
        pytest.fail(f"{binary_path()} is missing: run scripts/build-release first")


def run_test(suite: type[standards.TestReleaseBinary], test: str, *args, server, monkeypatch):
    point_at_stand_in(server, monkeypatch)  # what the suite's autouse fixture does
    getattr(suite(), test)(*args)


def test_a_stream_without_records_fails_the_basic_read(tmp_path, server, monkeypatch):
    suite = broken(tmp_path, "empty", "company_search")
    with pytest.raises(AssertionError, match="company_search"):
        run_test(suite, "test_basic_read", scenario(suite, "config"), server=server, monkeypatch=monkeypatch)


def test_a_record_that_breaks_its_schema_fails_the_basic_read(tmp_path, server, monkeypatch):
    suite = broken(tmp_path, "schema", "total_follower_count")
    with pytest.raises(AssertionError, match=r"(?s)total_follower_count.*firstDegreeSize"):
        run_test(suite, "test_basic_read", scenario(suite, "config"), server=server, monkeypatch=monkeypatch)


@pytest.mark.parametrize("test, command", [("test_check", "check"), ("test_basic_read", "read")])
def test_a_secret_in_a_log_line_fails(tmp_path, server, monkeypatch, test, command):
    suite = broken(tmp_path, "secret", command)
    pattern = rf"(?s)`{command}` .* printed secret values.*`/credentials/access_token` in message #1 \(LOG\)"
    with pytest.raises(AssertionError, match=pattern) as failure:
        run_test(suite, test, scenario(suite, "config"), server=server, monkeypatch=monkeypatch)
    assert TOKEN not in str(failure.value)


def test_the_unbroken_binary_passes_the_same_tests(tmp_path, server, monkeypatch):
    """The filter itself breaks nothing: in a mode that changes nothing, the same tests pass."""
    suite = broken(tmp_path, "none")
    for test in ("test_check", "test_basic_read"):
        run_test(suite, test, scenario(suite, "config"), server=server, monkeypatch=monkeypatch)
