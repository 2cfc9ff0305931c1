"""Read models: positions, monthly output charts and the key-supervision list."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.http.auth import Reader
from api.http.deps import App, Box

router = APIRouter(tags=["read models 读模型"])


@router.get("/read-models")
def positions(box: Box, user: Reader) -> list[dict[str, Any]]:
    """读模型进度 How far each read model has got and how many events it lags."""
    models = box.read_models
    return [models.position(name).as_dict() for name in models.names]


@router.get("/mines/{key}/monthly")
def monthly(
    key: str,
    app: App,
    box: Box,
    user: Reader,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> dict[str, Any]:
    """月度产量与限额 A mine's months of a year against its limits (read model)."""
    app.mine(key)
    box.read_models.fresh("monthly_output")
    view = box.read_models.view("monthly_output")
    return view.chart(key.upper(), year or app.today().year)


@router.get("/key-supervision")
def key_supervision(
    app: App,
    box: Box,
    user: Reader,
    as_of: date | None = None,
    everyone: bool = False,
) -> list[dict[str, Any]]:
    """重点监管 Mines under key supervision (R17) and their inspection schedule."""
    box.read_models.fresh("key_supervision")
    view = box.read_models.view("key_supervision")
    return view.schedule(as_of or app.today(), app.rules, everyone=everyone)
