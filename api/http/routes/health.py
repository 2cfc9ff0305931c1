"""Liveness and readiness for orchestrators and load balancers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.http.auth import allow
from api.http.errors import body
from api.http.schemas import ErrorBody, Health

router = APIRouter(tags=["health 运行状态"])
Public = Annotated[None, Depends(allow(public=True))]


@router.get("/healthz", response_model=Health)
def healthz(_: Public) -> dict[str, Any]:
    """进程存活 The process is up and answering."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Health, responses={503: {"model": ErrorBody}})
def readyz(request: Request, _: Public) -> Any:
    """可以服务 The database answers; read-model lag when read models exist."""
    container = request.app.state.container
    try:
        request.app.state.store.ping()
    except Exception as error:  # any failure to reach the database means not ready
        content = body("not_ready", "数据库不可用", f"database unreachable: {error}")
        return JSONResponse(content, status_code=503)
    models = getattr(container, "read_models", None)
    lag = [models.position(n).as_dict() for n in models.names] if models else []
    return {
        "status": "ready",
        "database": container.database.description,
        "read_models": lag,
    }
