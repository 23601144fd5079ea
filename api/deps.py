"""Request dependencies: settings, the engine, API-key roles."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from rag.config import Role, Settings
from rag.engine import Engine

from .errors import ApiError
from .middleware import match_key


def get_settings_dep(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    """The app's engine (opened in the lifespan)."""
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        raise ApiError(503, "The service is starting; try again in a moment.")
    return engine


def role_of(request: Request) -> Role:
    """The caller's role, settled by :class:`~api.middleware.Guard` before the body was read.

    With no keys configured every caller is an editor: the app then only serves loopback.
    """
    role = request.scope.get("state", {}).get("role")
    if role in ("reader", "editor"):
        return role  # type: ignore[no-any-return]
    keys: list[tuple[str, Role]] = request.app.state.api_keys
    if not keys:
        return "editor"
    # only reached when the app runs without its Guard (it is always installed by create_app)
    found = match_key(request.headers.get("x-api-key", ""), keys)
    if found is None:
        raise ApiError(401, "Missing or invalid API key: send it in the X-API-Key header.")
    return found


def require_reader(role: Annotated[Role, Depends(role_of)]) -> Role:
    """Any valid key."""
    return role


def require_editor(role: Annotated[Role, Depends(role_of)]) -> Role:
    """An editor key (upload and delete)."""
    if role != "editor":
        raise ApiError(403, "This action needs an editor API key.")
    return role


async def heavy_turn(request: Request) -> AsyncIterator[None]:
    """Wait for one of the worker's few slots for heavy requests (/ask, /similar).

    Long questions cost seconds of CPU; letting every one run at once starves the short
    searches sharing the worker. A request that waits longer than ``RAG_HEAVY_WAIT`` is
    answered 503 with ``Retry-After``.

    Raises:
        ApiError: 503 when no slot frees in time.
    """
    slots: asyncio.Semaphore = request.app.state.heavy_slots
    settings: Settings = request.app.state.settings
    try:
        await asyncio.wait_for(slots.acquire(), timeout=settings.heavy_wait)
    except TimeoutError:
        raise ApiError(
            503,
            "Too many long requests are running; try again in a few seconds.",
            headers={"Retry-After": str(max(1, round(settings.heavy_wait / 3)))},
        ) from None
    try:
        yield
    finally:
        slots.release()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ReaderDep = Annotated[Role, Depends(require_reader)]
EditorDep = Annotated[Role, Depends(require_editor)]
HeavyDep = Annotated[None, Depends(heavy_turn)]
