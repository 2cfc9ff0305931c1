"""Every case escalated to the municipal government, open or decided."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.mine import Mine
from projections.base import MINE_COLUMNS, ReadModel, Statement, View
from projections.case_events import case_event

ESCALATED = case_event("CaseEscalated")
DECIDED = case_event("GovernmentDecided")
STATUSES = ("open", "decided")


class EscalationsView(View):
    """One row per escalation, with the government's decision once recorded."""

    prefix = "escalations"
    tables = {
        "mines": MINE_COLUMNS,
        "entries": "mine_id uuid, escalation_id text, case_id text NOT NULL, "
        "rule text NOT NULL, clause text NOT NULL, reason text NOT NULL, "
        "agency text NOT NULL, escalated_on date NOT NULL, outcome text, "
        "decision text, document text, decided_on date, "
        "PRIMARY KEY (mine_id, escalation_id)",
    }

    def search(
        self,
        *,
        county: str | None = None,
        rule: str | None = None,
        since: date | None = None,
        until: date | None = None,
        status: str | None = None,
    ) -> list[dict[str, Any]]:
        """Escalations by county, rule, date range (escalated on) and status."""
        rows = self.rows(
            "SELECT i.mine_key, i.name_zh, i.name_en, i.county_zh, i.county_en, e.*, "
            "CASE WHEN e.decided_on IS NULL THEN 'open' ELSE 'decided' END AS status "
            "FROM {entries} e JOIN {mines} i USING (mine_id) "
            "WHERE (%(county)s::text IS NULL OR %(county)s IN (i.county_zh, "
            "i.county_en)) AND (%(rule)s::text IS NULL OR e.rule = %(rule)s) "
            "AND (%(since)s::date IS NULL OR e.escalated_on >= %(since)s) "
            "AND (%(until)s::date IS NULL OR e.escalated_on <= %(until)s) "
            "ORDER BY e.escalated_on, e.escalation_id",
            {"county": county, "rule": rule, "since": since, "until": until},
        )
        return [r for r in rows if status is None or r["status"] == status]


class Escalations(ReadModel[EscalationsView]):
    """Projects escalations and the government's decisions on them."""

    name = "escalations"
    view_class = EscalationsView
    handlers = {
        Mine.Registered: "registered",
        ESCALATED: "escalated",
        DECIDED: "decided",
    }

    def registered(self, event: Any) -> list[Statement]:
        """Keeps the mine's key, names and county for the queries."""
        return self.view.registered(event)

    def escalated(self, event: Any) -> list[Statement]:
        """Adds an escalation, open until the government decides."""
        statement = self.view.sql(
            "INSERT INTO {entries} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
            "NULL, NULL, NULL, NULL) ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.escalation_id,
            event.case_id,
            event.rule,
            event.clause,
            event.reason,
            event.actor.get("agency", ""),
            event.on,
        )
        return [(statement, values)]

    def decided(self, event: Any) -> list[Statement]:
        """Records the government's decision on an escalation."""
        statement = self.view.sql(
            "UPDATE {entries} SET outcome = %s, decision = %s, document = %s, "
            "decided_on = %s WHERE mine_id = %s AND escalation_id = %s"
        )
        values = (
            event.outcome,
            event.decision,
            event.document,
            event.on,
            event.originator_id,
            event.escalation_id,
        )
        return [(statement, values)]
