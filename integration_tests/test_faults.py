"""Faults and bad input, through the release binary: keep working, lose nothing, leak nothing.

Every test runs with recognisable secrets in the config and checks that no byte of stdout or stderr contains them.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from conftest import environment, load
from replay_server import Fault

SECRETS = ["AQV-fault-suite-access-token-6f1e", "AQX-fault-suite-refresh-token-9b2c", "fault-suite-client-secret-41aa", "fault-suite-salt-77"]
QUOTA = json.dumps({"status": 429, "serviceErrorCode": 101, "code": "TOO_MANY_REQUESTS",
                    "message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}).encode()


def token_config(**extra) -> dict:
    config = load("sample_config.json")
    config["credentials"] = {"auth_method": "access_token", "access_token": SECRETS[0]}
    config["member_hash_salt"] = SECRETS[3]
    config.update(extra)
    return config


def oauth_config(**extra) -> dict:
    config = token_config(**extra)
    config["credentials"] = {"auth_method": "oAuth2.0", "client_id": "fault-suite-client-id", "client_secret": SECRETS[2], "refresh_token": SECRETS[1]}
    return config


def assert_no_secrets(result):
    """No secret in any line but CONTROL, which must carry the real config for the platform to store."""
    shown = [line for line in result.stdout.splitlines() if not line.startswith('{"type":"CONTROL"')]
    for secret in SECRETS:
        assert all(secret not in line for line in shown) and secret not in result.stderr, "a secret reached the output"


def identity(record: dict) -> str:
    return json.dumps({"stream": record["stream"], "data": record["data"]}, sort_keys=True)


def time_bound_catalog() -> dict:
    return {"streams": [e for e in load("configured_catalog.json")["streams"] if e["stream"]["name"].endswith("_time_bound")]}


def test_quota_exhausted_everywhere_is_transient_incomplete_and_non_zero(run, fresh_server):
    fresh_server.replay.faults.append(Fault(status=429, body=QUOTA, count=10_000, path_contains="Statistics", headers={"Retry-After": "0"}))
    result = run("read", config=token_config(), catalog=time_bound_catalog(), against=fresh_server)
    assert result.returncode != 0
    assert any(e["failure_type"] == "transient_error" and "00:00 UTC" in e["message"] for e in result.errors)
    statuses = [m["trace"]["stream_status"] for m in result.of("TRACE") if m["trace"]["type"] == "STREAM_STATUS"]
    incomplete = [s for s in statuses if s["status"] == "INCOMPLETE"]
    assert incomplete and incomplete[0]["reasons"][0]["type"] == "RATE_LIMITED"
    assert_no_secrets(result)


def test_quota_exhausted_midway_then_the_next_run_loses_and_repeats_nothing(run, fresh_server, server):
    catalog = time_bound_catalog()
    complete = run("read", config=token_config(lookback_days=0), catalog=catalog)
    everything = {identity(r) for r in complete.records}
    # Let the acls/lookup-free run make a few statistics requests, then exhaust the quota.
    original = fresh_server.replay.answer
    served = {"count": 0}

    def answer_with_quota(method, target, headers, body):
        if "Statistics" in target:
            served["count"] += 1
            if served["count"] > 4:
                return 429, QUOTA, {"Retry-After": "0"}, 0.0
        return original(method, target, headers, body)

    fresh_server.replay.answer = answer_with_quota
    first = run("read", config=token_config(lookback_days=0, max_concurrency=1), catalog=catalog, against=fresh_server)
    assert first.returncode != 0 and first.states
    second = run("read", config=token_config(lookback_days=0), catalog=catalog, state=first.final_state_input())
    assert second.returncode == 0
    first_records = [identity(r) for r in first.records]
    second_records = [identity(r) for r in second.records]
    assert set(first_records) | set(second_records) == everything
    assert not set(first_records) & set(second_records)
    assert_no_secrets(first)


@pytest.mark.parametrize("fault", [
    Fault(status=429, body=QUOTA, count=3, headers={"Retry-After": "0"}),
    Fault(status=503, body=b"<html>Service Unavailable</html>", count=2, headers={"Retry-After": "0"}),
])
def test_transient_faults_are_retried_and_the_read_completes(run, fresh_server, fault):
    fresh_server.replay.faults.append(fault)
    result = run("read", config=token_config(), catalog=time_bound_catalog(), against=fresh_server)
    assert result.returncode == 0 and not result.errors
    assert len(result.records) == 3 * 3 * 48  # three streams, three pages (one a showcase page), 48 days
    assert any("retry" in m["log"]["message"] for m in result.of("LOG"))
    assert_no_secrets(result)


@pytest.mark.parametrize("status, body, failure_type, advice", [
    (401, b'{"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}', "config_error", "expired or revoked"),
    (403, b'{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions"}', "config_error", "ADMINISTRATOR"),
    (426, b'{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version 20240301 is not active"}', "config_error", "api_version"),
])
def test_auth_and_version_failures_are_actionable(run, fresh_server, status, body, failure_type, advice):
    fresh_server.replay.faults.append(Fault(status=status, body=body, count=10_000, path_contains="/rest/"))
    result = run("read", config=token_config(), catalog=time_bound_catalog(), against=fresh_server)
    assert result.returncode != 0
    assert result.errors and all(e["failure_type"] == failure_type for e in result.errors)
    assert advice in result.errors[0]["message"]
    assert_no_secrets(result)


def test_invalid_refresh_token_says_so_and_leaks_nothing(run, fresh_server):
    body = b'{"error":"invalid_request","error_description":"The provided authorization grant or refresh token is invalid, expired or revoked"}'
    fresh_server.replay.faults.append(Fault(status=400, body=body, count=10, path_contains="accessToken"))
    result = run("check", config=oauth_config(), against=fresh_server)
    status = result.of("CONNECTION_STATUS")[0]["connectionStatus"]
    assert status["status"] == "FAILED" and "refresh token is invalid or expired" in status["message"]
    read = run("read", config=oauth_config(), catalog=time_bound_catalog(), against=fresh_server)
    assert read.returncode != 0 and "refresh token" in read.errors[0]["message"]
    assert_no_secrets(result)
    assert_no_secrets(read)


def test_oauth_read_masks_the_refreshed_access_token_and_stores_a_rotated_refresh_token(run):
    result = run("read", config=oauth_config(), catalog=time_bound_catalog())
    assert result.returncode == 0
    assert "AQV-refreshed-access-token-0123456789" not in result.stdout + result.stderr
    assert_no_secrets(result)
    # The recorded token response hands out a different refresh token: the platform must get it, unmasked.
    control = result.of("CONTROL")
    assert len(control) == 1
    stored = control[0]["control"]["connectorConfig"]["config"]["credentials"]
    assert stored["refresh_token"] == "AQX-configured-refresh-token" and stored["client_secret"] == SECRETS[2]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_mid_read_flushes_whole_lines_and_leaves_a_resumable_state(binary, fresh_server, tmp_path, stop):
    original = fresh_server.replay.answer

    def slow(method, target, headers, body):
        status, payload, extra, _ = original(method, target, headers, body)
        return status, payload, extra, 0.4

    fresh_server.replay.answer = slow
    (tmp_path / "config.json").write_text(json.dumps(token_config(max_concurrency=1)))
    (tmp_path / "catalog.json").write_text(json.dumps(time_bound_catalog()))
    process = subprocess.Popen(
        [str(binary), "read", "--config", str(tmp_path / "config.json"), "--catalog", str(tmp_path / "catalog.json")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(fresh_server))
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, "the read ended before its first checkpoint"
        lines.append(line)
        if b'"type":"STATE"' in line:
            break
    stopped_at = time.monotonic()
    process.send_signal(stop)
    rest, stderr = process.communicate(timeout=10)
    assert time.monotonic() - stopped_at < 2, "did not stop promptly"
    assert process.returncode == -stop
    output = b"".join(lines) + rest
    assert output.endswith(b"\n")
    messages = [json.loads(line) for line in output.splitlines()]
    states = [m["state"] for m in messages if m["type"] == "STATE"]
    assert states
    resumed = {}
    for state in states:
        resumed[state["stream"]["stream_descriptor"]["name"]] = {"type": "STREAM", "stream": state["stream"]}
    (tmp_path / "state.json").write_text(json.dumps(list(resumed.values())))
    again = subprocess.run(
        [str(binary), "read", "--config", str(tmp_path / "config.json"), "--catalog", str(tmp_path / "catalog.json"),
         "--state", str(tmp_path / "state.json")], capture_output=True, env=environment(fresh_server), timeout=60)
    assert again.returncode == 0
    assert all(secret.encode() not in output + stderr + again.stdout for secret in SECRETS)


@pytest.mark.parametrize("name, content, mentioned", [
    ("empty", "", "empty"),
    ("not json", "{credentials:", "not valid JSON"),
    ("wrong type", "[1, 2, 3]", "JSON object"),
    ("wrong field types", json.dumps({"credentials": {"access_token": 42}, "org_ids": "2414183", "lookback_days": "two"}), "org_ids must be array"),
    ("huge", json.dumps({"credentials": {"access_token": SECRETS[0]}, "padding": "x" * 10_000_000}), "KiB"),
], ids=["empty", "not-json", "wrong-type", "wrong-field-types", "huge-10MB"])
def test_bad_config_files_are_config_errors(binary, server, tmp_path, name, content, mentioned):
    path = tmp_path / "config.json"
    path.write_text(content)
    result = subprocess.run([str(binary), "discover", "--config", str(path)], capture_output=True, text=True, env=environment(server))
    assert result.returncode == 1
    trace = json.loads(result.stdout.strip().splitlines()[-1])["trace"]["error"]
    assert trace["failure_type"] == "config_error" and mentioned in trace["message"], trace["message"]
    assert SECRETS[0] not in result.stdout + result.stderr


@pytest.mark.parametrize("args", [["read", "--config", "/nonexistent/config.json", "--catalog", "/nonexistent/catalog.json"], ["read"], ["bogus"], []])
def test_bad_invocations_are_usage_errors(binary, args):
    result = subprocess.run([str(binary), *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == "" and ("Usage" in result.stderr or "cannot read" in result.stderr)


@pytest.mark.parametrize("catalog, mentioned", [
    ({"streams": [{"stream": {"name": "ads_analytics"}, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]}, "ads_analytics"),
    ({"streams": [{"stream": {"name": "posts"}, "sync_mode": "INVALID", "destination_sync_mode": "overwrite"}]}, "INVALID"),
    ({"streams": "all"}, "streams"),
])
def test_bad_catalogs_say_which_entry_and_why(run, catalog, mentioned):
    result = run("read", config=token_config(), catalog=catalog)
    assert result.returncode == 1
    assert result.errors[-1]["failure_type"] == "config_error" and mentioned in result.errors[-1]["message"]
    assert not result.records
    assert_no_secrets(result)


@pytest.mark.parametrize("state, mentioned", [
    ({"not": "a list"}, None),
    ("oops", "state"),
    ([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "follower_statistics_time_bound"}, "stream_state": {"timeRangeEnd": "last tuesday"}}}], "follower_statistics_time_bound"),
])
def test_bad_state_is_named(run, state, mentioned):
    result = run("read", config=token_config(), catalog=time_bound_catalog(), state=state)
    if mentioned is None:  # a legacy dict of unknown streams is simply no state
        assert result.returncode == 0
    else:
        assert result.returncode == 1 and mentioned in result.errors[-1]["message"]
    assert_no_secrets(result)
