"""Airbyte's standard connector tests (airbyte-cdk's `SourceTestSuiteBase`, with `DockerConnectorTestSuite`'s image
tests), driven against the release binary and against the image, with the LinkedIn stand-in on 127.0.0.1.

Scenarios come from acceptance-test-config.yml at the connector's root, as in Airbyte's CI; configs under secrets/
(a real account's) are replaced by the stand-in's (standard_suite.py). The suite does not collect the
`incremental` section: `test_future_state_read` runs its future-state case here, as the Connector Acceptance Tests
did. The image class needs SOURCE_LINKEDIN_PAGES_IMAGE (scripts/test-container sets it, and puts a `docker` on PATH
that runs the engine it found, with host networking).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from conftest import ROOT, binary_path
from standard_suite import (
    CONNECTOR_NAME,
    ProcessConnector,
    image_under_test,
    point_at_stand_in,
    stand_in_configs,
    with_stand_in_config,
)

NO_REGISTRY = ("needs Airbyte's connector registry (connectors.airbyte.com) to fetch the published spec, and CI "
               "runs offline. (Published under airbyte/source-linkedin-pages is Airbyte's own 1.x connector, "
               "newer than this one's 0.x, so the suite would skip it there too.)")
IMAGE_TESTS_ELSEWHERE = "an image test: TestImage runs it against the image (scripts/test-container)"


class StandInSuite(SourceTestSuiteBase):
    """The suite's tests, with the stand-in's configs, the environment that points the connector at the stand-in,
    and `_run_command` running this class's `connector` as a process."""

    connector_under_test: ProcessConnector
    connector_name = CONNECTOR_NAME  # the suite takes the checkout's folder name otherwise

    @classmethod
    def get_connector_root_dir(cls) -> Path:
        return ROOT

    @classmethod
    def get_scenarios(cls):
        return [with_stand_in_config(scenario) for scenario in super().get_scenarios()]

    @classmethod
    def create_connector(cls, scenario):
        return cls.connector_under_test

    @pytest.fixture(autouse=True)
    def _against_stand_in(self, server, monkeypatch):
        point_at_stand_in(server, monkeypatch)

    def test_future_state_read(self):
        """The `incremental` section's `future_state` case (CAT's test_state_with_abnormally_large_values): with
        every cursor in the future, a read returns no records, no error, and a state for every configured stream."""
        incremental = self.acceptance_test_config["acceptance_tests"]["incremental"]["tests"]
        entries = [entry for entry in incremental if "future_state" in entry]
        assert entries, "acceptance-test-config.yml declares no incremental future_state case"
        for entry in entries:
            config = stand_in_configs()[entry["config_path"]]
            catalog = json.loads((ROOT / entry["configured_catalog_path"]).read_text())
            catalog["streams"] = [s for s in catalog["streams"] if s["sync_mode"] == "incremental"]
            with tempfile.TemporaryDirectory() as folder:
                files = {"config": config, "catalog": catalog,
                         "state": json.loads((ROOT / entry["future_state"]["future_state_path"]).read_text())}
                args = ["read"]
                for name, content in files.items():
                    (Path(folder) / f"{name}.json").write_text(json.dumps(content))
                    args += [f"--{name}", str(Path(folder) / f"{name}.json")]
                output = self.create_connector(None).run(args)
            assert not output.errors, output.get_formatted_error_message()
            assert not output.records, f"{len(output.records)} records from a state in the future"
            stated = {m.state.stream.stream_descriptor.name for m in output.state_messages}
            configured = {s["stream"]["name"] for s in catalog["streams"]}
            assert configured <= stated, f"no state for {sorted(configured - stated)}"


def _skipped(reason: str):
    def test(self):
        pytest.skip(reason)
    return test


class TestReleaseBinary(StandInSuite):
    """The suite against the release binary (dist/, from scripts/build-release)."""

    @pytest.fixture(autouse=True)
    def _binary_present(self):
        if not binary_path().exists():
            pytest.fail(f"{binary_path()} is missing: run scripts/build-release first")

    connector_under_test = ProcessConnector(binary=binary_path())
    test_docker_image_build_and_spec = _skipped(IMAGE_TESTS_ELSEWHERE)
    test_docker_image_spec_backward_compatibility = _skipped(IMAGE_TESTS_ELSEWHERE)
    test_docker_image_build_and_check = _skipped(IMAGE_TESTS_ELSEWHERE)
    test_docker_image_build_and_config_matches_spec = _skipped(IMAGE_TESTS_ELSEWHERE)
    test_docker_image_build_and_discover = _skipped(IMAGE_TESTS_ELSEWHERE)
    test_docker_image_build_and_read = _skipped(IMAGE_TESTS_ELSEWHERE)


@pytest.mark.skipif(image_under_test() is None,
                    reason="SOURCE_LINKEDIN_PAGES_IMAGE is not set: scripts/test-container builds the image and "
                           "runs this class")
class TestImage(StandInSuite):
    """The suite against the image: its in-process tests through `docker run`, and its own image tests."""

    connector_under_test = ProcessConnector(image=image_under_test())
    test_docker_image_spec_backward_compatibility = _skipped(NO_REGISTRY)

    @pytest.fixture
    def connector_image_override(self) -> str | None:
        return image_under_test()

    @pytest.fixture
    def read_scenarios(self):
        """Every config the basic read lists (the OAuth one too), not only the one the suite calls `config`."""
        return "all"

    @pytest.fixture
    def read_from_streams(self):
        """Every stream, as the basic read does (the suite's default reads only metadata.yaml's suggested ones)."""
        return "all"

