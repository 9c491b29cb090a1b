"""Every rule kind on the real QĐ 11 rubric (and small fixtures where QĐ 11 has no such case),
expected points worked out by hand from the rubric's text."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dieuhanh.evaluation.card import Card, Given, card_compute
from dieuhanh.evaluation.rubric import RubricError, RubricSpec, rubric_parse
from dieuhanh.evaluation.scoring import late_points

DATA = Path(__file__).resolve().parents[1] / "data"


def qd11(parameters: dict[str, Any] | None = None) -> RubricSpec:
    d = json.loads((DATA / "quy-dinh-11-qd-tu.json").read_text(encoding="utf-8"))
    if parameters is not None:
        d["parameters"] = parameters
    return rubric_parse(d)


def points(spec: RubricSpec, code: str, inputs: dict[str, Any], **more: dict[str, Any]) -> Decimal:
    given = {code: Given(inputs, "test")} | {k: Given(v, "test") for k, v in more.items()}
    card = card_compute(spec, given)
    return _criterion(card, code).points


def _criterion(card: Card, code: str):  # type: ignore[no-untyped-def]
    for g in [*card.groups, card.bonus, card.deductions]:
        for c in g.criteria if g else []:
            if c.code == code:
                return c
    raise KeyError(code)


def test_the_qd11_rubric_loads_as_it_is_with_group_iii_left_out_visibly() -> None:
    spec = qd11()
    kinds = {g.code: g.kind for g in spec.groups}
    assert kinds == {"I": "standard", "II": "standard", "III": "open", "IV": "bonus", "V": "deduction"}
    assert len(spec.criteria()) == 28
    card = card_compute(spec, {})
    assert [g.code for g in card.groups] == ["I", "II"]
    assert [g.code for g in card.open_groups] == ["III"]
    assert card.max == Decimal(100)  # 10 + 75 + bonus cap 15


def test_group_iii_is_scored_within_the_range_the_administrator_sets() -> None:
    spec = qd11({"open_groups": {"III": {"mode": "assessor_range", "min": 0, "max": 5}}})
    card = card_compute(spec, {"III": Given({"points": 4}, "test")})
    group = next(g for g in card.groups if g.code == "III")
    assert (group.points, group.max, card.max) == (Decimal(4), Decimal(5), Decimal(105))
    over = card_compute(spec, {"III": Given({"points": 6}, "test")})
    assert _criterion(over, "III").missing


def test_day_tiers_reward_an_early_plan_and_the_quality_gate_can_zero_it() -> None:
    spec = qd11()
    assert points(spec, "I.1", {"value": 30}) == Decimal(3)
    assert points(spec, "I.1", {"value": 31}) == Decimal("1.5")
    assert points(spec, "I.1", {"value": 61}) == Decimal(0)
    assert points(spec, "I.1", {"value": 10, "gate_met": False}) == Decimal(0)
    assert points(spec, "I.1", {"state": "not_issued"}) == Decimal(0)


def test_percentage_tiers_follow_their_bounds() -> None:
    spec = qd11()
    assert points(spec, "II.1.1", {"value": 100}) == Decimal(10)
    assert points(spec, "II.1.1", {"value": 95}) == Decimal(8)
    assert points(spec, "II.1.1", {"value": 70}) == Decimal(4)
    assert points(spec, "II.1.1", {"value": 69.9}) == Decimal(0)
    assert points(spec, "I.2.1", {"value": 24.9}) == Decimal("0.25")
    assert points(spec, "I.2.1", {"state": "not_performed"}) == Decimal(0)


def test_count_tiers_count_initiatives_and_articles() -> None:
    spec = qd11()
    assert [points(spec, "I.4", {"value": v}) for v in (0, 1, 2, 7)] == [0, 1, 2, 2]
    assert [points(spec, "IV.3.2", {"value": v}) for v in (1, 2, 4, 5)] == [
        0,
        Decimal("1.5"),
        Decimal("1.5"),
        3,
    ]


def test_yes_no_with_several_conditions_needs_all_of_them() -> None:
    spec = qd11()
    assert points(spec, "I.3", {"conditions": [True, True, True]}) == Decimal(3)
    card = card_compute(spec, {"I.3": Given({"conditions": [True, True, False]}, "test")})
    result = _criterion(card, "I.3")
    assert result.points == 0
    assert "đúng thời hạn gửi báo cáo" in result.rule


def test_levels_one_discretionary_range_and_highest_applicable() -> None:
    spec = qd11()
    assert points(spec, "II.1.3", {"level": "used_irregular"}) == Decimal(3)
    assert points(spec, "IV.3.1", {"level": "pioneering"}) == Decimal(6)
    assert points(spec, "IV.3.1", {"level": "improved_old_model", "points": 2}) == Decimal(2)
    beyond = card_compute(spec, {"IV.3.1": Given({"level": "improved_old_model", "points": 4}, "t")})
    assert _criterion(beyond, "IV.3.1").missing
    assert points(spec, "IV.3.3", {"levels": ["ocop_3_star", "ocop_4_star_plus"]}) == Decimal(1)
    assert points(spec, "IV.3.3", {"levels": []}) == Decimal(0)


def test_proportional_disbursement_is_rate_over_85_times_10_from_60_percent() -> None:
    spec = qd11()
    assert points(spec, "II.6", {"value": 85}) == Decimal(10)
    assert points(spec, "II.6", {"value": 60}) == Decimal("7.06")  # 60/85*10 = 7.0588
    assert points(spec, "II.6", {"value": 72.5}) == Decimal("8.53")  # 8.5294
    assert points(spec, "II.6", {"value": 59.99}) == Decimal(0)


def test_conditional_training_branches_on_whether_there_is_a_plan() -> None:
    spec = qd11()
    with_plan = points(spec, "II.4.2", {"value": 90, "yes": True}, **{"II.4.1": {"yes": True}})
    without = points(spec, "II.4.2", {"value": 90, "yes": True}, **{"II.4.1": {"yes": False}})
    assert (with_plan, without) == (Decimal(4), Decimal(2))


def test_comparison_with_last_year_and_with_a_missing_last_year() -> None:
    spec = qd11()
    assert points(spec, "IV.2", {"current": 80, "previous": 70}) == Decimal(1)
    assert points(spec, "IV.2", {"current": 70, "previous": 70}) == Decimal(0)
    card = card_compute(spec, {"IV.2": Given({"current": 80, "previous": None}, "t")})
    result = _criterion(card, "IV.2")
    assert result.points == 0 and not result.missing
    assert "Chưa có số liệu năm trước" in result.rule


def test_fixed_deductions_need_their_written_basis_and_can_be_waived() -> None:
    spec = qd11()
    assert points(spec, "V.2", {"occurred": True}) == Decimal(1)
    assert points(spec, "V.3", {"occurred": True}) == Decimal("0.5")
    assert points(spec, "V.2", {"occurred": True, "waived": True, "basis": "CV 12"}) == Decimal(0)
    no_basis = card_compute(spec, {"V.4": Given({"occurred": True}, "t")})
    assert _criterion(no_basis, "V.4").missing
    assert points(spec, "V.4", {"occurred": True, "basis": "TB 18-TB/BCĐ"}) == Decimal(1)
    assert points(spec, "V.2", {"occurred": True, "count": 3}) == Decimal(1)  # once by default
    per = qd11({"deduction_per_occurrence": True})
    assert points(per, "V.2", {"occurred": True, "count": 3}) == Decimal(3)


@pytest.mark.parametrize(
    ("days", "cumulative", "per_day"), [(0, 0, 0), (1, 1, 1), (2, 1, 1), (3, 2, 3), (6, 5, 6)]
)
def test_late_submission_readings(days: int, cumulative: int, per_day: int) -> None:
    assert late_points(days, "cumulative") == Decimal(cumulative)
    assert late_points(days, "per_day") == Decimal(per_day)


def test_late_deduction_follows_the_rubrics_reading_parameter() -> None:
    assert points(qd11(), "V.1", {"days_late": 3}) == Decimal(2)
    assert points(qd11({"late_submission_reading": "per_day"}), "V.1", {"days_late": 3}) == Decimal(3)
    assert points(qd11(), "V.1", {"days_late": 13, "refused": True}) == Decimal(0)
    assert points(qd11(), "V.1", {"days_late": 13, "waived": True, "waiver_ref": "CV 1250"}) == Decimal(0)


def test_not_applicable_lowers_the_maximum_and_the_rating_is_rescaled_to_100() -> None:
    spec = qd11()
    full = {code: {"value": 100} for code in ("II.1.1", "II.1.2")}
    given = {k: Given(v, "t") for k, v in full.items()} | {"II.2": Given({"not_applicable": True}, "t")}
    card = card_compute(spec, given)
    group = next(g for g in card.groups if g.code == "II")
    assert (group.points, group.max, card.max) == (Decimal(20), Decimal(67), Decimal(92))
    assert card.scaled == Decimal("21.74")  # 20 / 92 × 100
    wrong = card_compute(spec, {"I.3": Given({"not_applicable": True}, "t")})
    assert _criterion(wrong, "I.3").missing  # I.3 has no «không áp dụng»


def small(bonus_cap: int = 2) -> RubricSpec:
    return rubric_parse(
        {
            "id": "small",
            "rating_bands": {
                "bands": [{"code": "A", "label_vi": "Loại A", "min": 80}, {"code": "B", "label_vi": "Loại B"}]
            },
            "groups": [
                {
                    "code": "I",
                    "max_score": 2,
                    "criteria": [
                        {
                            "code": "a",
                            "max_score": 1.5,
                            "scoring_rule": {"kind": "yes_no", "yes_points": 1.5, "no_points": 0},
                        },
                        {
                            "code": "b",
                            "max_score": 1.5,
                            "scoring_rule": {"kind": "yes_no", "yes_points": 1.5, "no_points": 0},
                        },
                    ],
                },
                {
                    "code": "B",
                    "kind": "bonus",
                    "max_score": bonus_cap,
                    "cap": bonus_cap,
                    "criteria": [
                        {
                            "code": f"b{i}",
                            "max_score": 1,
                            "scoring_rule": {"kind": "yes_no", "yes_points": 1, "no_points": 0},
                        }
                        for i in range(3)
                    ],
                },
            ],
        }
    )


def test_a_group_is_capped_at_its_maximum_and_the_bonus_at_its_cap() -> None:
    yes = {"yes": True}
    card = card_compute(small(), {c: Given(yes, "t") for c in ("a", "b", "b0", "b1", "b2")})
    group = card.groups[0]
    assert (group.points, group.capped) == (Decimal(2), True)
    assert card.bonus is not None and (card.bonus.points, card.bonus.capped) == (Decimal(2), True)
    assert card.total == Decimal(4) and card.max == Decimal(4)


def test_dti_style_ratio_target_and_best_rules() -> None:
    spec = rubric_parse(json.loads((DATA / "dti-don-vi-2025.json").read_text(encoding="utf-8")))
    assert spec.kind == "index" and not spec.complete and spec.scale == Decimal(1000)
    given = {
        "CQS.HD.1": Given({"value": 75}, "t"),  # 75 % of 80 = 60
        "KTS.HD.1": Given({"value": 2.5}, "t"),  # 2,5/5 of 100 = 50
        "XHS.NL.2": Given({"value": 7}, "t"),  # over the 5 % mark: 30
        "XHS.HD.1": Given({"value": 500}, "t"),  # half the best (1.000) of 100 = 50
    }
    card = card_compute(spec, given, best={"XHS.HD.1": Decimal(1000)})
    got = {c: _criterion(card, c).points for c in given}
    assert got == {"CQS.HD.1": 60, "KTS.HD.1": 50, "XHS.NL.2": 30, "XHS.HD.1": 50}
    assert card.value == Decimal("0.19")  # 190 / 1.000


def test_a_rubric_that_cannot_be_read_says_where() -> None:
    with pytest.raises(RubricError, match="tiêu chí x"):
        rubric_parse(
            {
                "id": "r",
                "groups": [
                    {
                        "code": "I",
                        "max_score": 1,
                        "criteria": [{"code": "x", "max_score": 1, "scoring_rule": {"kind": "magic"}}],
                    }
                ],
            }
        )
    with pytest.raises(RubricError, match="late_submission_reading"):
        rubric_parse({"id": "r", "parameters": {"late_submission_reading": "maybe"}, "groups": []})
