"""A base of Mine: capacity increase and decrease applications (核增/核减), R18."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInputError
from domain.rules.config import RulesConfig
from domain.rules.penalties import BarDecision, PenaltyDecision, capacity_change_bar

CHANGE_KINDS = ("increase", "decrease")
# Violations of these rules are over-capacity production (超能力生产): annual,
# monthly, and plans above capacity (MEM Order 4 Art 4(1)-(2)).
OVER_CAPACITY_RULES = frozenset({"R1", "R2", "R4"})


def over_capacity(
    penalties: list[PenaltyDecision], violation_rules: dict[str, str]
) -> list[PenaltyDecision]:
    """The penalty decisions whose violation was over-capacity production."""
    return [
        p
        for p in penalties
        if violation_rules.get(p.violation_id) in OVER_CAPACITY_RULES
    ]


class MineCapacityChanges(Aggregate):
    """Capacity change applications, each decided on the mine's own penalties."""

    # Mine's own state, which the decision reads.
    key: str
    cases: dict[str, dict[str, Any]]
    penalty_decisions: Callable[[], list[PenaltyDecision]]

    class CapacityChangeApplied(Aggregate.Event):
        """An application for a capacity change, accepted for the procedure."""

        application_id: str
        kind: str
        tonnes: int
        reason: str
        rule: str
        version: int
        penalty_ids: list[str]
        explanation: str
        on: date

    class CapacityChangeRefused(Aggregate.Event):
        """An application refused because R18 bars the mine; names the penalties."""

        application_id: str
        kind: str
        tonnes: int
        reason: str
        rule: str
        version: int
        penalty_ids: list[str]
        explanation: str
        on: date

    def _start_capacity_changes(self) -> None:
        self.capacity_changes: list[dict[str, Any]] = []

    def bar_penalties(self) -> list[PenaltyDecision]:
        """Over-capacity penalty decisions on this mine's cases, as R18 counts them."""
        rules = {
            v["violation_id"]: v["rule"]
            for case in self.cases.values()
            for v in case["violations"]
        }
        return over_capacity(self.penalty_decisions(), rules)

    def apply_capacity_change(
        self, *, kind: str, tonnes: int, reason: str, on: date, config: RulesConfig
    ) -> BarDecision:
        """Records an application; refused (and recorded so) when R18 bars the mine."""
        if kind not in CHANGE_KINDS:
            raise InvalidInputError("kind", f"{kind!r} is not one of {CHANGE_KINDS}")
        if isinstance(tonnes, bool) or not isinstance(tonnes, int) or tonnes <= 0:
            raise InvalidInputError("tonnes", f"{tonnes!r} is not a positive tonnage")
        decision = capacity_change_bar(self.bar_penalties(), on, config)
        record = self._refuse_change if decision.barred else self._apply_change
        record(
            application_id=f"{self.key}-K{len(self.capacity_changes) + 1:03d}",
            kind=kind,
            tonnes=tonnes,
            reason=reason.strip(),
            rule=decision.rule,
            version=decision.version,
            penalty_ids=list(decision.penalty_ids),
            explanation=decision.explanation,
            on=on,
        )
        return decision

    @event(CapacityChangeApplied)
    def _apply_change(
        self,
        application_id: str,
        kind: str,
        tonnes: int,
        reason: str,
        rule: str,
        version: int,
        penalty_ids: list[str],
        explanation: str,
        on: date,
    ) -> None:
        self._keep_application(locals(), refused=False)

    @event(CapacityChangeRefused)
    def _refuse_change(
        self,
        application_id: str,
        kind: str,
        tonnes: int,
        reason: str,
        rule: str,
        version: int,
        penalty_ids: list[str],
        explanation: str,
        on: date,
    ) -> None:
        self._keep_application(locals(), refused=True)

    def _keep_application(self, fields: dict[str, Any], refused: bool) -> None:
        # Shared by both event bodies: it only assigns, so replay stays a pure apply.
        entry = {name: value for name, value in fields.items() if name != "self"}
        entry["penalty_ids"] = list(entry["penalty_ids"])
        self.capacity_changes.append({**entry, "refused": refused})
