"""The application every edge uses: all services on one event store."""

from __future__ import annotations

from workflows.ledger import LedgerService


class Overcap(LedgerService):
    """Mines, their findings and cases, in one PostgreSQL event store."""
