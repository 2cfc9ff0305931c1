"""Reads an agency's monthly submission from a CSV or JSON file.

CSV, UTF-8, one item a line, header required:

    kind,text,mine_key,id,fig_raw_coal_t,fig_capacity_t
    production,11月原煤产量 / raw-coal output in November,M0178,,118500,1200000

- `kind` (required): one of the kinds the agency shares (see docs/sharing.md);
- `text` (required): what happened, Chinese first, English beside;
- `mine_key` (optional): the registry key of the mine the item concerns;
- `id` (optional): the number of an item filed before (EN-03) to change it; blank
  for a new item. The file is the whole submission: filed items it leaves out are
  withdrawn;
- any column `fig_NAME`: a figure NAME; whole numbers are kept as numbers, other
  text as text, blank cells are left out.

JSON: {"items": [{"kind": ..., "text": ..., "mine_key": ..., "id": ...,
"figures": {"raw_coal_t": 118500}}]} or the bare list of items; optional "period",
"agency" and "reason" must agree with the command line when both are given.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from domain.errors import InvalidInputError

REQUIRED = ("kind", "text")


def read_submission(path: Path) -> dict[str, Any]:
    """The items of a submission file, each with its line number, and its metadata."""
    if path.suffix.lower() == ".json":
        return _read_json(path)
    return _read_csv(path)


def _figure(value: str) -> int | str:
    text = value.strip().replace(",", "")
    return int(text) if text.lstrip("-").isdigit() else value.strip()


def _read_csv(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            names = [n.strip() for n in reader.fieldnames or []]
            missing = [c for c in REQUIRED if c not in names]
            if missing:
                raise InvalidInputError(
                    "header", f"{path}: missing column(s) {missing}"
                )
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InvalidInputError("path", f"{path}: {error}") from None
    items = []
    for line, row in rows:
        row = {(k or "").strip(): (v or "") for k, v in row.items()}
        figures = {
            k[4:]: _figure(v)
            for k, v in row.items()
            if k.startswith("fig_") and v.strip()
        }
        items.append(
            {
                "line": line,
                "kind": row.get("kind", ""),
                "text": row.get("text", ""),
                "mine_key": row.get("mine_key", ""),
                "id": row.get("id", ""),
                "figures": figures,
            }
        )
    return {"items": items}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError("path", f"{path}: {error}") from None
    if isinstance(data, list):
        data = {"items": data}
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InvalidInputError("items", f"{path}: expected a list of items")
    for number, item in enumerate(data["items"], start=1):
        if not isinstance(item, dict):
            raise InvalidInputError(f"item {number}", "an item must be an object")
    return data
