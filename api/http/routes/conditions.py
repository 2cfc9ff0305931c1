"""Production conditions: one report record, the licence and the scope compared."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.http.auth import Officer, Reader
from api.http.case_schemas import ConditionsIn
from api.http.deps import App
from api.http.routes.mines import mine_out
from api.http.schemas import MineOut

router = APIRouter(prefix="/mines/{key}", tags=["conditions 生产条件"])


@router.post("/conditions", status_code=201, response_model=MineOut)
def record(
    key: str, body: ConditionsIn, app: App, user: Officer, response: Response
) -> dict[str, Any]:
    """生产条件 Records one report record (docs/conditions.md); runs its rules."""
    app.mine(key)  # an unknown mine in the path is 404, not a bad field
    record = {**body.model_dump(mode="json", exclude_none=True), "mine_key": key}
    return mine_out(app.record_conditions_item(record), response)


@router.get("/licence")
def licence(key: str, app: App, user: Reader) -> dict[str, Any]:
    """安全生产许可证 A mine's licence now, whether it is in force, its history."""
    return app.licence_view(key)


@router.get("/conditions")
def conditions(
    key: str, app: App, user: Reader, period: str | None = None
) -> dict[str, Any]:
    """许可、公告与实际对照 Licence, announcement and worked scope side by side."""
    return app.conditions_view(key, period)
