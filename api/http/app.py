"""The FastAPI application: built on the composition root in its lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date

from fastapi import FastAPI

from api.bootstrap import build
from api.http import errors
from api.http.idempotency import IdempotencyMiddleware
from api.http.routes import (
    audit,
    capacity_changes,
    case_views,
    cases,
    conditions,
    health,
    mines,
    read_models,
    sharing,
    tipoffs,
)
from api.http.schemas import ErrorBody
from api.http.store import ApiStore
from api.settings import Settings
from workflows.application import shanghai_today

log = logging.getLogger(__name__)
ROUTERS = (
    health.router,
    mines.router,
    capacity_changes.router,
    audit.router,
    read_models.router,
    sharing.router,
    cases.router,
    tipoffs.router,
    conditions.router,
    case_views.router,
)
ERRORS = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "需要登录 no or unknown bearer token"),
        (403, "无权 the role may not do this"),
        (404, "未找到 unknown mine, case, tip-off or record"),
        (409, "冲突 stale version, concurrent write, rule or transition refused"),
        (422, "输入无效 invalid input; names the field"),
    )
}


def lifespan_for(
    settings: Settings | None, today: Callable[[], date]
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Builds the container when the app starts and closes it when it stops."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = build(settings, today=today)
        app.state.container = container
        app.state.store = ApiStore(container.database)
        log.info("overcap API on %s", container.database.description)
        try:
            yield
        finally:
            app.state.store.close()
            container.close()

    return lifespan


def create_app(
    settings: Settings | None = None, *, today: Callable[[], date] = shanghai_today
) -> FastAPI:
    """The HTTP app; the container is built when the lifespan starts."""
    app = FastAPI(
        title="overcap",
        summary="遏制煤矿超能力生产案件管理 / over-capacity case management",
        description="忻州 Xinzhou: mines, outputs, findings and their audit trail. "
        "错误信息中文在前、英文在后 / errors give Chinese, then English.",
        version="0.1.0",
        lifespan=lifespan_for(settings, today),
        responses=ERRORS,
    )
    errors.install(app)
    app.add_middleware(IdempotencyMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    return app
