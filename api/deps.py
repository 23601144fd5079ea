"""Request dependencies: settings, the engine, API-key roles."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from rag.config import Role, Settings
from rag.engine import Engine

from .errors import ApiError

_RANK = {"reader": 1, "editor": 2}


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
    """The caller's role from ``X-API-Key`` (constant-time compare; keys never logged).

    With no keys configured every caller is an editor: the server then only listens on
    127.0.0.1.
    """
    keys: list[tuple[str, Role]] = request.app.state.api_keys
    if not keys:
        return "editor"
    given = request.headers.get("x-api-key", "")
    if not given:
        raise ApiError(401, "Missing API key: send it in the X-API-Key header.")
    found: Role | None = None
    for key, role in keys:  # compare with every key so timing does not reveal which matched
        if hmac.compare_digest(given.encode(), key.encode()) and (
            found is None or _RANK[role] > _RANK[found]
        ):
            found = role
    if found is None:
        raise ApiError(401, "Invalid API key.")
    return found


def require_reader(role: Annotated[Role, Depends(role_of)]) -> Role:
    """Any valid key."""
    return role


def require_editor(role: Annotated[Role, Depends(role_of)]) -> Role:
    """An editor key (upload and delete)."""
    if role != "editor":
        raise ApiError(403, "This action needs an editor API key.")
    return role


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
EngineDep = Annotated[Engine, Depends(get_engine)]
ReaderDep = Annotated[Role, Depends(require_reader)]
EditorDep = Annotated[Role, Depends(require_editor)]
