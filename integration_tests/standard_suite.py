"""What lets Airbyte's standard tests (airbyte-cdk's `SourceTestSuiteBase`) run a connector that is not Python.

The suite starts a connector in one of two ways: in-process, through `entrypoint_wrapper._run_command(source, args)`
with a Python `Source`, or as `docker run …` of an image. `airbyte-cdk connector test` refuses a Swift connector,
so test_airbyte_standards.py drives the suite's classes itself, and this module gives them a `ProcessConnector`:
`_run_command` is replaced, for that connector only, by a run of the release binary or of `docker run IMAGE`,
whose stdout lines become the suite's `EntrypointOutput` as on the suite's own Docker path (a non-zero exit is an
uncaught error). Nothing of the Python CDK's entrypoint runs in between: config validation, record counts, secret
masking are the connector's own.

On every run, and not only on `check` as the suite does, the output must also pass the suite's own secret-leak
assertion, and every stdout line must be an Airbyte message.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from airbyte_cdk.test import entrypoint_wrapper
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput
from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests._spec_lint import assert_no_secrets_in_output, get_single_spec
from airbyte_protocol.models import AirbyteMessage

from conftest import HERE, connector_variables

CONNECTOR_NAME = "source-linkedin-pages"
RUN_TIMEOUT_SECONDS = 600  # bounds a hang; a full read of the stand-in takes seconds
FILE_FLAGS = ("--config", "--catalog", "--state")


def stand_in_configs() -> dict[str, dict[str, Any]]:
    """The configs CI uses in place of a real account's secrets/*.json: the sample config (an access token) and the
    same with OAuth credentials, which makes the connector refresh a token at the stand-in."""
    sample = json.loads((HERE / "sample_config.json").read_text())
    oauth = dict(sample, credentials={
        "auth_method": "oAuth2.0", "client_id": "standard-tests-client-id-0123",
        "client_secret": "standard-tests-client-secret-4567", "refresh_token": "standard-tests-refresh-token-89ab"})
    return {"secrets/config.json": sample, "secrets/config_oauth.json": oauth}


def with_stand_in_config(scenario: ConnectorTestScenario) -> ConnectorTestScenario:
    """`scenario`, with the stand-in's config when its config is a real account's (under secrets/)."""
    configs = stand_in_configs()
    if scenario.config_path is None or str(scenario.config_path) not in configs:
        if scenario.config_path is not None and scenario.config_path.parts[0] == "secrets":
            raise AssertionError(f"{scenario.config_path}: no stand-in config for it in standard_suite.py")
        return scenario
    return scenario.model_copy(update={"config_dict": configs[str(scenario.config_path)]})


@dataclass
class ProcessConnector:
    """The connector as a process: the release binary at `binary`, or `docker run --rm IMAGE` of `image`, whose
    file arguments are mounted into the container (read-only, under /secrets) and named by their path there."""

    binary: Path | None = None
    image: str | None = None
    _spec: Any = field(default=None, repr=False)

    def spec(self, logger: Any = None) -> Any:
        """The spec the connector prints (run once). Also what makes this an `IConnector` for the suite."""
        if self._spec is None:
            self._spec = get_single_spec(self.run(["spec"]), connector_name=CONNECTOR_NAME)
        return self._spec

    def argv(self, args: list[str]) -> list[str]:
        if self.image is None:
            return [str(self.binary), *args]
        mounts: list[str] = []
        inside: list[str] = []
        for index, arg in enumerate(args):
            if index > 0 and args[index - 1] in FILE_FLAGS:
                target = f"/secrets/{args[index - 1][2:]}.json"
                mounts += ["-v", f"{Path(arg).resolve()}:{target}:ro"]
                arg = target
            inside.append(arg)
        return ["docker", "run", "--rm", *mounts, self.image, *inside]

    def run(self, args: list[str]) -> EntrypointOutput:
        argv = self.argv(args)
        if argv[0] == "docker" and shutil.which("docker") is None:
            raise AssertionError("no `docker` on PATH (scripts/test-container puts its shim there)")
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS,
                                   cwd=HERE.parent)
        lines = completed.stdout.splitlines()
        for number, line in enumerate(lines, 1):
            try:
                AirbyteMessage.model_validate_json(line)
            except ValueError as error:
                raise AssertionError(f"{' '.join(args[:1])}: stdout line {number} is not an Airbyte message "
                                     f"({type(error).__name__})") from None
        failure = (subprocess.CalledProcessError(completed.returncode, argv, completed.stdout, completed.stderr)
                   if completed.returncode != 0 else None)
        output = EntrypointOutput(messages=lines, uncaught_exception=failure, command=argv, stderr=completed.stderr)
        if args[0] != "spec" and "--config" in args:
            config = json.loads(Path(args[args.index("--config") + 1]).read_text())
            assert_no_secrets_in_output(output, spec=self.spec(), config=config, verb=args[0],
                                        connector_name=CONNECTOR_NAME)
        return output


_suite_run_command = entrypoint_wrapper._run_command  # noqa: SLF001 - the seam the suite starts connectors through


def run_command(source: Any, args: list[str], expecting_exception: bool | None = None, *,
                expected_outcome: Any = None) -> EntrypointOutput:
    """`entrypoint_wrapper._run_command`, which runs a `ProcessConnector` as a process and anything else as before."""
    if isinstance(source, ProcessConnector):
        return source.run(list(args))
    return _suite_run_command(source, args, expecting_exception, expected_outcome=expected_outcome)


def point_at_stand_in(server: Any, monkeypatch: Any) -> None:
    """For the rest of a test: the suite's `_run_command` runs `ProcessConnector`s, the connector's environment
    points it at `server`, at the fixtures' clock, and this process reaches no address but loopback (the suite
    must not look anything up on the network)."""
    monkeypatch.setattr(entrypoint_wrapper, "_run_command", run_command)
    monkeypatch.setattr(socket.socket, "connect", _loopback_only(socket.socket.connect))
    for name, value in connector_variables(server).items():
        monkeypatch.setenv(name, value)


def _loopback_only(connect: Any) -> Any:
    def guarded(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(address[0]).is_loopback:
            raise OSError(f"offline: the standard tests tried to reach {address[0]}")
        return connect(sock, address)
    return guarded


def image_under_test() -> str | None:
    """The image scripts/test-container built and wants tested, if any."""
    return os.environ.get("SOURCE_LINKEDIN_PAGES_IMAGE") or None
