"""A LinkedIn-like HTTP server on 127.0.0.1 that replays the recorded fixtures in Tests/Fixtures/linkedin.

Routing is the same as the connector's ReplayTransport (routes.json: method, path suffix, listed query parameters,
"*" for any value); time-bound requests get only the elements inside their timeIntervals (or timeRange). Faults can be injected
per test (status codes, delays, broken bodies) to see how the connector copes.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "linkedin"


@dataclass
class Fault:
    """Answer the next `count` matching requests with `status`/`body` (and wait `delay` seconds first)."""

    status: int = 500
    body: bytes = b'{"status":500,"message":"Internal Server Error"}'
    count: int = 1
    path_contains: str = ""
    delay: float = 0.0
    headers: dict = field(default_factory=dict)


class Replay:
    def __init__(self, fixtures: Path = FIXTURES):
        manifest = json.loads((fixtures / "routes.json").read_text())
        self.routes = []
        for route in manifest["routes"]:
            body = (fixtures / route["body"]).read_bytes() if route.get("body") else b""
            self.routes.append((route.get("method", "GET"), route["path"], route.get("query", {}), route.get("status", 200), body))
        self.requests: list[tuple[str, str, dict]] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()

    def answer(self, method: str, target: str, headers: dict, body: bytes) -> tuple[int, bytes, dict, float]:
        parts = urlsplit(target)
        query_text = body.decode() if method == "POST" and headers.get("X-HTTP-Method-Override") == "GET" else parts.query
        if headers.get("X-HTTP-Method-Override"):
            method = headers["X-HTTP-Method-Override"]
        query = dict(pair.split("=", 1) if "=" in pair else (pair, "") for pair in query_text.split("&") if pair)
        with self.lock:
            self.requests.append((method, parts.path, dict(headers)))
            for fault in self.faults:
                if fault.count > 0 and fault.path_contains in parts.path:
                    fault.count -= 1
                    return fault.status, fault.body, fault.headers, fault.delay
        for route_method, path, wanted, status, recorded in self.routes:
            if route_method != method or not path_matches(parts.path, path):
                continue
            if all((key in query) if value == "*" else query.get(key) == value for key, value in wanted.items()):
                window = query.get("timeIntervals") or query.get("timeRange")  # statistics / video analytics
                if window:
                    recorded = filter_to_window(recorded, window)
                posts = listed_urns(query.get("shares")) + listed_urns(query.get("ugcPosts"))
                if posts:
                    recorded = filter_to_posts(recorded, posts)
                return status, recorded, {}, 0.0
        return 404, json.dumps({"status": 404, "message": f"No recorded response for {method} {parts.path}"}).encode(), {}, 0.0


def path_matches(path: str, pattern: str) -> bool:
    """A suffix match, where one `*` in the pattern matches any run of characters."""
    if "*" not in pattern:
        return path.endswith(pattern)
    head, tail = pattern.split("*", 1)
    found = path.rfind(head)
    return found >= 0 and path[found + len(head):].endswith(tail)


def listed_urns(value: str | None) -> list[str]:
    if not value or not value.startswith("List(") or not value.endswith(")"):
        return []
    return [unquote(item) for item in value[5:-1].split(",") if item]


def filter_to_posts(body: bytes, posts: list[str]) -> bytes:
    document = json.loads(body)
    document["elements"] = [e for e in document.get("elements", []) if (e.get("share") or e.get("ugcPost")) in posts]
    return json.dumps(document).encode()


def filter_to_window(body: bytes, intervals: str) -> bytes:
    start = re.search(r"start:(\d+)", intervals)
    end = re.search(r"end:(\d+)", intervals)
    if not start or not end:
        return body
    low, high = int(start.group(1)), int(end.group(1))
    document = json.loads(body)
    document["elements"] = [
        element for element in document.get("elements", [])
        if "timeRange" not in element or low <= element["timeRange"]["start"] < high
    ]
    return json.dumps(document).encode()


class ReplayServer:
    """Serves a Replay on a free port of 127.0.0.1 until stop()."""

    def __init__(self, replay: Replay | None = None):
        self.replay = replay or Replay()
        replay_ref = self.replay

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as LinkedIn
            disable_nagle_algorithm = True  # else ~40 ms per response on loopback

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload, extra, delay = replay_ref.answer(self.command, self.path, dict(self.headers), body)
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", extra.pop("Content-Type", "application/json"))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = handle_any

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "ReplayServer":
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    server = ReplayServer().start()
    print(f"LINKEDIN_API_BASE_URL={server.base_url}/rest LINKEDIN_OAUTH_TOKEN_URL={server.base_url}/oauth/v2/accessToken")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
