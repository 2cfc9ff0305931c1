"""Capacity change applications (核增/核减): load the mine, decide R18, save."""

from __future__ import annotations

import logging
from typing import Any

from workflows.application import BaseApplication

log = logging.getLogger(__name__)


class CapacityChangeService(BaseApplication):
    """Applies for capacity increases and decreases, barred by recent penalties."""

    def apply_capacity_change(
        self,
        key: str,
        *,
        kind: str,
        tonnes: int,
        reason: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Records the application; raises R18's refusal after recording it."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        decision = mine.apply_capacity_change(
            kind=kind, tonnes=tonnes, reason=reason, on=self.today(), config=self.rules
        )
        self.commit(mine)
        log.info(
            "capacity %s %s t for %s: barred %s", kind, tonnes, key, decision.barred
        )
        decision.raise_if_barred()
        return mine.capacity_changes[-1]
