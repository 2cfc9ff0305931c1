"""Commands, imports and queries on licences, announcements and conditions."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import (
    InvalidInputError,
    MineNotFoundError,
)
from domain.mine import Mine
from workflows.application import BaseApplication
from workflows.imports import ImportReport, apply_all_or_nothing

log = logging.getLogger(__name__)
# The fields each kind of record carries besides kind, mine_key and on.
RECORD_FIELDS = {
    "licence": {"action", "number", "valid_from", "valid_to", "scope", "reason"},
    "announcement": {"document", "published", "scope"},
    "conditions": {"conditions", "faces"},
    "measure": {"measure", "period", "document"},
    "gas_evaluation": {"evaluation"},
    "headcounts": {"day", "shifts"},
}
LICENCE_ACTIONS = ("issue", "renew", "withhold", "revoke")
Act = Callable[[Mine], bool]


def _day(record: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(record[name]))
    except KeyError:
        raise InvalidInputError(name, "is missing") from None
    except ValueError:
        raise InvalidInputError(name, "must be a date written YYYY-MM-DD") from None


def _value(record: Mapping[str, Any], name: str) -> Any:
    if name not in record:
        raise InvalidInputError(name, "is missing")
    return record[name]


def _text(record: Mapping[str, Any], name: str) -> str:
    value = _value(record, name)
    if not isinstance(value, str):
        raise InvalidInputError(name, "must be text")
    return value


def _licence_act(record: Mapping[str, Any], on: date) -> Act:
    action = record.get("action")
    if action in ("withhold", "revoke"):
        reason = _text(record, "reason")
        if action == "withhold":
            return lambda m: m.withhold_licence(reason=reason, on=on)
        return lambda m: m.revoke_licence(reason=reason, on=on)
    if action not in LICENCE_ACTIONS:
        raise InvalidInputError(
            "action", f"must be one of {', '.join(LICENCE_ACTIONS)}"
        )
    values = {
        "number": _text(record, "number"),
        "valid_from": _day(record, "valid_from"),
        "valid_to": _day(record, "valid_to"),
        "scope": _value(record, "scope"),
        "on": on,
    }
    if action == "issue":
        return lambda m: m.issue_licence(**values)
    return lambda m: m.renew_licence(**values)


class ConditionsService(BaseApplication):
    """Licences, capacity announcements, production conditions and their findings."""

    def record_conditions_item(self, record: Mapping[str, Any]) -> Mine:
        """Records one item in the import format (licence, conditions, ...)."""
        mines: dict[str, Mine] = {}
        self._apply_record(record, mines)
        mine = next(iter(mines.values()))
        self.commit(mine)
        log.info("conditions item %s for %s", record.get("kind"), mine.key)
        return mine

    def import_conditions(self, path: Path) -> ImportReport:
        """Records every record of a conditions JSON file, or none if one is bad."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            raise InvalidInputError("file", f"{path}: {error}") from None
        records = data.get("reports") if isinstance(data, dict) else data
        if not isinstance(records, list):
            raise InvalidInputError("file", f"{path}: needs a list of reports")
        return self.conditions_records(records, str(path))

    def conditions_records(self, records: list[Any], source: str) -> ImportReport:
        """Applies records all or nothing; every bad one is named with its number."""
        report = apply_all_or_nothing(
            self, records, self._apply_record, f"conditions import from {source}"
        )
        log.info("conditions import %s: %s", source, report.as_dict())
        return report

    def _apply_record(self, record: Any, mines: dict[str, Mine]) -> bool:
        if not isinstance(record, Mapping):
            raise InvalidInputError("record", "must be an object")
        kind = record.get("kind")
        if kind not in RECORD_FIELDS:
            raise InvalidInputError(
                "kind", f"must be one of {', '.join(RECORD_FIELDS)}"
            )
        unknown = set(record) - RECORD_FIELDS[kind] - {"kind", "mine_key", "on"}
        if unknown:
            raise InvalidInputError(sorted(unknown)[0], f"is not a field of {kind}")
        key = str(record.get("mine_key") or "").strip().upper()
        if key not in mines:
            try:
                mines[key] = self.mine(key)
            except MineNotFoundError as error:
                raise InvalidInputError("mine_key", str(error)) from None
        on = _day(record, "on") if "on" in record else self.today()
        return self._act(kind, record, on)(mines[key])

    def _act(self, kind: str, record: Mapping[str, Any], on: date) -> Act:
        if kind == "licence":
            return _licence_act(record, on)
        if kind == "announcement":
            document = _text(record, "document")
            published = _day(record, "published")
            scope = _value(record, "scope")
            return lambda m: m.publish_announcement(
                document=document, published=published, scope=scope, on=on
            )
        if kind == "conditions":
            conditions = _value(record, "conditions")
            faces = record.get("faces", [])
            if not isinstance(faces, list):
                raise InvalidInputError("faces", "must be a list")
            return lambda m: m.report_conditions(
                conditions=conditions, faces=faces, on=on, config=self.rules
            )
        if kind == "measure":
            measure, period = _text(record, "measure"), _text(record, "period")
            document = _text(record, "document")
            return lambda m: m.take_measure(
                kind=measure, period=period, document=document, on=on
            )
        if kind == "gas_evaluation":
            evaluation = _value(record, "evaluation")
            return lambda m: m.record_gas_evaluation(evaluation=evaluation, on=on)
        day, shifts = _day(record, "day"), _value(record, "shifts")
        if not isinstance(shifts, list):
            raise InvalidInputError("shifts", "must be a list")
        return lambda m: m.report_headcounts(
            day=day, shifts=shifts, on=on, config=self.rules
        )

    def licence_view(self, key: str) -> dict[str, Any]:
        """A mine's licence now, with its history."""
        mine = self.mine(key)
        held, why = mine.licence_in_force(self.today())
        return {
            "mine": mine.key,
            "name": f"{mine.name_zh} {mine.name_en}".strip(),
            "licence": mine.licence,
            "in_force_today": held is not None,
            "not_in_force_because": why,
            "history": mine.licence_history,
        }

    def conditions_view(self, key: str, period: str | None = None) -> dict[str, Any]:
        """Licence, announcement and worked scope side by side, with open measures."""
        mine = self.mine(key)
        if period is not None and period not in mine.conditions:
            raise InvalidInputError("period", f"no conditions for {period} at {key}")
        compared = mine.scope_comparison(period)
        return {
            "mine": mine.key,
            "name": f"{mine.name_zh} {mine.name_en}".strip(),
            **compared,
            "findings": [
                f
                for f in mine.current_findings()
                if f["rule"] in ("R5", "R6", "R7", "R9", "R10", "R11")
            ],
            "open_measures": mine.open_measures(self.today()),
        }
