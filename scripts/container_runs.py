"""Runs the connector's image the way Airbyte does, against the LinkedIn stand-in (integration_tests/replay_server.py)
on the host, and checks what comes out. Started by scripts/test-container, with integration_tests' Python (it needs
airbyte-protocol-models-pdv2).

Every run: read-only root file system, the image's own user (uid 1000), host network, the stand-in's URLs in the
environment. Checked: every stdout line is an AirbyteMessage, no secret of the config appears on stdout or stderr,
and each command answers as the release binary does (the read yields exactly integration_tests/expected_records.jsonl).
The last run is the launcher's form: `sh -c` with eval of $AIRBYTE_ENTRYPOINT, output through named pipes, a trap on
EXIT that touches a file, the connector as a background job and a `sleep 1` heartbeat loop.

Usage: container_runs.py IMAGE ENGINE [ENGINE ARGS...]    e.g. container_runs.py source-linkedin-pages:test podman --runtime runc
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "integration_tests"
sys.path.insert(0, str(TESTS))

from airbyte_protocol.models import AirbyteMessage  # noqa: E402
from replay_server import ReplayServer  # noqa: E402

RECORDED_AT = "2026-11-20T09:00:00Z"  # the clock the fixtures were recorded at, as integration_tests/conftest.py

# The launcher's shape (Airbyte's Kubernetes launcher runs the connector's container with `sh -c` and a script like
# this one): pipes the platform reads, a trap that marks the end, the connector in the background, a heartbeat.
LAUNCHER = """
trap "touch /termination/main" EXIT
[ "$(id -u)" = 1000 ] || { echo "running as uid $(id -u), not 1000" >&2; exit 97; }
mkfifo /tmp/stdout /tmp/stderr
cat /tmp/stdout &
OUT_PID=$!
cat /tmp/stderr >&2 &
ERR_PID=$!
((eval "$AIRBYTE_ENTRYPOINT read --config /config/config.json --catalog /config/catalog.json" 2> /tmp/stderr > /tmp/stdout) < /dev/null) &
CHILD_PID=$!
(while true; do if [ -f /termination/check ]; then echo "heartbeat failed, exiting" >&2; kill $CHILD_PID; exit 1; fi; sleep 1; done) &
wait $CHILD_PID
EXIT_CODE=$?
wait $OUT_PID $ERR_PID
exit $EXIT_CODE
"""


class Failure(Exception):
    pass


def expect(condition: bool, message: str):
    if not condition:
        raise Failure(message)


def secrets_in(config: dict, spec: dict) -> list[str]:
    """The config's values under every property the spec marks airbyte_secret."""
    names: set[str] = set()

    def marked(node):
        if isinstance(node, dict):
            for name, schema in (node.get("properties") or {}).items():
                if isinstance(schema, dict) and schema.get("airbyte_secret"):
                    names.add(name)
            for value in node.values():
                marked(value)
        elif isinstance(node, list):
            for item in node:
                marked(item)

    marked(spec)
    found: list[str] = []

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in names and isinstance(value, str) and value:
                    found.append(value)
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(config)
    return found


def records_of(messages: list[dict]) -> list[str]:
    return sorted(
        json.dumps({"stream": m["record"]["stream"], "data": m["record"]["data"]}, sort_keys=True)
        for m in messages if m["type"] == "RECORD")


class Runner:
    def __init__(self, image: str, engine: list[str], server: ReplayServer, folder: Path, secrets: list[str]):
        self.image, self.engine, self.server, self.folder, self.secrets = image, engine, server, folder, secrets

    def run(self, *args: str, entrypoint: str | None = None, protocol: bool = True) -> tuple[int, list[dict], str]:
        """The exit code, the messages (when `protocol`) and stdout (stdout and stderr when not `protocol`)."""
        command = [*self.engine, "run", "--rm", "--read-only", "--tmpfs", "/tmp", "--network", "host",
                   "-e", f"LINKEDIN_API_BASE_URL={self.server.base_url}/rest",
                   "-e", f"LINKEDIN_OAUTH_TOKEN_URL={self.server.base_url}/oauth/v2/accessToken",
                   "-e", f"SOURCE_LINKEDIN_PAGES_NOW={RECORDED_AT}",
                   "-v", f"{self.folder / 'config'}:/config:ro", "-v", f"{self.folder / 'termination'}:/termination"]
        if entrypoint:
            command += ["--entrypoint", entrypoint]
        command += [self.image, *args]
        started = time.monotonic()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=180)
        self.seconds = time.monotonic() - started
        label = " ".join(args)[:60]
        # CONTROL is the one message meant to carry the config, secrets and all (see OutputWriter). A CONTROL
        # spelt differently is not skipped, so it fails this check rather than slipping through.
        shown = [completed.stderr] + [line for line in completed.stdout.splitlines()
                                      if not (protocol and line.startswith('{"type":"CONTROL"'))]
        for secret in self.secrets:
            expect(not any(secret in text for text in shown), f"{label}: a secret is in the output")
        if not protocol:
            return completed.returncode, [], completed.stdout + completed.stderr
        messages = []
        for number, line in enumerate(completed.stdout.splitlines(), 1):
            try:
                AirbyteMessage.model_validate_json(line)
            except Exception as error:  # noqa: BLE001 - any parse or validation failure is the finding
                raise Failure(f"{label}: stdout line {number} is not an Airbyte message: {line[:200]!r} ({error})")
            messages.append(json.loads(line))
        if completed.returncode != 0:
            sys.stderr.write(completed.stderr[-4000:])
        return completed.returncode, messages, completed.stdout


def main() -> int:
    image, engine = sys.argv[1], sys.argv[2:]
    spec = json.loads((ROOT / "spec.json").read_text())
    config = json.loads((TESTS / "sample_config.json").read_text())
    oauth = dict(config, credentials={"auth_method": "oAuth2.0", "client_id": "container-client-id-0123",
                                      "client_secret": "container-client-secret-4567",
                                      "refresh_token": "container-refresh-token-89ab"})
    tag = next(line.split(":", 1)[1].strip() for line in (ROOT / "metadata.yaml").read_text().splitlines()
               if line.strip().startswith("dockerImageTag:"))
    folder = Path(tempfile.mkdtemp(prefix="container-runs-"))
    server = ReplayServer().start()
    try:
        (folder / "config").mkdir()
        (folder / "termination").mkdir()
        (folder / "config" / "config.json").write_text(json.dumps(config))
        (folder / "config" / "oauth.json").write_text(json.dumps(oauth))
        shutil.copy(TESTS / "configured_catalog.json", folder / "config" / "catalog.json")
        for path in (folder, folder / "config", *(folder / "config").iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (folder / "termination").chmod(0o777)  # the launcher's trap writes here as uid 1000
        runner = Runner(image, engine, server, folder, secrets_in(config, spec) + secrets_in(oauth, spec))
        expect(len(runner.secrets) >= 4, f"found only {len(runner.secrets)} secrets in the configs")

        code, _, stdout = runner.run("--version", protocol=False)
        expect(code == 0 and stdout == f"{tag}\n", f"--version printed {stdout!r} (exit {code}), not {tag}")
        print(f"  --version: {tag}")

        code, messages, _ = runner.run("spec")
        expect(code == 0 and [m["type"] for m in messages] == ["SPEC"], f"spec: exit {code}, {len(messages)} messages")
        expect(messages[0]["spec"] == spec, "spec: differs from spec.json")
        code, _, timing = runner.run("-c", "time /airbyte/source-linkedin-pages spec >/dev/null", entrypoint="sh",
                                     protocol=False)
        expect(code == 0, f"spec under sh's time: exit {code}")
        print(f"  spec: ok ({runner.seconds:.2f} s with the container's start)")

        for name in ("config.json", "oauth.json"):
            code, messages, _ = runner.run("check", "--config", f"/config/{name}")
            statuses = [m["connectionStatus"]["status"] for m in messages if m["type"] == "CONNECTION_STATUS"]
            expect(code == 0 and statuses == ["SUCCEEDED"], f"check {name}: exit {code}, statuses {statuses}")
        print("  check: SUCCEEDED with an access token and with OAuth (token refresh through the stand-in)")

        code, messages, _ = runner.run("discover", "--config", "/config/config.json")
        catalogs = [m["catalog"] for m in messages if m["type"] == "CATALOG"]
        expect(code == 0 and len(catalogs) == 1 and catalogs[0]["streams"], f"discover: exit {code}")
        print(f"  discover: {len(catalogs[0]['streams'])} streams")

        expected = records_of([{"type": "RECORD", "record": json.loads(line)}
                               for line in (TESTS / "expected_records.jsonl").read_text().splitlines() if line])
        code, messages, _ = runner.run("read", "--config", "/config/config.json", "--catalog", "/config/catalog.json")
        expect(code == 0, f"read: exit {code}")
        expect(records_of(messages) == expected, "read: the records differ from integration_tests/expected_records.jsonl")
        print(f"  read: {len(expected)} records as expected_records.jsonl, "
              f"{sum(m['type'] == 'STATE' for m in messages)} states ({runner.seconds:.1f} s)")

        code, messages, _ = runner.run("-c", LAUNCHER, entrypoint="sh")
        expect(code == 0, f"launcher form: exit {code}")
        expect(records_of(messages) == expected, "launcher form: the records differ from the direct read")
        expect((folder / "termination" / "main").exists(), "launcher form: the EXIT trap did not touch its file")
        print("  launcher form (sh -c, eval $AIRBYTE_ENTRYPOINT, named pipes, trap EXIT, background job, sleep 1): "
              f"same records, trap ran ({runner.seconds:.1f} s)")

        agents = {headers.get("User-Agent") for _, _, headers in server.replay.requests}
        expect(agents == {f"source-linkedin-pages/{tag}"}, f"User-Agent sent: {agents}")
        print(f"  User-Agent on all {len(server.replay.requests)} requests: source-linkedin-pages/{tag}")
        print(f"  spec inside the container: {' '.join(timing.split())}")
        return 0
    except Failure as failure:
        print(f"test-container: {failure}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
