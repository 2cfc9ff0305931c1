"""Dependencies every route shares: the application, versions and ETags."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Header, Query, Request, Response

from api.bootstrap import Container
from domain.errors import InvalidInputError
from workflows.app import Overcap


def container(request: Request) -> Container:
    return request.app.state.container


def application(request: Request) -> Overcap:
    return request.app.state.container.app


def expected_version(
    if_match: Annotated[
        str | None,
        Header(description='the mine version last read, e.g. "7" (from its ETag)'),
    ] = None,
) -> int | None:
    """The version a client last read; a write on any other version is refused."""
    if if_match is None or if_match.strip() == "*":
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidInputError("If-Match", f"{if_match!r} is not a version number")
    return int(text)


def locate(response: Response, path: str) -> None:
    """Sets Location; a header is Latin-1, so a key in Chinese is percent-encoded."""
    response.headers["Location"] = quote(path)


def tag(response: Response, version: int) -> None:
    """Puts the mine's version on a response as its ETag."""
    response.headers["ETag"] = f'"{version}"'


App = Annotated[Overcap, Depends(application)]
Box = Annotated[Container, Depends(container)]
IfMatch = Annotated[int | None, Depends(expected_version)]


class Paging:
    """The offset and limit of a list query, and the page of rows they select."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> None:
        self.offset = offset
        self.limit = limit

    def of(self, rows: list[Any]) -> dict[str, Any]:
        page = rows[self.offset : self.offset + self.limit]
        return {
            "total": len(rows),
            "offset": self.offset,
            "limit": self.limit,
            "items": page,
        }


Paged = Annotated[Paging, Depends()]
