"""The FastAPI application: ``create_app(settings)``; ``rag serve`` runs it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from index.embed import Embedder
from rag.config import Settings
from rag.engine import Engine

from . import errors
from .routes import ask, documents, health, passages, search

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings, embedder: Embedder | None = None) -> FastAPI:
    """Build the app for a data folder.

    Args:
        settings: the configuration (data folder, keys, limits…).
        embedder: an already-loaded embedder (tests share one).

    Raises:
        ValueError: ``RAG_API_KEYS`` is malformed.
    """
    keys = settings.key_roles

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = Engine(settings, embedder=embedder)
        engine.warm_up()  # load (or rebuild from the store) the indexes before serving
        app.state.engine = engine
        yield
        engine.close()

    app = FastAPI(
        title="Tìm kiếm văn bản / Vietnamese government document search",
        version="0.1.0",
        description="Hybrid search and cited answers over Vietnamese government documents.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.api_keys = keys
    errors.install(app)
    for module in (health, documents, passages, search, ask):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app


def create_app_from_env() -> FastAPI:
    """App factory for multi-worker serving (each worker reads the RAG_ settings)."""
    return create_app(Settings())
