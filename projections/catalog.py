"""Every read model by the name the CLI and the runners use."""

from __future__ import annotations

from typing import Any

from projections.base import ReadModel
from projections.capacity_bar import CapacityBar
from projections.case_board import CaseBoard
from projections.escalations import Escalations
from projections.key_supervision import KeySupervision
from projections.monthly_output import MonthlyOutput
from projections.violations import Violations

READ_MODELS: dict[str, type[ReadModel[Any]]] = {
    model.name: model
    for model in (
        MonthlyOutput,
        KeySupervision,
        Violations,
        CapacityBar,
        CaseBoard,
        Escalations,
    )
}
