"""Bodies of the case, tip-off and conditions routes, with examples for OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import Page, example
from domain.case_facts import CHANNELS, GOVERNMENT_OUTCOMES, ORIGINS
from workflows.conditions import RECORD_FIELDS

# The choices come from the domain; a tip-off opens its case through /tipoffs.
Origin = Literal[tuple(o for o in ORIGINS if o != "tipoff")]  # type: ignore[valid-type]
Outcome = Literal[GOVERNMENT_OUTCOMES]  # type: ignore[valid-type]
Channel = Literal[CHANNELS]  # type: ignore[valid-type]
ConditionsKind = Literal[tuple(RECORD_FIELDS)]  # type: ignore[valid-type]
Secret = Field(default="", max_length=200)


class CaseIn(BaseModel):
    """Opens a case; tip-offs come in through POST /tipoffs instead."""

    origin: Origin
    summary: str = Field(min_length=1, max_length=2000)
    reference: str = Field(
        default="", max_length=300, description="通报、计划或事故编号"
    )
    finding_ids: list[str] = Field(default=[], max_length=100)
    model_config = example(
        origin="accident", summary="冒顶事故 roof fall", reference="忻应急〔2025〕3号"
    )


class StepOut(BaseModel):
    """One step of a case's history: what was done, by whom, on which day."""

    step: str
    state: str
    actor: dict[str, str]
    on: date
    model_config = ConfigDict(extra="allow")


class CaseOut(BaseModel):
    """A case as recorded: its state, its steps in order and what they hold."""

    case_id: str
    mine_key: str
    mine_version: int = Field(description="the mine's version: send it in If-Match")
    origin: str
    state: str
    summary: str
    reference: str
    opened_on: date
    opened_by: dict[str, str]
    history: list[StepOut]
    model_config = ConfigDict(extra="allow")


class DeadlineOut(BaseModel):
    """A deadline a case has started: due date, rule, status on the day asked."""

    kind: str
    rule: str
    version: int
    starts_after: date
    due: date
    done_on: date | None
    status: str
    basis: str = Field(description="中文 / English, with the calendar used")
    fallback_calendar: bool


class DeadlinesOut(BaseModel):
    as_of: date
    deadlines: list[DeadlineOut]
    due_next: DeadlineOut | None
    overdue: list[DeadlineOut]


class CaseViewOut(CaseOut):
    """A case with its state label, allowed next triggers and deadlines."""

    state_label: str
    allowed_triggers: list[str]
    as_of: date
    deadlines: list[DeadlineOut]
    due_next: DeadlineOut | None
    overdue: list[DeadlineOut]


class TriggersOut(BaseModel):
    case_id: str
    allowed_triggers: list[str] = Field(description="guards may still refuse one")


class AdvanceIn(BaseModel):
    trigger: str = Field(max_length=60, description="see GET /cases/{id}/triggers")
    data: dict[str, Any] = Field(default={}, description="the step's fields")
    model_config = example(
        trigger="plan_inspection",
        data={
            "planned_for": "2025-09-10",
            "team": [{"officer": "王强", "agency": "emergency"}],
            "key_points": {"emergency": ["调度台账 dispatch ledger"]},
        },
    )


class CaseEscalationIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    model_config = example(reason="重大问题 repeated over-production")


class CaseDecisionIn(BaseModel):
    outcome: Outcome
    decision: str = Field(min_length=1, max_length=2000)
    document: str = Field(default="", max_length=300)
    escalation_id: str = Field(
        default="", max_length=100, description="默认最近一次 the latest undecided"
    )
    model_config = example(
        outcome="close_mine",
        decision="依法关闭 close the mine",
        document="忻政〔2025〕8号",
    )


class InformantOut(BaseModel):
    """A tip-off of the case with its informant decrypted: reward officer only."""

    receipt: str
    informant: dict[str, str] | None
    anonymous: bool
    reward: dict[str, Any] | None
    model_config = ConfigDict(extra="allow")


class InformantIn(BaseModel):
    """Who the informant is; every field may be left out (anonymous)."""

    name: str = Secret
    phone: str = Secret
    id_number: str = Secret
    address: str = Secret
    employer: str = Secret
    other: str = Secret
    model_config = ConfigDict(extra="forbid")


class TipOffIn(BaseModel):
    content: str = Field(min_length=1, max_length=5000, description="举报内容")
    channel: Channel = "public"
    mine_key: str = Field(default="", max_length=64, description="煤矿编号, if known")
    mine_hint: str = Field(default="", max_length=300, description="所称煤矿 as named")
    informant: InformantIn | None = Field(default=None, description="省略即匿名")
    follow_up: bool = Field(default=False, description="给查询码 a follow-up code")
    model_config = example(
        content="夜班超产，调度台账另有一本 / night shifts over-produce",
        mine_hint="河曲某煤矿",
        follow_up=True,
    )


class TipOffReceiptOut(BaseModel):
    """The receipt; the follow-up code is shown this once and never stored as is."""

    receipt: str
    receipt_zh: str
    follow_up_code: str | None
    case_id: str | None


class TipOffStatusOut(BaseModel):
    """What the informant may see: the progress, nothing else."""

    receipt: str
    received_on: date
    progress: str


class TipOffRow(BaseModel):
    receipt: str
    receipt_zh: str
    received_on: date
    channel: str
    mine_hint: str
    content: str
    anonymous: bool
    case_id: str


class TipOffPage(Page):
    items: list[TipOffRow]


class AttachIn(BaseModel):
    mine_key: str = Field(min_length=1, max_length=64)
    case_id: str = Field(default="", max_length=80, description="并入已有案件")
    model_config = example(mine_key="M0178")


class ConditionsIn(BaseModel):
    """One record of docs/conditions.md; the mine is the one in the path."""

    kind: ConditionsKind
    on: date | None = Field(default=None, description="默认今天 today")
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "kind": "measure",
                    "on": "2025-12-08",
                    "measure": "limit",
                    "period": "2025-12",
                    "document": "忻应急限产〔2025〕12号",
                }
            ]
        },
    )


class CaseBoardPage(Page):
    items: list[dict[str, Any]]


class EscalationPage(Page):
    items: list[dict[str, Any]]
