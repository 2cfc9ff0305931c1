"""Commands on a mine's registry entry, capacity, plans and outputs."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import (
    InvalidInputError,
    MineNotFoundError,
    OvercapError,
)
from domain.mine import Mine
from workflows.application import BaseApplication
from workflows.imports import ImportReport, Progress, apply_all_or_nothing

log = logging.getLogger(__name__)
OUTPUT_COLUMNS = ("mine_key", "period", "tonnes", "agency")


def _gem_status(status: str) -> str:
    return status.strip().lower().replace("-", "_").replace(" ", "_")


class LedgerService(BaseApplication):
    """Registers mines and records their capacities, plans and outputs."""

    def report_day(self, on: date | None) -> date:
        """The business date a report carries: given, but never after today."""
        today = self.today()
        if on is not None and on > today:
            raise InvalidInputError(
                "reported_on", f"{on.isoformat()} is after today, {today.isoformat()}"
            )
        return on or today

    def register_mine(self, *, on: date | None = None, **fields: Any) -> Mine:
        """Registers a mine; registering the same key again changes nothing."""
        key = str(fields.get("key", "")).strip().upper()
        if key and self.mine_exists(key):
            return self.mine(key)
        mine = Mine.register(on=on or self.today(), **fields)
        self.commit(mine)
        log.info("registered mine %s", mine.key)
        return mine

    def approve_capacity(
        self,
        key: str,
        *,
        kind: str,
        tonnes: int,
        effective: date,
        document: str,
        expected_version: int | None = None,
    ) -> Mine:
        """Records an approved or design capacity in force from a date."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        mine.approve_capacity(
            kind=kind,
            tonnes=tonnes,
            effective=effective,
            document=document,
            on=self.today(),
            config=self.rules,
        )
        self.commit(mine)
        return mine

    def change_status(
        self, key: str, *, status: str, reason: str, expected_version: int | None = None
    ) -> Mine:
        """Records a change of the mine's status."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        mine.change_status(status=status, reason=reason, on=self.today())
        self.commit(mine)
        return mine

    def file_plan(
        self,
        key: str,
        *,
        scope: str,
        period: str,
        tonnes: int,
        set_by: str,
        expected_version: int | None = None,
    ) -> Mine:
        """Files a production plan and checks it against capacity (R4)."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        mine.file_plan(
            scope=scope,
            period=period,
            tonnes=tonnes,
            set_by=set_by,
            on=self.today(),
            config=self.rules,
        )
        self.commit(mine)
        return mine

    def report_output(
        self,
        key: str,
        *,
        period: str,
        tonnes: int,
        agency: str,
        on: date | None = None,
        expected_version: int | None = None,
    ) -> Mine:
        """Records a month's raw-coal output and the findings it causes."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        mine.report_output(
            period=period,
            tonnes=tonnes,
            agency=agency,
            on=self.report_day(on),
            config=self.rules,
        )
        self.commit(mine)
        log.info("output %s %s %s t by %s", key, period, tonnes, agency)
        return mine

    def correct_output(
        self,
        key: str,
        *,
        period: str,
        tonnes: int,
        agency: str,
        reason: str,
        on: date | None = None,
        expected_version: int | None = None,
    ) -> Mine:
        """Supersedes a month's figure; the earlier one stays in the history."""
        mine = self.mine(key)
        self.check_version(mine, expected_version)
        mine.correct_output(
            period=period,
            tonnes=tonnes,
            agency=agency,
            reason=reason,
            on=self.report_day(on),
            config=self.rules,
        )
        self.commit(mine)
        return mine

    def import_registry(
        self,
        parsed: Any,
        *,
        capacity_effective: date,
        source: str,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Registers the trusted rows of a registry file in one transaction."""
        report = ImportReport(
            rejected=[
                {
                    "record": r.record_number,
                    "line": r.line_number,
                    "key": r.key,
                    "reason": r.reason,
                }
                for r in parsed.rejected
            ]
        )
        new: list[Mine] = []
        for done, row in enumerate(parsed.rows, start=1):
            if progress:
                progress(done, len(parsed.rows))
            if self.mine_exists(row.key):
                report.unchanged += 1
                continue
            try:
                new.append(self._mine_from_row(row, capacity_effective, source))
            except OvercapError as error:
                report.rejected.append(
                    {
                        "record": row.record_number,
                        "line": row.line_number,
                        "key": row.key,
                        "reason": str(error),
                    }
                )
        report.added = len(new)
        report.events = sum(len(m.pending_events) for m in new)
        if new:
            self.commit(*new, subject=f"registry import from {source}")
        return report

    def _mine_from_row(self, row: Any, capacity_effective: date, source: str) -> Mine:
        mine = Mine.register(
            key=row.key,
            name_zh=row.name_zh,
            name_en=row.name_en,
            county_zh=row.county_zh,
            county_en=row.county_en,
            prefecture=row.prefecture,
            province=row.province,
            owner=row.owner,
            parent_company=row.parent_company,
            mining_type=row.mining_type,
            gas_class=row.gas_class,
            status=_gem_status(row.status),
            source=f"{source} record {row.record_number}",
            on=capacity_effective,
        )
        if row.capacity_tonnes:
            mine.approve_capacity(
                kind="approved",
                tonnes=row.capacity_tonnes,
                effective=capacity_effective,
                document=f"GEM Global Coal Mine Tracker, {row.key}",
                on=capacity_effective,
                config=self.rules,
            )
        return mine

    def import_outputs(
        self, path: Path, *, progress: Progress | None = None
    ) -> ImportReport:
        """Records every row of an outputs CSV, or none of them if one line is bad."""
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in OUTPUT_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InvalidInputError(
                    "header", f"{path}: missing column(s) {missing}"
                )
            rows = list(reader)
        return self._apply_rows(rows, str(path), progress)

    def _apply_rows(
        self, rows: list[dict[str, str]], source: str, progress: Progress | None
    ) -> ImportReport:
        # Line numbers count the header as line 1.
        return apply_all_or_nothing(
            self, rows, self._apply_row, f"outputs import from {source}", 2, progress
        )

    def _apply_row(self, row: dict[str, str], mines: dict[str, Mine]) -> bool:
        key = (row.get("mine_key") or "").strip().upper()
        if key not in mines:
            try:
                mines[key] = self.mine(key)
            except MineNotFoundError as error:
                raise InvalidInputError("mine_key", str(error)) from None
        mine = mines[key]
        raw = (row.get("tonnes") or "").strip()
        if not raw.lstrip("-").isdigit():
            raise InvalidInputError(
                "tonnes", f"{raw!r} is not a whole number of tonnes"
            )
        on = self.today()
        if (row.get("reported_on") or "").strip():
            try:
                on = date.fromisoformat(row["reported_on"].strip())
            except ValueError:
                raise InvalidInputError(
                    "reported_on", f"{row['reported_on']!r} is not a date YYYY-MM-DD"
                ) from None
            on = self.report_day(on)
        values: dict[str, Any] = {
            "period": (row.get("period") or "").strip(),
            "tonnes": int(raw),
            "agency": (row.get("agency") or "").strip(),
            "on": on,
            "config": self.rules,
        }
        reason = (row.get("correction_reason") or "").strip()
        if reason:
            return mine.correct_output(reason=reason, **values)
        return mine.report_output(source=(row.get("source") or "").strip(), **values)

    def outputs_rows(self, rows: Iterable[dict[str, str]]) -> ImportReport:
        """Applies output rows given in memory, all or nothing (the demo uses it)."""
        return self._apply_rows(list(rows), "generated outputs", None)
