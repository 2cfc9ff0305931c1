"""Key supervision (R17): mines under it, since when, and their next inspection."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.calendar import add_months
from domain.mine import Mine
from domain.rules.base import NONE
from domain.rules.config import RulesConfig
from projections.base import MINE_COLUMNS, ReadModel, Statement, View
from projections.case_events import INSPECTION_EVENTS, inspected_on


class KeySupervisionView(View):
    """Since when each mine is under key supervision, and the days it was inspected."""

    prefix = "key_supervision"
    tables = {
        "mines": MINE_COLUMNS,
        "since": "mine_id uuid PRIMARY KEY, since date NOT NULL, "
        "finding_id text NOT NULL, year text NOT NULL",
        "inspections": "mine_id uuid, inspected_on date, case_id text, "
        "PRIMARY KEY (mine_id, inspected_on, case_id)",
    }

    def schedule(
        self, as_of: date, config: RulesConfig, *, everyone: bool = False
    ) -> list[dict[str, Any]]:
        """Each supervised mine's frequency, last inspection and next due date."""
        rows = self.rows(
            "SELECT i.mine_key, i.name_zh, i.name_en, i.county_zh, i.county_en, "
            "s.since, (SELECT max(inspected_on) FROM {inspections} n "
            "WHERE n.mine_id = i.mine_id AND n.inspected_on <= %s) AS last "
            "FROM {mines} i LEFT JOIN {since} s "
            "ON s.mine_id = i.mine_id AND s.since <= %s ORDER BY i.mine_key",
            (as_of, as_of),
        )
        return [
            self._due(row, as_of, config)
            for row in rows
            if everyone or row["since"] is not None
        ]

    @staticmethod
    def _due(row: dict[str, Any], as_of: date, config: RulesConfig) -> dict[str, Any]:
        supervised = row["since"] is not None
        months = (
            config.key_supervision_inspection_months
            if supervised
            else config.normal_inspection_months
        )
        # A mine never inspected is due one interval after supervision began.
        start = row["last"] or row["since"]
        due = add_months(start, months) if start else None
        return {
            **row,
            "key_supervision": supervised,
            "every_months": months,
            "next_due": due,
            "overdue": due is not None and due < as_of,
        }


class KeySupervision(ReadModel[KeySupervisionView]):
    """Projects R17 findings and the inspections cases record."""

    name = "key_supervision"
    view_class = KeySupervisionView
    handlers = {
        Mine.Registered: "registered",
        Mine.FindingRecorded: "finding_recorded",
        **dict.fromkeys(INSPECTION_EVENTS, "inspected"),
    }

    def registered(self, event: Mine.Registered) -> list[Statement]:
        """Keeps the mine's key, names and county for the queries."""
        return self.view.registered(event)

    def finding_recorded(self, event: Mine.FindingRecorded) -> list[Statement]:
        # The mine stays under key supervision from the first R17 finding, as the
        # aggregate's own key_supervision_since does.
        """Puts the mine under key supervision from its first R17 finding."""
        if event.rule != "R17" or event.outcome == NONE:
            return []
        statement = self.view.sql(
            "INSERT INTO {since} VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
        )
        values = (event.originator_id, event.on, event.finding_id, event.subject)
        return [(statement, values)]

    def inspected(self, event: Any) -> list[Statement]:
        """Keeps the date of an inspection."""
        statement = self.view.sql(
            "INSERT INTO {inspections} VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
        )
        values = (event.originator_id, inspected_on(event), str(event.case_id))
        return [(statement, values)]
