"""The rest of the evaluation cycle through the API: the rounds (how a client finds an
`evaluation_id`), the head of unit's own criteria scored by the programme administrator, the
heads' results, and the publication of a round — each through the page's service.

Figures are test_heads' hand-worked ones: bob's unit scores 58,09 of 100, so its head has
58,09 × 0,8 = 46,47 from the unit, plus H1 "led" (10) and H2 yes (10) = 66,47; H2 no makes it
56,47. Kim's head (Sở KH&CN) has no assessor's entries: only the unit's share."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.api.tests.test_evaluation_writes import put, url
from dieuhanh.api.tests.test_loop_writes import errors, etag, post
from dieuhanh.api.tests.test_report_writes import signed_in
from dieuhanh.evaluation import services
from dieuhanh.evaluation.models import Entry, Evaluation, Round
from dieuhanh.evaluation.tests.test_access import without_refusal
from dieuhanh.evaluation.tests.test_cycle import DUE, ev
from dieuhanh.evaluation.tests.test_heads import prepared, round_  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

H2_NO = {"inputs": {"yes": False}, "evidence": "Thống kê văn bản ký số quý IV"}


@pytest.fixture
def bql(world, round_) -> Evaluation:  # type: ignore[no-untyped-def]  # noqa: F811
    prepared(world, round_)
    return ev(round_, world.units["hp_bql"])


def head_url(e: Evaluation, code: str) -> str:
    return url(e, f"/heads/{code}")


def reviewed(world, e: Evaluation) -> None:  # type: ignore[no-untyped-def]
    admin = world.users["admin"]
    services.evaluation_appraised(user=admin, evaluation_id=e.pk)
    services.evaluation_review(user=admin, evaluation_id=e.pk)


# --- the head's own criteria ----------------------------------------------------------------


def test_the_administrator_scores_a_heads_criterion_and_the_heads_result_follows(world, bql):
    client = signed_in(world, "admin")
    before = client.get(url(bql)).json()["head"]
    assert before["total"] == 66.47
    assert before["from_unit"] == {
        "scaled": 58.09,
        "weight": 0.8,
        "points": 46.47,
        "rating": before["from_unit"]["rating"],
    }
    response = put(client, head_url(bql, "H2"), H2_NO, etag(client, url(bql)))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["head"]["total"] == 56.47
    assert [c["points"] for c in body["head"]["criteria"]] == [10.0, 0.0]
    h2 = next(x for x in body["entries"] if x["criterion"] == "H2")
    assert h2["appraised_inputs"] == {"yes": False}
    assert h2["evidence"] == "Thống kê văn bản ký số quý IV"
    assert response["ETag"] == etag(client, url(bql))


def test_a_heads_criterion_without_evidence_is_refused_and_nothing_changes(world, bql):
    client = signed_in(world, "admin")
    read = etag(client, url(bql))
    blank = put(client, head_url(bql, "H2"), {**H2_NO, "evidence": "   "}, read)
    assert errors(blank) == [(["body", "evidence"], "Tiêu chí H2: ghi minh chứng (Thống kê văn bản ký số).")]
    assert Entry.objects.get(evaluation=bql, criterion="H2").appraised_inputs == {"yes": True}
    no_score = put(client, head_url(bql, "H1"), {"inputs": {"level": "nowhere"}, "evidence": "KH 5"}, read)
    assert no_score.status_code == 422
    assert Entry.objects.get(evaluation=bql, criterion="H1").appraised_inputs == {"level": "led"}


def test_only_the_administrator_scores_a_head_and_an_unknown_criterion_is_not_found(world, bql):
    own = signed_in(world, "bql")
    refused = put(own, head_url(bql, "H2"), H2_NO, etag(own, url(bql)))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ quản trị chương trình chấm tiêu chí của người đứng đầu."
    kim_unit = ev(bql.round, world.units["hp_khcn"])
    assert put(own, head_url(kim_unit, "H2"), H2_NO, '"x"').status_code == 404
    admin = signed_in(world, "admin")
    unknown = put(admin, head_url(bql, "H9"), H2_NO, etag(admin, url(bql)))
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Không có tiêu chí H9 của người đứng đầu."
    assert Entry.objects.get(evaluation=bql, criterion="H2").appraised_inputs == {"yes": True}


def test_a_rubric_without_heads_has_no_heads_criteria_to_score(world):
    plain = services.round_open(
        rubric=services.rubric_import(definition=without_refusal()),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[world.units["hp_bql"]],
    )
    e = plain.evaluations.get(unit=world.units["hp_bql"])
    admin = signed_in(world, "admin")
    assert admin.get(url(e)).json()["head"] is None
    response = put(admin, head_url(e, "H2"), H2_NO, etag(admin, url(e)))
    assert response.status_code == 404
    assert response.json()["detail"] == "Bộ tiêu chí này không đánh giá người đứng đầu."


def test_the_heads_results_are_ranked_and_a_reporter_reads_only_their_own_head(world, bql):
    address = "/api/v1/evaluations/heads?rubric=kiem-thu&period=2025"
    admin = signed_in(world, "admin").get(address)
    assert admin.status_code == 200, admin.content
    first, second = admin.json()
    assert (first["unit"]["code"], first["total"], first["rank"]) == (bql.unit.code, 66.47, 1)
    assert (second["unit"]["code"], second["rank"]) == (world.units["hp_khcn"].code, 2)
    assert [c["points"] for c in second["criteria"]] == [0.0, 0.0]
    assert second["total"] == second["from_unit"]["points"]
    assert admin["X-Total-Count"] == "2"
    own = signed_in(world, "bql").get(address).json()
    assert [h["unit"]["code"] for h in own] == [bql.unit.code]
    assert signed_in(world, "nobody").get(address).status_code == 403


# --- the rounds and their publication -------------------------------------------------------


def test_a_reporter_finds_their_units_evaluation_in_the_rounds_and_nothing_else(world, bql):
    admin = signed_in(world, "admin").get("/api/v1/evaluation-rounds").json()
    assert [(r["rubric"], r["year"], r["status"]) for r in admin] == [("kiem-thu", 2025, "open")]
    assert sorted(e["id"] for e in admin[0]["evaluations"]) == sorted(
        bql.round.evaluations.values_list("pk", flat=True)
    )
    own = signed_in(world, "bql").get("/api/v1/evaluation-rounds").json()
    assert [(e["id"], e["unit"]["code"], e["status"]) for e in own[0]["evaluations"]] == [
        (bql.pk, bql.unit.code, "submitted")
    ]
    commune = signed_in(world, "commune")
    assert commune.get("/api/v1/evaluation-rounds").json() == []
    assert commune.get(f"/api/v1/evaluation-rounds/{bql.round_id}").status_code == 404


def test_the_administrator_publishes_the_reviewed_results_once(world, bql):
    client = signed_in(world, "admin")
    address = f"/api/v1/evaluation-rounds/{bql.round_id}"
    nothing_yet = post(client, f"{address}/publish", {}, etag(client, address))
    assert nothing_yet.status_code == 409
    assert nothing_yet.json()["detail"] == "Chưa có kết quả nào đã rà soát để công bố."
    reviewed(world, bql)
    assert post(client, f"{address}/publish", {}).status_code == 428
    stale = post(client, f"{address}/publish", {}, '"0"')
    assert stale.status_code == 412
    response = post(client, f"{address}/publish", {}, etag(client, address))
    assert response.status_code == 200, response.content
    assert response["X-Published-Count"] == "1"
    body = response.json()
    assert body["status"] == "published" and body["published_at"]
    assert {e["id"]: e["status"] for e in body["evaluations"]}[bql.pk] == "published"
    assert response["ETag"] == etag(client, address)
    bql.refresh_from_db()
    assert bql.snapshot["contract"]["rank"] == 1
    again = post(client, f"{address}/publish", {}, response["ETag"])
    assert again.status_code == 409
    frozen = put(client, head_url(bql, "H2"), H2_NO, etag(client, url(bql)))
    assert frozen.status_code == 409


def test_only_the_administrator_publishes_a_round(world, bql):
    reviewed(world, bql)
    address = f"/api/v1/evaluation-rounds/{bql.round_id}"
    for who in ("bql", "leader"):
        client = signed_in(world, who)
        refused = post(client, f"{address}/publish", {}, etag(client, address))
        assert refused.status_code == 403, who
        assert refused.json()["detail"] == "Chỉ quản trị chương trình được công bố kết quả đánh giá."
    assert Round.objects.get(pk=bql.round_id).status == Round.Status.OPEN
    assert Evaluation.objects.get(pk=bql.pk).status == Evaluation.Status.REVIEWED
