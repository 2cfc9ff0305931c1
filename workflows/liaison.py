"""Member agencies and their liaison officers (联络员)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain.agencies import AGENCY_INFO, Agency, agency_id, agency_info
from workflows.application import BaseApplication

log = logging.getLogger(__name__)


class LiaisonService(BaseApplication):
    """Names each agency's one liaison officer and says who it was on a day."""

    def agency(self, agency: str) -> Agency | None:
        """The agency's stream, or None before its first liaison was named."""
        try:
            return self.repository.get(agency_id(agency))
        except AggregateNotFoundError:
            return None

    def set_liaison(
        self, agency: str, *, name: str, contact: str = "", since: date | None = None
    ) -> Agency:
        """Names the liaison officer from a day; the previous one ends that day."""
        found = self.agency(agency) or Agency.enrol(agency)
        found.appoint_liaison(name=name, contact=contact, since=since or self.today())
        self.commit(found, subject=f"agency {agency}")
        log.info("liaison of %s: %s", agency, name)
        return found

    def liaisons_on(self, day: date) -> dict[str, dict[str, Any] | None]:
        """Each agency's liaison officer in office on a day."""
        found = {a: self.agency(a) for a in AGENCY_INFO}
        return {a: g.liaison_on(day) if g else None for a, g in found.items()}

    def liaison_name(self, agency: str, day: date) -> str:
        liaison = self.liaisons_on(day)[agency_info(agency).id]
        return liaison["name"] if liaison else ""
