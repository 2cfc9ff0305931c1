"""R5-R7 and R9-R11: whether the conditions a mine works in allow it to produce."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, NoReturn

from domain.errors import InvalidInputError
from domain.rules.base import (
    MAJOR_HAZARD,
    STOP_AND_RECTIFY,
    TIGHT_SUCCESSION,
    Finding,
    RuleVersion,
    exact,
)
from domain.rules.config import RulesConfig

SINGLE_WING = "single_wing_single_seam"
DOUBLE_WING = "double_wing_or_multi_seam"
LAYOUTS = (SINGLE_WING, DOUBLE_WING)
GAS_CLASSES = ("low", "high", "outburst")
HYDROGEOLOGY = ("simple", "medium", "complex", "extremely_complex")
ORGANISERS = ("parent_company", "accredited_third_party", "mine", "other")
# The local rule trusts no evaluation that the mine organised for itself.
COUNTED_ORGANISERS = ("parent_company", "accredited_third_party")
MAX_LEVELS = 2
# 煤矿安全规程 Art 95: (coal faces, coal and semi-coal headings) working per district.
FACE_LIMITS = {SINGLE_WING: (1, 2), DOUBLE_WING: (2, 4)}
LAYOUT_NAMES = {
    SINGLE_WING: ("单翼单煤层", "a single-wing single-seam district"),
    DOUBLE_WING: ("双翼或多煤层", "a double-wing or multi-seam district"),
}
# kind: (Chinese name, Chinese unit, English unit, units in a year, config setting)
RESERVES = {
    "development": ("开拓煤量", "年", "years", 1, "development_min_years"),
    "preparation": ("准备煤量", "个月", "months", 12, "preparation_min_months"),
    "extraction": ("回采煤量", "个月", "months", 12, "extraction_min_months"),
}
# A short reserve is a hazard only while production goes on unchecked (Art 4(3)).
SHORT_RESERVE = {
    True: (
        MAJOR_HAZARD,
        "未采取限产或停产措施仍组织生产",
        "and production continues without a limit or stop measure",
    ),
    False: (
        TIGHT_SUCCESSION,
        "采掘接续紧张，须限产或停产",
        "so succession is tight and production must be limited or stopped",
    ),
}
SCOPE_FIELDS = {
    "capacity_tpa": ("生产能力", "capacity (t/a)"),
    "levels": ("生产水平", "production levels"),
    "districts": ("采区", "mining districts"),
    "coal_faces": ("采煤工作面个数", "coal-face count"),
    "heading_faces": ("掘进工作面个数", "heading-face count"),
    "mining_method": ("采煤方法", "mining method"),
}
DOCUMENTS = {
    "licence": ("安全生产许可证", "safety production licence"),
    "announcement": ("生产能力公告", "capacity announcement"),
}

_ORDER_4 = "《煤矿重大事故隐患判定标准》(应急管理部令第4号) 第四条"
_R5 = RuleVersion(
    "R5",
    1,
    date(2021, 1, 1),
    "reserve periods below the minimum while producing",
    f"{_ORDER_4}第(三)项; 《防范煤矿采掘接续紧张暂行办法》(2018)",
)
_R6 = RuleVersion(
    "R6",
    1,
    date(2021, 1, 1),
    "more than two production levels at once",
    f"{_ORDER_4}第(四)项",
)
_R7 = RuleVersion(
    "R7",
    1,
    date(2021, 1, 1),
    "too many coal or heading faces in a mining district",
    f"{_ORDER_4}第(四)项; 《煤矿安全规程》第九十五条",
)
_R9 = RuleVersion(
    "R9",
    1,
    date(2021, 1, 1),
    "producing without a valid gas-drainage compliance evaluation",
    f"{_ORDER_4}第(五)项; 忻州市地方规定 (评判须由上级公司或有资质的第三方组织)",
)
_R10 = RuleVersion(
    "R10",
    1,
    date(2021, 1, 1),
    "single-shift headcount 20 % or more above the limit",
    f"{_ORDER_4}第(六)项",
)
_R11 = RuleVersion(
    "R11",
    1,
    date(2021, 1, 1),
    "production outside the licence or the capacity announcement",
    "忻州市地方规定 (与安全生产许可证、生产能力公告不符的责令停产整改)",
)
VERSIONS: tuple[RuleVersion, ...] = (_R5, _R6, _R7, _R9, _R10, _R11)


def _fail(field: str, message: str) -> NoReturn:
    raise InvalidInputError(field, message)


def _count(field: str, value: object, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(field, f"must be a whole number of at least {minimum}")


def _text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        _fail(field, "must be non-empty text")


def _choice(field: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        _fail(field, f"must be one of {', '.join(choices)}")


def _flag(field: str, value: object) -> None:
    if not isinstance(value, bool):
        _fail(field, "must be true or false")


def _day(field: str, value: object) -> None:
    # A datetime is a date too, but a rule judged on it would depend on the hour.
    if type(value) is not date:
        _fail(field, "must be a date")


def _names(field: str, value: object) -> None:
    if not isinstance(value, tuple):
        _fail(field, "must be a list of names")
    for name in value:
        _text(field, name)
    if len(set(value)) != len(value):
        _fail(field, "names a value twice")


def _fields(cls: Any, data: object) -> dict[str, Any]:
    """Checks event data against a dataclass: no unknown and no missing field."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(cls.__name__, "must be an object")
    known = {f.name: f for f in dataclasses.fields(cls)}
    for name in data:
        if name not in known:
            _fail(str(name), "unknown field")
    for name, spec in known.items():
        if name not in data and spec.default is dataclasses.MISSING:
            _fail(name, "is missing")
    return dict(data)


def _sequence(field: str, value: object) -> tuple[Any, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidInputError(field, "must be a list")
    return tuple(value)


def _parse_day(field: str, value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(field, "must be a date written YYYY-MM-DD")


def _plain(value: Any) -> Any:
    """Turns a value into JSON-safe data: dates as ISO text, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class District:
    """A mining district as worked in a period, with its faces by kind."""

    id: str
    layout: str
    coal_faces: int
    coal_headings: int
    semi_coal_headings: int
    rock_headings: int

    def __post_init__(self) -> None:
        _text("district.id", self.id)
        _choice("district.layout", self.layout, LAYOUTS)
        for name in (
            "coal_faces",
            "coal_headings",
            "semi_coal_headings",
            "rock_headings",
        ):
            _count(f"district.{name}", getattr(self, name))

    @property
    def heading_faces(self) -> int:
        return self.coal_headings + self.semi_coal_headings + self.rock_headings

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> District:
        """Builds a district from event data."""
        return cls(**_fields(cls, data))

    def as_dict(self) -> dict[str, Any]:
        """The district as JSON-safe event data."""
        return _plain(self)


@dataclass(frozen=True)
class ProductionConditions:
    """What a mine reports it worked in a period, and how its reserves stand."""

    period: str
    levels: tuple[str, ...]
    districts: tuple[District, ...]
    mining_method: str
    capacity_tpa: int
    longwall_faces: int
    development_reserve_t: int
    preparation_reserve_t: int
    extraction_reserve_t: int
    gas_class: str
    hydrogeology: str
    rock_burst: bool
    planned_output_tpa: int | None = None
    # The defaults are the answers that leave no rule unchecked.
    ageing: bool = False
    scheduled_closure: bool = False
    limit_or_stop_measure: bool = False
    producing: bool = True

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(self.period)):
            _fail("period", "must be a month written YYYY-MM")
        _names("levels", self.levels)
        if not isinstance(self.districts, tuple) or not all(
            isinstance(d, District) for d in self.districts
        ):
            _fail("districts", "must be a list of districts")
        _names("districts", tuple(d.id for d in self.districts))
        _text("mining_method", self.mining_method)
        _count("capacity_tpa", self.capacity_tpa, minimum=1)
        _count("longwall_faces", self.longwall_faces)
        if self.longwall_faces > self.coal_faces:
            _fail("longwall_faces", "exceeds the coal faces worked in the districts")
        for kind in RESERVES:
            _count(f"{kind}_reserve_t", getattr(self, f"{kind}_reserve_t"))
        _choice("gas_class", self.gas_class, GAS_CLASSES)
        _choice("hydrogeology", self.hydrogeology, HYDROGEOLOGY)
        if self.planned_output_tpa is not None:
            _count("planned_output_tpa", self.planned_output_tpa, minimum=1)
        for name in (
            "rock_burst",
            "ageing",
            "scheduled_closure",
            "limit_or_stop_measure",
            "producing",
        ):
            _flag(name, getattr(self, name))

    @property
    def coal_faces(self) -> int:
        return sum(d.coal_faces for d in self.districts)

    @property
    def heading_faces(self) -> int:
        return sum(d.heading_faces for d in self.districts)

    @property
    def development_class(self) -> str:
        """The mine class that sets the development minimum: severe, high or other."""
        if (
            self.gas_class == "outburst"
            or self.hydrogeology == "extremely_complex"
            or self.rock_burst
        ):
            return "severe"
        if self.gas_class == "high" or self.hydrogeology == "complex":
            return "high"
        return "other"

    @property
    def preparation_class(self) -> str:
        """The mine class that sets the preparation minimum: complex or other."""
        # Extremely complex hydrogeology is complex hydrogeology and then some.
        hard_water = self.hydrogeology in ("complex", "extremely_complex")
        return "complex" if hard_water or self.gas_class == "outburst" else "other"

    @property
    def extraction_class(self) -> str:
        """The mine class that sets the extraction minimum: by longwall faces."""
        return "multiple_longwall" if self.longwall_faces >= 2 else "single_longwall"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProductionConditions:
        """Builds reported conditions from event data."""
        values = _fields(cls, data)
        values["levels"] = _sequence("levels", values["levels"])
        values["districts"] = tuple(
            District.from_dict(d) for d in _sequence("districts", values["districts"])
        )
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The conditions as JSON-safe event data."""
        return _plain(self)


@dataclass(frozen=True)
class ProductionScope:
    """What a licence or a capacity announcement permits the mine to work."""

    capacity_tpa: int
    levels: tuple[str, ...]
    districts: tuple[str, ...]
    coal_faces: int
    heading_faces: int
    mining_method: str

    def __post_init__(self) -> None:
        _count("capacity_tpa", self.capacity_tpa, minimum=1)
        _names("levels", self.levels)
        _names("districts", self.districts)
        _count("coal_faces", self.coal_faces)
        _count("heading_faces", self.heading_faces)
        _text("mining_method", self.mining_method)

    @classmethod
    def worked(cls, conditions: ProductionConditions) -> ProductionScope:
        """The scope a mine actually worked, to hold against what it was permitted."""
        return cls(
            capacity_tpa=conditions.capacity_tpa,
            levels=conditions.levels,
            districts=tuple(d.id for d in conditions.districts),
            coal_faces=conditions.coal_faces,
            heading_faces=conditions.heading_faces,
            mining_method=conditions.mining_method,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProductionScope:
        """Builds a permitted scope from event data."""
        values = _fields(cls, data)
        values["levels"] = _sequence("levels", values["levels"])
        values["districts"] = _sequence("districts", values["districts"])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The scope as JSON-safe event data."""
        return _plain(self)


@dataclass(frozen=True)
class GasDrainageEvaluation:
    """A gas-drainage compliance evaluation of a face or an area, valid inclusively."""

    subject: str
    organiser: str
    passed: bool
    valid_from: date
    valid_to: date

    def __post_init__(self) -> None:
        _text("subject", self.subject)
        _choice("organiser", self.organiser, ORGANISERS)
        _flag("passed", self.passed)
        _day("valid_from", self.valid_from)
        _day("valid_to", self.valid_to)
        if self.valid_to < self.valid_from:
            _fail("valid_to", "is before valid_from")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GasDrainageEvaluation:
        """Builds an evaluation from event data, dates written YYYY-MM-DD."""
        values = _fields(cls, data)
        values["valid_from"] = _parse_day("valid_from", values["valid_from"])
        values["valid_to"] = _parse_day("valid_to", values["valid_to"])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        """The evaluation as JSON-safe event data."""
        return _plain(self)


@dataclass(frozen=True)
class ShiftHeadcount:
    """How many people one shift put at one working place, against its limit."""

    shift: str
    working_place: str
    headcount: int
    limit: int

    def __post_init__(self) -> None:
        _text("shift", self.shift)
        _text("working_place", self.working_place)
        _count("headcount", self.headcount)
        _count("limit", self.limit, minimum=1)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShiftHeadcount:
        """Builds a shift headcount from event data."""
        return cls(**_fields(cls, data))

    def as_dict(self) -> dict[str, Any]:
        """The shift headcount as JSON-safe event data."""
        return _plain(self)


def _finding(
    version: RuleVersion,
    subject: str,
    outcome: str,
    inputs: dict[str, Any],
    threshold: str,
    explanation: str,
) -> Finding:
    return Finding(
        version.rule, version.version, subject, outcome, inputs, threshold, explanation
    )


def _shown(value: Fraction) -> str:
    """Writes a period for a reader in decimals, cut short and never rounded up."""
    # Rounding could print a period just under its minimum as the minimum itself.
    millionths = value.numerator * 10**6 // value.denominator
    shown = f"{millionths // 10**6}.{millionths % 10**6:06d}".rstrip("0").rstrip(".")
    exactly = Fraction(millionths, 10**6) == value
    return shown if exactly else f"{shown}… ({exact(value)})"


def _annual_output(conditions: ProductionConditions, config: RulesConfig) -> int:
    if config.reserve_output_basis == "capacity":
        return conditions.capacity_tpa
    if config.reserve_output_basis != "plan":
        raise InvalidInputError("reserve_output_basis", "must be capacity or plan")
    if conditions.planned_output_tpa is None:
        raise InvalidInputError("planned_output_tpa", "is needed on the plan basis")
    return conditions.planned_output_tpa


def _minimum(setting: str, table: dict[str, int], mine_class: str) -> int:
    if mine_class not in table:
        raise InvalidInputError(setting, f"has no minimum for class {mine_class!r}")
    return table[mine_class]


def _reserve_finding(
    conditions: ProductionConditions, config: RulesConfig, kind: str, annual: int
) -> Finding | None:
    name_zh, unit_zh, unit, per_year, setting = RESERVES[kind]
    mine_class = getattr(conditions, f"{kind}_class")
    minimum = _minimum(setting, getattr(config, setting), mine_class)
    reserve = getattr(conditions, f"{kind}_reserve_t")
    # Months are counted against the average month, a twelfth of the annual output.
    period = Fraction(reserve * per_year, annual)
    if period >= minimum:
        return None
    unchecked = conditions.producing and not conditions.limit_or_stop_measure
    outcome, then_zh, then_en = SHORT_RESERVE[unchecked]
    return _finding(
        _R5,
        f"{conditions.period}/{kind} reserve",
        outcome,
        {
            "reserve_t": reserve,
            "annual_output_t": annual,
            "output_basis": config.reserve_output_basis,
            "mine_class": mine_class,
            "period": exact(period),
            "unit": unit,
            "minimum": minimum,
            "producing": conditions.producing,
            "limit_or_stop_measure": conditions.limit_or_stop_measure,
        },
        f"at least {minimum} {unit} ({mine_class})",
        f"{name_zh}可采期 {_shown(period)} {unit_zh}，"
        f"低于 {minimum} {unit_zh}的最短时间，{then_zh} / the {kind} reserve lasts "
        f"{_shown(period)} {unit}, below the minimum of {minimum} {unit}, {then_en}",
    )


def check_reserves(
    conditions: ProductionConditions, config: RulesConfig
) -> list[Finding]:
    """R5: reserve periods below their minimums, unless ageing or closing."""
    if conditions.ageing or conditions.scheduled_closure:
        return []
    annual = _annual_output(conditions, config)
    findings = (_reserve_finding(conditions, config, k, annual) for k in RESERVES)
    return [finding for finding in findings if finding is not None]


def check_levels(conditions: ProductionConditions) -> list[Finding]:
    """R6: more than two production levels working at once."""
    count = len(conditions.levels)
    if count <= MAX_LEVELS:
        return []
    names = ", ".join(conditions.levels)
    return [
        _finding(
            _R6,
            conditions.period,
            MAJOR_HAZARD,
            {"levels": list(conditions.levels), "level_count": count},
            f"at most {MAX_LEVELS} levels",
            f"井下同时生产的水平 {count} 个 ({names})，超过 {MAX_LEVELS} 个 / "
            f"{count} production levels worked at once ({names}), more than "
            f"{MAX_LEVELS}",
        )
    ]


def _district_finding(period: str, district: District) -> Finding | None:
    max_faces, max_headings = FACE_LIMITS[district.layout]
    layout_zh, layout_en = LAYOUT_NAMES[district.layout]
    headings = district.coal_headings + district.semi_coal_headings
    zh, en = [], []
    if district.coal_faces > max_faces:
        zh.append(
            f"采煤工作面 {district.coal_faces} 个，超过{layout_zh} {max_faces} 个的上限"
        )
        en.append(
            f"{district.coal_faces} coal faces, above the limit of {max_faces} for "
            f"{layout_en}"
        )
    if headings > max_headings:
        zh.append(
            f"煤巷和半煤岩巷掘进工作面 {headings} 个，"
            f"超过{layout_zh} {max_headings} 个的上限"
        )
        en.append(
            f"{headings} coal and semi-coal heading faces, above the limit of "
            f"{max_headings} for {layout_en}"
        )
    if not zh:
        return None
    return _finding(
        _R7,
        f"{period}/district {district.id}",
        MAJOR_HAZARD,
        {**district.as_dict(), "counted_headings": headings},
        f"coal faces at most {max_faces}, coal and semi-coal headings at most "
        f"{max_headings} ({district.layout})",
        f"采区 {district.id} {'；'.join(zh)} / district {district.id} works "
        f"{'; '.join(en)}",
    )


def check_faces(conditions: ProductionConditions) -> list[Finding]:
    """R7: too many coal faces or coal and semi-coal headings in a mining district."""
    # Rock headings cut no coal, so Art 95 leaves them out of the count.
    findings = (_district_finding(conditions.period, d) for d in conditions.districts)
    return [finding for finding in findings if finding is not None]


def _rejection(evaluation: GasDrainageEvaluation, on: date) -> str | None:
    if not evaluation.passed:
        return "did not pass"
    if evaluation.organiser not in COUNTED_ORGANISERS:
        return f"organised by {evaluation.organiser}, which does not count"
    if not evaluation.valid_from <= on <= evaluation.valid_to:
        return f"valid {evaluation.valid_from} to {evaluation.valid_to} only"
    return None


def check_gas_drainage(
    gas_class: str,
    face: str,
    production_date: date,
    evaluations: Iterable[GasDrainageEvaluation],
    *,
    area: str | None = None,
) -> list[Finding]:
    """R9: a gassy mine producing at a face with no evaluation that counts that day."""
    _choice("gas_class", gas_class, GAS_CLASSES)
    _text("face", face)
    _day("production_date", production_date)
    if gas_class == "low":
        return []
    # An evaluation of the area the face lies in covers the face as well.
    relevant = [e for e in evaluations if e.subject in (face, area)]
    rejections = [_rejection(e, production_date) for e in relevant]
    if None in rejections:
        return []
    return [
        _finding(
            _R9,
            f"{production_date.isoformat()}/face {face}",
            MAJOR_HAZARD,
            {
                "gas_class": gas_class,
                "face": face,
                "area": area,
                "production_date": production_date.isoformat(),
                "evaluations": [
                    {**e.as_dict(), "rejected": reason}
                    for e, reason in zip(relevant, rejections, strict=True)
                ],
            },
            "a passing evaluation organised by the parent company or an accredited "
            f"third party, valid on {production_date.isoformat()}",
            f"工作面 {face} 于 {production_date.isoformat()} 生产，无上级公司或有资质的"
            f"第三方机构组织的有效瓦斯抽采达标评判 / face {face} produced on "
            f"{production_date.isoformat()} without a valid passing gas-drainage "
            "evaluation organised by the parent company or an accredited third party",
        )
    ]


def check_headcount(shift: ShiftHeadcount, config: RulesConfig) -> list[Finding]:
    """R10: a shift headcount at or above 1.2 times its working place's limit."""
    threshold = config.headcount_factor * shift.limit
    if shift.headcount < threshold:
        return []
    share = f"{exact(config.headcount_factor * 100)}%"
    return [
        _finding(
            _R10,
            f"{shift.shift}/{shift.working_place}",
            MAJOR_HAZARD,
            {
                **shift.as_dict(),
                "factor": exact(config.headcount_factor),
                "threshold": exact(threshold),
            },
            f"headcount below {exact(threshold)} ({share} of {shift.limit})",
            f"作业地点 {shift.working_place} 单班作业 {shift.headcount} 人，达到限员 "
            f"{shift.limit} 人的 {share} / working place {shift.working_place} had "
            f"{shift.headcount} people on one shift, at or above {share} of its limit "
            f"of {shift.limit}",
        )
    ]


def _comparable(value: Any) -> Any:
    # Levels and districts are sets of names: the order they are listed in is noise.
    return sorted(value) if isinstance(value, tuple) else value


def _said(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return f"{value:,}" if isinstance(value, int) else value


def check_scope(
    conditions: ProductionConditions,
    licence: ProductionScope,
    announcement: ProductionScope,
) -> list[Finding]:
    """R11: production that differs from the licence or the capacity announcement."""
    worked = ProductionScope.worked(conditions)
    differences = [
        {
            "field": name,
            "document": document,
            "permitted": _plain(getattr(permitted, name)),
            "actual": _plain(getattr(worked, name)),
        }
        for document, permitted in (
            ("licence", licence),
            ("announcement", announcement),
        )
        for name in SCOPE_FIELDS
        if _comparable(getattr(permitted, name)) != _comparable(getattr(worked, name))
    ]
    if not differences:
        return []
    zh = "；".join(
        f"{SCOPE_FIELDS[d['field']][0]}：{DOCUMENTS[d['document']][0]}为 "
        f"{_said(d['permitted'])}，实际为 {_said(d['actual'])}"
        for d in differences
    )
    en = "; ".join(
        f"{SCOPE_FIELDS[d['field']][1]}: the {DOCUMENTS[d['document']][1]} permits "
        f"{_said(d['permitted'])}, actually {_said(d['actual'])}"
        for d in differences
    )
    return [
        _finding(
            _R11,
            conditions.period,
            STOP_AND_RECTIFY,
            {"differences": differences},
            "every field equal to the licence and the capacity announcement",
            f"生产条件与许可范围不符，责令停产整改：{zh} / production does not match "
            f"the permitted scope and must stop for rectification: {en}",
        )
    ]
