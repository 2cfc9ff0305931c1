"""What auditors read: findings, a mine's full history and its state at any point."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.http.auth import Reader
from api.http.deps import App, tag
from api.http.errors import ApiError
from api.http.schemas import Finding, HistoryPage, StateOut
from api.presentation import event_row, state_summary
from domain.errors import InvalidInputError

router = APIRouter(prefix="/mines/{key}", tags=["audit 审计"])


@router.get("/findings", response_model=list[Finding])
def findings(
    key: str,
    app: App,
    user: Reader,
    response: Response,
    include_superseded: bool = False,
) -> list[dict[str, Any]]:
    """规则结论 A mine's current findings, or every finding ever recorded."""
    mine = app.mine(key)
    tag(response, mine.version)
    return mine.findings if include_superseded else mine.current_findings()


@router.get("/findings/{finding_id}", response_model=Finding)
def finding(key: str, finding_id: str, app: App, user: Reader) -> dict[str, Any]:
    """结论说明 One finding: rule, rule version, inputs, threshold and explanation."""
    for recorded in app.mine(key).findings:
        if recorded["finding_id"] == finding_id:
            return recorded
    raise ApiError(
        404, "not_found", "未找到该结论", f"mine {key} has no finding {finding_id!r}"
    )


@router.get("/history", response_model=HistoryPage)
def history(
    key: str,
    app: App,
    user: Reader,
    response: Response,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """事件历史 Every event of a mine in order, a page at a time."""
    events = app.events_of(key)
    version = events[-1].originator_version
    tag(response, version)
    page = [event_row(e) for e in events[offset : offset + limit]]
    return {
        "mine": key,
        "version": version,
        "total": len(events),
        "offset": offset,
        "limit": limit,
        "events": page,
    }


@router.get("/state", response_model=StateOut)
def state(
    key: str,
    app: App,
    user: Reader,
    response: Response,
    as_of: Annotated[date | None, Query(description="business date YYYY-MM-DD")] = None,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> dict[str, Any]:
    """历史状态 A mine's state as of a business date or at a version."""
    if as_of is not None and version is not None:
        raise InvalidInputError("version", "give as_of or version, not both")
    if as_of is not None:
        mine, stored = app.mine_as_of(key, as_of)
        version = stored[-1].originator_version
    else:
        mine = app.mine(key, version=version)
        if version is not None and mine.version != version:
            raise InvalidInputError("version", f"mine {key} is only at {mine.version}")
        version = mine.version
    tag(response, app.mine(key).version)
    return {
        "mine": mine.key,
        "version": version,
        "as_of": as_of,
        "state": state_summary(mine),
        "current_findings": mine.current_findings(),
    }
