"""Violation history per mine: confirmed violations and penalty decisions by date."""

from __future__ import annotations

from typing import Any

from domain.mine import Mine
from projections.base import MINE_COLUMNS, ReadModel, Statement, View
from projections.case_events import case_event

VIOLATION = case_event("ViolationConfirmed")
PENALTY = case_event("PenaltyDecided")


class ViolationsView(View):
    """One row per confirmed violation and per penalty decision."""

    prefix = "violations"
    tables = {
        "mines": MINE_COLUMNS,
        "entries": "mine_id uuid, entry_id text, kind text NOT NULL, "
        "on_date date NOT NULL, rule text NOT NULL, case_id text NOT NULL, "
        "agency text NOT NULL, violation_id text NOT NULL, violation_date date, "
        "period text, company_fine bigint, person_fine bigint, "
        "suspension_days int, detail text NOT NULL, "
        "PRIMARY KEY (mine_id, entry_id)",
    }

    def history(self, key: str) -> list[dict[str, Any]]:
        """A mine's violations and penalty decisions, oldest first."""
        return self.rows(
            "SELECT e.* FROM {entries} e JOIN {mines} i USING (mine_id) "
            "WHERE i.mine_key = %s "
            "ORDER BY e.on_date, e.kind DESC, e.entry_id",
            (key.strip().upper(),),
        )


class Violations(ReadModel[ViolationsView]):
    """Projects violations and the penalty decisions taken on them."""

    name = "violations"
    view_class = ViolationsView
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
            "INSERT INTO {entries} VALUES (%s, %s, 'violation', %s, %s, %s, %s, %s, "
            "%s, %s, NULL, NULL, NULL, %s) ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.violation_id,
            event.on,
            event.rule,
            event.case_id,
            event.actor.get("agency", ""),
            event.violation_id,
            event.violation_date,
            event.period,
            f"超产 excess {event.excess_tonnes or '-'} t; {event.source}",
        )
        return [(statement, values)]

    def penalty_decided(self, event: Any) -> list[Statement]:
        # The rule is the violation's: a decision always follows its violation.
        """Adds a penalty decision."""
        statement = self.view.sql(
            "INSERT INTO {entries} SELECT %s, %s, 'penalty', %s, "
            "coalesce((SELECT rule FROM {entries} WHERE mine_id = %s "
            "AND entry_id = %s), ''), %s, %s, %s, NULL, NULL, %s, %s, %s, %s "
            "ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.decision_id,
            event.on,
            event.originator_id,
            event.violation_id,
            event.case_id,
            event.agency,
            event.violation_id,
            event.company_fine,
            event.person_fine,
            event.suspension_days,
            event.law,
        )
        return [(statement, values)]
