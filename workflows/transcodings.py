"""Value types our events carry beyond what eventsourcing encodes by default."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    """Business dates travel as ISO text, never as timestamps."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    """Registers every transcoding an application or view that decodes events needs."""
    transcoder.register(DateAsISO())
