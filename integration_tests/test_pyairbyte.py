"""PyAirbyte, the way many users run connectors from Python, driving our binary as a local executable."""

from __future__ import annotations

import collections
import json
import os

import pytest

from conftest import HERE, pyairbyte_variables


@pytest.fixture
def offline_pyairbyte(server, tmp_path, monkeypatch):
    """PyAirbyte kept off the network (registry, telemetry) and pointed, through the binary, at the replay server."""
    for name, value in pyairbyte_variables(server, tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)


def test_pyairbyte_reads_every_stream_into_duckdb(binary, offline_pyairbyte, sample_config):
    import airbyte as ab

    source = ab.get_source("source-linkedin-pages", config=sample_config, local_executable=str(binary), install_if_missing=False)
    source.check()
    source.select_all_streams()
    result = source.read(cache=ab.get_default_cache())
    expected = collections.Counter(json.loads(line)["stream"] for line in (HERE / "expected_records.jsonl").read_text().splitlines() if line)
    counts = {name: len(list(dataset)) for name, dataset in result.streams.items()}
    assert counts == dict(expected)


def test_pyairbyte_second_read_continues_from_the_state_it_kept(binary, offline_pyairbyte, sample_config, tmp_path):
    import airbyte as ab

    streams = ["follower_statistics_time_bound", "share_statistics_time_bound", "page_statistics_time_bound"]
    source = ab.get_source("source-linkedin-pages", config=sample_config, local_executable=str(binary), install_if_missing=False)
    source.select_streams(streams)
    # A cache of its own: PyAirbyte fixes its default cache folder when first imported, so it may hold earlier state.
    cache = ab.new_local_cache("second_read", cache_dir=str(tmp_path / "second-read-cache"))
    first = source.read(cache=cache)
    # Three streams, three pages (two company pages and the showcase page 8800001), 48 days.
    assert first.processed_records == 3 * 3 * 48
    # PyAirbyte hands back the state it stored (its own dump of our STATE messages): only the lookback is read again.
    second = source.read(cache=cache)
    assert second.processed_records == 3 * 3 * sample_config.get("lookback_days", 2)
