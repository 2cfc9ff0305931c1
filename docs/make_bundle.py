"""Write workflows/data/xinzhou_mines.csv from the published GEM tracker CSV.

Run once from the repository root:
PYTHONPATH=. python docs/make_bundle.py ../shared/data/gem-gcmt/non_closed_mines.csv
"""

import csv
import sys
from pathlib import Path

from workflows.gem import bundled_xinzhou_path, parse_registry


def main(source: Path) -> None:
    """Copy the header and the trusted Xinzhou records, checking each is unchanged."""
    parsed = parse_registry(source, prefecture="Xinzhou")
    wanted = {row.record_number for row in parsed.rows}
    physical = source.read_text(encoding="utf-8").split("\n")
    with source.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    target = bundled_xinzhou_path()
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(records[0])
        writer.writerows(records[number] for number in sorted(wanted))
    # The bundle must match the published bytes, record for record.
    expected = [physical[0]] + [physical[row.line_number - 1] for row in parsed.rows]
    assert target.read_text(encoding="utf-8").split("\n")[:-1] == expected
    print(f"wrote {len(wanted)} records to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
