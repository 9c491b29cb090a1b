"""The cycle on the standard cast: self-assessment, late files (day 2, 3, 6, after the refusal
date, waived), appraisal only with a reason, review, publication as a frozen snapshot,
re-evaluation, platform measures, and the CLI contract against hand-computed figures."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dieuhanh.evaluation import services
from dieuhanh.evaluation.compute import evaluation_card
from dieuhanh.evaluation.models import Evaluation, Round, Rubric
from dieuhanh.evaluation.selectors import contract_list

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.date(2025, 12, 10)

# A small rubric with every part of the contract: two standard groups (one measured from the
# task register), a bonus with a cap, a fixed deduction and a late-submission deduction.
FIXTURE = {
    "id": "kiem-thu",
    "title_vi": "Bộ tiêu chí kiểm thử",
    "rating_bands": {
        "bands": [
            {"code": "A", "label_vi": "Loại A", "desc_vi": "Xuất sắc", "min": 90},
            {"code": "B", "label_vi": "Loại B", "desc_vi": "Tốt", "min": 60},
            {"code": "C", "label_vi": "Loại C", "desc_vi": "Chưa đạt"},
        ]
    },
    "parameters": {"hard_cutoff": "20/12", "measures": {"T": {"source": "plans.tasks_on_time"}}},
    "groups": [
        {
            "code": "I",
            "max_score": 40,
            "criteria": [
                {
                    "code": "T",
                    "max_score": 20,
                    "evidence_required_vi": "",
                    "scoring_rule": {
                        "kind": "tiers",
                        "unit": "percent",
                        "tiers": [
                            {"min": 100, "points": 20},
                            {"min": 50, "max_exclusive": 100, "points": 10},
                            {"max_exclusive": 50, "points": 0},
                        ],
                    },
                },
                {
                    "code": "P",
                    "max_score": 20,
                    "evidence_required_vi": "Kế hoạch",
                    "scoring_rule": {"kind": "yes_no", "yes_points": 20, "no_points": 0},
                },
            ],
        },
        {
            "code": "II",
            "max_score": 50,
            "criteria": [
                {
                    "code": "D",
                    "max_score": 30,
                    "evidence_required_vi": "Báo cáo giải ngân",
                    "not_applicable": {"allowed": True},
                    "scoring_rule": {
                        "kind": "proportional",
                        "segments": [
                            {"min": 85, "points": 30},
                            {
                                "min": 60,
                                "max_exclusive": 85,
                                "formula": "(rate / 85) * 30",
                                "cap": 30,
                                "round_decimals": 2,
                            },
                            {"max_exclusive": 60, "points": 0},
                        ],
                    },
                },
                {
                    "code": "L",
                    "max_score": 20,
                    "evidence_required_vi": "Quyết định",
                    "scoring_rule": {
                        "kind": "levels",
                        "select": "one",
                        "levels": [
                            {"id": "hi", "label_vi": "Cao", "points": 20},
                            {"id": "lo", "label_vi": "Thấp", "points": 5},
                        ],
                    },
                },
            ],
        },
        {
            "code": "IV",
            "kind": "bonus",
            "max_score": 10,
            "cap": 10,
            "criteria": [
                {
                    "code": "B1",
                    "max_score": 6,
                    "evidence_required_vi": "Giấy khen",
                    "scoring_rule": {"kind": "yes_no", "yes_points": 6, "no_points": 0},
                },
                {
                    "code": "B2",
                    "max_score": 6,
                    "evidence_required_vi": "Giấy khen",
                    "scoring_rule": {"kind": "yes_no", "yes_points": 6, "no_points": 0},
                },
            ],
        },
        {
            "code": "V",
            "kind": "deduction",
            "criteria": [
                {
                    "code": "V1",
                    "max_score": -1,
                    "scoring_rule": {"kind": "late_submission", "hard_cutoff": {"date_vi": "20/12"}},
                },
                {
                    "code": "V2",
                    "max_score": -0.5,
                    "evidence_required_vi": "Thông báo",
                    "scoring_rule": {"kind": "deduction_fixed", "points": -0.5},
                },
            ],
        },
    ],
}

CONTRACT_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["unit", "total", "max", "rating", "rank", "groups", "bonus", "deductions"],
        "additionalProperties": False,
        "properties": {
            "unit": {
                "type": "object",
                "required": ["code", "name"],
                "additionalProperties": False,
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "total": {"type": "number"},
            "max": {"type": "number"},
            "rating": {"type": "string"},
            "rank": {"type": "integer", "minimum": 1},
            "groups": {"type": "array", "items": {"$ref": "#/$defs/group"}},
            "bonus": {"$ref": "#/$defs/side"},
            "deductions": {"$ref": "#/$defs/side"},
        },
    },
    "$defs": {
        "criterion": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "points", "max", "rule", "inputs", "source", "not_applicable"],
            "properties": {
                "code": {"type": "string"},
                "points": {"type": "number"},
                "max": {"type": "number"},
                "rule": {"type": "string"},
                "source": {"type": "string"},
                "inputs": {"type": "object"},
                "not_applicable": {"type": "boolean"},
            },
        },
        "group": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "points", "max", "capped", "criteria"],
            "properties": {
                "code": {"type": "string"},
                "points": {"type": "number"},
                "max": {"type": "number"},
                "capped": {"type": "boolean"},
                "criteria": {"type": "array", "items": {"$ref": "#/$defs/criterion"}},
            },
        },
        "side": {
            "type": "object",
            "additionalProperties": False,
            "required": ["points", "criteria"],
            "properties": {
                "points": {"type": "number", "minimum": 0},
                "criteria": {"type": "array", "items": {"$ref": "#/$defs/criterion"}},
            },
        },
    },
}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=VN)


@pytest.fixture
def round_(world) -> Round:  # type: ignore[no-untyped-def]
    rubric = services.rubric_import(definition=FIXTURE)
    u = world.units
    return services.round_open(
        rubric=rubric,
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[u["hp_bql"], u["hp_khcn"]],
    )


def ev(round_: Round, unit) -> Evaluation:  # type: ignore[no-untyped-def]
    return round_.evaluations.get(unit=unit)


def fill(world, round_: Round) -> None:  # type: ignore[no-untyped-def]
    """bob (Ban Quản lý) self-assesses P yes, D 72,5 %, L low, B1 and B2 yes, V2 once."""
    e = ev(round_, world.units["hp_bql"])
    save = lambda code, inputs, evidence="Văn bản số 1/BQL": services.entry_self_save(  # noqa: E731
        user=world.users["bql"], evaluation_id=e.pk, criterion=code, inputs=inputs, evidence=evidence
    )
    save("P", {"yes": True})
    save("D", {"value": 72.5})
    save("L", {"level": "lo"})
    save("B1", {"yes": True})
    save("B2", {"yes": True})
    save("V2", {"occurred": True})


def test_the_cli_prints_the_contract_with_hand_computed_figures(world, round_) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    services.evaluation_submit(
        user=world.users["bql"],
        evaluation_id=ev(round_, world.units["hp_bql"]).pk,
        now=at(DUE + dt.timedelta(days=3)),
    )
    out = io.StringIO()
    call_command("evaluate", "--rubric", "kiem-thu", "--period", "2025", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    jsonschema.validate(rows, CONTRACT_SCHEMA)
    bql = next(r for r in rows if r["unit"]["code"] == "hp:bql-kkt")
    # T: hp:bql-kkt (and its predecessor) lead two tasks due in 2025, neither done on time → 0 %, 0.
    # P 20; D (72,5/85)×30 = 25,59; L 5 → I = 20, II = 30,59; bonus 6+6 = 12 capped at 10;
    # deductions: 3 days late −2 (cumulative reading), V2 −0,5 → 2,5. Total 20+30,59+10−2,5.
    groups = {g["code"]: g for g in bql["groups"]}
    assert [groups["I"]["points"], groups["II"]["points"]] == [20.0, 30.59]
    assert bql["bonus"] == {"points": 10.0, "criteria": bql["bonus"]["criteria"]}
    assert bql["deductions"]["points"] == 2.5
    assert bql["total"] == 58.09 and bql["max"] == 100.0
    assert bql["rating"].startswith("Loại C")
    for row in rows:
        group_sum = sum(g["points"] for g in row["groups"])
        assert round(group_sum + row["bonus"]["points"] - row["deductions"]["points"], 2) == row["total"]
    assert [r["rank"] for r in rows] == [1, 2] and rows[0]["total"] >= rows[1]["total"]
    t = next(c for c in groups["I"]["criteria"] if c["code"] == "T")
    assert t["inputs"]["value"] == 0.0 and t["source"].startswith("Hệ thống")


@pytest.mark.parametrize(
    ("sent", "deducted", "refused"),
    [
        (DUE + dt.timedelta(days=2), 1, False),
        (DUE + dt.timedelta(days=3), 2, False),
        (DUE + dt.timedelta(days=6), 5, False),
        (dt.date(2025, 12, 21), 0, True),
    ],
)
def test_late_files_lose_points_by_day_and_are_refused_after_the_20th(
    world, round_, sent, deducted, refused
) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    e = ev(round_, world.units["hp_bql"])
    services.evaluation_submit(user=world.users["bql"], evaluation_id=e.pk, now=at(sent))
    card = evaluation_card(Evaluation.objects.get(pk=e.pk), now=at(dt.date(2025, 12, 30)))
    v1 = next(c for c in card.deductions.criteria if c.code == "V1")  # type: ignore[union-attr]
    assert v1.points == Decimal(deducted)
    p = next(c for g in card.groups for c in g.criteria if c.code == "P")
    # A refused file: the unit's own entries are not taken; the platform's measures still are.
    assert p.points == (Decimal(0) if refused else Decimal(20))


def test_a_written_waiver_takes_a_refused_file_without_deduction(world, round_) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    e = ev(round_, world.units["hp_bql"])
    services.evaluation_submit(user=world.users["bql"], evaluation_id=e.pk, now=at(dt.date(2025, 12, 22)))
    services.evaluation_waive(
        user=world.users["admin"], evaluation_id=e.pk, waiver_ref="CV 1250/SKHCN ngày 22/12/2025"
    )
    card = evaluation_card(Evaluation.objects.get(pk=e.pk))
    v1 = next(c for c in card.deductions.criteria if c.code == "V1")  # type: ignore[union-attr]
    assert v1.points == 0 and "chấp thuận" in v1.rule
    assert next(c for g in card.groups for c in g.criteria if c.code == "P").points == 20


def test_self_assessment_needs_evidence_and_belongs_to_the_unit(world, round_) -> None:  # type: ignore[no-untyped-def]
    e = ev(round_, world.units["hp_bql"])
    with pytest.raises(ValidationError, match="cần minh chứng"):
        services.entry_self_save(
            user=world.users["bql"], evaluation_id=e.pk, criterion="P", inputs={"yes": True}, evidence=" "
        )
    with pytest.raises(PermissionDenied):
        services.entry_self_save(
            user=world.users["khcn"], evaluation_id=e.pk, criterion="P", inputs={"yes": True}, evidence="x"
        )
    with pytest.raises(ValidationError, match="chấm từ|không có"):
        services.entry_self_save(
            user=world.users["bql"], evaluation_id=e.pk, criterion="L", inputs={"level": "zzz"}, evidence="x"
        )


def test_appraisal_changes_a_score_only_with_a_reason(world, round_) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    e = ev(round_, world.units["hp_bql"])
    services.evaluation_submit(user=world.users["bql"], evaluation_id=e.pk, now=at(DUE))
    admin = world.users["admin"]
    with pytest.raises(ValidationError, match="lý do"):
        services.entry_appraise(
            user=admin,
            evaluation_id=e.pk,
            criterion="L",
            inputs={"level": "hi"},
            reason="",
            appraiser_unit="Sở KH&CN",
        )
    services.entry_appraise(
        user=admin,
        evaluation_id=e.pk,
        criterion="L",
        inputs={"level": "hi"},
        reason="Đã đối chiếu quyết định",
        appraiser_unit="Sở KH&CN",
    )
    card = evaluation_card(Evaluation.objects.get(pk=e.pk))
    lvl = next(c for g in card.groups for c in g.criteria if c.code == "L")
    assert lvl.points == 20 and lvl.appraisal == "Đã đối chiếu quyết định"
    assert lvl.source.startswith("Thẩm định — Sở KH&CN (trước khi điều chỉnh: Đơn vị tự chấm")


def publish(world, round_) -> Evaluation:  # type: ignore[no-untyped-def]
    admin = world.users["admin"]
    e = ev(round_, world.units["hp_bql"])
    services.evaluation_submit(user=world.users["bql"], evaluation_id=e.pk, now=at(DUE))
    services.evaluation_appraised(user=admin, evaluation_id=e.pk)
    services.evaluation_review(user=admin, evaluation_id=e.pk, now=at(dt.date(2025, 12, 28)))
    assert services.round_publish(user=admin, round_id=round_.pk, now=at(dt.date(2025, 12, 30))) == 1
    return Evaluation.objects.get(pk=e.pk)


def test_a_published_score_is_a_frozen_snapshot_and_reevaluation_shows_the_difference(world, round_) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    published = publish(world, round_)
    before = evaluation_card(published).total
    # Later, the overdue task is recorded as done on time and the late one is back-dated:
    # a live computation would now give T 20 points; the published score must not move.
    for task in (world.tasks["bql_overdue"], world.tasks["bql_done_late"]):
        task.completed_on = dt.date(2025, 5, 1)
        task.save()
    again = Evaluation.objects.get(pk=published.pk)
    assert evaluation_card(again).total == before
    published_row = next(
        r
        for r in contract_list(user=world.users["admin"], rubric_code="kiem-thu", year=2025)
        if r["unit"]["code"] == "hp:bql-kkt"
    )
    assert published_row["total"] == float(before)
    new = services.evaluation_reevaluate(
        user=world.users["admin"], evaluation_id=published.pk, reason="Bổ sung kết quả nhiệm vụ"
    )
    assert new.version == 2 and Evaluation.objects.get(pk=published.pk).status == Evaluation.Status.SUPERSEDED
    live = evaluation_card(new)
    assert live.total == before + 20  # T now 100 % → 20
    from dieuhanh.evaluation.selectors import scorecard

    s = scorecard(user=world.users["admin"], round_=round_, unit_id=world.units["hp_bql"].pk)
    assert ("T", Decimal(0), Decimal(20)) in s.changes


def test_published_results_cannot_be_appraised_again(world, round_) -> None:  # type: ignore[no-untyped-def]
    fill(world, round_)
    published = publish(world, round_)
    with pytest.raises(ValidationError):
        services.entry_appraise(
            user=world.users["admin"],
            evaluation_id=published.pk,
            criterion="L",
            inputs={"level": "hi"},
            reason="x",
            appraiser_unit="y",
        )


def test_partner_tasks_count_as_the_rubric_says(world) -> None:  # type: ignore[no-untyped-def]
    definition = json.loads(json.dumps(FIXTURE)) | {"id": "kiem-thu-phoi-hop"}
    definition["parameters"] = definition["parameters"] | {"partner_weight": 0.5}
    rubric = services.rubric_import(definition=definition)
    round_ = services.round_open(
        rubric=rubric,
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[world.units["hp_bql"]],
    )
    card = evaluation_card(round_.evaluations.get())
    t = next(c for g in card.groups for c in g.criteria if c.code == "T")
    # Two led tasks not on time (weight 1 each), one partnered task on time (weight 0,5): 0,5/2,5 = 20 %.
    assert t.inputs["value"] == 20.0


def test_a_reporter_gets_only_their_own_unit_from_the_contract(world, round_) -> None:  # type: ignore[no-untyped-def]
    rows = contract_list(user=world.users["bql"], rubric_code="kiem-thu", year=2025)
    assert [r["unit"]["code"] for r in rows] == ["hp:bql-kkt"]
    assert contract_list(user=world.users["nobody"], rubric_code="kiem-thu", year=2025) == []


def test_importing_a_changed_rubric_makes_a_new_version(world) -> None:  # type: ignore[no-untyped-def]
    first = services.rubric_import(definition=FIXTURE)
    assert services.rubric_import(definition=FIXTURE).pk == first.pk
    changed = json.loads(json.dumps(FIXTURE))
    changed["title_vi"] = "Bộ tiêu chí kiểm thử (sửa đổi)"
    second = services.rubric_import(definition=changed)
    assert (second.version, second.code) == (2, "kiem-thu")
    assert Rubric.objects.get(pk=second.pk).definition["title_vi"].endswith("(sửa đổi)")


def test_a_file_is_evidence_enough_and_a_wrong_file_is_refused(world, round_, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from dieuhanh.evaluation.models import EntryEvidence

    settings.MEDIA_ROOT = tmp_path
    e = ev(round_, world.units["hp_bql"])
    bob = world.users["bql"]
    with pytest.raises(ValidationError, match="chỉ nhận PDF"):
        services.entry_self_save(
            user=bob,
            evaluation_id=e.pk,
            criterion="P",
            inputs={"yes": True},
            evidence="",
            upload=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    assert not EntryEvidence.objects.exists()
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7 ke hoach", content_type="application/pdf")
    entry = services.entry_self_save(
        user=bob, evaluation_id=e.pk, criterion="P", inputs={"yes": True}, evidence="", upload=pdf
    )
    kept = entry.files.get()
    assert (kept.original_name, kept.size, kept.uploaded_by) == ("ke-hoach.pdf", 17, bob)
    assert EntryEvidence.history.filter(id=kept.pk, history_type="+").exists()
    url = reverse("evaluation:evidence", args=[round_.pk, world.units["hp_bql"].pk, kept.pk])
    own, other = Client(), Client()
    own.force_login(bob)
    other.force_login(world.users["khcn"])
    body = b"".join(own.get(url).streaming_content)  # type: ignore[attr-defined]
    assert body == b"%PDF-1.7 ke hoach"
    assert other.get(url).status_code == 404
