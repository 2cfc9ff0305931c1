"""One table from error classes to HTTP statuses, and the handlers that use it."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from eventsourcing.persistence import DataError as PersistenceDataError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    ImportRejectedError,
    InvalidInputError,
    OutputAlreadyReportedError,
    OvercapError,
    RuleRefusedError,
    TipOffAlreadyAttachedError,
    TipOffNotFoundError,
    TransitionRefusedError,
)

log = logging.getLogger(__name__)

# The domain says what went wrong; only this layer decides what status it is.
STATUS: dict[type[Exception], tuple[int, str]] = {
    InvalidInputError: (422, "invalid_input"),
    ImportRejectedError: (422, "import_rejected"),
    ConcurrencyConflictError: (409, "version_conflict"),
    RuleRefusedError: (409, "rule_refused"),
    OutputAlreadyReportedError: (409, "already_reported"),
    CaseNotFoundError: (404, "not_found"),
    TipOffNotFoundError: (404, "not_found"),
    TransitionRefusedError: (409, "transition_refused"),
    TipOffAlreadyAttachedError: (409, "already_attached"),
}
# The ids an error of these classes carries into its body, for clients to act on.
DETAILS: dict[type[Exception], tuple[str, ...]] = {
    CaseNotFoundError: ("case_id",),
    TipOffNotFoundError: ("receipt",),
    TransitionRefusedError: ("case_id", "state", "trigger", "guard", "reason"),
    TipOffAlreadyAttachedError: ("receipt", "case_id"),
}
HTTP_TEXT = {
    400: ("请求格式错误", "bad_request"),
    401: ("需要登录", "unauthenticated"),
    403: ("无权执行该操作", "forbidden"),
    404: ("未找到", "not_found"),
    405: ("不支持该方法", "method_not_allowed"),
    409: ("请求冲突", "conflict"),
    422: ("输入无效", "invalid_input"),
}


class ApiError(Exception):
    """Raised by the HTTP layer itself: authentication, access, headers, keys."""

    def __init__(
        self, status: int, code: str, message_zh: str, message: str, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message_zh = message_zh
        self.message = message
        self.extra = extra


def status_of(error: OvercapError) -> tuple[int, str]:
    """The status and code of a domain error: by class, then by its family."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
        if cls.__name__.endswith("NotFoundError"):
            return 404, "not_found"
    if getattr(error, "field", None):
        return 422, "invalid_input"
    # Every other deliberate refusal (a transition, a state) conflicts with state.
    return 409, "refused"


def body(
    code: str,
    message_zh: str,
    message: str,
    *,
    field: str | None = None,
    rule: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The one error shape every non-2xx response has."""
    error = {
        "code": code,
        "message": f"{message_zh} / {message}",
        "field": field,
        "rule": rule,
        **extra,
    }
    return {"error": error}


def _overcap(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, OvercapError)
    status, code = status_of(error)
    extra: dict[str, Any] = {}
    headers = {}
    if isinstance(error, ConcurrencyConflictError):
        extra = {"current_version": error.current, "your_version": error.version}
        if error.current is not None:
            headers["ETag"] = f'"{error.current}"'
    if isinstance(error, RuleRefusedError):
        extra["explanation"] = error.message
    for cls, names in DETAILS.items():
        if isinstance(error, cls):
            extra.update({name: getattr(error, name, None) for name in names})
    log.info("%s %s -> %s %s", request.method, request.url.path, status, error)
    content = body(
        code,
        error.message_zh,
        error.message,
        field=getattr(error, "field", None),
        rule=getattr(error, "rule", None),
        **extra,
    )
    return JSONResponse(content, status_code=status, headers=headers)


def _api(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    content = body(error.code, error.message_zh, error.message, **error.extra)
    return JSONResponse(content, status_code=error.status, headers=headers)


def _validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    where = [str(p) for p in first.get("loc", ()) if p not in ("body", "query")]
    field = ".".join(where) or None
    if first.get("type") == "json_invalid":
        field = "body"
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
        for e in error.errors()
    )
    content = body("invalid_input", "输入无效", problems, field=field)
    return JSONResponse(content, status_code=422)


def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    if error.status_code == 400:
        # A body that is not JSON (or not UTF-8) is invalid input like any other.
        content = body("invalid_input", "输入无效", str(error.detail), field="body")
        return JSONResponse(content, status_code=422)
    message_zh, code = HTTP_TEXT.get(error.status_code, ("请求失败", "http_error"))
    content = body(code, message_zh, str(error.detail))
    return JSONResponse(
        content, status_code=error.status_code, headers=error.headers or {}
    )


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    content = body("internal", "服务器内部错误", "internal error; it has been logged")
    return JSONResponse(content, status_code=500)


def _data(request: Request, error: Exception) -> JSONResponse:
    # Values PostgreSQL cannot hold (text with NUL, numbers out of range) only
    # arrive in a client's input: they are invalid input, not a server fault.
    log.info("%s %s -> 422 %s", request.method, request.url.path, error)
    content = body("invalid_input", "输入无效", f"value cannot be stored: {error}")
    return JSONResponse(content, status_code=422)


def install(app: FastAPI) -> None:
    """Registers every handler once: domain, HTTP-layer and validation errors."""
    app.add_exception_handler(OvercapError, _overcap)
    app.add_exception_handler(ApiError, _api)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(psycopg.DataError, _data)
    app.add_exception_handler(PersistenceDataError, _data)
    app.add_exception_handler(Exception, _unexpected)
