"""PyAirbyte, the way many users run connectors from Python, driving our binary as a local executable."""

from __future__ import annotations

import collections
import json
import os

import pytest

from conftest import HERE, RECORDED_AT


def test_pyairbyte_reads_every_stream_into_duckdb(binary, server, sample_config, tmp_path, monkeypatch):
    monkeypatch.setenv("AIRBYTE_OFFLINE_MODE", "1")
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    monkeypatch.setenv("AIRBYTE_CACHE_ROOT", str(tmp_path / "cache"))
    monkeypatch.setenv("LINKEDIN_API_BASE_URL", f"{server.base_url}/rest")
    monkeypatch.setenv("LINKEDIN_OAUTH_TOKEN_URL", f"{server.base_url}/oauth/v2/accessToken")
    monkeypatch.setenv("SOURCE_LINKEDIN_PAGES_NOW", RECORDED_AT)
    monkeypatch.chdir(tmp_path)
    import airbyte as ab

    source = ab.get_source("source-linkedin-pages", config=sample_config, local_executable=str(binary), install_if_missing=False)
    source.check()
    source.select_all_streams()
    result = source.read(cache=ab.get_default_cache())
    expected = collections.Counter(json.loads(line)["stream"] for line in (HERE / "expected_records.jsonl").read_text().splitlines() if line)
    counts = {name: len(list(dataset)) for name, dataset in result.streams.items()}
    assert counts == dict(expected)
