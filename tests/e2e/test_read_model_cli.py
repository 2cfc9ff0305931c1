import json
from datetime import date, timedelta

import pytest

from api.bootstrap import build
from api.cli import main
from tests.integration.test_projections import penalise, register


@pytest.fixture
def cli(settings, clock, monkeypatch, capsys):
    for name, value in settings.postgres.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("POSTGRES_SCHEMA", settings.schema)
    container = build(settings, today=clock)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield container, run
    container.close()


def test_queries_catch_the_read_models_up_and_print_json(cli):
    container, run = cli
    register(container.app, "M0101")
    # The CLI decides on today's date, so the penalties are recent.
    first, second = date.today() - timedelta(days=40), date.today() - timedelta(days=5)
    case_id, decision = penalise(container.app, "M0101", first, 1)
    penalise(container.app, "M0101", second, 2)

    code, out, _ = run("violations", "M0101", "--json")
    assert code == 0
    assert [r["entry_id"] for r in json.loads(out)][1] == decision

    code, out, _ = run("barred", "--as-of", second.isoformat(), "--json")
    assert code == 0 and json.loads(out)[0]["counted"] == 2

    code, out, _ = run("board", "--as-of", second.isoformat(), "--county", "保德县")
    assert code == 0 and case_id in out

    code, out, _ = run("escalations", "--status", "open", "--json")
    assert code == 0 and isinstance(json.loads(out), list)

    code, _, err = run(
        "capacity", "apply", "M0101", "--kind", "increase", "--tonnes", "1"
    )
    assert code == 2 and "R18" in err


def test_project_verify_exits_non_zero_on_a_row_altered_by_hand(cli):
    container, run = cli
    register(container.app, "M0101")
    container.app.report_output(
        "M0101", period="2025-03", tonnes=90_000, agency="energy"
    )
    assert run("monthly", "M0101", "--year", "2025")[0] == 0

    code, out, _ = run("project", "verify", "monthly_output")
    assert code == 0 and "matches" in out

    with container.database.connect(autocommit=True) as conn:
        conn.execute(
            f'UPDATE "{container.database.schema}".monthly_output_months SET tonnes = 7'
        )
    code, out, _ = run("project", "verify", "monthly_output")
    assert code == 1 and "M0101" in out

    code, out, _ = run("project", "rebuild", "monthly_output")
    assert code == 0
    assert run("project", "verify", "monthly_output")[0] == 0
