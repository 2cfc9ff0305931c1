"""Mines: registry entries, capacities, plans, monthly outputs and status."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.http.auth import Officer, Reader
from api.http.deps import App, IfMatch, locate, tag
from api.http.schemas import (
    CapacityIn,
    CorrectionIn,
    MineIn,
    MineOut,
    MinePage,
    OutputIn,
    PlanIn,
    StatusIn,
)
from api.presentation import mine_row

router = APIRouter(prefix="/mines", tags=["mines 煤矿"])


def mine_out(mine: Any, response: Response) -> dict[str, Any]:
    tag(response, mine.version)
    return {**vars(mine), "version": mine.version, "findings": mine.current_findings()}


@router.post("", status_code=201, response_model=MineOut)
def register_mine(
    body: MineIn, app: App, user: Officer, response: Response
) -> dict[str, Any]:
    """登记煤矿 Registers a mine; registering the same key again changes nothing."""
    mine = app.register_mine(**body.model_dump())
    locate(response, f"/mines/{mine.key}")
    return mine_out(mine, response)


@router.get("", response_model=MinePage)
def list_mines(
    app: App,
    user: Reader,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> dict[str, Any]:
    """煤矿列表 Lists mines in registration order, a page at a time."""
    keys = app.mine_keys()
    year = year or app.today().year
    items = [mine_row(app.mine(k), year) for k in keys[offset : offset + limit]]
    return {"total": len(keys), "offset": offset, "limit": limit, "items": items}


@router.get("/{key}", response_model=MineOut)
def get_mine(key: str, app: App, user: Reader, response: Response) -> dict[str, Any]:
    """煤矿详情 A mine's current state; its ETag is the version to send in If-Match."""
    return mine_out(app.mine(key), response)


@router.post("/{key}/capacities", status_code=201, response_model=MineOut)
def approve_capacity(
    key: str,
    body: CapacityIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """核定生产能力 Records an approved or design capacity in force from a date."""
    mine = app.approve_capacity(key, **body.model_dump(), expected_version=version)
    return mine_out(mine, response)


@router.post("/{key}/plans", status_code=201, response_model=MineOut)
def file_plan(
    key: str,
    body: PlanIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """生产计划 Files an annual or monthly plan and checks it against capacity (R4)."""
    mine = app.file_plan(key, **body.model_dump(), expected_version=version)
    return mine_out(mine, response)


@router.post("/{key}/outputs", status_code=201, response_model=MineOut)
def report_output(
    key: str,
    body: OutputIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """上报月度产量 Records a month's raw-coal output in the officer's agency's name."""
    mine = app.report_output(
        key,
        period=body.period,
        tonnes=body.tonnes,
        agency=user.agency,
        on=body.reported_on,
        expected_version=version,
    )
    return mine_out(mine, response)


@router.post("/{key}/corrections", status_code=201, response_model=MineOut)
def correct_output(
    key: str,
    body: CorrectionIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """更正月度产量 Supersedes a month's figure; the earlier one stays on record."""
    mine = app.correct_output(
        key,
        period=body.period,
        tonnes=body.tonnes,
        agency=user.agency,
        reason=body.reason,
        on=body.reported_on,
        expected_version=version,
    )
    return mine_out(mine, response)


@router.post("/{key}/status", status_code=201, response_model=MineOut)
def change_status(
    key: str,
    body: StatusIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """煤矿状态 Records a change of the mine's status."""
    mine = app.change_status(key, **body.model_dump(), expected_version=version)
    return mine_out(mine, response)
