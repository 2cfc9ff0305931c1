"""Dependencies every route shares: the application, versions and ETags."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Response

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


def tag(response: Response, version: int) -> None:
    """Puts the mine's version on a response as its ETag."""
    response.headers["ETag"] = f'"{version}"'


App = Annotated[Overcap, Depends(application)]
Box = Annotated[Container, Depends(container)]
IfMatch = Annotated[int | None, Depends(expected_version)]
