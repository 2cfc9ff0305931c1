import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from domain.errors import InvalidInputError
from workflows.gem import (
    REQUIRED_COLUMNS,
    XINZHOU_COUNTIES,
    RegistryRow,
    bundled_xinzhou_path,
    parse_registry,
)

PUBLISHED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "gem-gcmt"
    / "non_closed_mines.csv"
)
needs_published_file = pytest.mark.skipif(
    not PUBLISHED.exists(),
    reason=f"the published GEM tracker CSV is absent: {PUBLISHED}",
)
SHIFTED_CHINA = "shifted row: 'Status' holds 'China' and 'State, Province' is empty"


def mine(values: dict[str, str] | None = None) -> dict[str, str]:
    record = {
        "GEM Mine ID": "M0001",
        "Mine Name": "Baode Coal Mine",
        "Mine Name (Non-ENG)": "保德煤矿",
        "Country / Area": "China",
        "Status": "Operating",
        "Owners": "China Shenhua Energy",
        "Capacity (Mtpa)": "8",
        "Mine Type": "Underground",
        "Location": "Qiaotou Town, Baode",
        "Prefecture, District": "Xinzhou",
        "State, Province": "Shanxi",
        "Location (Non-ENG)": "山西省忻州市保德县桥头镇",
        "Latitude": "38,950871",
        "Longitude": "111,089441",
        "Gas-level Rating": "高瓦斯",
    }
    return record | (values or {})


def write_tracker(
    tmp_path: Path, records: list[dict[str, str]], columns=REQUIRED_COLUMNS
) -> Path:
    path = tmp_path / "tracker.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(
            [record.get(column, "") for column in columns] for record in records
        )
    return path


def only_row(path: Path) -> RegistryRow:
    parsed = parse_registry(path)
    assert parsed.rejected == []
    (row,) = parsed.rows
    return row


def published_countries() -> dict[int, str]:
    with PUBLISHED.open(encoding="utf-8", newline="") as handle:
        records = csv.reader(handle)
        column = next(records).index("Country / Area")
        return {number: fields[column] for number, fields in enumerate(records, 1)}


# Hand-written files


@pytest.mark.parametrize(
    ("mtpa", "tonnes"),
    [("0,9", 900_000), ("1,2", 1_200_000), ("10", 10_000_000), ("0,035", 35_000)],
)
def test_decimal_comma_capacities_become_exact_tonnes(tmp_path, mtpa, tonnes):
    path = write_tracker(tmp_path, [mine({"Capacity (Mtpa)": mtpa})])

    assert only_row(path).capacity_tonnes == tonnes


def test_a_blank_capacity_is_kept_as_unknown_not_rejected(tmp_path):
    path = write_tracker(tmp_path, [mine({"Capacity (Mtpa)": ""})])

    assert only_row(path).capacity_tonnes is None


@pytest.mark.parametrize("capacity", ["-1,5", "0", "many", "1.5", "0,0000001"])
def test_a_capacity_that_is_not_a_positive_number_of_tonnes_is_rejected(
    tmp_path, capacity
):
    # '1.5' is refused: in a decimal-comma file a dot may be a thousands separator.
    path = write_tracker(tmp_path, [mine({"Capacity (Mtpa)": capacity})])

    parsed = parse_registry(path)

    assert parsed.rows == []
    (rejected,) = parsed.rejected
    assert rejected.record_number == 1
    assert rejected.key == "M0001"
    assert "'Capacity (Mtpa)'" in rejected.reason
    assert repr(capacity) in rejected.reason


def test_shifted_rows_are_reported_by_record_number_and_not_imported(tmp_path):
    records = [
        mine({"GEM Mine ID": "M0001"}),
        mine({"GEM Mine ID": "M0002"}),
        mine({"GEM Mine ID": "M0003", "Status": "China", "State, Province": ""}),
        mine({"GEM Mine ID": "M0004"}),
    ]
    path = write_tracker(tmp_path, records)

    parsed = parse_registry(path)

    assert [row.key for row in parsed.rows] == ["M0001", "M0002", "M0004"]
    (rejected,) = parsed.rejected
    assert (rejected.record_number, rejected.line_number) == (3, 4)
    assert rejected.key == "M0003"
    assert rejected.reason == SHIFTED_CHINA
    assert parsed.records_read == 4


def test_line_numbers_count_newlines_inside_quoted_fields(tmp_path):
    records = [
        mine({"GEM Mine ID": "M0001", "Mine Name": "Two\nline name"}),
        mine({"GEM Mine ID": "M0002", "Status": "China", "State, Province": ""}),
        mine({"GEM Mine ID": "M0003"}),
    ]
    path = write_tracker(tmp_path, records)

    parsed = parse_registry(path)

    # Header on line 1, record 1 on lines 2-3, so record 2 starts on line 4.
    assert [(r.record_number, r.line_number) for r in parsed.rows] == [(1, 2), (3, 5)]
    assert [(r.record_number, r.line_number) for r in parsed.rejected] == [(2, 4)]
    assert parsed.rows[0].name_en == "Two\nline name"


def test_the_closed_mine_layout_is_reported_as_shifted(tmp_path):
    shifted = mine(
        {
            "Status": "",
            "Latitude": "",
            "Longitude": "",
            "State, Province": "",
            "Location": "Shanxi",
        }
    )
    path = write_tracker(tmp_path, [shifted])

    (rejected,) = parse_registry(path).rejected

    assert rejected.reason.startswith("shifted row: 'State, Province', 'Latitude'")


def test_a_shifted_row_is_reported_under_a_filter_only_when_it_mentions_the_value(
    tmp_path,
):
    records = [
        mine({"GEM Mine ID": "M0001", "Status": "China", "State, Province": ""}),
        mine(
            {
                "GEM Mine ID": "M0002",
                "Status": "China",
                "Location (Non-ENG)": "",
                "Mine Name": "Xinzhouyao Coal Mine",
                "State, Province": "",
                "Prefecture, District": "Datong",
            }
        ),
        mine(
            {
                "GEM Mine ID": "M0003",
                "Status": "China",
                "Location (Non-ENG)": "",
                "State, Province": "",
                "Prefecture, District": "Datong",
            }
        ),
    ]
    path = write_tracker(tmp_path, records)

    parsed = parse_registry(path, prefecture="xinzhou")

    assert parsed.rows == []
    assert [r.key for r in parsed.rejected] == ["M0001", "M0002"]


def test_filters_are_case_insensitive_exact_matches_on_their_column(tmp_path):
    records = [
        mine({"GEM Mine ID": "M0001"}),
        mine({"GEM Mine ID": "M0002", "Prefecture, District": "Xinzhou City"}),
        mine({"GEM Mine ID": "M0003", "State, Province": "Shaanxi"}),
    ]
    path = write_tracker(tmp_path, records)

    assert [r.key for r in parse_registry(path, prefecture="XINZHOU").rows] == [
        "M0001",
        "M0003",
    ]
    assert [r.key for r in parse_registry(path, province="shanxi").rows] == [
        "M0001",
        "M0002",
    ]
    assert parse_registry(path, prefecture="Xin").rows == []


def test_an_untrusted_row_outside_the_filter_is_skipped_silently(tmp_path):
    records = [
        mine({"GEM Mine ID": "M0001", "Capacity (Mtpa)": "0"}),
        mine({"GEM Mine ID": "M0002", "Prefecture, District": "Datong"}),
    ]
    path = write_tracker(tmp_path, records)

    parsed = parse_registry(path, prefecture="Datong")

    assert [r.key for r in parsed.rows] == ["M0002"]
    assert parsed.rejected == []


def test_a_repeated_key_keeps_the_first_record_and_names_it(tmp_path):
    records = [
        mine({"GEM Mine ID": "M0001"}),
        mine({"GEM Mine ID": "M0002"}),
        mine({"GEM Mine ID": "M0001", "Status": "Proposed"}),
    ]
    path = write_tracker(tmp_path, records)

    parsed = parse_registry(path)

    assert [(r.key, r.status) for r in parsed.rows] == [
        ("M0001", "operating"),
        ("M0002", "operating"),
    ]
    (rejected,) = parsed.rejected
    assert rejected.record_number == 3
    assert "'GEM Mine ID'" in rejected.reason
    assert "record 1" in rejected.reason


@pytest.mark.parametrize("key", ["", "#N/A"])
def test_a_record_without_a_usable_key_is_rejected(tmp_path, key):
    path = write_tracker(tmp_path, [mine({"GEM Mine ID": key})])

    parsed = parse_registry(path)

    assert parsed.rows == []
    assert "'GEM Mine ID'" in parsed.rejected[0].reason


def test_a_record_with_the_wrong_number_of_fields_is_rejected(tmp_path):
    path = write_tracker(tmp_path, [mine()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("M0002,Short Coal Mine,China\n")

    parsed = parse_registry(path)

    assert [r.key for r in parsed.rows] == ["M0001"]
    (rejected,) = parsed.rejected
    assert (rejected.record_number, rejected.key) == (2, "M0002")
    assert rejected.reason == (
        f"record has 3 fields; the header has {len(REQUIRED_COLUMNS)}"
    )


def test_a_missing_column_is_named_in_the_error(tmp_path):
    columns = [c for c in REQUIRED_COLUMNS if c != "Capacity (Mtpa)"]
    path = write_tracker(tmp_path, [mine()], columns=columns)

    with pytest.raises(InvalidInputError, match=r"'Capacity \(Mtpa\)'") as error:
        parse_registry(path)

    assert error.value.ids["missing"] == ("Capacity (Mtpa)",)


def test_a_repeated_column_is_named_in_the_error(tmp_path):
    columns = [*REQUIRED_COLUMNS, "Status"]
    path = write_tracker(tmp_path, [mine()], columns=columns)

    with pytest.raises(InvalidInputError, match="repeats columns: 'Status'"):
        parse_registry(path)


@needs_published_file
def test_the_closed_mines_file_is_refused_for_its_missing_columns():
    closed = PUBLISHED.with_name("closed_mines.csv")

    with pytest.raises(InvalidInputError, match="'Status'") as error:
        parse_registry(closed)

    assert "Country / Area" in error.value.ids["missing"]


@pytest.mark.parametrize(
    "content", ["", "name,capacity\nsome mine,1\n", '{"mines": []}']
)
def test_a_file_that_is_not_a_gem_tracker_is_refused(tmp_path, content):
    path = tmp_path / "other.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(InvalidInputError, match="not a GEM Global Coal Mine Tracker"):
        parse_registry(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write_tracker(tmp_path, [mine()])
    path.write_bytes(path.read_bytes() + "M0002,煤矿\n".encode("gb18030"))

    with pytest.raises(InvalidInputError, match="UTF-8"):
        parse_registry(path)


@pytest.mark.parametrize(
    ("rating", "gas_class"),
    [
        ("高瓦斯", "high"),
        ("低瓦斯", "low"),
        ("突出矿井", "outburst"),
        ("煤与瓦斯突出", "outburst"),
        ("", ""),
    ],
)
def test_the_gas_rating_becomes_a_gas_class(tmp_path, rating, gas_class):
    path = write_tracker(tmp_path, [mine({"Gas-level Rating": rating})])

    assert only_row(path).gas_class == gas_class


@pytest.mark.parametrize(
    ("mine_type", "mining_type"),
    [
        ("Underground", "underground"),
        ("Surface", "surface"),
        ("Underground & Surface", "underground_and_surface"),
        ("Not found", ""),
        ("", ""),
    ],
)
def test_the_mine_type_becomes_a_mining_type(tmp_path, mine_type, mining_type):
    path = write_tracker(tmp_path, [mine({"Mine Type": mine_type})])

    assert only_row(path).mining_type == mining_type


@pytest.mark.parametrize(
    ("address", "county_zh", "county_en"),
    [
        ("山西省忻州市保德县桥头镇", "保德县", "Baode"),
        ("山西省忻州市原平市段家堡乡官地村", "原平市", "Yuanping"),
        ("山西省忻州宁武县工矿镇前石湖村", "宁武县", "Ningwu"),
        ("山西省忻州市代县", "代县", "Dai"),
        ("山西省忻州市", "", "Baode"),
        ("", "", "Baode"),
    ],
)
def test_the_county_is_read_from_the_chinese_address_first(
    tmp_path, address, county_zh, county_en
):
    # Without a Chinese county the English one comes from 'Qiaotou Town, Baode'.
    path = write_tracker(tmp_path, [mine({"Location (Non-ENG)": address})])

    row = only_row(path)

    assert (row.county_zh, row.county_en) == (county_zh, county_en)


@pytest.mark.parametrize(
    ("location", "county_en"),
    [
        ("Dujiacun Town, Jingle County", "Jingle"),
        ("Yuanping City", "Yuanping"),
        ("Shizui , Yangfangkou", ""),
    ],
)
def test_an_english_county_is_only_taken_where_the_location_names_one(
    tmp_path, location, county_en
):
    path = write_tracker(
        tmp_path, [mine({"Location": location, "Location (Non-ENG)": ""})]
    )

    assert only_row(path).county_en == county_en


def test_a_row_carries_names_owner_status_and_dotted_coordinates(tmp_path):
    path = write_tracker(
        tmp_path,
        [
            mine(
                {"Owners (Non-ENG)": "中国神华能源股份有限公司", "Status": "Mothballed"}
            )
        ],
    )

    row = only_row(path)

    assert (row.key, row.name_en, row.name_zh) == (
        "M0001",
        "Baode Coal Mine",
        "保德煤矿",
    )
    assert (row.prefecture, row.province, row.country) == ("Xinzhou", "Shanxi", "China")
    assert row.owner == "中国神华能源股份有限公司"
    assert row.status == "mothballed"
    assert (row.latitude, row.longitude) == ("38.950871", "111.089441")


# The bundled file


def test_the_bundled_xinzhou_file_parses_to_54_rows_without_rejects():
    parsed = parse_registry(bundled_xinzhou_path())

    assert len(parsed.rows) == 54
    assert parsed.rejected == []
    assert parsed.records_read == 54
    assert len({row.key for row in parsed.rows}) == 54


def test_the_bundled_file_keeps_the_published_format():
    with bundled_xinzhou_path().open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))

    assert len(records[0]) == 74
    assert {len(fields) for fields in records} == {74}
    assert records[0][:3] == ["GEM Mine ID", "MSHA ID", "Country / Area"]
    assert "Prefecture, District" in records[0]
    assert '"0,9"' in bundled_xinzhou_path().read_text(encoding="utf-8")


def test_the_bundled_xinzhou_mines_span_0_9_to_10_mtpa_in_the_known_counties():
    rows = parse_registry(bundled_xinzhou_path(), prefecture="Xinzhou").rows

    assert len(rows) == 54
    capacities = [row.capacity_tonnes for row in rows]
    assert None not in capacities
    assert min(c for c in capacities if c) == 900_000
    assert max(c for c in capacities if c) == 10_000_000
    assert {row.county_zh for row in rows} <= set(XINZHOU_COUNTIES)
    assert Counter(row.status for row in rows) == {
        "operating": 43,
        "mothballed": 5,
        "proposed": 5,
        "shelved": 1,
    }


# The published file


@needs_published_file
def test_the_published_file_holds_54_trusted_xinzhou_mines():
    parsed = parse_registry(PUBLISHED, prefecture="Xinzhou")

    assert len(parsed.rows) == 54
    assert parsed.records_read == 7136


@needs_published_file
def test_shifted_records_that_mention_xinzhou_are_rejected_with_their_record_numbers():
    parsed = parse_registry(PUBLISHED, prefecture="Xinzhou")

    # The only one is the Xinzhouyao mine of Datong; its columns cannot be trusted.
    assert [(r.record_number, r.line_number, r.key) for r in parsed.rejected] == [
        (5449, 5466, "M4368")
    ]
    assert parsed.rejected[0].reason == SHIFTED_CHINA


@needs_published_file
def test_the_bundle_equals_the_xinzhou_rows_of_the_published_file():
    published = parse_registry(PUBLISHED, prefecture="Xinzhou").rows
    bundled = parse_registry(bundled_xinzhou_path()).rows

    def content(row: RegistryRow) -> RegistryRow:
        return replace(row, record_number=0, line_number=0)

    assert [content(row) for row in bundled] == [content(row) for row in published]


@needs_published_file
def test_775_shanxi_records_give_772_mines_and_3_repeated_keys():
    parsed = parse_registry(PUBLISHED, province="Shanxi")

    repeated = [r for r in parsed.rejected if r.reason.startswith("duplicate")]
    assert len(parsed.rows) + len(repeated) == 775
    assert len(parsed.rows) == 772
    assert [(r.record_number, r.key) for r in repeated] == [
        (4536, "M5228"),
        (5047, "M5572"),
        (5291, "M3840"),
    ]
    assert "registered from record 4535" in repeated[0].reason


@needs_published_file
def test_china_rows_repeated_keys_and_shifted_records_add_up_to_2690():
    parsed = parse_registry(PUBLISHED, country="China")
    countries = published_countries()

    shifted = [r for r in parsed.rejected if r.reason.startswith("shifted row")]
    shifted_china = [r for r in shifted if countries[r.record_number] == "China"]
    repeated = [r for r in parsed.rejected if r.reason.startswith("duplicate")]
    assert len(parsed.rows) == 2569
    assert len(repeated) == 13
    assert len(shifted_china) == 108
    assert len(parsed.rows) + len(repeated) + len(shifted_china) == 2690
    # 85 carry the signature the data README names; the other 23 have a blank 'Status'.
    assert sum(r.reason == SHIFTED_CHINA for r in shifted_china) == 85


@needs_published_file
def test_without_a_filter_every_record_is_either_kept_or_reported():
    parsed = parse_registry(PUBLISHED)

    assert len(parsed.rows) + len(parsed.rejected) == parsed.records_read == 7136
    shifted = [r for r in parsed.rejected if r.reason.startswith("shifted row")]
    # The closed-mine table, 46 columns padded to 74, sits in records 5383-7136.
    assert len(shifted) == 1754
    assert {r.record_number for r in shifted} == set(range(5383, 7137))


@needs_published_file
def test_a_filtered_parse_keeps_exactly_the_unfiltered_rows_of_that_prefecture():
    everything = parse_registry(PUBLISHED).rows
    xinzhou = parse_registry(PUBLISHED, prefecture="Xinzhou").rows

    assert xinzhou == [row for row in everything if row.prefecture == "Xinzhou"]
