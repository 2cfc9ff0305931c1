"""The HTTP API end to end: TestClient on the ASGI app, on PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.auth import PUBLIC, rule_of
from api.http.store import ROLES

AGENCY_OF = {
    "case_officer": "energy",
    "liaison": "emergency",
    "auditor": "audit",
    "government": "government",
    "reward_officer": "emergency",
    "admin": "system",
}
DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
ROUTES = [
    (method, context.path, context)
    for context in iter_route_contexts(create_app().routes)
    for method in sorted(context.methods or ())
    if method != "HEAD"
]
MINE = {"key": "M1", "name_zh": "河曲示范煤矿", "name_en": "Hequ Example"}


@pytest.fixture
def client(settings, clock) -> Iterator[TestClient]:
    clock.today = date(2025, 1, 2)
    with TestClient(create_app(settings, today=clock)) as client:
        yield client


@pytest.fixture
def tokens(client) -> dict[str, str]:
    store = client.app.state.store
    made = {role: store.add_user(role, AGENCY_OF[role], [role]) for role in ROLES}
    made["inspector"] = store.add_user("inspector", "inspectorate", ["case_officer"])
    return made


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def officer(tokens) -> dict[str, str]:
    return auth(tokens["case_officer"])


@pytest.fixture
def mine(client, officer, clock) -> str:
    assert client.post("/mines", json=MINE, headers=officer).status_code == 201
    capacity = {
        "tonnes": 1_200_000,
        "effective": "2025-01-01",
        "document": "晋能源〔2024〕1号",
    }
    answer = client.post("/mines/M1/capacities", json=capacity, headers=officer)
    assert answer.status_code == 201, answer.text
    return "M1"


def report(client, headers, period, tonnes, **extra):
    return client.post(
        "/mines/M1/outputs",
        json={"period": period, "tonnes": tonnes},
        headers={**headers, **extra},
    )


def test_an_output_above_a_tenth_of_capacity_is_found_and_explained(
    client, officer, mine, clock
):
    clock.today = date(2025, 12, 5)

    answer = report(client, officer, "2025-11", 120_001)

    assert answer.status_code == 201, answer.text
    assert answer.headers["ETag"] == f'"{answer.json()["version"]}"'
    findings = client.get("/mines/M1/findings", headers=officer).json()
    monthly = [f for f in findings if f["rule"] == "R2"]
    assert monthly and monthly[0]["subject"] == "2025-11"
    one = client.get(
        f"/mines/M1/findings/{monthly[0]['finding_id']}", headers=officer
    ).json()
    assert one["rule"] == "R2" and one["version"] >= 1
    assert one["inputs"] and one["threshold"] and one["explanation"]
    assert one["outcome"] != "none"


def test_the_agency_of_an_output_is_the_officers_own(client, tokens, mine, clock):
    clock.today = date(2025, 3, 5)

    report(client, auth(tokens["inspector"]), "2025-02", 90_000)

    history = client.get("/mines/M1/history", headers=auth(tokens["auditor"]))
    reported = [e for e in history.json()["events"] if e["event"].endswith("Reported")]
    assert reported[0]["data"]["agency"] == "inspectorate"


def test_an_auditor_pages_through_the_history_and_reads_past_states(
    client, officer, tokens, mine, clock
):
    for month, day in ((2, date(2025, 3, 3)), (3, date(2025, 4, 2))):
        clock.today = day
        assert report(client, officer, f"2025-{month:02d}", 50_000).status_code == 201
    auditor = auth(tokens["auditor"])

    first = client.get("/mines/M1/history?offset=0&limit=2", headers=auditor).json()
    rest = client.get("/mines/M1/history?offset=2&limit=100", headers=auditor).json()
    march = client.get("/mines/M1/state?as_of=2025-03-31", headers=auditor).json()
    second = client.get("/mines/M1/state?version=2", headers=auditor).json()

    versions = [e["version"] for e in first["events"] + rest["events"]]
    assert versions == list(range(1, first["total"] + 1))
    assert len(first["events"]) == 2 and first["version"] == first["total"]
    assert march["state"]["latest_period"] == "2025-02"
    assert second["version"] == 2 and second["state"]["months_reported"] == 0
    early = client.get("/mines/M1/state?as_of=2024-01-01", headers=auditor)
    assert early.status_code == 422 and early.json()["error"]["field"] == "as_of"


@pytest.mark.parametrize(
    "method,path,context", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_every_route_admits_exactly_the_roles_its_rule_names(
    client, tokens, mine, method, path, context
):
    if path in DOCS:
        assert client.request(method, path).status_code == 200
        return
    rule = rule_of(context)
    assert rule is not None, f"{method} {path} declares no access rule"
    url = re.sub(r"\{(\w+)\}", lambda m: "M1" if m[1] == "key" else "x", path)
    for role in (PUBLIC, *ROLES):
        headers = {} if role == PUBLIC else auth(tokens[role])
        answer = client.request(method, url, headers=headers, json={})

        if rule.admits(role):
            assert answer.status_code not in (401, 403), (role, answer.text)
        else:
            expected = 401 if role == PUBLIC else 403
            assert answer.status_code == expected, (role, answer.text)
            assert answer.json()["error"]["code"] in ("unauthenticated", "forbidden")


def test_an_unknown_token_is_refused(client, mine):
    answer = client.get("/mines", headers=auth("not-a-token"))

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_a_retry_with_the_same_idempotency_key_replays_the_first_answer(
    client, officer, tokens, mine, clock
):
    clock.today = date(2025, 6, 3)
    key = {"Idempotency-Key": "out-2025-05-M1"}

    first = report(client, officer, "2025-05", 70_000, **key)
    events = client.get("/mines/M1/history", headers=officer).json()["total"]
    again = report(client, officer, "2025-05", 70_000, **key)
    other = report(client, officer, "2025-05", 71_000, **key)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotency-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert client.get("/mines/M1/history", headers=officer).json()["total"] == events
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_a_failed_write_frees_its_idempotency_key(client, officer, mine, clock):
    clock.today = date(2025, 6, 3)
    key = {"Idempotency-Key": "k1"}

    refused = report(client, officer, "2025-05", -1, **key)
    accepted = report(client, officer, "2025-05", 1, **key)

    assert refused.status_code == 422
    assert accepted.status_code == 201


def test_a_write_on_a_stale_version_is_refused_with_the_current_one(
    client, officer, mine, clock
):
    clock.today = date(2025, 6, 3)
    read = client.get("/mines/M1", headers=officer)
    stale = read.headers["ETag"]
    assert report(client, officer, "2025-04", 1, **{"If-Match": stale}).is_success

    answer = report(client, officer, "2025-05", 1, **{"If-Match": stale})

    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "version_conflict"
    assert error["current_version"] == int(stale.strip('"')) + 1
    assert answer.headers["ETag"] == f'"{error["current_version"]}"'


def test_of_two_concurrent_writes_on_one_version_one_wins(client, officer, mine, clock):
    clock.today = date(2025, 6, 3)
    etag = client.get("/mines/M1", headers=officer).headers["ETag"]
    answers = {}
    start = threading.Barrier(2)

    def write(period: str) -> None:
        start.wait()
        answers[period] = report(client, officer, period, 1, **{"If-Match": etag})

    threads = [
        threading.Thread(target=write, args=(p,)) for p in ("2025-04", "2025-05")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers.values()) == [201, 409]
    history = client.get("/mines/M1/history", headers=officer).json()
    assert [e["version"] for e in history["events"]] == list(
        range(1, history["total"] + 1)
    )
    assert sum(e["event"].endswith("OutputReported") for e in history["events"]) == 1


@pytest.mark.parametrize(
    "body,field",
    [
        ({"period": "2025-05", "tonnes": -1}, "tonnes"),
        ({"period": "2025-05", "tonnes": "many"}, "tonnes"),
        ({"period": "May", "tonnes": 1}, "period"),
        ({"tonnes": 1}, "period"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client, officer, mine, clock, body, field
):
    clock.today = date(2025, 6, 3)

    answer = client.post("/mines/M1/outputs", json=body, headers=officer)

    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == field
    assert " / " in error["message"]


def test_a_bad_if_match_or_query_is_invalid_input(client, officer, mine):
    header = report(client, officer, "2025-01", 1, **{"If-Match": "yesterday"})
    query = client.get("/mines/M1/state?as_of=soon", headers=officer)
    paging = client.get("/mines?limit=0", headers=officer)

    assert header.status_code == 422 and header.json()["error"]["field"] == "If-Match"
    assert query.status_code == 422 and query.json()["error"]["field"] == "as_of"
    assert paging.status_code == 422 and paging.json()["error"]["field"] == "limit"


def test_unknown_things_are_not_found(client, officer, mine):
    assert client.get("/mines/NOPE", headers=officer).status_code == 404
    assert client.get("/mines/NOPE/history", headers=officer).status_code == 404
    assert client.get("/mines/M1/findings/F9999", headers=officer).status_code == 404
    missing = client.get("/no/such/route")
    assert missing.status_code == 404 and missing.json()["error"]["code"]


def test_mines_are_listed_a_page_at_a_time(client, officer, mine):
    client.post("/mines", json={**MINE, "key": "M2"}, headers=officer)

    page = client.get("/mines?offset=1&limit=1", headers=officer).json()

    assert page["total"] == 2 and [m["key"] for m in page["items"]] == ["M2"]


def test_health_and_readiness_answer_without_a_token(client):
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": None,
        "read_models": [],
    }
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and "PostgreSQL" in ready["database"]


def test_the_openapi_document_describes_every_route(client):
    document = client.get("/openapi.json").json()

    operations = [op for item in document["paths"].values() for op in item.values()]
    assert operations and all(op.get("description") for op in operations)
    assert "ErrorBody" in document["components"]["schemas"]


def test_a_liaison_files_the_month_and_the_government_decides_an_escalation(
    client, tokens, mine, clock
):
    clock.today = date(2025, 12, 1)
    liaison, government = auth(tokens["liaison"]), auth(tokens["government"])
    item = {"kind": "inspection", "text": "11月检查 inspection", "mine_key": "M1"}

    filed = client.post(
        "/sharing/2025-11/submissions", json={"items": [item]}, headers=liaison
    )
    assert filed.status_code == 201, filed.text
    compiled = client.post("/sharing/2025-11/bulletin", headers=liaison)
    number = filed.json()["submissions"]["emergency"]["items"][0]["id"]
    escalated = client.post(
        f"/sharing/2025-11/items/{number}/escalation",
        json={"reason": "重大问题 major issue"},
        headers=liaison,
    )
    decided = client.post(
        f"/sharing/2025-11/items/{number}/decision",
        json={"decision": "责令停产整顿 suspend"},
        headers=government,
    )

    assert filed.status_code == 201, filed.text
    assert filed.json()["status"]["emergency"]["state"] == "on_time"
    assert compiled.status_code == 201 and compiled.json()["compiled"]
    assert escalated.status_code == 201, escalated.text
    assert decided.status_code == 201, decided.text
    bulletin = client.get("/sharing/2025-11/bulletin", headers=government)
    assert bulletin.status_code == 200 and bulletin.json()["text"]
    again = client.post("/sharing/2025-11/bulletin", headers=liaison)
    assert again.status_code == 409


def test_the_monthly_read_model_shows_a_mines_months(client, officer, mine, clock):
    clock.today = date(2025, 3, 5)
    report(client, officer, "2025-02", 90_000)

    chart = client.get("/mines/M1/monthly?year=2025", headers=officer)
    lag = client.get("/read-models", headers=officer)

    assert chart.status_code == 200, chart.text
    assert any(m["tonnes"] == 90_000 for m in chart.json()["months"])
    assert {p["name"] for p in lag.json()} >= {"monthly_output"}


def test_a_capacity_increase_without_penalties_is_accepted(client, officer, mine):
    body = {"kind": "increase", "tonnes": 1_500_000, "reason": "新采区"}

    answer = client.post("/mines/M1/capacity-changes", json=body, headers=officer)

    assert answer.status_code == 201, answer.text


def test_a_capacity_beyond_any_mine_is_invalid_input_not_a_server_error(
    client, officer, mine
):
    # Found by schemathesis: 10^35 t was stored and broke the read models' bigint.
    body = {"tonnes": 10**35, "effective": "2025-06-01", "document": "x"}

    answer = client.post("/mines/M1/capacities", json=body, headers=officer)

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "tonnes"


def test_a_mine_key_in_chinese_gets_a_percent_encoded_location(client, officer):
    answer = client.post("/mines", json={**MINE, "key": "河曲1号"}, headers=officer)

    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == "/mines/%E6%B2%B3%E6%9B%B21%E5%8F%B7"
