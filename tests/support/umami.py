"""A stand-in for Umami's collection endpoint (`POST /api/send`) for tests and benchmarks.

Umami itself cannot run here (its npm release downloads a database engine when it
installs), so this endpoint holds every request to Umami's documented contract, the zod
schema of `src/app/api/send/request-schema.ts` and the limits of its database columns:
`{"type": "event", "payload": {...}}` with the fields the site's sender may use (Umami
knows more; the sender must use no others), `website` a UUID, `name` at most 50
characters and not starting with a spreadsheet formula character, `data` a flat object of
strings and numbers. Stricter than Umami where the site promises more: `url` is a path
without query string or fragment, `referrer` an origin only.

`Collector.mode` chooses how it answers: "ok" (Umami's reply), "slow" (holds each request
until `release()` or `hold_s`, then answers), "error" (500), "refuse" (400) or "drop"
(closes the connection without an answer: the browser's request fails, as it does when
nothing listens or an ad blocker stops it).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

# The fields of Umami's payload schema that a browser sender sets (others such as `ip`,
# `userAgent`, `timestamp` or `id` are for server-side senders and must not appear).
PAYLOAD_FIELDS = {
    "website",
    "hostname",
    "language",
    "screen",
    "url",
    "referrer",
    "title",
    "name",
    "data",
}
NAME_MAX = 50  # Umami: event_name varchar(50)
HOSTNAME_MAX = 100  # Umami: hostname varchar(100)
LANGUAGE_MAX = 35  # Umami: session.language varchar(35)
SCREEN_MAX = 11  # Umami: session.screen varchar(11)
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def contract_problems(body: bytes, content_type: str) -> list[str]:
    """What is wrong with one request body by Umami's contract (empty: nothing)."""
    problems: list[str] = []
    if not content_type.startswith("application/json"):
        problems.append(f"Content-Type {content_type!r}, not application/json")
    try:
        message = json.loads(body)
    except ValueError:
        return [*problems, "body is not JSON"]
    if not isinstance(message, dict) or set(message) != {"type", "payload"}:
        return [*problems, f"not {{type, payload}}: {message!r}"]
    if message["type"] != "event":
        problems.append(f"type {message['type']!r}, not 'event'")
    payload = message["payload"]
    if not isinstance(payload, dict):
        return [*problems, "payload is not an object"]
    problems += [f"unknown field {key!r}" for key in sorted(set(payload) - PAYLOAD_FIELDS)]
    for key in ("website", "hostname", "language", "screen", "url", "title"):
        if not isinstance(payload.get(key), str):
            problems.append(f"{key} missing or not a string: {payload.get(key)!r}")
    if problems:
        return problems
    if not _UUID.fullmatch(payload["website"]):
        problems.append(f"website {payload['website']!r} is not a UUID")
    limits = (("hostname", HOSTNAME_MAX), ("language", LANGUAGE_MAX), ("screen", SCREEN_MAX))
    problems += [f"{key} longer than {limit}" for key, limit in limits if len(payload[key]) > limit]
    if not re.fullmatch(r"\d{1,5}x\d{1,5}", payload["screen"]):
        problems.append(f"screen {payload['screen']!r} is not WIDTHxHEIGHT")
    url = payload["url"]
    if not url.startswith("/") or "?" in url or "#" in url:
        problems.append(f"url {url!r} is not a bare path")
    if "referrer" in payload and not re.fullmatch(r"https?://[^/?#]+/", str(payload["referrer"])):
        problems.append(f"referrer {payload['referrer']!r} is not an origin")
    name = payload.get("name")
    if name is not None and (
        not isinstance(name, str) or not 0 < len(name) <= NAME_MAX or _FORMULA.match(name)
    ):
        problems.append(f"event name {name!r} is not 1-{NAME_MAX} safe characters")
    data = payload.get("data")
    if data is not None:
        if name is None:
            problems.append("data without an event name")
        if not isinstance(data, dict) or not data:
            problems.append(f"data {data!r} is not a non-empty object")
        else:
            for key, value in data.items():
                plain = isinstance(value, str) or (
                    isinstance(value, int | float) and not isinstance(value, bool)
                )
                if not plain:
                    problems.append(f"data.{key} = {value!r} is not a string or number")
    return problems


@dataclass(frozen=True)
class Received:
    """One request as the collector saw it."""

    body: bytes
    problems: list[str]

    @property
    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.body)["payload"]
        return payload

    @property
    def event(self) -> tuple[str, str, dict[str, Any]]:
        """(name or "pageview", path, data)."""
        payload = self.payload
        return (payload.get("name", "pageview"), payload["url"], payload.get("data", {}))


@dataclass
class Collector:
    """The endpoint's state: what it received and how it answers (see the module)."""

    path: str = "/stats/api/send"
    mode: str = "ok"
    hold_s: float = 60.0
    received: list[Received] = field(default_factory=list)
    answered: int = 0  # responses sent (a held request counts once it is answered)
    _release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, body: bytes, content_type: str) -> tuple[int, bytes] | None:
        """Record one request; the status and body to answer with, once it is time (None:
        no answer, close the connection)."""
        with self._lock:
            self.received.append(Received(body, contract_problems(body, content_type)))
            mode = self.mode
        if mode == "slow":
            self._release.wait(self.hold_s)
        if mode == "drop":
            return None
        with self._lock:
            self.answered += 1
        if mode == "error":
            return 500, b'{"error":"Internal Server Error"}'
        if mode == "refuse":
            return 400, b'{"error":"Bad Request"}'
        reply = {"cache": "x", "sessionId": str(uuid.uuid4()), "visitId": str(uuid.uuid4())}
        return 200, json.dumps(reply).encode()

    def release(self) -> None:
        """Answer the held requests of "slow" (and every later one at once)."""
        self._release.set()

    def reset(self, mode: str = "ok") -> None:
        with self._lock:
            self.received.clear()
            self.answered = 0
            self.mode = mode
            self._release.clear()

    def events(self) -> list[tuple[str, str, dict[str, Any]]]:
        with self._lock:
            return [item.event for item in self.received if not item.problems]

    def problems(self) -> list[str]:
        with self._lock:
            return [f"{p}: {item.body[:200]!r}" for item in self.received for p in item.problems]
