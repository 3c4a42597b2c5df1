"""The connector as Airbyte's tooling sees it: protocol models, JSON Schema, the standard integration files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import HERE, ROOT, load


def expected_records() -> list[dict]:
    return [json.loads(line) for line in (HERE / "expected_records.jsonl").read_text().splitlines() if line]


def without_emitted_at(records):
    return sorted(json.dumps({"stream": r["stream"], "data": r["data"]}, sort_keys=True) for r in records)


def test_spec_equals_spec_json(run):
    result = run("spec")
    assert result.returncode == 0
    assert [m["type"] for m in result.messages] == ["SPEC"]
    assert result.messages[0]["spec"] == json.loads((ROOT / "spec.json").read_text())


def test_sample_config_is_valid_against_spec(sample_config):
    spec = json.loads((ROOT / "spec.json").read_text())["connectionSpecification"]
    jsonschema.validate(sample_config, spec)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load("invalid_config.json"), spec)


def test_check_succeeds_with_sample_config(run, sample_config):
    result = run("check", config=sample_config)
    assert result.returncode == 0
    assert [m["connectionStatus"]["status"] for m in result.of("CONNECTION_STATUS")] == ["SUCCEEDED"]


def test_check_fails_with_invalid_config_naming_the_fields(run):
    result = run("check", config=load("invalid_config.json"))
    statuses = result.of("CONNECTION_STATUS")
    assert [s["connectionStatus"]["status"] for s in statuses] == ["FAILED"]
    message = statuses[0]["connectionStatus"]["message"]
    assert "credentials.access_token" in message and "org_id" in message


def test_discover_declares_valid_schemas_cursors_and_keys(run, sample_config):
    result = run("discover", config=sample_config)
    assert result.returncode == 0
    streams = result.of("CATALOG")[0]["catalog"]["streams"]
    assert {s["name"] for s in streams} >= {s["stream"]["name"] for s in load("configured_catalog.json")["streams"]}
    for stream in streams:
        schema = stream["json_schema"]
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema.get("additionalProperties", True) is True
        for key in stream.get("source_defined_primary_key", []):
            assert key[0] in schema["properties"], (stream["name"], key)
        if "incremental" in stream["supported_sync_modes"]:
            assert stream["source_defined_cursor"] is True
            assert stream["default_cursor_field"][0] in schema["properties"]


@pytest.fixture(scope="module")
def full_read(binary, server, tmp_path_factory):
    """One read of every stream, shared by the tests that only look at it."""
    import subprocess
    from conftest import Result, environment
    from airbyte_protocol.models import AirbyteMessage

    folder = tmp_path_factory.mktemp("read")
    (folder / "config.json").write_text((HERE / "sample_config.json").read_text())
    (folder / "catalog.json").write_text((HERE / "configured_catalog.json").read_text())
    completed = subprocess.run(
        [str(binary), "read", "--config", str(folder / "config.json"), "--catalog", str(folder / "catalog.json")],
        capture_output=True, text=True, env=environment(server), timeout=120)
    for line in completed.stdout.splitlines():
        AirbyteMessage.model_validate_json(line)
    return Result(completed.returncode, [json.loads(l) for l in completed.stdout.splitlines()], completed.stderr, completed.stdout)


def test_read_emits_the_expected_records(full_read):
    assert full_read.returncode == 0, full_read.errors
    assert without_emitted_at(full_read.records) == without_emitted_at(expected_records())


def test_every_record_validates_against_its_stream_schema(full_read, run, sample_config):
    streams = {s["name"]: s["json_schema"] for s in run("discover", config=sample_config).of("CATALOG")[0]["catalog"]["streams"]}
    for record in full_read.records:
        jsonschema.validate(record["data"], streams[record["stream"]])


def test_every_stream_reports_status_and_state(full_read, catalog):
    for entry in catalog["streams"]:
        name = entry["stream"]["name"]
        statuses = [m["trace"]["stream_status"]["status"] for m in full_read.of("TRACE")
                    if m["trace"]["type"] == "STREAM_STATUS" and m["trace"]["stream_status"]["stream_descriptor"]["name"] == name]
        assert statuses == ["STARTED", "RUNNING", "COMPLETE"], name
        states = [s for s in full_read.states if s["stream"]["stream_descriptor"]["name"] == name]
        assert states and all(s["type"] == "STREAM" and "recordCount" in s["sourceStats"] for s in states), name
    counted = sum(s["sourceStats"]["recordCount"] for s in full_read.states)
    assert counted == len(full_read.records)


def test_two_full_refresh_reads_give_the_same_records(run, sample_config, catalog):
    for entry in catalog["streams"]:
        entry["sync_mode"] = "full_refresh"
    first, second = run("read", config=sample_config, catalog=catalog), run("read", config=sample_config, catalog=catalog)
    assert first.records and without_emitted_at(first.records) == without_emitted_at(second.records)
    assert max(r["emitted_at"] for r in first.records) <= min(r["emitted_at"] for r in second.records)


def cursors(state_message: dict) -> dict:
    """organization id → cursor value, from our per-organization state."""
    stream_state = state_message["stream"]["stream_state"]
    return {entry["partition"]["org_id"]: next(iter(entry["cursor"].values())) for entry in stream_state.get("states", [])}


def organization_of(data: dict) -> str:
    """The page's state key: a company page's digits, a showcase page's URN."""
    urn = data.get("organizationalEntity") or data.get("organization") or data.get("author")
    return urn if urn.startswith("urn:li:organizationBrand:") else urn.rsplit(":", 1)[1]


@pytest.mark.parametrize("lookback_days", [0, 2])
def test_incremental_read_continues_from_the_final_state(run, sample_config, catalog, lookback_days):
    sample_config["lookback_days"] = lookback_days
    cursor_fields = {e["stream"]["name"]: e["cursor_field"][0] for e in catalog["streams"] if e["sync_mode"] == "incremental"}
    first = run("read", config=sample_config, catalog=catalog)
    state = first.final_state_input()
    second = run("read", config=sample_config, catalog=catalog, state=state)
    assert second.returncode == 0
    final = {s["stream"]["stream_descriptor"]["name"]: cursors(s) for s in state}
    allowed = lookback_days * 86_400_000
    for record in second.records:
        field = cursor_fields.get(record["stream"])
        if field:
            saved = final[record["stream"]][organization_of(record["data"])]
            assert record["data"][field] >= saved - allowed, (record["stream"], "record older than the cursor")
            if lookback_days == 0 and field == "timeRangeEnd":
                assert record["data"]["timeRangeStart"] >= saved
    for state_message in second.states:
        name = state_message["stream"]["stream_descriptor"]["name"]
        for organization, value in cursors(state_message).items():
            assert value >= final.get(name, {}).get(organization, 0), "state moved backwards"


def test_sample_state_from_airbytes_connector_is_accepted(run, sample_config, catalog):
    result = run("read", config=sample_config, catalog=catalog, state=load("sample_state.json"))
    assert result.returncode == 0 and not result.errors
    follower = [r["data"] for r in result.records if r["stream"] == "follower_statistics_time_bound"
                and r["data"]["organizationalEntity"].endswith(":2414183")]
    assert follower and min(r["timeRangeStart"] for r in follower) >= 1794441600000 - 2 * 86_400_000


def test_abnormal_state_gives_no_records_and_keeps_state(run, sample_config):
    catalog = {"streams": [e for e in load("configured_catalog.json")["streams"] if e["sync_mode"] == "incremental"]}
    result = run("read", config=sample_config, catalog=catalog, state=load("abnormal_state.json"))
    assert result.returncode == 0
    assert not result.records and not result.errors
    assert len(result.states) >= 1


def test_unknown_stream_in_catalog_is_a_trace_error(run, sample_config):
    catalog = {"streams": [{"stream": {"name": "no_such_stream", "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
                            "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]}
    result = run("read", config=sample_config, catalog=catalog)
    assert result.returncode != 0
    assert result.errors and "no_such_stream" in result.errors[0]["message"]
