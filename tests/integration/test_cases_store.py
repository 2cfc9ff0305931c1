"""Cases on PostgreSQL: replay, sealed informants, concurrent officers, numbering."""

import threading
from datetime import date

import psycopg
from psycopg import sql

from api.bootstrap import build
from domain.errors import ConcurrencyConflictError
from domain.mine import Mine, mine_id

WANG = {"officer": "王强", "agency": "emergency"}
ZHAO = {"officer": "赵敏", "agency": "energy"}
SUN = {"officer": "孙立", "agency": "inspectorate"}
INFORMANT = {"name": "李四 Li Si", "phone": "13912345678"}


def register(app, key="M0178"):
    app.register_mine(key=key, name_zh="保德煤矿", name_en="Baode Coal Mine")
    app.approve_capacity(
        key, kind="approved", tonnes=1_200_000, effective=date(2020, 1, 1), document="x"
    )


def stored_rows(settings, query: str, *params) -> list[tuple]:
    with psycopg.connect(**_connection(settings)) as conn:
        statement = sql.SQL(query).format(schema=sql.Identifier(settings.schema))
        return conn.execute(statement, params).fetchall()


def _connection(settings) -> dict:
    p = settings.postgres
    return {
        "host": p["POSTGRES_HOST"],
        "port": p["POSTGRES_PORT"],
        "dbname": p["POSTGRES_DBNAME"],
        "user": p["POSTGRES_USER"],
        "password": p.get("POSTGRES_PASSWORD", ""),
    }


def inspected(app, case_id, actor=WANG):
    app.plan_inspection(
        case_id,
        planned_for=app.today(),
        team=[WANG, ZHAO],
        key_points={"emergency": ["调度台账"]},
        actor=actor,
    )
    app.record_inspection(
        case_id, documents_read=["调度台账"], faces_visited=["8101"], actor=actor
    )


def test_a_case_from_tipoff_to_closure_replays_to_the_same_state(
    container, settings, clock
):
    app, clock.today = container.app, date(2025, 9, 1)
    register(app)
    receipt = app.receive_tipoff(
        content="夜班超产", mine_key="M0178", informant=INFORMANT, follow_up=True
    )
    case_id = receipt.case_id
    inspected(app, case_id)
    app.confirm_violation(
        case_id,
        rule="R2",
        period="2025-08",
        excess_tonnes=10_000,
        evidence=["调度台账"],
        actor=WANG,
    )
    app.decide_penalty(case_id, company_fine=800_000, person_fine=50_000, actor=SUN)
    app.issue_document(case_id, kind="suspension_order", actor=WANG)
    app.notify_authorities(
        case_id, recipients=["保德县人民政府"], content="停产整顿", actor=WANG
    )
    app.start_suspension(case_id, actor=WANG)
    clock.today = date(2025, 9, 4)
    app.apply_resumption(case_id, application="整改完成", actor=WANG)
    app.accept_resumption(case_id, inspectors=["王强", "赵敏"], actor=ZHAO)
    clock.today = date(2025, 10, 8)
    app.record_recheck(case_id, violation_continues=False, findings=["正常"], actor=SUN)
    closed = app.close_case(case_id, summary="结案", actor=WANG)
    assert (
        closed["state"] == "closed" and closed["rewards"][0]["amount_yuan"] == 127_500
    )

    live = app.mine("M0178")
    replayed = None
    for stored in app.events_of("M0178"):
        replayed = stored.mutate(replayed)
    assert isinstance(replayed, Mine)
    assert vars(replayed) == vars(live)
    # A snapshot of the mine, cases and all, round-trips too.
    app.take_snapshot(live.id)
    snapshot = next(iter(app.snapshots.get(live.id, desc=True, limit=1)))
    assert vars(snapshot.mutate(None)) == vars(live)
    # The informant reaches no stored event or snapshot, in any encoding.
    rows = stored_rows(settings, "SELECT state FROM {schema}.overcap_events")
    rows += stored_rows(settings, "SELECT state FROM {schema}.overcap_snapshots")
    blob = b"".join(bytes(r[0]) for r in rows)
    for secret in ("李四", "Li Si", "13912345678"):
        assert secret.encode("utf-8") not in blob
        assert secret.encode("unicode_escape") not in blob
    (found,) = app.informant_identity(case_id, reward_officer=WANG)
    assert found["informant"] == INFORMANT


def test_two_officers_advancing_one_case_at_once_one_wins(settings, clock):
    first, second = build(settings, today=clock), build(settings, today=clock)
    register(first.app)
    case = first.app.open_case("M0178", origin="accident", summary="冒顶", actor=SUN)
    case_id, version = case["case_id"], first.app.mine("M0178").version
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def plan(name, app, officer):
        barrier.wait()
        try:
            app.plan_inspection(
                case_id,
                planned_for=date(2025, 12, 10),
                team=[officer],
                key_points={},
                actor=officer,
                expected_version=version,
            )
            outcomes[name] = "saved"
        except ConcurrencyConflictError as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=plan, args=("wang", first.app, WANG)),
        threading.Thread(target=plan, args=("zhao", second.app, ZHAO)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    conflicts = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(conflicts) == 1 and list(outcomes.values()).count("saved") == 1
    (conflict,) = conflicts
    assert case_id in conflict.subject and "M0178" in conflict.subject
    assert (conflict.version, conflict.current) == (version, version + 1)
    history = first.app.case(case_id)["history"]
    assert [h["step"] for h in history] == ["opened", "inspection_planned"]
    versions = [e.originator_version for e in first.app.events_of("M0178")]
    assert versions == list(range(1, version + 2))
    for built in (first, second):
        built.app.close()


def test_enforcement_numbers_never_repeat_or_skip_under_two_issuers(settings, clock):
    clock.today = date(2025, 9, 3)
    first, second = build(settings, today=clock), build(settings, today=clock)
    cases = {}
    for app, key in ((first.app, "M0178"), (second.app, "M0216")):
        register(app, key)
        opened = app.open_case(key, origin="inspection", summary="检查", actor=WANG)
        inspected(app, opened["case_id"])
        cases[key] = opened["case_id"]
    rounds = 8
    barrier = threading.Barrier(2)
    failures: list[Exception] = []

    def issue(app, case_id):
        for _ in range(rounds):
            barrier.wait()
            try:
                app.issue_document(case_id, kind="on_site_decision", actor=WANG)
            except Exception as error:  # noqa: BLE001 - the test reports any failure
                failures.append(error)

    threads = [
        threading.Thread(target=issue, args=(first.app, cases["M0178"])),
        threading.Thread(target=issue, args=(second.app, cases["M0216"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = sorted(
        d["sequence"]
        for case_id in cases.values()
        for d in first.app.case(case_id)["documents"]
    )
    assert numbers == list(range(1, 2 * rounds + 1))
    for built in (first, second):
        built.app.close()


def test_a_major_hazard_report_opens_its_case_in_the_same_transaction(
    container, settings, clock
):
    app, clock.today = container.app, date(2025, 9, 3)
    register(app)
    # 130,000 > 120,000 (a tenth of 1,200,000): a major hazard.
    app.report_output("M0178", period="2025-08", tonnes=130_000, agency="energy")
    rows = stored_rows(
        settings,
        "SELECT originator_version, topic, xmin::text FROM {schema}.overcap_events "
        "WHERE originator_id = %s ORDER BY originator_version",
        mine_id("M0178"),
    )
    by_topic = {
        topic.rsplit(".", 1)[-1]: (version, xid) for version, topic, xid in rows
    }
    finding, opened = by_topic["FindingRecorded"], by_topic["CaseOpened"]
    assert opened[0] == finding[0] + 1 and opened[1] == finding[1]
    (case,) = app.cases_of("M0178")
    assert case["finding_ids"] == ["F0001"] and case["origin"] == "finding"


def test_an_unmatched_tipoff_survives_a_restart_and_is_attached_in_one_commit(
    settings, clock
):
    first = build(settings, today=clock)
    register(first.app)
    receipt = first.app.receive_tipoff(content="无名小井超产", mine_hint="无名小井")
    first.app.close()
    again = build(settings, today=clock)
    assert [t["receipt"] for t in again.app.unmatched_tipoffs()] == [receipt.receipt]
    case = again.app.attach_tipoff(receipt.receipt, mine_key="M0178", actor=ZHAO)
    assert again.app.unmatched_tipoffs() == []
    assert again.app.tipoff(receipt.receipt).case_id == case["case_id"]
    again.app.close()


def test_output_during_a_suspension_escalates_through_the_ledger(container, clock):
    app, clock.today = container.app, date(2025, 9, 3)
    register(app)
    case = app.open_case("M0178", origin="bulletin", summary="通报", actor=ZHAO)
    case_id = case["case_id"]
    inspected(app, case_id)
    app.confirm_violation(
        case_id,
        rule="R2",
        period="2025-08",
        excess_tonnes=10_000,
        evidence=["台账"],
        actor=WANG,
    )
    app.decide_penalty(case_id, company_fine=500_000, person_fine=30_000, actor=WANG)
    app.issue_document(case_id, kind="suspension_order", actor=WANG)
    app.start_suspension(case_id, actor=WANG)
    clock.today = date(2025, 10, 2)
    app.report_output("M0178", period="2025-09", tonnes=40_000, agency="energy")
    (escalation,) = app.case(case_id)["escalations"]
    assert escalation["production_ids"] == ["M0178:output:2025-09"]
    assert escalation["actor"]["agency"] == "system"
