"""Loading and saving cases on their mines, numbered steps with retry, and queries."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain.case_facts import AGENCIES, STATE_LABELS, actor, case_mine_key
from domain.errors import (
    CaseNotFoundError,
    ConcurrencyConflictError,
    InvalidInputError,
    MineNotFoundError,
)
from domain.mine import Mine
from domain.registers import DocumentNumber, DocumentRegister, register_id
from domain.rules.base import MAJOR_HAZARD
from workflows.application import BaseApplication
from workflows.calendar import ChineseWorkdayCalendar
from workflows.case_deadlines import case_deadlines, due_next, overdue
from workflows.case_machine import allowed_triggers, decide

log = logging.getLogger(__name__)
# A register conflict means another case took the number first: take the next one.
NUMBER_RETRIES = 5


@dataclass(frozen=True)
class Step:
    """What a decided step hands to the domain: the mine, the case and the decision."""

    mine: Mine
    case_id: str
    state: str
    actor: dict[str, str]
    on: date
    number: DocumentNumber | None

    @property
    def case(self) -> dict[str, Any]:
        return self.mine.cases[self.case_id]

    @property
    def document_number(self) -> DocumentNumber:
        """The number a numbered step took from its register."""
        if self.number is None:
            raise InvalidInputError("number", f"{self.case_id}: no number was taken")
        return self.number


def officer(who: Mapping[str, str], also: tuple[str, ...] = ()) -> dict[str, str]:
    """The acting officer, {officer, agency}, as every command records it."""
    return actor(who.get("officer", ""), who.get("agency", ""), allowed=AGENCIES + also)


class CaseStore(BaseApplication):
    """Cases as their mines hold them: load, decide, save, and read."""

    calendar = ChineseWorkdayCalendar()

    def _load_case(
        self, case_id: str, expected_version: int | None = None
    ) -> tuple[Mine, dict[str, Any]]:
        try:
            mine = self.mine(case_mine_key(case_id))
        except MineNotFoundError:
            raise CaseNotFoundError(case_id) from None
        case = mine.case(case_id)
        if expected_version is not None and expected_version != mine.version:
            raise ConcurrencyConflictError(
                f"case {case['case_id']} (mine {mine.key})",
                expected_version,
                mine.version,
            )
        return mine, case

    def _save(self, case_id: str, loaded: int | None, mine: Any, *others: Any) -> None:
        try:
            self.commit(mine, *others, subject=case_id)
        except ConcurrencyConflictError:
            current = self._current_version(mine.id)
            raise ConcurrencyConflictError(
                f"case {case_id} (mine {mine.key})", loaded, current
            ) from None

    def _register(self, series: str, year: int) -> DocumentRegister:
        try:
            return self.repository.get(register_id(series, year))
        except AggregateNotFoundError:
            return DocumentRegister.open(series, year)

    def _step(
        self,
        case_id: str,
        trigger: str,
        who: Mapping[str, str],
        expected_version: int | None,
        act: Callable[[Step], Any],
        numbered: str = "",
        also: tuple[str, ...] = (),
        **facts: Any,
    ) -> dict[str, Any]:
        """Loads the case, decides the trigger, lets `act` record it, saves."""
        acting = officer(who, also)
        for _ in range(NUMBER_RETRIES):
            mine, case = self._load_case(case_id, expected_version)
            loaded, on = mine.version, self.today()
            standing = [
                f["finding_id"]
                for f in mine.current_findings()
                if f["outcome"] == MAJOR_HAZARD
            ]
            state = decide(
                case,
                trigger,
                on=on,
                agency=acting["agency"],
                standing_findings=standing,
                **facts,
            )
            register, number = None, None
            if numbered:
                register = self._register(acting["agency"], on.year)
                sequence = register.take(case["case_id"], on)
                number = DocumentNumber(acting["agency"], on.year, sequence, numbered)
            act(Step(mine, case["case_id"], state, acting, on, number))
            try:
                self._save(case["case_id"], loaded, mine, *filter(None, [register]))
            except ConcurrencyConflictError as conflict:
                if register is None or conflict.current != loaded:
                    raise
                continue
            log.info(
                "case %s: %s by %s (%s) -> %s",
                case["case_id"],
                trigger,
                acting["officer"],
                acting["agency"],
                state,
            )
            return self.case(case["case_id"])
        raise ConcurrencyConflictError(
            f"{numbered} number register of {acting['agency']}", None, None
        )

    # Queries: a case, a mine's cases, what a case may do next and by when.

    def case(self, case_id: str) -> dict[str, Any]:
        """One case as recorded (never the informant), with its mine's version."""
        mine, case = self._load_case(case_id)
        return {**copy.deepcopy(case), "mine_version": mine.version}

    def cases_of(self, mine_key: str) -> list[dict[str, Any]]:
        """Every case on a mine, oldest first, each with the mine's version."""
        mine = self.mine(mine_key)
        return [
            {**copy.deepcopy(c), "mine_version": mine.version}
            for c in mine.cases.values()
        ]

    def allowed_triggers(self, case_id: str) -> list[str]:
        """The steps the case's state allows now; guards may still refuse one."""
        return allowed_triggers(self.case(case_id)["state"])

    def deadlines(self, case_id: str, as_of: date | None = None) -> dict[str, Any]:
        """What is due next and what is overdue on a day (today by default)."""
        day = as_of or self.today()
        rows = case_deadlines(self.case(case_id), day, self.calendar, self.rules)
        return {
            "as_of": day,
            "deadlines": rows,
            "due_next": due_next(rows),
            "overdue": overdue(rows),
        }

    def case_view(self, case_id: str, as_of: date | None = None) -> dict[str, Any]:
        """A case with its state label, allowed next steps and deadlines."""
        case = self.case(case_id)
        return {
            **case,
            "state_label": STATE_LABELS[case["state"]],
            "allowed_triggers": allowed_triggers(case["state"]),
            **self.deadlines(case_id, as_of),
        }
