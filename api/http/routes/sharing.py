"""Monthly sharing (R19): submissions, bulletins, acknowledgements, escalations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from api.http.auth import Reader, allow
from api.http.deps import App, tag
from api.http.schemas import (
    BulletinOut,
    DecisionIn,
    EscalationIn,
    RoundOut,
    SubmissionIn,
)
from api.http.store import Principal

router = APIRouter(prefix="/sharing/{period}", tags=["sharing 信息共享"])
Liaison = Annotated[Principal, Depends(allow("liaison", "admin"))]
Member = Annotated[Principal, Depends(allow("liaison", "case_officer", "admin"))]
Government = Annotated[Principal, Depends(allow("government", "admin"))]


def round_out(app: Any, round_: Any, response: Response) -> dict[str, Any]:
    tag(response, round_.version)
    return {
        **vars(round_),
        "version": round_.version,
        "compiled": round_.compiled,
        "status": round_.status_as_of(app.local_time()),
    }


@router.get("", response_model=RoundOut)
def sharing_round(
    period: str, app: App, user: Reader, response: Response
) -> dict[str, Any]:
    """月度共享 Month M's round: who filed on time, late or not at all."""
    return round_out(app, app.sharing_round(period), response)


@router.post("/submissions", status_code=201, response_model=RoundOut)
def file_submission(
    period: str, body: SubmissionIn, app: App, user: Liaison, response: Response
) -> dict[str, Any]:
    """报送 Files or amends the liaison's agency's items for month M."""
    round_ = app.file_submission(
        period, user.agency, body.items, by=user.name, reason=body.reason
    )
    return round_out(app, round_, response)


@router.post("/bulletin", status_code=201, response_model=RoundOut)
def compile_bulletin(
    period: str, app: App, user: Liaison, response: Response
) -> dict[str, Any]:
    """编制通报 Compiles month M's bulletin, once."""
    return round_out(app, app.compile_bulletin(period), response)


@router.get("/bulletin", response_model=BulletinOut)
def bulletin(period: str, app: App, user: Reader) -> dict[str, Any]:
    """通报 Month M's bulletin as circulated, with acknowledgements and actions."""
    return {"period": period, "text": app.bulletin_text(period)}


@router.post("/acknowledgements", status_code=201, response_model=RoundOut)
def acknowledge(
    period: str, app: App, user: Liaison, response: Response
) -> dict[str, Any]:
    """签收 Records that the liaison's agency received month M's bulletin."""
    round_ = app.acknowledge_bulletin(period, user.agency, by=user.name)
    return round_out(app, round_, response)


@router.post("/items/{item}/escalation", status_code=201, response_model=RoundOut)
def escalate(
    period: str,
    item: str,
    body: EscalationIn,
    app: App,
    user: Member,
    response: Response,
) -> dict[str, Any]:
    """上报市政府 Marks an item a major issue for the municipal government."""
    round_ = app.escalate_item(period, item, user.agency, reason=body.reason)
    return round_out(app, round_, response)


@router.post("/items/{item}/decision", status_code=201, response_model=RoundOut)
def decide(
    period: str,
    item: str,
    body: DecisionIn,
    app: App,
    user: Government,
    response: Response,
) -> dict[str, Any]:
    """审定决策 Records the municipal government's decision on an escalated item."""
    round_ = app.record_decision(period, item, **body.model_dump())
    return round_out(app, round_, response)


@router.post("/items/{item}/referral", status_code=201, response_model=RoundOut)
def refer(
    period: str, item: str, app: App, user: Member, response: Response
) -> dict[str, Any]:
    """移交联合执法 Refers an item to joint enforcement."""
    return round_out(app, app.refer_item(period, item, user.agency), response)
