"""The case board: open cases by state, agency and county, with what is due next."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.mine import Mine
from domain.rules.config import RulesConfig
from projections.base import MINE_COLUMNS, ReadModel, Statement, View
from projections.case_events import STATE_EVENTS, case_event

OPENED = case_event("CaseOpened")
# After each step: what comes next, and its due date as an event field or as
# days (a rule setting) from the step's date.
NEXT = {
    "CaseOpened": ("计划检查 plan the inspection", None, None),
    "InspectionPlanned": ("现场检查 inspect on site", "planned_for", None),
    "InspectionRecorded": ("认定 confirm or find unfounded", None, None),
    "ViolationConfirmed": ("处罚决定 decide the penalty", None, None),
    "ReportFoundUnfounded": ("回头看 recheck (R21)", None, "recheck_due_days"),
    "PenaltyDecided": ("停产整顿 start the suspension", None, None),
    "SuspensionStarted": ("停产期满 suspension ends", "ends_on", None),
    "ResumptionApplied": (
        "复产验收 accept resumption (R15)",
        None,
        "resumption_acceptance_days",
    ),
    "ResumptionAccepted": ("回头看 recheck (R21)", None, "recheck_due_days"),
    "ResumptionRejected": ("继续整改 rectify and reapply", None, None),
    "RecheckDone": ("结案 close the case", None, None),
    "CaseClosed": ("", None, None),
}


class CaseBoardView(View):
    """One row per case: its state, agency, and the next step with its due date."""

    prefix = "case_board"
    tables = {
        "mines": MINE_COLUMNS,
        "cases": "mine_id uuid, case_id text, origin text NOT NULL, "
        "state text NOT NULL, agency text NOT NULL, opened_on date NOT NULL, "
        "updated_on date NOT NULL, next_step text NOT NULL, due_on date, "
        "due_from date, due_setting text, PRIMARY KEY (mine_id, case_id)",
    }

    def board(
        self,
        as_of: date,
        config: RulesConfig,
        *,
        state: str | None = None,
        agency: str | None = None,
        county: str | None = None,
    ) -> list[dict[str, Any]]:
        """Open cases, filtered, each with its due date and whether it is overdue."""
        rows = self.rows(
            "SELECT i.mine_key, i.name_zh, i.name_en, i.county_zh, i.county_en, c.* "
            "FROM {cases} c JOIN {mines} i USING (mine_id) "
            "WHERE c.state <> 'closed' AND (%(state)s::text IS NULL OR "
            "c.state = %(state)s) AND (%(agency)s::text IS NULL OR "
            "c.agency = %(agency)s) AND (%(county)s::text IS NULL OR "
            "%(county)s IN (i.county_zh, i.county_en)) "
            "ORDER BY c.state, c.opened_on, c.case_id",
            {"state": state, "agency": agency, "county": county},
        )
        return [_with_due(row, as_of, config) for row in rows]


def _with_due(row: dict[str, Any], as_of: date, config: RulesConfig) -> dict[str, Any]:
    due = row["due_on"]
    if due is None and row["due_setting"]:
        due = row["due_from"] + timedelta(days=getattr(config, row["due_setting"]))
    return {**row, "due": due, "overdue": due is not None and due < as_of}


class CaseBoard(ReadModel[CaseBoardView]):
    """Projects every case step that moves a case to a new state."""

    name = "case_board"
    view_class = CaseBoardView
    handlers = {
        Mine.Registered: "registered",
        OPENED: "opened",
        **dict.fromkeys(STATE_EVENTS, "moved"),
    }

    def registered(self, event: Any) -> list[Statement]:
        """Keeps the mine's key, names and county for the queries."""
        return self.view.registered(event)

    def opened(self, event: Any) -> list[Statement]:
        """Adds a new case to the board."""
        statement = self.view.sql(
            "INSERT INTO {cases} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
            "NULL, NULL, NULL) ON CONFLICT DO NOTHING"
        )
        values = (
            event.originator_id,
            event.case_id,
            event.origin,
            event.state,
            event.actor.get("agency", ""),
            event.on,
            event.on,
            NEXT["CaseOpened"][0],
        )
        return [(statement, values)]

    def moved(self, event: Any) -> list[Statement]:
        """Moves a case to its new state and sets what is due next."""
        step, due_field, setting = NEXT[type(event).__name__]
        statement = self.view.sql(
            "UPDATE {cases} SET state = %s, updated_on = %s, next_step = %s, "
            "due_on = %s, due_from = %s, due_setting = %s "
            "WHERE mine_id = %s AND case_id = %s"
        )
        values = (
            event.state,
            event.on,
            step,
            getattr(event, due_field) if due_field else None,
            event.on if setting else None,
            setting,
            event.originator_id,
            event.case_id,
        )
        return [(statement, values)]
