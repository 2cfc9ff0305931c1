"""Request and response bodies of the HTTP API, with examples for OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Text = Field(default="", max_length=300)


def example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})


class ErrorDetail(BaseModel):
    code: str
    message: str = Field(description="中文 / English")
    field: str | None = None
    rule: str | None = None
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer has this shape."""

    error: ErrorDetail
    model_config = example(
        error={
            "code": "invalid_input",
            "message": "输入无效 / tonnes: -1 t: must be zero or more",
            "field": "tonnes",
            "rule": None,
        }
    )


class MineIn(BaseModel):
    key: str = Field(max_length=64)
    name_zh: str = Text
    name_en: str = Text
    county_zh: str = Text
    county_en: str = Text
    prefecture: str = Text
    province: str = Text
    owner: str = Text
    parent_company: str = Text
    mining_type: str = Field(default="underground", max_length=40)
    gas_class: str = Field(default="", max_length=40)
    status: str = Field(default="operating", max_length=40)
    model_config = example(
        key="M-HQ-001",
        name_zh="河曲示范煤矿",
        name_en="Hequ Example Mine",
        county_zh="河曲县",
        prefecture="Xinzhou",
        province="Shanxi",
        gas_class="low",
    )


class CapacityIn(BaseModel):
    kind: str = Field(default="approved", max_length=20)
    tonnes: int
    effective: date
    document: str = Field(max_length=300)
    model_config = example(
        kind="approved",
        tonnes=1_200_000,
        effective="2024-01-01",
        document="晋能源煤技发〔2023〕12号",
    )


class PlanIn(BaseModel):
    scope: str = Field(max_length=20)
    period: str = Field(max_length=20)
    tonnes: int
    set_by: str = Field(default="mine", max_length=20)
    model_config = example(scope="annual", period="2025", tonnes=1_100_000)


class OutputIn(BaseModel):
    period: str = Field(max_length=20, description="YYYY-MM")
    tonnes: int
    reported_on: date | None = Field(default=None, description="默认今天 today")
    model_config = example(period="2025-11", tonnes=98_000)


class CorrectionIn(OutputIn):
    reason: str = Field(max_length=500)
    model_config = example(period="2025-11", tonnes=121_000, reason="复核更正")


class StatusIn(BaseModel):
    status: str = Field(max_length=40)
    reason: str = Field(max_length=500)
    model_config = example(status="suspended", reason="停产整顿 R12")


class Finding(BaseModel):
    """A rule's decision with everything an auditor needs to replay it."""

    finding_id: str
    rule: str
    version: int
    subject: str
    outcome: str
    inputs: dict[str, Any]
    threshold: str
    explanation: str
    cause: str
    supersedes: str | None
    on: date


class MineOut(BaseModel):
    key: str
    name_zh: str
    name_en: str
    county_zh: str
    county_en: str
    status: str
    version: int
    capacities: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    outputs: dict[str, int]
    findings: list[Finding] = Field(description="current findings 现有结论")
    key_supervision_since: date | None


class MineRow(BaseModel):
    key: str
    name_zh: str
    name_en: str
    county: str
    status: str
    capacity: int | None
    year: int
    output_to_date: int
    months_reported: int
    findings: list[str]
    key_supervision_since: date | None
    version: int


class Page(BaseModel):
    total: int
    offset: int
    limit: int


class MinePage(Page):
    items: list[MineRow]


class EventOut(BaseModel):
    version: int
    event: str
    on: date
    recorded_at: str
    data: dict[str, Any]


class HistoryPage(Page):
    mine: str
    version: int = Field(description="the mine's current version")
    events: list[EventOut]


class StateOut(BaseModel):
    mine: str
    version: int
    as_of: date | None
    state: dict[str, Any]
    current_findings: list[Finding]


class Health(BaseModel):
    status: str
    database: str | None = None
    read_models: list[dict[str, Any]] = []


class SubmissionIn(BaseModel):
    items: list[dict[str, Any]]
    reason: str = Field(default="", max_length=500, description="更正原因 why")
    model_config = example(
        items=[
            {
                "kind": "production",
                "text": "11月原煤产量 November output",
                "mine_key": "M-HQ-001",
            }
        ]
    )


class EscalationIn(BaseModel):
    reason: str = Field(max_length=500)
    model_config = example(reason="重大问题 major issue: repeated over-production")


class DecisionIn(BaseModel):
    decision: str = Field(max_length=2000)
    document: str = Field(default="", max_length=300)
    decided_on: date | None = None
    model_config = example(decision="责令停产整顿", document="忻政办〔2025〕8号")


class RoundOut(BaseModel):
    """A month's sharing round: who filed, the bulletin and follow-up actions."""

    period: str
    version: int
    due: date
    basis: str
    status: dict[str, dict[str, Any]]
    submissions: dict[str, dict[str, Any]]
    compiled: bool
    actions: dict[str, dict[str, Any]]


class BulletinOut(BaseModel):
    period: str
    text: str


class CapacityChangeIn(BaseModel):
    kind: str = Field(max_length=20, description="increase 核增 / decrease 核减")
    tonnes: int
    reason: str = Field(default="", max_length=500)
    model_config = example(
        kind="increase", tonnes=1_500_000, reason="新采区 new district"
    )
