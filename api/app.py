"""The FastAPI application: ``create_app(settings)``; ``rag serve`` runs it."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from index.embed import Embedder
from rag.config import Settings
from rag.engine import Engine

from . import errors
from .middleware import AuditLog, AuditSink, Guard, Message, Receive, Scope, Send, is_public
from .routes import ask, documents, health, passages, search

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
#: Starlette's TestClient calls itself "testclient"; no network peer can have that name
LOCAL_NAMES = ("localhost", "testclient")


def is_loopback(host: str | None) -> bool:
    """True for a loopback address (or a Unix socket, which has none)."""
    if host is None or host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LoopbackOnly:
    """Without API keys the service answers loopback clients only, however it is served
    (``rag serve``, uvicorn or gunicorn by hand, behind a proxy on another host)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and not is_loopback(client[0] if client else None):
            await send_error(
                send,
                403,
                "This server has no API keys (RAG_API_KEYS), so it "
                "only answers clients on the same machine.",
            )
            return
        await self.app(scope, receive, send)


async def send_error(send: Send, status: int, message: str) -> None:
    """A bare ASGI error response in the one error shape."""
    body = errors.error_response(status, message).body
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json")],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings, embedder: Embedder | None = None) -> FastAPI:
    """Build the app for a data folder.

    Every request passes, in order: the audit log (one line per request), the loopback
    rule (without keys), the guard (key, role and declared size, before any body is read),
    then the routes.

    Args:
        settings: the configuration (data folder, keys, limits…).
        embedder: an already-loaded embedder (tests share one).

    Raises:
        ValueError: ``RAG_API_KEYS`` is malformed.
    """
    keys = settings.key_roles
    audit = AuditSink(settings.audit_log)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = Engine(settings, embedder=embedder)
        engine.warm_up()  # load (or rebuild from the store) the indexes before serving
        app.state.engine = engine
        app.state.heavy_slots = asyncio.Semaphore(settings.max_heavy_requests)
        yield
        engine.close()
        audit.close()

    app = FastAPI(
        title="Tìm kiếm văn bản / Vietnamese government document search",
        version="0.1.0",
        description="Hybrid search and cited answers over Vietnamese government documents.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.api_keys = keys
    app.state.audit = audit
    errors.install(app)
    for module in (health, documents, passages, search, ask):
        app.include_router(module.router)
    app.state.route_methods = [  # for the Allow header of a 405
        (route.path_regex, route.methods)
        for module in (health, documents, passages, search, ask)
        for route in module.router.routes
        if isinstance(route, APIRoute)
    ]
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    # added innermost first: the audit log sees every answer, the guard's refusals included
    app.add_middleware(Guard, keys=keys, max_body=int(settings.max_request_mb * 2**20))
    if not keys:
        app.add_middleware(LoopbackOnly)
    app.add_middleware(AuditLog, sink=audit)
    app.openapi = lambda: _openapi(app, settings)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The generated schema, plus what only the settings know: the API-key scheme on every
    protected operation (when keys are configured) and the question length limit."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    ask_schema = schema["components"]["schemas"]["AskRequest"]["properties"]["question"]
    ask_schema["maxLength"] = settings.max_question_chars
    if settings.key_roles:
        schema["components"]["securitySchemes"] = {
            "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
        }
        for path, operations in schema["paths"].items():
            if is_public(path):
                continue
            for operation in operations.values():
                operation["security"] = [{"ApiKey": []}]
    else:  # no keys, no 401 or 403
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.get("responses", {}).pop("401", None)
                operation.get("responses", {}).pop("403", None)
    app.openapi_schema = schema
    return schema


def create_app_from_env() -> FastAPI:
    """App factory for multi-worker serving (each worker reads the RAG_ settings)."""
    return create_app(Settings())
