"""Cases: open, read, advance by trigger, escalate, the government's decision."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.http.auth import Government, Officer, Reader, RewardOfficer, acting
from api.http.case_schemas import (
    AdvanceIn,
    CaseDecisionIn,
    CaseEscalationIn,
    CaseIn,
    CaseOut,
    CaseViewOut,
    DeadlinesOut,
    InformantOut,
    TriggersOut,
)
from api.http.deps import App, IfMatch, locate, tag

router = APIRouter(tags=["cases 案件"])
AsOf = Annotated[date | None, Query(description="期限计算日 YYYY-MM-DD, default today")]


def case_out(case: dict[str, Any], response: Response) -> dict[str, Any]:
    tag(response, case["mine_version"])
    return case


@router.post("/mines/{key}/cases", status_code=201, response_model=CaseOut)
def open_case(
    key: str,
    body: CaseIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """立案 Opens a case on a mine in the officer's agency's name."""
    case = app.open_case(
        key, **body.model_dump(), actor=acting(user), expected_version=version
    )
    locate(response, f"/cases/{case['case_id']}")
    return case_out(case, response)


@router.get("/mines/{key}/cases", response_model=list[CaseOut])
def list_cases(key: str, app: App, user: Reader) -> list[dict[str, Any]]:
    """煤矿的案件 Every case on a mine, oldest first."""
    return app.cases_of(key)


@router.get("/cases/{case_id}", response_model=CaseViewOut)
def get_case(
    case_id: str, app: App, user: Reader, response: Response, as_of: AsOf = None
) -> dict[str, Any]:
    """案件详情 State, history, allowed next triggers and deadlines as of a day."""
    return case_out(app.case_view(case_id, as_of), response)


@router.post("/cases/{case_id}/advance", response_model=CaseOut)
def advance(
    case_id: str,
    body: AdvanceIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """推进案件 Records a step by its trigger; refusals name state, trigger, guard."""
    case = app.advance(
        case_id, body.trigger, body.data, acting(user), expected_version=version
    )
    return case_out(case, response)


@router.get("/cases/{case_id}/triggers", response_model=TriggersOut)
def triggers(case_id: str, app: App, user: Reader) -> dict[str, Any]:
    """可执行步骤 The triggers the case's state allows now."""
    return {"case_id": case_id, "allowed_triggers": app.allowed_triggers(case_id)}


@router.get("/cases/{case_id}/deadlines", response_model=DeadlinesOut)
def deadlines(case_id: str, app: App, user: Reader, as_of: AsOf = None) -> Any:
    """期限 What is due next and what is overdue on a day (R14, R15, R21)."""
    return app.deadlines(case_id, as_of)


@router.post("/cases/{case_id}/escalations", status_code=201, response_model=CaseOut)
def escalate(
    case_id: str,
    body: CaseEscalationIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """提请市政府 Refers the case to the municipal government by hand, with why."""
    case = app.escalate(
        case_id, reason=body.reason, actor=acting(user), expected_version=version
    )
    return case_out(case, response)


@router.post("/cases/{case_id}/decision", status_code=201, response_model=CaseOut)
def decide(
    case_id: str,
    body: CaseDecisionIn,
    app: App,
    user: Government,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """审定决策 Records the municipal government's decision on an escalation."""
    case = app.record_government_decision(
        case_id, **body.model_dump(), actor=acting(user), expected_version=version
    )
    return case_out(case, response)


@router.get("/cases/{case_id}/informant", response_model=list[InformantOut])
def informant(
    case_id: str, app: App, user: RewardOfficer, response: Response
) -> list[dict[str, Any]]:
    """举报人身份 The case's informants, decrypted: for the reward officer only."""
    response.headers["Cache-Control"] = "no-store"
    return app.informant_identity(case_id, reward_officer=acting(user))
