"""What every command shares: the container, JSON output, tables, errors."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from api.bootstrap import Container, build
from domain.errors import InvalidInputError, OvercapError

Handler = Callable[[argparse.Namespace, Container], int]


def command(
    sub: Any, name: str, handler: Handler, help_text: str, *, listing: bool = False
) -> argparse.ArgumentParser:
    """Adds a sub-command; listing commands get --json."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    if listing:
        parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def run_with_container(args: argparse.Namespace) -> int:
    if getattr(args, "no_database", False):
        return int(args.handler(args, None))
    try:
        container = build()
    except OvercapError as error:
        return fail(error)
    try:
        return int(args.handler(args, container))
    except OvercapError as error:
        return fail(error)
    except UnicodeDecodeError as error:
        return fail(InvalidInputError("file", f"not UTF-8 text: {error.reason}"))
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            # The reader (e.g. `| head`) has gone; nothing is left to say.
            sys.stderr.close()
            return 0
        name = error.filename or "file"
        return fail(InvalidInputError("file", f"{name}: {error.strerror or error}"))
    finally:
        container.close()


def fail(error: OvercapError) -> int:
    print(f"错误 error: {error.message_zh} / {error}", file=sys.stderr)
    return 2


def to_json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, date | datetime):
            return obj.isoformat()
        if hasattr(obj, "hex") and hasattr(obj, "int"):
            return str(obj)
        if hasattr(obj, "as_dict"):
            return obj.as_dict()
        raise TypeError(f"cannot write {type(obj).__name__} as JSON")

    return json.dumps(value, ensure_ascii=False, indent=2, default=default)


def plain(value: Any) -> str:
    """A value as a person reads it: ISO dates, JSON for lists and dicts, - for none."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=_iso)
    return str(value)


def _iso(obj: Any) -> str:
    return obj.isoformat() if isinstance(obj, date | datetime) else str(obj)


def print_json(value: Any) -> None:
    print(to_json(value))


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric=()) -> str:
    """A plain text table that lines up Chinese and English text."""
    cells = [[str(c) for c in row] for row in rows]
    sizes = [
        max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)
    ]
    lines = [
        "  ".join(pad(h, sizes[i], i in numeric) for i, h in enumerate(headers)),
        "  ".join("-" * s for s in sizes),
    ]
    for row in cells:
        lines.append(
            "  ".join(pad(c, sizes[i], i in numeric) for i, c in enumerate(row))
        )
    return "\n".join(lines)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
