"""Case read models: violation history, the R18 bar, the board and escalations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.bootstrap import Container
from api.http.auth import Reader
from api.http.case_schemas import CaseBoardPage, EscalationPage
from api.http.deps import App, Box, Paged
from domain.case_facts import AGENCIES, CLOSED, STATES

router = APIRouter(tags=["read models 读模型"])
# Closed cases leave the board; the choices come from the life cycle itself.
State = Literal[tuple(s for s in STATES if s != CLOSED)]  # type: ignore[valid-type]
Agency = Literal[AGENCIES]  # type: ignore[valid-type]
Day = Annotated[date | None, Query(description="YYYY-MM-DD, default today")]


def view(box: Container, name: str) -> Any:
    """The read model caught up with the store (or its projector), ready to query."""
    box.read_models.fresh(name)
    return box.read_models.view(name)


@router.get("/mines/{key}/violations")
def violations(key: str, app: App, box: Box, user: Reader) -> list[dict[str, Any]]:
    """违法与处罚记录 A mine's confirmed violations and penalty decisions by date."""
    app.mine(key)
    return view(box, "violations").history(key)


@router.get("/capacity-bar")
def capacity_bar(
    app: App, box: Box, user: Reader, as_of: Day = None
) -> list[dict[str, Any]]:
    """不得核增核减 Mines R18 bars on a day, with the penalty decisions counted."""
    return view(box, "capacity_bar").barred(as_of or app.today(), app.rules)


@router.get("/case-board", response_model=CaseBoardPage)
def case_board(
    app: App,
    box: Box,
    user: Reader,
    paged: Paged,
    state: State | None = None,
    agency: Agency | None = None,
    county: Annotated[str | None, Query(max_length=40)] = None,
    as_of: Day = None,
) -> dict[str, Any]:
    """案件看板 Open cases by state, agency and county, with what is due next."""
    rows = view(box, "case_board").board(
        as_of or app.today(), app.rules, state=state, agency=agency, county=county
    )
    return paged.of(rows)


@router.get("/escalations", response_model=EscalationPage)
def escalations(
    box: Box,
    user: Reader,
    paged: Paged,
    county: Annotated[str | None, Query(max_length=40)] = None,
    rule: Annotated[str | None, Query(max_length=10)] = None,
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    status: Literal["open", "decided"] | None = None,
) -> dict[str, Any]:
    """提请市政府 Escalations by county, rule, date range (escalated on), status."""
    rows = view(box, "escalations").search(
        county=county, rule=rule, since=since, until=until, status=status
    )
    return paged.of(rows)
