"""Heads of units (người đứng đầu, seed 001 §2.1): a head's score is the unit's result on the
scale × the rubric's unit weight + the head's own criteria, entered by the programme
administrator with evidence; ranked, exported, and printed by `evaluate --subject heads`
while the units' contract stays as it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dieuhanh.evaluation import services
from dieuhanh.evaluation.models import Round
from dieuhanh.evaluation.rubric import RubricError, rubric_parse
from dieuhanh.evaluation.tests.test_cycle import CONTRACT_SCHEMA, DUE, FIXTURE, at, ev, fill

# 100 × (1 − 0,8) = 20 points of the head's own: a level (10 or 5) and a yes/no (10 or 0).
HEADS = {
    "unit_weight": 0.8,
    "criteria": [
        {
            "code": "H1",
            "name_vi": "Trực tiếp chỉ đạo",
            "max_score": 10,
            "evidence_required_vi": "Kế hoạch do người đứng đầu ký",
            "verifier_vi": "Sở Khoa học và Công nghệ",
            "scoring_rule": {
                "kind": "levels",
                "select": "one",
                "levels": [
                    {"id": "led", "label_vi": "Trực tiếp chỉ đạo", "points": 10},
                    {"id": "signed", "label_vi": "Chỉ ký kế hoạch", "points": 5},
                ],
            },
        },
        {
            "code": "H2",
            "name_vi": "Xử lý văn bản trên môi trường số",
            "max_score": 10,
            "evidence_required_vi": "Thống kê văn bản ký số",
            "scoring_rule": {"kind": "yes_no", "yes_points": 10, "no_points": 0},
        },
    ],
}


def with_heads(heads: dict | None = None) -> dict:
    definition = json.loads(json.dumps(FIXTURE))
    definition["parameters"]["heads"] = heads or HEADS
    return definition


@pytest.fixture
def round_(world) -> Round:  # type: ignore[no-untyped-def]
    u = world.units
    return services.round_open(
        rubric=services.rubric_import(definition=with_heads()),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[u["hp_bql"], u["hp_khcn"]],
    )


def score_head(world, round_, code: str, inputs: dict, evidence: str = "KH số 5/BQL") -> None:  # type: ignore[no-untyped-def]
    services.head_entry_save(
        user=world.users["admin"],
        evaluation_id=ev(round_, world.units["hp_bql"]).pk,
        criterion=code,
        inputs=inputs,
        evidence=evidence,
        assessor_unit="Sở Khoa học và Công nghệ",
    )


def prepared(world, round_) -> None:  # type: ignore[no-untyped-def]
    """bob's unit scores 58,09 of 100 (test_cycle's hand-worked card); its head: led, yes."""
    fill(world, round_)
    services.evaluation_submit(
        user=world.users["bql"],
        evaluation_id=ev(round_, world.units["hp_bql"]).pk,
        now=at(DUE + dt.timedelta(days=3)),
    )
    score_head(world, round_, "H1", {"level": "led"})
    score_head(world, round_, "H2", {"yes": True})


def evaluate(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command(
        "evaluate", "--rubric", "kiem-thu", "--period", "2025", "--format", "json", *args, stdout=out
    )
    return json.loads(out.getvalue())


def test_a_heads_score_is_the_units_result_weighted_plus_the_heads_own_criteria(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    heads = evaluate("--subject", "heads")
    bql = next(h for h in heads if h["unit"]["code"] == "hp:bql-kkt")
    # 58,09 × 0,8 = 46,472 → 46,47; + H1 10 + H2 10 = 66,47 of 100 → Loại B (from 60).
    assert bql["from_unit"] == {
        "scaled": 58.09,
        "weight": 0.8,
        "points": 46.47,
        "rating": "Loại C — Chưa đạt",
    }
    assert [(c["code"], c["points"]) for c in bql["criteria"]] == [("H1", 10.0), ("H2", 10.0)]
    assert (bql["total"], bql["max"], bql["rating"], bql["rank"]) == (66.47, 100.0, "Loại B — Tốt", 1)
    assert bql["criteria"][0]["source"] == "Người đánh giá — Sở Khoa học và Công nghệ"


def test_the_units_contract_is_unchanged_by_the_heads_option(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    units = evaluate()
    jsonschema.validate(units, CONTRACT_SCHEMA)
    assert evaluate("--subject", "units") == units
    assert next(u for u in units if u["unit"]["code"] == "hp:bql-kkt")["total"] == 58.09


def test_a_head_without_the_assessors_entries_keeps_only_the_units_share(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    khcn = next(h for h in evaluate("--subject", "heads") if h["unit"]["code"] != "hp:bql-kkt")
    assert [c["points"] for c in khcn["criteria"]] == [0.0, 0.0]
    assert khcn["total"] == khcn["from_unit"]["points"] and khcn["rank"] == 2


def test_only_the_programme_administrator_scores_a_head_and_only_with_evidence(world, round_) -> None:  # type: ignore[no-untyped-def]
    e = ev(round_, world.units["hp_bql"])
    with pytest.raises(PermissionDenied):
        services.head_entry_save(
            user=world.users["bql"],
            evaluation_id=e.pk,
            criterion="H2",
            inputs={"yes": True},
            evidence="x",
            assessor_unit="",
        )
    with pytest.raises(ValidationError, match="H2: ghi minh chứng"):
        score_head(world, round_, "H2", {"yes": True}, evidence="  ")
    with pytest.raises(ValidationError, match="Không có tiêu chí H9"):
        score_head(world, round_, "H9", {"yes": True})
    with pytest.raises(ValidationError, match="H2"):
        score_head(world, round_, "H2", {})


def test_a_published_heads_score_is_not_changed(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    e = ev(round_, world.units["hp_bql"])
    admin = world.users["admin"]
    services.evaluation_appraised(user=admin, evaluation_id=e.pk)
    services.evaluation_review(user=admin, evaluation_id=e.pk)
    services.round_publish(user=admin, round_id=round_.pk)
    with pytest.raises(ValidationError, match="đã công bố"):
        score_head(world, round_, "H2", {"yes": False})


def test_head_criteria_that_do_not_fill_the_rest_of_the_scale_are_refused() -> None:
    heads = json.loads(json.dumps(HEADS)) | {"unit_weight": 0.9}
    with pytest.raises(RubricError, match=r"parameters.heads: điểm tối đa các tiêu chí riêng \(20\)"):
        rubric_parse(with_heads(heads))
    measured = json.loads(json.dumps(HEADS))
    measured["criteria"][1]["scoring_rule"] = {"kind": "late_submission"}
    with pytest.raises(RubricError, match="H2.*không dùng cho người đứng đầu"):
        rubric_parse(with_heads(measured))


def test_the_heads_pages_rank_and_let_the_administrator_score(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    admin = Client()
    admin.force_login(world.users["admin"])
    page = admin.get(reverse("evaluation:heads", args=[round_.pk])).content.decode()
    assert "Ban Quản lý" in page and "66,47" in page
    url = reverse("evaluation:head", args=[round_.pk, world.units["hp_bql"].pk])
    response = admin.post(url, {"criterion": "H2", "yes": "0", "evidence": "Thống kê quý IV"})
    assert response.status_code == 302
    assert "56,47" in admin.get(url).content.decode()  # 46,47 + 10 + 0
    refused = admin.post(url, {"criterion": "H2", "yes": "1", "evidence": ""})
    assert refused.status_code == 422 and "ghi minh chứng" in refused.content.decode()


def test_a_reporter_reads_only_their_own_heads_card_and_cannot_score_it(world, round_) -> None:  # type: ignore[no-untyped-def]
    bob = Client()
    bob.force_login(world.users["bql"])
    own = reverse("evaluation:head", args=[round_.pk, world.units["hp_bql"].pk])
    other = reverse("evaluation:head", args=[round_.pk, world.units["hp_khcn"].pk])
    assert bob.get(own).status_code == 200
    assert bob.get(other).status_code == 404
    assert bob.post(own, {"criterion": "H2", "yes": "1", "evidence": "x"}).status_code == 403
    assert bob.get(reverse("evaluation:heads", args=[round_.pk])).status_code == 403


def test_the_exports_carry_the_heads(world, round_) -> None:  # type: ignore[no-untyped-def]
    prepared(world, round_)
    leader = Client()
    leader.force_login(world.users["leader"])
    xlsx = leader.get(reverse("evaluation:xlsx", args=[round_.pk])).content
    sheets = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/workbook.xml").decode()
    assert 'name="Người đứng đầu"' in sheets
    docx = leader.get(reverse("evaluation:docx", args=[round_.pk])).content
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "ĐÁNH GIÁ NGƯỜI ĐỨNG ĐẦU" in body and "66,47/100 điểm" in body
