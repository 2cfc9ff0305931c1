"""Tip-offs (举报): public intake and follow-up, officers' list and attaching."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.http.auth import Anyone, Officer, acting
from api.http.case_schemas import (
    AttachIn,
    CaseOut,
    TipOffIn,
    TipOffPage,
    TipOffReceiptOut,
    TipOffStatusOut,
)
from api.http.deps import App, IfMatch, Paged, locate, tag

router = APIRouter(prefix="/tipoffs", tags=["tip-offs 举报"])


@router.post("", status_code=201, response_model=TipOffReceiptOut)
def receive(body: TipOffIn, app: App, user: Anyone, response: Response) -> Any:
    """受理举报 Takes a tip-off from anyone, no token needed; anonymous if wished."""
    # An officer's token records who took it; the public's intake is the default.
    taker = acting(user) if user and "case_officer" in user.roles else None
    receipt = app.receive_tipoff(
        **body.model_dump(exclude={"informant"}),
        informant=body.informant.model_dump() if body.informant else None,
        received_by=taker,
    )
    locate(response, f"/tipoffs/{receipt.receipt}")
    response.headers["Cache-Control"] = "no-store"
    return receipt.as_dict()


@router.get("", response_model=TipOffPage)
def list_tipoffs(
    app: App, user: Officer, paged: Paged, unmatched: bool = False
) -> dict[str, Any]:
    """举报列表 Tip-offs as received, without informants; or only unmatched ones."""
    return paged.of(app.tipoffs(unmatched=unmatched))


@router.get("/{receipt}", response_model=TipOffStatusOut)
def follow_up(
    receipt: str,
    app: App,
    user: Anyone,
    code: Annotated[str, Query(min_length=1, max_length=64, description="查询码")],
) -> dict[str, Any]:
    """查询进度 The progress of one's own tip-off, with its follow-up code."""
    return app.tipoff_status(receipt, code)


@router.post("/{receipt}/attach", status_code=201, response_model=CaseOut)
def attach(
    receipt: str,
    body: AttachIn,
    app: App,
    user: Officer,
    version: IfMatch,
    response: Response,
) -> dict[str, Any]:
    """关联举报 Attaches a tip-off to a mine (opening a case) or to an open case."""
    case = app.attach_tipoff(
        receipt, **body.model_dump(), actor=acting(user), expected_version=version
    )
    locate(response, f"/cases/{case['case_id']}")
    tag(response, case["mine_version"])
    return case
