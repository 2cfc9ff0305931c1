"""Capacity change applications (核增/核减), barred by recent penalties (R18)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http.auth import Officer
from api.http.deps import App, IfMatch
from api.http.schemas import CapacityChangeIn

router = APIRouter(prefix="/mines/{key}", tags=["mines 煤矿"])


@router.post("/capacity-changes", status_code=201)
def apply_capacity_change(
    key: str, body: CapacityChangeIn, app: App, user: Officer, version: IfMatch
) -> dict[str, Any]:
    """核增核减申请 Applies for a capacity change; R18 refusals answer 409 naming it."""
    return app.apply_capacity_change(key, **body.model_dump(), expected_version=version)
