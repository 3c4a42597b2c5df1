"""Shared fixtures: the release binary, a replay server on 127.0.0.1, and a runner that checks every output line
against Airbyte's own protocol models."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from airbyte_protocol.models import AirbyteMessage

from replay_server import ReplayServer

# Airbyte's standard tests (test_airbyte_standards.py): their scenario parametrization and fixtures.
pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RECORDED_AT = "2026-11-20T09:00:00Z"  # the clock the fixtures were recorded at (Tests/Fixtures/linkedin/routes.json)


def binary_path() -> Path:
    return Path(os.environ.get("SOURCE_LINKEDIN_PAGES_BINARY", ROOT / "dist" / "source-linkedin-pages")).resolve()


@dataclass
class Result:
    returncode: int
    messages: list[dict]
    stderr: str
    stdout: str

    def of(self, kind: str) -> list[dict]:
        return [m for m in self.messages if m["type"] == kind]

    @property
    def records(self) -> list[dict]:
        return [m["record"] for m in self.of("RECORD")]

    @property
    def states(self) -> list[dict]:
        return [m["state"] for m in self.of("STATE")]

    @property
    def errors(self) -> list[dict]:
        return [m["trace"]["error"] for m in self.of("TRACE") if m["trace"]["type"] == "ERROR"]

    def final_state_input(self) -> list[dict]:
        latest = {}
        for state in self.states:
            latest[state["stream"]["stream_descriptor"]["name"]] = state
        return [{"type": "STREAM", "stream": s["stream"]} for s in latest.values()]


@pytest.fixture(scope="session")
def binary() -> Path:
    path = binary_path()
    if not path.exists():
        pytest.fail(f"{path} is missing: run scripts/build-release first")
    return path


@pytest.fixture(scope="session")
def server():
    server = ReplayServer().start()
    yield server
    server.stop()


@pytest.fixture
def fresh_server():
    """A server of the test's own, for tests that inject faults or count requests."""
    server = ReplayServer().start()
    yield server
    server.stop()


def connector_variables(server: ReplayServer) -> dict[str, str]:
    """What points the binary at `server`, at the clock the fixtures were recorded at."""
    return {
        "LINKEDIN_API_BASE_URL": f"{server.base_url}/rest",
        "LINKEDIN_OAUTH_TOKEN_URL": f"{server.base_url}/oauth/v2/accessToken",
        "SOURCE_LINKEDIN_PAGES_NOW": RECORDED_AT,
    }


def environment(server: ReplayServer) -> dict:
    return {**os.environ, **connector_variables(server)}


def pyairbyte_variables(server: ReplayServer, folder: Path) -> dict[str, str]:
    """PyAirbyte kept off the network (registry, telemetry; it reads these when first imported), its caches under
    `folder`, and, through the binary, pointed at `server`."""
    return {
        "AIRBYTE_OFFLINE_MODE": "1", "DO_NOT_TRACK": "1", "AIRBYTE_CACHE_ROOT": str(folder / "cache"),
        **connector_variables(server),
    }


@pytest.fixture
def run(binary, server, tmp_path):
    """Runs the binary against `server` (or another given one); every stdout line must be an AirbyteMessage."""

    def runner(*args: str, config: dict | None = None, catalog: dict | None = None, state=None,
               against: ReplayServer | None = None, timeout: float = 60) -> Result:
        argv = [str(binary), *args]
        for flag, value in (("--config", config), ("--catalog", catalog), ("--state", state)):
            if value is not None:
                path = tmp_path / f"{flag[2:]}-{len(list(tmp_path.iterdir()))}.json"
                path.write_text(json.dumps(value))
                argv += [flag, str(path)]
        completed = subprocess.run(argv, capture_output=True, text=True, env=environment(against or server), timeout=timeout)
        messages = []
        for line in completed.stdout.splitlines():
            AirbyteMessage.model_validate_json(line)  # raises if a field name or type is off
            messages.append(json.loads(line))
        return Result(completed.returncode, messages, completed.stderr, completed.stdout)

    return runner


def load(name: str):
    return json.loads((HERE / name).read_text())


@pytest.fixture
def sample_config() -> dict:
    return load("sample_config.json")


@pytest.fixture
def catalog() -> dict:
    return load("configured_catalog.json")
