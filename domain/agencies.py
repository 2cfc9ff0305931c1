"""The three member agencies of the joint working group and their liaison officers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidInputError, UnknownAgencyError

AGENCY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:overcap:agency")


@dataclass(frozen=True)
class AgencyInfo:
    """An agency's id, names and what it shares each month (DOMAIN.md, R19)."""

    id: str
    code: str
    name_zh: str
    name_en: str
    shares_zh: str
    shares_en: str

    @property
    def label(self) -> str:
        return f"{self.name_zh} {self.name_en}"


AGENCY_INFO: dict[str, AgencyInfo] = {
    "emergency": AgencyInfo(
        "emergency",
        "EM",
        "市应急管理局",
        "Municipal Emergency Management Bureau",
        "煤矿安全监管执法情况；安全生产许可证申请与颁发",
        "safety supervision and enforcement at mines; safety production licences",
    ),
    "energy": AgencyInfo(
        "energy",
        "EN",
        "市能源局",
        "Municipal Energy Bureau",
        "煤矿生产建设情况；生产能力核定；项目核准",
        "mine production and construction; capacity verification; project approvals",
    ),
    "inspectorate": AgencyInfo(
        "inspectorate",
        "IN",
        "国家矿山安全监察局山西局监察执法四处",
        "Division 4 of the national mine safety inspectorate, Shanxi",
        "监察执法情况；事故调查处理",
        "inspections and enforcement; accident investigations",
    ),
}
MUNICIPAL_GOVERNMENT = ("忻州市人民政府", "Xinzhou Municipal People's Government")


def agency_info(agency: str) -> AgencyInfo:
    """The agency of an id, or an error naming the three ids."""
    try:
        return AGENCY_INFO[agency]
    except KeyError:
        raise UnknownAgencyError(agency, tuple(AGENCY_INFO)) from None


def agency_id(agency: str) -> UUID:
    """The stream id of an agency, derived from its id."""
    return uuid5(AGENCY_NAMESPACE, agency_info(agency).id)


class Agency(Aggregate):
    """A member agency; it has exactly one liaison officer (联络员) at a time."""

    class Enrolled(Aggregate.Created):
        agency: str
        name_zh: str
        name_en: str

    class LiaisonAppointed(Aggregate.Event):
        name: str
        contact: str
        since: date

    @staticmethod
    def create_id(agency: str, **_: Any) -> UUID:
        return agency_id(agency)

    @classmethod
    def enrol(cls, agency: str) -> Agency:
        """Enrols one of the three member agencies."""
        info = agency_info(agency)
        return cls(agency=info.id, name_zh=info.name_zh, name_en=info.name_en)

    @event(Enrolled)
    def __init__(self, agency: str, name_zh: str, name_en: str) -> None:
        self.agency = agency
        self.name_zh = name_zh
        self.name_en = name_en
        self.liaisons: list[dict[str, Any]] = []

    def appoint_liaison(self, *, name: str, contact: str, since: date) -> None:
        """Names the liaison officer from a date; the previous one ends that day."""
        if not name.strip():
            raise InvalidInputError("name", "a liaison officer needs a name")
        current = self.liaisons[-1] if self.liaisons else None
        if current is not None and since < current["since"]:
            raise InvalidInputError(
                "since",
                f"{since} is before the current liaison's start {current['since']}",
            )
        same = (name.strip(), contact.strip())
        if current is not None and (current["name"], current["contact"]) == same:
            return
        self._appoint_liaison(name=name.strip(), contact=contact.strip(), since=since)

    @event(LiaisonAppointed)
    def _appoint_liaison(self, name: str, contact: str, since: date) -> None:
        if self.liaisons:
            self.liaisons[-1]["until"] = since
        self.liaisons.append(
            {"name": name, "contact": contact, "since": since, "until": None}
        )

    def liaison_on(self, day: date) -> dict[str, Any] | None:
        """The liaison in office on a day; on a change-over day, the new one."""
        for liaison in reversed(self.liaisons):
            if liaison["since"] <= day:
                return liaison
        return None

    @property
    def liaison(self) -> dict[str, Any] | None:
        return self.liaisons[-1] if self.liaisons else None
