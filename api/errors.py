"""Exceptions → one JSON error shape: ``{"error": {"code": …, "message": …}}``."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.errors import DocumentNotFound, EmbedderMismatch, IndexNotBuilt, StoreError
from rag.errors import ConfigError, LoadError, RagError, UnknownFilter, UnsupportedFileType

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def error_response(
    status: int,
    message: str,
    details: object = None,
    headers: Mapping[str, str] | None = None,
    code: str | None = None,
) -> JSONResponse:
    """The one error shape every endpoint uses."""
    body: dict[str, object] = {"code": code or _CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=dict(headers or {}))


class ApiError(Exception):
    """An error with an HTTP status, raised by routes and dependencies.

    Args:
        status: the HTTP status.
        message: what went wrong, for the user.
        details: anything that helps (per-file results, the fields at fault).
        headers: extra response headers (``Retry-After``).
        code: the machine-readable code, when not the status's usual one.
    """

    def __init__(
        self,
        status: int,
        message: str,
        details: object = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details
        self.headers = dict(headers or {})
        self.code = code


def allowed_methods(request: Request) -> list[str]:
    """The methods some route serves at this request's path (for ``Allow`` on a 405).

    Reads ``app.state.route_methods``: (path pattern, methods) pairs recorded by
    ``create_app``.
    """
    routes: list[tuple[re.Pattern[str], set[str]]] = getattr(request.app.state, "route_methods", [])
    path = request.url.path
    return sorted({m for pattern, methods in routes if pattern.match(path) for m in methods})


def install(app: FastAPI) -> None:
    """Register the exception handlers on an app."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.details, exc.headers, exc.code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        allowed = allowed_methods(request) if exc.status_code == 405 else []
        if allowed:  # every method of the path, not only the first route's
            headers["Allow"] = ", ".join(allowed)
        return error_response(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e["loc"][1:]), "problem": e["msg"]}
            for e in exc.errors()
        ]
        return error_response(422, "The request is not valid; see details.", details)

    @app.exception_handler(DocumentNotFound)
    async def _missing(_: Request, exc: DocumentNotFound) -> JSONResponse:
        return error_response(404, f"No {exc.what} with id {exc.ident!r}.")

    @app.exception_handler(UnknownFilter)
    async def _unknown(_: Request, exc: UnknownFilter) -> JSONResponse:
        details = {"field": exc.field, "value": exc.value, "suggestions": list(exc.suggestions)}
        return error_response(404, str(exc), details, code="unknown_filter")

    @app.exception_handler(UnsupportedFileType)
    async def _type(_: Request, exc: UnsupportedFileType) -> JSONResponse:
        return error_response(415, str(exc))

    @app.exception_handler(LoadError)
    async def _load(_: Request, exc: LoadError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(EmbedderMismatch)
    @app.exception_handler(IndexNotBuilt)
    async def _index(_: Request, exc: StoreError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(StoreError)
    @app.exception_handler(ConfigError)
    @app.exception_handler(RagError)
    async def _store(_: Request, exc: Exception) -> JSONResponse:
        log.error("request failed: %s", exc)
        return error_response(503, f"The service cannot answer right now: {exc}")

    @app.exception_handler(ValueError)
    async def _value(_: Request, exc: ValueError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(500, "Internal error; it has been logged.")
