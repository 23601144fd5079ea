"""ASGI middleware: the key and the declared size are checked before any body is read,
and every request leaves one audit line.

Both are plain ASGI (not ``BaseHTTPMiddleware``): nothing is buffered, and a refused
request never calls ``receive``, so its body is neither read nor spooled to disk.
"""

from __future__ import annotations

import hmac
import json
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from rag.config import Role

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_RANK = {"reader": 1, "editor": 2}
#: open to everyone: monitoring, the web page and the API documentation
PUBLIC = ("/health", "/", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc")
PUBLIC_PREFIXES = ("/static/",)


def is_public(path: str) -> bool:
    """True for the routes that need no key."""
    return path in PUBLIC or path.startswith(PUBLIC_PREFIXES)


def needs_editor(method: str, path: str) -> bool:
    """True for the writes (upload and delete documents)."""
    return method in ("POST", "DELETE", "PUT", "PATCH") and path.startswith("/documents")


def match_key(given: str, keys: list[tuple[str, Role]]) -> Role | None:
    """The role of a key (every key is compared, in constant time; the highest role wins)."""
    found: Role | None = None
    for key, role in keys:  # compare with every key so timing does not reveal which matched
        if hmac.compare_digest(given.encode(), key.encode()) and (
            found is None or _RANK[role] > _RANK[found]
        ):
            found = role
    return found


async def _error(send: Send, status: int, code: str, message: str, **headers: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    # the body was not read: tell the client this connection will not be reused for it
    raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuse before reading: a missing or wrong key (401), a reader writing (403), a
    declared body over the cap (413); and stop a body that grows past the cap.

    The caller's role is left in ``scope["state"]["role"]`` for the routes and the audit.

    Args:
        app: the application.
        keys: API keys with roles (empty: no authentication, everyone is an editor).
        max_body: bytes a request body may have.
    """

    def __init__(self, app: ASGIApp, keys: list[tuple[str, Role]], max_body: int) -> None:
        self.app = app
        self.keys = keys
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        path, method = scope.get("path", ""), scope.get("method", "GET")
        refusal = self._refusal(state, headers, path, method)
        if refusal is not None:
            await _error(send, *refusal)
            return
        length = headers.get("content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.max_body:
            await _error(send, 413, "too_large", self._too_large())
            return
        await self._call_capped(scope, receive, send)

    def _refusal(
        self, state: dict[str, Any], headers: dict[str, bytes], path: str, method: str
    ) -> tuple[int, str, str] | None:
        if not self.keys:
            state["role"] = "editor"
            return None
        if is_public(path):
            state["role"] = "public"
            return None
        given = headers.get("x-api-key", b"").decode("latin-1")
        if not given:
            state["role"] = "none"
            return 401, "unauthorized", "Missing API key: send it in the X-API-Key header."
        role = match_key(given, self.keys)
        if role is None:
            state["role"] = "invalid"
            return 401, "unauthorized", "Invalid API key."
        state["role"] = role
        if needs_editor(method, path) and role != "editor":
            return 403, "forbidden", "This action needs an editor API key."
        return None

    def _too_large(self) -> str:
        return f"The request body is larger than {self.max_body / 2**20:g} MB (RAG_MAX_REQUEST_MB)."

    async def _call_capped(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; a body that grows past the cap (no Content-Length) is answered 413
        at once and the app is told the client left, so it stops reading."""
        seen = 0
        started = False
        refused = False

        async def capped_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body and not started:
                    refused = True
                    await _error(send, 413, "too_large", self._too_large())
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already sent; whatever the app says after it is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, capped_receive, tracking_send)


class AuditSink:
    """Where audit lines go: ``stdout``, ``stderr``, a file (appended to), or ``off``."""

    def __init__(self, target: str) -> None:
        self.target = target.strip()
        self._file: TextIO | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False when the audit log is off."""
        return self.target.lower() not in ("off", "none", "")

    def write(self, record: dict[str, Any]) -> None:
        """Write one JSON line."""
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            stream = self._stream()
            stream.write(line)
            stream.flush()

    def _stream(self) -> TextIO:
        if self.target.lower() == "stdout":
            return sys.stdout
        if self.target.lower() == "stderr":
            return sys.stderr
        if self._file is None:
            path = Path(self.target)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("a", encoding="utf-8")
        return self._file

    def close(self) -> None:
        """Close the file, if one is open."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


class AuditLog:
    """One structured line per request: time, method, route, role (never the key),
    status, duration, and the ids of the documents it wrote or deleted.

    Routes record those ids in ``scope["state"]["written"]`` / ``["deleted"]``.
    """

    def __init__(self, app: ASGIApp, sink: AuditSink) -> None:
        self.app = app
        self.sink = sink

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.sink.enabled:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        status = 500
        begun = time.perf_counter()
        written = False

        def write() -> None:
            nonlocal written
            if not written:
                written = True
                self.sink.write(self._record(scope, state, status, begun))

        async def tracking_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                write()  # now, not after the background tasks that run once it is sent

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            write()  # no response (an error escaped): status 500

    @staticmethod
    def _record(scope: Scope, state: dict[str, Any], status: int, begun: float) -> dict[str, Any]:
        route = scope.get("route")
        client = scope.get("client")
        record: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": scope.get("method"),
            "route": getattr(route, "path", None) or scope.get("path"),
            "path": scope.get("path"),
            "role": state.get("role"),
            "status": status,
            "ms": round((time.perf_counter() - begun) * 1000, 1),
            "client": client[0] if client else None,
        }
        for key in ("written", "deleted", "job"):
            if state.get(key):
                record[key] = state[key]
        return record
