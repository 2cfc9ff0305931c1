"""`overcap import conditions`, `overcap licence` and `overcap conditions`."""

import json
import os
import subprocess
import sys

import pytest

from workflows.gem import bundled_xinzhou_path

SCOPE = {
    "capacity_tpa": 8_000_000,
    "levels": ["+1050"],
    "districts": ["一采区"],
    "coal_faces": 1,
    "heading_faces": 3,
    "mining_method": "综放",
}


@pytest.fixture
def overcap(settings):
    env = {
        **os.environ,
        **settings.postgres,
        "POSTGRES_SCHEMA": settings.schema,
        "OVERCAP_DATA_DIR": str(settings.data_dir),
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_a_user_imports_conditions_and_sees_the_difference_marked(overcap, tmp_path):
    assert overcap("import", "registry", str(bundled_xinzhou_path())).returncode == 0
    reports = [
        {
            "kind": "licence",
            "action": "issue",
            "mine_key": "M0178",
            "on": "2024-01-05",
            "number": "(晋)MK安许证字〔2024〕001号",
            "valid_from": "2024-01-05",
            "valid_to": "2027-01-04",
            "scope": SCOPE,
        },
        {
            "kind": "announcement",
            "mine_key": "M0178",
            "on": "2024-03-01",
            "document": "忻州市煤矿生产能力公告 2024-03",
            "published": "2024-03-01",
            "scope": SCOPE,
        },
    ]
    path = tmp_path / "conditions.json"
    path.write_text(json.dumps({"reports": reports}), encoding="utf-8")

    imported = overcap("import", "conditions", str(path), "--json")
    licence = overcap("licence", "M0178")
    bad = overcap("import", "conditions", str(tmp_path / "missing.json"))

    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["added"] == 2
    assert "(晋)MK安许证字〔2024〕001号" in licence.stdout
    assert bad.returncode == 2 and "错误 error" in bad.stderr
    shown = overcap("conditions", "M0178", "--json")
    assert json.loads(shown.stdout)["rows"][0]["licence"] == 8_000_000
