"""A base of Mine: its licence, capacity announcement and production conditions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate, event

from domain.case_facts import SYSTEM_ACTOR
from domain.errors import InvalidInputError
from domain.periods import Month
from domain.rules.base import STOP_AND_RECTIFY, TIGHT_SUCCESSION, Finding
from domain.rules.conditions import (
    SCOPE_FIELDS,
    VERSIONS,
    GasDrainageEvaluation,
    ProductionConditions,
    ProductionScope,
    ShiftHeadcount,
    check_faces,
    check_gas_drainage,
    check_headcount,
    check_levels,
    check_reserves,
    check_scope,
)
from domain.rules.config import RulesConfig

MEASURE_KINDS = ("limit", "stop")
# Stricter classes later: a report never lowers the class the registry gives.
GAS_ORDER = ("", "low", "high", "outburst")
_R11 = next(v for v in VERSIONS if v.rule == "R11")


def _scope(data: Mapping[str, Any]) -> dict[str, Any]:
    return ProductionScope.from_dict(data).as_dict()


def _validity(number: str, valid_from: date, valid_to: date) -> None:
    if not number.strip():
        raise InvalidInputError("number", "a licence needs its number")
    if valid_to < valid_from:
        raise InvalidInputError("valid_to", "is before valid_from")


def _face(data: Mapping[str, Any]) -> dict[str, Any]:
    """A face the report says produced on a day, in a district (the R9 area)."""
    if not isinstance(data, Mapping) or set(data) - {"face", "area", "on"}:
        raise InvalidInputError("faces", "each face needs only face, area and on")
    face, area, on = data.get("face"), data.get("area"), data.get("on")
    if not isinstance(face, str) or not face.strip():
        raise InvalidInputError("faces.face", "must be non-empty text")
    if area is not None and not isinstance(area, str):
        raise InvalidInputError("faces.area", "must be text")
    try:
        day = date.fromisoformat(str(on))
    except ValueError:
        raise InvalidInputError(
            "faces.on", f"{on!r} is not a date YYYY-MM-DD"
        ) from None
    return {"face": face, "area": area, "on": day.isoformat()}


def _unlicensed(conditions: ProductionConditions, why: str) -> Finding:
    return Finding(
        _R11.rule,
        _R11.version,
        f"{conditions.period}/licence",
        STOP_AND_RECTIFY,
        {"period": conditions.period, "licence": why},
        "a safety production licence in force",
        f"{conditions.period} 生产时无有效的安全生产许可证 ({why})，责令停产整改 / "
        f"produced in {conditions.period} without a safety production licence in "
        f"force ({why}) and must stop for rectification",
    )


class MineConditions(Aggregate):
    """Licence, announcement, conditions, measures, evaluations and headcounts."""

    if TYPE_CHECKING:
        gas_class: str
        findings: list[dict[str, Any]]
        latest_findings: dict[str, int]

        def _record_findings(
            self, found: list[Finding], cause: str, on: date, *, restate: bool = ...
        ) -> list[str]: ...

        def _new_case(
            self,
            origin: str,
            summary: str,
            who: dict[str, str],
            on: date,
            reference: str,
            finding_ids: Iterable[str],
            tipoff: Mapping[str, Any] | None,
        ) -> str: ...

    class LicenceIssued(Aggregate.Event):
        number: str
        valid_from: date
        valid_to: date
        scope: dict[str, Any]
        on: date

    class LicenceRenewed(Aggregate.Event):
        number: str
        valid_from: date
        valid_to: date
        scope: dict[str, Any]
        on: date

    class LicenceWithheld(Aggregate.Event):
        number: str
        reason: str
        on: date

    class LicenceRevoked(Aggregate.Event):
        number: str
        reason: str
        on: date

    class CapacityAnnouncementPublished(Aggregate.Event):
        document: str
        published: date
        scope: dict[str, Any]
        on: date

    class ConditionsReported(Aggregate.Event):
        period: str
        conditions: dict[str, Any]
        faces: list[dict[str, Any]]
        on: date

    class MeasureTaken(Aggregate.Event):
        kind: str
        period: str
        document: str
        answers: list[str]
        on: date

    class GasEvaluationRecorded(Aggregate.Event):
        evaluation: dict[str, Any]
        on: date

    class HeadcountsReported(Aggregate.Event):
        day: date
        shifts: list[dict[str, Any]]
        on: date

    def _start_conditions(self) -> None:
        self.licence: dict[str, Any] | None = None
        self.licence_history: list[dict[str, Any]] = []
        self.announcements: list[dict[str, Any]] = []
        self.conditions: dict[str, dict[str, Any]] = {}
        self.measures: list[dict[str, Any]] = []
        self.gas_evaluations: list[dict[str, Any]] = []
        self.headcounts: dict[str, dict[str, Any]] = {}

    # Licence: issued, renewed, withheld during a suspension, revoked.

    def issue_licence(
        self,
        *,
        number: str,
        valid_from: date,
        valid_to: date,
        scope: Mapping[str, Any],
        on: date,
    ) -> bool:
        """Records a new licence; False if this very licence is already recorded."""
        _validity(number, valid_from, valid_to)
        permitted = _scope(scope)
        if self.licence and self.licence["number"] == number.strip():
            same = (valid_from, valid_to, permitted) == (
                self.licence["valid_from"],
                self.licence["valid_to"],
                self.licence["scope"],
            )
            if same:
                return False
        if self.licence and self.licence["status"] != "revoked":
            raise InvalidInputError(
                "licence", f"licence {self.licence['number']} is held: renew it"
            )
        self._issue_licence(
            number=number.strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            scope=permitted,
            on=on,
        )
        return True

    @event(LicenceIssued)
    def _issue_licence(
        self,
        number: str,
        valid_from: date,
        valid_to: date,
        scope: dict[str, Any],
        on: date,
    ) -> None:
        self._hold_licence("issued", number, valid_from, valid_to, scope, on)

    def renew_licence(
        self,
        *,
        number: str,
        valid_from: date,
        valid_to: date,
        scope: Mapping[str, Any],
        on: date,
    ) -> bool:
        """Renews or restores the held licence; False if nothing changes."""
        _validity(number, valid_from, valid_to)
        permitted = _scope(scope)
        held = self.licence
        if held is None or held["status"] == "revoked":
            raise InvalidInputError("licence", "no licence is held to renew")
        unchanged = (number.strip(), valid_from, valid_to, permitted, "valid") == (
            held["number"],
            held["valid_from"],
            held["valid_to"],
            held["scope"],
            held["status"],
        )
        if unchanged:
            return False
        self._renew_licence(
            number=number.strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            scope=permitted,
            on=on,
        )
        return True

    @event(LicenceRenewed)
    def _renew_licence(
        self,
        number: str,
        valid_from: date,
        valid_to: date,
        scope: dict[str, Any],
        on: date,
    ) -> None:
        self._hold_licence("renewed", number, valid_from, valid_to, scope, on)

    def _hold_licence(
        self,
        change: str,
        number: str,
        valid_from: date,
        valid_to: date,
        scope: dict[str, Any],
        on: date,
    ) -> None:
        self.licence = {
            "number": number,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "scope": scope,
            "status": "valid",
            "since": on,
        }
        self.licence_history.append({"change": change, **self.licence})

    def withhold_licence(self, *, reason: str, on: date) -> bool:
        """Withholds the licence during a suspension; False if already withheld."""
        held = self._held_licence(reason)
        if held["status"] == "withheld":
            return False
        self._withhold_licence(number=held["number"], reason=reason.strip(), on=on)
        return True

    @event(LicenceWithheld)
    def _withhold_licence(self, number: str, reason: str, on: date) -> None:
        self._end_licence("withheld", reason, on)

    def revoke_licence(self, *, reason: str, on: date) -> bool:
        """Revokes the licence; False if it is already revoked."""
        held = self._held_licence(reason, allow_revoked=True)
        if held["status"] == "revoked":
            return False
        self._revoke_licence(number=held["number"], reason=reason.strip(), on=on)
        return True

    @event(LicenceRevoked)
    def _revoke_licence(self, number: str, reason: str, on: date) -> None:
        self._end_licence("revoked", reason, on)

    def _end_licence(self, status: str, reason: str, on: date) -> None:
        assert self.licence is not None
        self.licence = {**self.licence, "status": status, "since": on}
        self.licence_history.append(
            {"change": status, "reason": reason, **self.licence}
        )

    def _held_licence(
        self, reason: str, *, allow_revoked: bool = False
    ) -> dict[str, Any]:
        if not reason.strip():
            raise InvalidInputError("reason", "must say why")
        if self.licence is None:
            raise InvalidInputError("licence", "no licence is recorded")
        if self.licence["status"] == "revoked" and not allow_revoked:
            raise InvalidInputError("licence", "the licence is revoked")
        return self.licence

    def licence_in_force(self, day: date) -> tuple[dict[str, Any] | None, str]:
        """The licence in force on a day, or None and why not."""
        held = self.licence
        if held is None:
            return None, "none recorded"
        if held["status"] != "valid":
            return None, f"{held['number']} {held['status']} since {held['since']}"
        if not held["valid_from"] <= day <= held["valid_to"]:
            return None, (
                f"{held['number']} valid {held['valid_from']} to {held['valid_to']}"
            )
        return held, ""

    # Capacity announcement.

    def publish_announcement(
        self, *, document: str, published: date, scope: Mapping[str, Any], on: date
    ) -> bool:
        """Records a published capacity announcement; False if already recorded."""
        if not document.strip():
            raise InvalidInputError("document", "an announcement needs its reference")
        permitted = _scope(scope)
        entry = {"document": document.strip(), "published": published}
        if any({**entry, "scope": permitted} == a for a in self.announcements):
            return False
        self._publish_announcement(
            document=document.strip(), published=published, scope=permitted, on=on
        )
        return True

    @event(CapacityAnnouncementPublished)
    def _publish_announcement(
        self, document: str, published: date, scope: dict[str, Any], on: date
    ) -> None:
        self.announcements.append(
            {"document": document, "published": published, "scope": scope}
        )

    def announcement_on(self, day: date) -> dict[str, Any] | None:
        """The latest announcement published on or before a day."""
        earlier = [a for a in self.announcements if a["published"] <= day]
        return max(earlier, key=lambda a: a["published"], default=None)

    # Production conditions and the rules they feed.

    def report_conditions(
        self,
        *,
        conditions: Mapping[str, Any],
        on: date,
        config: RulesConfig,
        faces: Sequence[Mapping[str, Any]] = (),
    ) -> bool:
        """Records a period's conditions and runs R5-R7, R9 and R11 on them."""
        reported = ProductionConditions.from_dict(conditions)
        worked = [_face(f) for f in faces]
        month = Month.parse(reported.period)
        if month.first_day > on:
            raise InvalidInputError("period", f"{month} is after {on.isoformat()}")
        for face in worked:
            if Month.of(date.fromisoformat(face["on"])) != month:
                raise InvalidInputError("faces.on", f"{face['on']} is not in {month}")
        data = reported.as_dict()
        known = self.conditions.get(reported.period)
        if known and (known["conditions"], known["faces"]) == (data, worked):
            return False
        found = self._judge_conditions(reported, worked, config)
        self._report_conditions(
            period=reported.period, conditions=data, faces=worked, on=on
        )
        self._record_condition_findings(found, f"conditions {reported.period}", on)
        return True

    @event(ConditionsReported)
    def _report_conditions(
        self,
        period: str,
        conditions: dict[str, Any],
        faces: list[dict[str, Any]],
        on: date,
    ) -> None:
        self.conditions[period] = {"conditions": conditions, "faces": faces, "on": on}

    def _judge_conditions(
        self,
        reported: ProductionConditions,
        faces: list[dict[str, Any]],
        config: RulesConfig,
    ) -> list[Finding]:
        measured = reported.limit_or_stop_measure or self.measure_in_force(
            reported.period
        )
        judged = dataclasses.replace(reported, limit_or_stop_measure=measured)
        found = check_reserves(judged, config)
        found += check_levels(judged) + check_faces(judged)
        found += self._judge_gas(reported.gas_class, faces)
        if reported.producing:
            found += self._judge_scope(judged)
        return found

    def _judge_gas(self, reported: str, faces: list[dict[str, Any]]) -> list[Finding]:
        registered = getattr(self, "gas_class", "") or ""
        gas_class = max(reported, registered, key=GAS_ORDER.index) or "low"
        evaluations = [GasDrainageEvaluation.from_dict(e) for e in self.gas_evaluations]
        found: list[Finding] = []
        for face in faces:
            found += check_gas_drainage(
                gas_class,
                face["face"],
                date.fromisoformat(face["on"]),
                evaluations,
                area=face["area"],
            )
        return found

    def _judge_scope(self, judged: ProductionConditions) -> list[Finding]:
        first_day = Month.parse(judged.period).first_day
        licence, why = self.licence_in_force(first_day)
        if licence is None:
            return [_unlicensed(judged, why)]
        announcement = self.announcement_on(Month.parse(judged.period).last_day)
        if announcement is None:
            return []
        return check_scope(
            judged,
            ProductionScope.from_dict(licence["scope"]),
            ProductionScope.from_dict(announcement["scope"]),
        )

    def _record_condition_findings(
        self, found: list[Finding], cause: str, on: date
    ) -> list[str]:
        recorded = self._record_findings(found, cause, on)
        stops = [
            f["finding_id"]
            for f in self.findings
            if f["finding_id"] in recorded and f["outcome"] == STOP_AND_RECTIFY
        ]
        if stops:
            self._findings_require_stop(stops, on)
        return recorded

    def _findings_require_stop(self, finding_ids: list[str], on: date) -> None:
        """Opens one stop-and-rectify case per new R11 finding (a 'finding' case)."""
        by_id = {f["finding_id"]: f for f in self.findings}
        for finding_id in finding_ids:
            finding = by_id[finding_id]
            # The system opens it, as the case module does for a major hazard.
            self._new_case(
                "finding",
                finding["explanation"],
                dict(SYSTEM_ACTOR),
                on,
                f"{finding['rule']} {finding['subject']} 停产整改 stop and rectify",
                [finding_id],
                None,
            )

    # Limit-or-stop measures answer tight succession.

    def take_measure(self, *, kind: str, period: str, document: str, on: date) -> bool:
        """Records a limit or stop measure from a period; False if already recorded."""
        if kind not in MEASURE_KINDS:
            raise InvalidInputError("kind", f"{kind!r} is not one of {MEASURE_KINDS}")
        if not document.strip():
            raise InvalidInputError("document", "a measure needs its document")
        month = str(Month.parse(period))
        for measure in self.measures:
            if (measure["kind"], measure["period"], measure["document"]) == (
                kind,
                month,
                document.strip(),
            ):
                return False
        answers = [f["finding_id"] for f in self.open_measures(on)]
        self._take_measure(
            kind=kind, period=month, document=document.strip(), answers=answers, on=on
        )
        return True

    @event(MeasureTaken)
    def _take_measure(
        self, kind: str, period: str, document: str, answers: list[str], on: date
    ) -> None:
        self.measures.append(
            {
                "kind": kind,
                "period": period,
                "document": document,
                "answers": answers,
                "on": on,
            }
        )

    def measure_in_force(self, period: str) -> bool:
        """Whether a limit or stop measure applies to a period."""
        return any(m["period"] <= period for m in self.measures)

    def open_measures(
        self, as_of: date, *, grace_days: int = 0
    ) -> list[dict[str, Any]]:
        """Tight-succession findings no measure answers yet, overdue after the grace."""
        answered = {i for m in self.measures if m["on"] <= as_of for i in m["answers"]}
        latest = [self.findings[i] for i in self.latest_findings.values()]
        waiting = [
            f
            for f in latest
            if f["outcome"] == TIGHT_SUCCESSION
            and f["on"] <= as_of
            and f["finding_id"] not in answered
        ]
        return [
            {
                "finding_id": f["finding_id"],
                "subject": f["subject"],
                "since": f["on"],
                "due": f["on"] + timedelta(days=grace_days),
                "overdue": as_of > f["on"] + timedelta(days=grace_days),
                "explanation": f["explanation"],
            }
            for f in waiting
        ]

    # Gas-drainage evaluations and shift headcounts.

    def record_gas_evaluation(self, *, evaluation: Mapping[str, Any], on: date) -> bool:
        """Records a gas-drainage evaluation; False if already recorded."""
        data = GasDrainageEvaluation.from_dict(evaluation).as_dict()
        if data in self.gas_evaluations:
            return False
        self._record_gas_evaluation(evaluation=data, on=on)
        return True

    @event(GasEvaluationRecorded)
    def _record_gas_evaluation(self, evaluation: dict[str, Any], on: date) -> None:
        self.gas_evaluations.append(evaluation)

    def report_headcounts(
        self,
        *,
        day: date,
        shifts: Sequence[Mapping[str, Any]],
        on: date,
        config: RulesConfig,
    ) -> bool:
        """Records a day's shift headcounts and runs R10; False if all are known."""
        if day > on:
            raise InvalidInputError("day", f"{day} is after {on.isoformat()}")
        parsed = [ShiftHeadcount.from_dict(s) for s in shifts]
        fresh = [
            s.as_dict()
            for s in parsed
            if self.headcounts.get(f"{day}|{s.shift}|{s.working_place}") != s.as_dict()
        ]
        if not fresh:
            return False
        found: list[Finding] = []
        for shift in fresh:
            dated = {**shift, "shift": f"{day.isoformat()} {shift['shift']}"}
            found += check_headcount(ShiftHeadcount.from_dict(dated), config)
        self._report_headcounts(day=day, shifts=fresh, on=on)
        self._record_condition_findings(found, f"headcounts {day.isoformat()}", on)
        return True

    @event(HeadcountsReported)
    def _report_headcounts(
        self, day: date, shifts: list[dict[str, Any]], on: date
    ) -> None:
        for shift in shifts:
            key = f"{day.isoformat()}|{shift['shift']}|{shift['working_place']}"
            self.headcounts[key] = shift

    # What the conditions view shows.

    def scope_comparison(self, period: str | None = None) -> dict[str, Any]:
        """Licence, announcement and a period's worked scope, each difference marked."""
        period = period or max(self.conditions, default=None)
        worked = None
        if period in self.conditions:
            reported = ProductionConditions.from_dict(
                self.conditions[period]["conditions"]
            )
            worked = ProductionScope.worked(reported).as_dict()
        day = Month.parse(period).last_day if period else date.max
        licence = self.licence
        announcement = self.announcement_on(day)
        rows = []
        for name, (zh, en) in SCOPE_FIELDS.items():
            values = {
                "licence": licence["scope"][name] if licence else None,
                "announcement": announcement["scope"][name] if announcement else None,
                "worked": worked[name] if worked else None,
            }
            known = [
                sorted(v) if isinstance(v, list) else v
                for v in values.values()
                if v is not None
            ]
            rows.append(
                {
                    "field": name,
                    "label": f"{zh} {en}",
                    **values,
                    "differs": any(v != known[0] for v in known),
                }
            )
        return {
            "period": period,
            "licence": licence,
            "announcement": announcement,
            "rows": rows,
        }
