"""Read the Global Energy Monitor Global Coal Mine Tracker CSV as it is published."""

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from domain.errors import InvalidInputError

KEY = "GEM Mine ID"
STATUS = "Status"
CAPACITY = "Capacity (Mtpa)"
COUNTRY = "Country / Area"
PROVINCE = "State, Province"
PREFECTURE = "Prefecture, District"
REQUIRED_COLUMNS = (
    KEY,
    "Mine Name",
    "Mine Name (Non-ENG)",
    COUNTRY,
    STATUS,
    "Owners",
    "Owners (Non-ENG)",
    "Parent Company",
    CAPACITY,
    "Mine Type",
    "Location",
    PREFECTURE,
    PROVINCE,
    "Location (Non-ENG)",
    "Latitude",
    "Longitude",
    "Gas-level Rating",
)
# The statuses GEM publishes; anything else under 'Status' means the columns moved.
GEM_STATUSES = frozenset(
    {"operating", "proposed", "shelved", "cancelled", "mothballed", "closed"}
)
MINING_TYPES = {
    "underground": "underground",
    "surface": "surface",
    "underground & surface": "underground_and_surface",
}
# Outburst first: a rating may name both the gas level and the outburst hazard.
GAS_CLASSES = (("突出", "outburst"), ("高瓦斯", "high"), ("低瓦斯", "low"))
# The tracker's English 'Location' is usually a town or village, so the counties
# of Xinzhou, where the product works, are named from the Chinese address instead.
XINZHOU_COUNTIES = {
    "忻府区": "Xinfu",
    "原平市": "Yuanping",
    "定襄县": "Dingxiang",
    "五台县": "Wutai",
    "代县": "Dai",
    "繁峙县": "Fanshi",
    "宁武县": "Ningwu",
    "静乐县": "Jingle",
    "神池县": "Shenchi",
    "五寨县": "Wuzhai",
    "岢岚县": "Kelan",
    "河曲县": "Hequ",
    "保德县": "Baode",
    "偏关县": "Pianguan",
}
_GEM_ID = re.compile(r"M\d+")
_DECIMAL_COMMA = re.compile(r"\d+(?:,\d+)?")
_SIGNED_DECIMAL_COMMA = re.compile(r"-?\d+(?:,\d+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COUNTY_SUFFIX = re.compile(r"\s+(?:county|city|district)$", re.IGNORECASE)
_TOWN_SUFFIX = re.compile(r"\s+(?:town|township)$", re.IGNORECASE)
_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南"
    "|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆"
)
# Addresses often drop the suffix of a Shanxi prefecture ('忻州宁武县'). Province
# and prefecture are possessive so that a bare '忻州市' is never taken for a county.
_COUNTY_ZH = re.compile(
    rf"(?:(?:{_PROVINCES})(?:省|市|(?:维吾尔|回族|壮族)?自治区)?)*+"
    r"(?:[^省市县区旗州盟乡镇村]{1,8}?(?:地区|自治州|盟|州?市|州)"
    r"|太原|大同|阳泉|长治|晋城|朔州|晋中|运城|忻州|临汾|吕梁)?+"
    r"(?P<county>[^省市县区旗]{1,8}?(?:县|市|区|旗))"
)


@dataclass(frozen=True)
class RegistryRow:
    """One trusted mine record of the tracker, in the registry's terms."""

    record_number: int
    line_number: int
    key: str
    name_en: str
    name_zh: str
    county_en: str
    county_zh: str
    prefecture: str
    province: str
    country: str
    owner: str
    parent_company: str
    mining_type: str
    gas_class: str
    status: str
    capacity_tonnes: int | None
    latitude: str
    longitude: str


@dataclass(frozen=True)
class RejectedRecord:
    """A record that cannot be trusted, with the reason naming the column."""

    record_number: int
    line_number: int
    key: str
    reason: str


@dataclass(frozen=True)
class RegistryParse:
    """The trusted rows, the rejected records and how many records were read."""

    rows: list[RegistryRow]
    rejected: list[RejectedRecord]
    records_read: int


class _UntrustedError(Exception):
    """Raised inside the parser when a record's values cannot be trusted."""


def parse_registry(
    path: str | os.PathLike[str],
    *,
    prefecture: str | None = None,
    province: str | None = None,
    country: str | None = None,
) -> RegistryParse:
    """Parse a GEM tracker CSV, keeping trusted rows that match every filter."""
    filters = {PREFECTURE: prefecture, PROVINCE: province, COUNTRY: country}
    wanted = {column: v.casefold() for column, v in filters.items() if v is not None}
    rows: list[RegistryRow] = []
    rejected: list[RejectedRecord] = []
    first_seen: dict[str, int] = {}
    records_read = 0
    for records_read, line, header, fields in _records(Path(path)):
        result = _classify(records_read, line, header, fields, wanted, first_seen)
        if isinstance(result, RegistryRow):
            rows.append(result)
        elif result is not None:
            rejected.append(result)
    return RegistryParse(rows=rows, rejected=rejected, records_read=records_read)


def bundled_xinzhou_path() -> Path:
    """Path of the bundled CSV holding the 54 trusted Xinzhou records."""
    return Path(__file__).resolve().parent / "data" / "xinzhou_mines.csv"


def _records(path: Path) -> Iterator[tuple[int, int, list[str], list[str]]]:
    # A quoted field may hold a newline, so the start line is tracked apart from
    # the record number; blank lines are not records.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            reader = csv.reader(handle, strict=True)
            header = _checked_header(next(reader, []), path)
            number, end = 0, reader.line_num
            for fields in reader:
                start, end = end + 1, reader.line_num
                if fields:
                    number += 1
                    yield number, start, header, fields
        except (UnicodeDecodeError, csv.Error) as error:
            raise InvalidInputError(
                "path", f"{path} is not a readable UTF-8 CSV file: {error}"
            ) from error


def _checked_header(header: list[str], path: Path) -> list[str]:
    names = [name.strip() for name in header]
    if KEY not in names:
        raise InvalidInputError(
            "path", f"{path} is not a GEM Global Coal Mine Tracker file: no {KEY!r}"
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise InvalidInputError(
            "header",
            f"{path} lacks required columns: {', '.join(map(repr, missing))}",
            missing=tuple(missing),
        )
    repeated = [column for column in REQUIRED_COLUMNS if names.count(column) > 1]
    if repeated:
        raise InvalidInputError(
            "header",
            f"{path} repeats columns: {', '.join(map(repr, repeated))}",
            repeated=tuple(repeated),
        )
    return names


def _classify(
    number: int,
    line: int,
    header: list[str],
    fields: list[str],
    wanted: dict[str, str],
    first_seen: dict[str, int],
) -> RegistryRow | RejectedRecord | None:
    record = dict(zip(header, (field.strip() for field in fields), strict=False))
    reason = _layout_problem(header, fields, record)
    if reason:
        # Its columns cannot be trusted, so the filtered value may sit in any field.
        text = "\n".join(fields).casefold()
        if all(value in text for value in wanted.values()):
            return RejectedRecord(number, line, record.get(KEY, ""), reason)
        return None
    try:
        result: RegistryRow | RejectedRecord = _row(number, line, record)
        _claim(record[KEY], number, first_seen)
    except _UntrustedError as error:
        result = RejectedRecord(number, line, record[KEY], str(error))
    matches = all(record[column].casefold() == v for column, v in wanted.items())
    return result if matches else None


def _layout_problem(
    header: list[str], fields: list[str], record: dict[str, str]
) -> str:
    if len(fields) != len(header):
        return f"record has {len(fields)} fields; the header has {len(header)}"
    status = record[STATUS]
    if not record[PROVINCE] and status and status.casefold() not in GEM_STATUSES:
        return f"shifted row: {STATUS!r} holds {status!r} and {PROVINCE!r} is empty"
    if not (record[PROVINCE] or record["Latitude"] or record["Longitude"]):
        return (
            f"shifted row: {PROVINCE!r}, 'Latitude' and 'Longitude' are empty, as in "
            "the 46-column closed-mine layout"
        )
    return ""


def _claim(key: str, number: int, first_seen: dict[str, int]) -> None:
    first = first_seen.setdefault(key, number)
    if first != number:
        raise _UntrustedError(
            f"duplicate {KEY!r} {key!r}: another project phase of the mine "
            f"registered from record {first}; not a second mine"
        )


def _row(number: int, line: int, record: dict[str, str]) -> RegistryRow:
    county_zh = _county_zh(record["Location (Non-ENG)"] or record["Location"])
    return RegistryRow(
        record_number=number,
        line_number=line,
        key=_key(record[KEY]),
        name_en=record["Mine Name"],
        name_zh=record["Mine Name (Non-ENG)"],
        county_en=_county_en(record["Location"], county_zh),
        county_zh=county_zh,
        prefecture=record[PREFECTURE],
        province=record[PROVINCE],
        country=record[COUNTRY],
        owner=record["Owners (Non-ENG)"] or record["Owners"],
        parent_company=record["Parent Company"],
        mining_type=MINING_TYPES.get(record["Mine Type"].casefold(), ""),
        gas_class=next(
            (c for m, c in GAS_CLASSES if m in record["Gas-level Rating"]), ""
        ),
        status=record[STATUS].lower(),
        capacity_tonnes=_tonnes(record[CAPACITY]),
        latitude=_coordinate(record, "Latitude"),
        longitude=_coordinate(record, "Longitude"),
    )


def _key(text: str) -> str:
    if not text:
        raise _UntrustedError(f"{KEY!r} is empty")
    if not _GEM_ID.fullmatch(text):
        raise _UntrustedError(f"{KEY!r} holds {text!r}, not a GEM mine id")
    return text


def _tonnes(text: str) -> int | None:
    if not text:
        return None
    # Decimal, not float: '0,9' Mtpa must be exactly 900000 t/a.
    mtpa = Decimal(text.replace(",", ".")) if _DECIMAL_COMMA.fullmatch(text) else 0
    tonnes = mtpa * 1_000_000
    if tonnes <= 0:
        raise _UntrustedError(f"{CAPACITY!r} holds {text!r}, not a positive number")
    if tonnes % 1:
        raise _UntrustedError(f"{CAPACITY!r} holds {text!r}, not whole tonnes")
    return int(tonnes)


def _coordinate(record: dict[str, str], column: str) -> str:
    text = record[column]
    if text and not _SIGNED_DECIMAL_COMMA.fullmatch(text):
        raise _UntrustedError(f"{column!r} holds {text!r}, not a decimal number")
    return text.replace(",", ".")


def _county_zh(address: str) -> str:
    match = _COUNTY_ZH.match(re.sub(r"\s+", "", address))
    return match.group("county") if match else ""


def _county_en(location: str, county_zh: str) -> str:
    if county_zh in XINZHOU_COUNTIES:
        return XINZHOU_COUNTIES[county_zh]
    # Elsewhere only a part named as a county or city, or the part after a town,
    # is a county: a bare English name is as often a town or a village.
    parts = [part.strip() for part in location.split(",")]
    named = [part for part in parts if _COUNTY_SUFFIX.search(part)]
    after_town = [part for town, part in pairwise(parts) if _TOWN_SUFFIX.search(town)]
    best = (named or after_town or [""])[0]
    return "" if _CJK.search(best) else _COUNTY_SUFFIX.sub("", best)
