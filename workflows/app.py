"""The application every edge uses: all services on one event store."""

from __future__ import annotations

from workflows.capacity_changes import CapacityChangeService
from workflows.cases import CaseService
from workflows.conditions import ConditionsService
from workflows.ledger import LedgerService
from workflows.sharing import SharingService


class Overcap(
    LedgerService,
    SharingService,
    ConditionsService,
    CapacityChangeService,
    CaseService,
):
    """Mines, their findings and cases, in one PostgreSQL event store."""
