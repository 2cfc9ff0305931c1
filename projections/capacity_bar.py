"""The bar on capacity changes (R18): mines with recent over-capacity penalties."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from domain.capacity_changes import OVER_CAPACITY_RULES
from domain.mine import Mine
from domain.rules.config import RulesConfig
from domain.rules.penalties import PenaltyDecision, capacity_change_bar
from projections.base import MINE_COLUMNS, ReadModel, Statement, View
from projections.case_events import case_event

VIOLATION = case_event("ViolationConfirmed")
PENALTY = case_event("PenaltyDecided")


class CapacityBarView(View):
    """Each mine's penalty decisions with the rule of the violation they punish."""

    prefix = "capacity_bar"
    tables = {
        "mines": MINE_COLUMNS,
        "violations": "mine_id uuid, violation_id text, rule text NOT NULL, "
        "PRIMARY KEY (mine_id, violation_id)",
        "penalties": "mine_id uuid, decision_id text, decided_on date NOT NULL, "
        "agency text NOT NULL, case_id text NOT NULL, violation_id text NOT NULL, "
        "fine_yuan bigint NOT NULL, PRIMARY KEY (mine_id, decision_id)",
    }

    def barred(self, as_of: date, config: RulesConfig) -> list[dict[str, Any]]:
        """Mines R18 bars on a day, each with the decisions it counted."""
        rows = self.rows(
            "SELECT i.mine_key, i.name_zh, i.name_en, i.county_zh, p.* "
            "FROM {penalties} p JOIN {mines} i USING (mine_id) "
            "JOIN {violations} v USING (mine_id, violation_id) "
            "WHERE v.rule = ANY(%s) AND p.decided_on <= %s ORDER BY i.mine_key",
            (sorted(OVER_CAPACITY_RULES), as_of),
        )
        found = []
        for key, group in groupby(rows, key=lambda r: r["mine_key"]):
            mine_rows = list(group)
            decision = capacity_change_bar(
                [_decision(r) for r in mine_rows], as_of, config
            )
            if decision.barred:
                found.append(
                    {
                        "mine_key": key,
                        "name_zh": mine_rows[0]["name_zh"],
                        "name_en": mine_rows[0]["name_en"],
                        "county_zh": mine_rows[0]["county_zh"],
                        "window_from": decision.window_from,
                        "penalty_ids": list(decision.penalty_ids),
                        "counted": len(decision.penalty_ids),
                        "explanation": decision.explanation,
                    }
                )
        return found


def _decision(row: dict[str, Any]) -> PenaltyDecision:
    return PenaltyDecision(
        id=row["decision_id"],
        decided_on=row["decided_on"],
        agency=row["agency"],
        violation_id=row["violation_id"],
        case_id=row["case_id"],
        fine_yuan=row["fine_yuan"],
    )


class CapacityBar(ReadModel[CapacityBarView]):
    """Projects violations' rules and the penalty decisions on them."""

    name = "capacity_bar"
    view_class = CapacityBarView
    handlers = {
        Mine.Registered: "registered",
        VIOLATION: "violation_confirmed",
        PENALTY: "penalty_decided",
    }

    def registered(self, event: Any) -> list[Statement]:
        """Keeps the mine's key, names and county for the queries."""
        return self.view.registered(event)

    def violation_confirmed(self, event: Any) -> list[Statement]:
        """Adds a confirmed violation."""
        statement = self.view.sql(
            "INSERT INTO {violations} VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
        )
        return [(statement, (event.originator_id, event.violation_id, event.rule))]

    def penalty_decided(self, event: Any) -> list[Statement]:
        """Adds a penalty decision."""
        statement = self.view.sql(
            "INSERT INTO {penalties} VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.decision_id,
            event.on,
            event.agency,
            event.case_id,
            event.violation_id,
            event.company_fine + event.person_fine,
        )
        return [(statement, values)]
