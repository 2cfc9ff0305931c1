"""R5-R7 and R9-R11 at their boundaries, with the arithmetic beside each value."""

import dataclasses
import json
from datetime import date, datetime

import pytest

from domain.errors import InvalidInputError
from domain.rules.base import (
    MAJOR_HAZARD,
    STOP_AND_RECTIFY,
    TIGHT_SUCCESSION,
    RuleBook,
)
from domain.rules.conditions import (
    DOUBLE_WING,
    SINGLE_WING,
    VERSIONS,
    District,
    GasDrainageEvaluation,
    ProductionConditions,
    ProductionScope,
    ShiftHeadcount,
    check_faces,
    check_gas_drainage,
    check_headcount,
    check_levels,
    check_reserves,
    check_scope,
)
from domain.rules.config import RulesConfig

CONFIG = RulesConfig()
PRODUCTION_DAY = date(2025, 3, 14)


def conditions(**changes: object) -> ProductionConditions:
    # Capacity 1,200,000 t/a is 100,000 t in the average month; every reserve below
    # sits well above every minimum unless a test changes it.
    reported = ProductionConditions(
        period="2025-03",
        levels=("+850",),
        districts=(District("N1", SINGLE_WING, 1, 1, 1, 1),),
        mining_method="综采",
        capacity_tpa=1_200_000,
        longwall_faces=1,
        development_reserve_t=12_000_000,  # 10 years
        preparation_reserve_t=2_400_000,  # 24 months
        extraction_reserve_t=1_200_000,  # 12 months
        gas_class="low",
        hydrogeology="simple",
        rock_burst=False,
    )
    return dataclasses.replace(reported, **changes)


def in_district(
    layout: str, coal_faces: int = 1, coal: int = 0, semi: int = 0, rock: int = 0
) -> ProductionConditions:
    district = District("N1", layout, coal_faces, coal, semi, rock)
    return conditions(districts=(district,), longwall_faces=min(coal_faces, 1))


def evaluation(**changes: object) -> GasDrainageEvaluation:
    valid = GasDrainageEvaluation(
        subject="F1",
        organiser="accredited_third_party",
        passed=True,
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 3, 31),
    )
    return dataclasses.replace(valid, **changes)


def outcomes(findings: list) -> list[tuple[str, str]]:
    return [(finding.subject, finding.outcome) for finding in findings]


SEVERE = [
    {"gas_class": "outburst"},
    {"hydrogeology": "extremely_complex"},
    {"rock_burst": True},
]
HIGH = [{"gas_class": "high"}, {"hydrogeology": "complex"}]
OTHER = [{}, {"gas_class": "low", "hydrogeology": "medium"}]
COMPLEX = [
    {"hydrogeology": "complex"},
    {"hydrogeology": "extremely_complex"},
    {"gas_class": "outburst"},
]
MULTIPLE = {
    "districts": (District("N1", DOUBLE_WING, 2, 0, 0, 0),),
    "longwall_faces": 2,
}

# R5: reserve periods


@pytest.mark.parametrize("mine", SEVERE, ids=str)
def test_a_severe_mine_with_development_reserves_under_five_years_is_a_major_hazard(
    mine,
):
    # 5,999,999 / 1,200,000 = 4.999999… years < 5
    findings = check_reserves(
        conditions(development_reserve_t=5_999_999, **mine), CONFIG
    )

    assert outcomes(findings) == [("2025-03/development reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["period"] == "5999999/1200000"
    assert findings[0].inputs["mine_class"] == "severe"
    assert findings[0].threshold == "at least 5 years (severe)"


@pytest.mark.parametrize("mine", SEVERE, ids=str)
def test_a_severe_mine_with_exactly_five_years_of_development_is_not_short(mine):
    # 6,000,000 / 1,200,000 = 5 years, not below 5
    assert (
        check_reserves(conditions(development_reserve_t=6_000_000, **mine), CONFIG)
        == []
    )


@pytest.mark.parametrize("mine", HIGH, ids=str)
def test_a_high_mine_with_development_reserves_under_four_years_is_a_major_hazard(
    mine,
):
    # 4,799,999 / 1,200,000 = 3.999999… years < 4
    findings = check_reserves(
        conditions(development_reserve_t=4_799_999, **mine), CONFIG
    )

    assert outcomes(findings) == [("2025-03/development reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["minimum"] == 4


@pytest.mark.parametrize("mine", HIGH, ids=str)
def test_a_high_mine_with_exactly_four_years_of_development_is_not_short(mine):
    # 4,800,000 / 1,200,000 = 4 years, not below 4
    assert (
        check_reserves(conditions(development_reserve_t=4_800_000, **mine), CONFIG)
        == []
    )


@pytest.mark.parametrize("mine", OTHER, ids=str)
def test_another_mine_with_development_reserves_under_three_years_is_a_major_hazard(
    mine,
):
    # 3,599,999 / 1,200,000 = 2.999999… years < 3
    findings = check_reserves(
        conditions(development_reserve_t=3_599_999, **mine), CONFIG
    )

    assert outcomes(findings) == [("2025-03/development reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["minimum"] == 3


@pytest.mark.parametrize("mine", OTHER, ids=str)
def test_another_mine_with_exactly_three_years_of_development_is_not_short(mine):
    # 3,600,000 / 1,200,000 = 3 years, not below 3
    assert (
        check_reserves(conditions(development_reserve_t=3_600_000, **mine), CONFIG)
        == []
    )


@pytest.mark.parametrize("mine", COMPLEX, ids=str)
def test_a_complex_mine_with_preparation_under_fourteen_months_is_a_major_hazard(
    mine,
):
    # 1,399,999 / (1,200,000 / 12) = 13.99999 months < 14
    findings = check_reserves(
        conditions(preparation_reserve_t=1_399_999, **mine), CONFIG
    )

    assert outcomes(findings) == [("2025-03/preparation reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["period"] == "1399999/100000"
    assert findings[0].threshold == "at least 14 months (complex)"


@pytest.mark.parametrize("mine", COMPLEX, ids=str)
def test_a_complex_mine_with_exactly_fourteen_months_of_preparation_is_not_short(
    mine,
):
    # 1,400,000 / 100,000 = 14 months, not below 14
    findings = check_reserves(
        conditions(preparation_reserve_t=1_400_000, **mine), CONFIG
    )

    assert findings == []


def test_another_mine_with_preparation_under_twelve_months_is_a_major_hazard():
    # 1,199,999 / 100,000 = 11.99999 months < 12
    findings = check_reserves(conditions(preparation_reserve_t=1_199_999), CONFIG)

    assert outcomes(findings) == [("2025-03/preparation reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["minimum"] == 12


def test_another_mine_with_exactly_twelve_months_of_preparation_is_not_short():
    # 1,200,000 / 100,000 = 12 months, not below 12
    assert check_reserves(conditions(preparation_reserve_t=1_200_000), CONFIG) == []


def test_two_longwalls_with_extraction_under_five_months_are_a_major_hazard():
    # 499,999 / 100,000 = 4.99999 months < 5
    findings = check_reserves(
        conditions(extraction_reserve_t=499_999, **MULTIPLE), CONFIG
    )

    assert outcomes(findings) == [("2025-03/extraction reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["mine_class"] == "multiple_longwall"


def test_two_longwalls_with_exactly_five_months_of_extraction_are_not_short():
    # 500,000 / 100,000 = 5 months, not below 5
    findings = check_reserves(
        conditions(extraction_reserve_t=500_000, **MULTIPLE), CONFIG
    )

    assert findings == []


def test_one_longwall_with_extraction_under_three_months_is_a_major_hazard():
    # 299,999 / 100,000 = 2.99999 months < 3
    findings = check_reserves(conditions(extraction_reserve_t=299_999), CONFIG)

    assert outcomes(findings) == [("2025-03/extraction reserve", MAJOR_HAZARD)]
    assert findings[0].inputs["mine_class"] == "single_longwall"


def test_one_longwall_with_exactly_three_months_of_extraction_is_not_short():
    # 300,000 / 100,000 = 3 months, not below 3
    assert check_reserves(conditions(extraction_reserve_t=300_000), CONFIG) == []


def test_a_short_reserve_with_a_limit_or_stop_measure_is_tight_succession():
    # 299,999 / 100,000 < 3 months, but the mine recorded a measure
    short = conditions(extraction_reserve_t=299_999, limit_or_stop_measure=True)

    findings = check_reserves(short, CONFIG)

    assert outcomes(findings) == [("2025-03/extraction reserve", TIGHT_SUCCESSION)]
    assert "须限产或停产" in findings[0].explanation


def test_a_short_reserve_without_a_measure_while_producing_is_a_major_hazard():
    short = conditions(extraction_reserve_t=299_999, limit_or_stop_measure=False)

    findings = check_reserves(short, CONFIG)

    assert outcomes(findings) == [("2025-03/extraction reserve", MAJOR_HAZARD)]
    assert findings[0].explanation.startswith("回采煤量可采期 2.99999 个月")


def test_a_short_reserve_at_a_mine_that_is_not_producing_is_tight_succession():
    short = conditions(extraction_reserve_t=299_999, producing=False)

    assert outcomes(check_reserves(short, CONFIG)) == [
        ("2025-03/extraction reserve", TIGHT_SUCCESSION)
    ]


@pytest.mark.parametrize("flag", ["ageing", "scheduled_closure"])
def test_ageing_mines_and_mines_scheduled_for_closure_are_exempt(flag):
    empty = conditions(
        development_reserve_t=0, preparation_reserve_t=0, extraction_reserve_t=0
    )

    assert len(check_reserves(empty, CONFIG)) == 3
    assert check_reserves(dataclasses.replace(empty, **{flag: True}), CONFIG) == []


def test_on_the_plan_basis_periods_are_measured_against_the_planned_output():
    # capacity: 2,400,000 / 1,200,000 = 2 years < 3; plan: 2,400,000 / 600,000 = 4
    planned = conditions(development_reserve_t=2_400_000, planned_output_tpa=600_000)

    on_capacity = check_reserves(planned, CONFIG)
    on_plan = check_reserves(planned, RulesConfig(reserve_output_basis="plan"))

    assert outcomes(on_capacity) == [("2025-03/development reserve", MAJOR_HAZARD)]
    assert on_plan == []


def test_the_plan_basis_without_a_plan_is_refused():
    with pytest.raises(InvalidInputError) as error:
        check_reserves(conditions(), RulesConfig(reserve_output_basis="plan"))

    assert error.value.field == "planned_output_tpa"


def test_a_minimum_missing_from_the_settings_is_named():
    config = RulesConfig(development_min_years={"severe": 6})

    with pytest.raises(InvalidInputError) as error:
        check_reserves(conditions(), config)

    assert error.value.field == "development_min_years"


# R6: production levels


def test_two_production_levels_at_once_are_allowed():
    assert check_levels(conditions(levels=("+850", "+1050"))) == []


def test_three_production_levels_at_once_are_a_major_hazard():
    findings = check_levels(conditions(levels=("+850", "+1050", "+1250")))

    assert outcomes(findings) == [("2025-03", MAJOR_HAZARD)]
    assert findings[0].inputs["level_count"] == 3
    assert findings[0].threshold == "at most 2 levels"


# R7: faces per mining district


def test_a_single_wing_district_with_one_coal_face_is_allowed():
    assert check_faces(in_district(SINGLE_WING, coal_faces=1)) == []


def test_a_single_wing_district_with_two_coal_faces_is_a_major_hazard():
    findings = check_faces(in_district(SINGLE_WING, coal_faces=2))

    assert outcomes(findings) == [("2025-03/district N1", MAJOR_HAZARD)]
    assert findings[0].explanation == (
        "采区 N1 采煤工作面 2 个，超过单翼单煤层 1 个的上限 / district N1 works "
        "2 coal faces, above the limit of 1 for a single-wing single-seam district"
    )


def test_a_single_wing_district_with_two_coal_and_semi_coal_headings_is_allowed():
    # 1 coal + 1 semi-coal = 2 headings
    assert check_faces(in_district(SINGLE_WING, coal=1, semi=1)) == []


def test_a_single_wing_district_with_three_headings_is_a_major_hazard():
    # 2 coal + 1 semi-coal = 3 headings > 2
    findings = check_faces(in_district(SINGLE_WING, coal=2, semi=1))

    assert outcomes(findings) == [("2025-03/district N1", MAJOR_HAZARD)]
    assert findings[0].inputs["counted_headings"] == 3


def test_a_double_wing_district_with_two_coal_faces_is_allowed():
    assert check_faces(in_district(DOUBLE_WING, coal_faces=2)) == []


def test_a_double_wing_district_with_three_coal_faces_is_a_major_hazard():
    findings = check_faces(in_district(DOUBLE_WING, coal_faces=3))

    assert outcomes(findings) == [("2025-03/district N1", MAJOR_HAZARD)]
    assert "above the limit of 2 for a double-wing" in findings[0].explanation


def test_a_double_wing_district_with_four_headings_is_allowed():
    # 2 coal + 2 semi-coal = 4 headings
    assert check_faces(in_district(DOUBLE_WING, coal=2, semi=2)) == []


def test_a_double_wing_district_with_five_headings_is_a_major_hazard():
    # 3 coal + 2 semi-coal = 5 headings > 4
    findings = check_faces(in_district(DOUBLE_WING, coal=3, semi=2))

    assert outcomes(findings) == [("2025-03/district N1", MAJOR_HAZARD)]
    assert findings[0].inputs["counted_headings"] == 5


def test_rock_headings_do_not_count_towards_the_heading_limit():
    # 2 coal + 0 semi-coal = 2 counted; the 6 rock headings are left out
    assert check_faces(in_district(SINGLE_WING, coal=2, rock=6)) == []


def test_a_district_over_both_limits_gets_one_finding_naming_both():
    findings = check_faces(in_district(SINGLE_WING, coal_faces=2, coal=3))

    assert len(findings) == 1
    assert "2 coal faces" in findings[0].explanation
    assert "3 coal and semi-coal heading faces" in findings[0].explanation


def test_only_the_district_over_its_limit_is_named():
    districts = (
        District("N1", SINGLE_WING, 1, 2, 0, 0),
        District("S2", SINGLE_WING, 2, 0, 0, 0),
    )

    findings = check_faces(conditions(districts=districts))

    assert outcomes(findings) == [("2025-03/district S2", MAJOR_HAZARD)]


# R9: gas-drainage evaluations


@pytest.mark.parametrize("organiser", ["accredited_third_party", "parent_company"])
def test_a_passing_evaluation_by_a_trusted_organiser_covers_the_face(organiser):
    evaluations = [evaluation(organiser=organiser)]

    assert check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations) == []


def test_an_evaluation_organised_by_the_mine_itself_does_not_count():
    evaluations = [evaluation(organiser="mine")]

    findings = check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations)

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]
    assert findings[0].inputs["evaluations"][0]["rejected"] == (
        "organised by mine, which does not count"
    )


def test_an_evaluation_organised_by_another_body_does_not_count():
    evaluations = [evaluation(organiser="other")]

    findings = check_gas_drainage("outburst", "F1", PRODUCTION_DAY, evaluations)

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]


def test_an_evaluation_that_expired_the_day_before_production_does_not_count():
    # valid to 2025-03-13, production on 2025-03-14
    evaluations = [evaluation(valid_to=date(2025, 3, 13))]

    findings = check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations)

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]


def test_an_evaluation_is_valid_on_its_last_day():
    evaluations = [evaluation(valid_to=date(2025, 3, 14))]

    assert check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations) == []


def test_an_evaluation_is_valid_on_its_first_day():
    evaluations = [evaluation(valid_from=date(2025, 3, 14))]

    assert check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations) == []


def test_an_evaluation_that_starts_the_day_after_production_does_not_count():
    evaluations = [evaluation(valid_from=date(2025, 3, 15))]

    findings = check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations)

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]


def test_a_failed_evaluation_does_not_count():
    findings = check_gas_drainage(
        "high", "F1", PRODUCTION_DAY, [evaluation(passed=False)]
    )

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]


def test_an_evaluation_of_another_face_does_not_count():
    findings = check_gas_drainage(
        "high", "F1", PRODUCTION_DAY, [evaluation(subject="F2")]
    )

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]
    assert findings[0].inputs["evaluations"] == []


def test_an_evaluation_of_the_area_covers_a_face_in_it():
    evaluations = [evaluation(subject="N1")]

    assert check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations) != []
    assert (
        check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations, area="N1") == []
    )


def test_one_valid_evaluation_among_rejected_ones_is_enough():
    evaluations = [evaluation(organiser="mine"), evaluation()]

    assert check_gas_drainage("high", "F1", PRODUCTION_DAY, evaluations) == []


@pytest.mark.parametrize("gas_class", ["high", "outburst"])
def test_a_gassy_mine_producing_with_no_evaluation_is_a_major_hazard(gas_class):
    findings = check_gas_drainage(gas_class, "F1", PRODUCTION_DAY, [])

    assert outcomes(findings) == [("2025-03-14/face F1", MAJOR_HAZARD)]


def test_a_low_gas_mine_needs_no_evaluation():
    assert check_gas_drainage("low", "F1", PRODUCTION_DAY, []) == []


def test_a_production_moment_instead_of_a_day_is_refused():
    with pytest.raises(InvalidInputError):
        check_gas_drainage("high", "F1", datetime(2025, 3, 14, 23, 0), [])


# R10: shift headcount


def test_a_shift_at_119_percent_of_its_limit_is_allowed():
    # 119 × 5 = 595 < 100 × 6 = 600
    assert (
        check_headcount(ShiftHeadcount("2025-03-14/早班", "F1", 119, 100), CONFIG) == []
    )


def test_a_shift_at_120_percent_of_its_limit_is_a_major_hazard():
    # 120 × 5 = 600 >= 100 × 6 = 600
    shift = ShiftHeadcount("2025-03-14/早班", "F1", 120, 100)

    findings = check_headcount(shift, CONFIG)

    assert outcomes(findings) == [("2025-03-14/早班/F1", MAJOR_HAZARD)]
    assert findings[0].inputs["threshold"] == "120"
    assert "120%" in findings[0].explanation


def test_a_limit_that_does_not_scale_to_a_whole_number_is_judged_exactly():
    # 6/5 × 21 = 126/5 = 25.2: 25 is under it, 26 is over it
    under = check_headcount(ShiftHeadcount("s", "F1", 25, 21), CONFIG)
    over = check_headcount(ShiftHeadcount("s", "F1", 26, 21), CONFIG)

    assert under == []
    assert over[0].inputs["threshold"] == "126/5"


# R11: licence and capacity announcement


def test_production_that_matches_both_documents_needs_no_rectification():
    worked = conditions()
    scope = ProductionScope.worked(worked)

    assert check_scope(worked, scope, scope) == []


def test_the_order_in_which_levels_and_districts_are_listed_does_not_matter():
    worked = conditions(
        levels=("+850", "+1050"),
        districts=(
            District("N1", SINGLE_WING, 1, 0, 0, 0),
            District("S2", SINGLE_WING, 0, 1, 0, 0),
        ),
    )
    scope = dataclasses.replace(
        ProductionScope.worked(worked), levels=("+1050", "+850"), districts=("S2", "N1")
    )

    assert check_scope(worked, scope, scope) == []


MISMATCHES = [
    ("capacity_tpa", 900_000, 1_200_000),
    ("levels", ("+850", "+1050"), ["+850"]),
    ("districts", ("N1", "N2"), ["N1"]),
    ("coal_faces", 2, 1),
    # 1 coal + 1 semi-coal + 1 rock: every heading face counts against the documents
    ("heading_faces", 2, 3),
    ("mining_method", "炮采", "综采"),
]


@pytest.mark.parametrize("document", ["licence", "announcement"])
@pytest.mark.parametrize(("field", "permitted", "actual"), MISMATCHES)
def test_one_field_off_either_document_orders_stop_and_rectify(
    document, field, permitted, actual
):
    worked = conditions()
    equal = ProductionScope.worked(worked)
    documents = {"licence": equal, "announcement": equal}
    documents[document] = dataclasses.replace(equal, **{field: permitted})

    findings = check_scope(worked, **documents)

    assert outcomes(findings) == [("2025-03", STOP_AND_RECTIFY)]
    expected = list(permitted) if isinstance(permitted, tuple) else permitted
    assert findings[0].inputs["differences"] == [
        {"field": field, "document": document, "permitted": expected, "actual": actual}
    ]


def test_every_difference_is_listed_with_its_document():
    worked = conditions()
    licence = dataclasses.replace(ProductionScope.worked(worked), capacity_tpa=900_000)
    announcement = dataclasses.replace(licence, mining_method="炮采")

    findings = check_scope(worked, licence, announcement)

    differences = findings[0].inputs["differences"]
    assert [(d["document"], d["field"]) for d in differences] == [
        ("licence", "capacity_tpa"),
        ("announcement", "capacity_tpa"),
        ("announcement", "mining_method"),
    ]
    assert "生产能力：安全生产许可证为 900,000，实际为 1,200,000" in (
        findings[0].explanation
    )


# Inputs as event data, findings as records


def test_conditions_survive_a_round_trip_through_json():
    reported = conditions(planned_output_tpa=1_000_000, **MULTIPLE)

    data = json.loads(json.dumps(reported.as_dict()))

    assert ProductionConditions.from_dict(data) == reported


def test_an_evaluation_is_read_from_iso_dates():
    data = evaluation().as_dict()

    assert data["valid_to"] == "2025-03-31"
    assert GasDrainageEvaluation.from_dict(data) == evaluation()


def test_a_scope_and_a_shift_survive_a_round_trip_through_json():
    scope = ProductionScope.worked(conditions())
    shift = ShiftHeadcount("2025-03-14/早班", "F1", 120, 100)

    assert ProductionScope.from_dict(json.loads(json.dumps(scope.as_dict()))) == scope
    assert ShiftHeadcount.from_dict(json.loads(json.dumps(shift.as_dict()))) == shift


def test_omitted_flags_take_the_values_that_leave_every_rule_checked():
    data = conditions().as_dict()
    for flag in ("ageing", "scheduled_closure", "limit_or_stop_measure", "producing"):
        del data[flag]
    del data["planned_output_tpa"]

    assert ProductionConditions.from_dict(data) == conditions()


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: District("N1", "three_wing", 1, 0, 0, 0), "district.layout"),
        (lambda: District("N1", SINGLE_WING, -1, 0, 0, 0), "district.coal_faces"),
        (lambda: District("N1", SINGLE_WING, True, 0, 0, 0), "district.coal_faces"),
        (lambda: conditions(period="2025-13"), "period"),
        (lambda: conditions(levels=("+850", "+850")), "levels"),
        (lambda: conditions(longwall_faces=2), "longwall_faces"),
        (lambda: conditions(gas_class="medium"), "gas_class"),
        (lambda: conditions(capacity_tpa=0), "capacity_tpa"),
        (lambda: evaluation(valid_to=date(2024, 12, 31)), "valid_to"),
        (lambda: evaluation(organiser="county"), "organiser"),
        (lambda: ShiftHeadcount("s", "F1", 10, 0), "limit"),
        (lambda: District.from_dict({"id": "N1"}), "layout"),
        (lambda: ShiftHeadcount.from_dict({"x": 1}), "x"),
        (
            lambda: GasDrainageEvaluation.from_dict(
                {**evaluation().as_dict(), "valid_from": "1 March"}
            ),
            "valid_from",
        ),
    ],
)
def test_malformed_inputs_are_refused_naming_the_field(build, field):
    with pytest.raises(InvalidInputError) as error:
        build()

    assert error.value.field == field


def test_every_finding_is_json_safe_and_carries_its_rule_version():
    findings = [
        *check_reserves(conditions(development_reserve_t=1), CONFIG),
        *check_levels(conditions(levels=("a", "b", "c"))),
        *check_faces(in_district(SINGLE_WING, coal_faces=2)),
        *check_gas_drainage("high", "F1", PRODUCTION_DAY, [evaluation(passed=False)]),
        *check_headcount(ShiftHeadcount("s", "F1", 120, 100), CONFIG),
        *check_scope(
            conditions(),
            ProductionScope.worked(conditions(capacity_tpa=900_000)),
            ProductionScope.worked(conditions()),
        ),
    ]

    assert [f.rule for f in findings] == ["R5", "R6", "R7", "R9", "R10", "R11"]
    assert all(f.version == 1 for f in findings)
    for finding in findings:
        data = finding.as_event_data()
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_each_rule_here_has_one_version_in_force_since_2021():
    book = RuleBook(VERSIONS)

    assert [v.rule for v in VERSIONS] == ["R5", "R6", "R7", "R9", "R10", "R11"]
    assert book.in_force("R5", date(2020, 12, 31)) is None
    assert all(book.in_force(v.rule, date(2021, 1, 1)) == v for v in VERSIONS)
