"""The evaluation written through the API: the unit's self-assessment and its submission, the
programme administrator's appraisal, review and re-evaluation — each through the page's service
and form, naming the ETag it read.

Expectations are worked out from the test rubric (`evaluation.tests.test_cycle.FIXTURE`, without
its refusal date): D is proportional, 30 points from 85 %, (rate / 85) × 30 between 60 and 85 %,
so 72,5 % is 72,5 / 85 × 30 = 25,588… → 25,59; P is yes/no (20 or 0) and needs evidence
("Kế hoạch"); L has levels "hi" (20) and "lo" (5). The round assesses Ban Quản lý (bob) and
Sở KH&CN (kim)."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.api.tests.test_loop_writes import errors, etag, post
from dieuhanh.api.tests.test_report_writes import signed_in
from dieuhanh.evaluation import services
from dieuhanh.evaluation.models import Entry, Evaluation, Round
from dieuhanh.evaluation.tests.test_access import without_refusal
from dieuhanh.evaluation.tests.test_cycle import DUE

pytestmark = pytest.mark.django_db

EVIDENCE = "Báo cáo giải ngân số 5/BQL"


@pytest.fixture
def round_(world) -> Round:  # type: ignore[no-untyped-def]
    u = world.units
    return services.round_open(
        rubric=services.rubric_import(definition=without_refusal()),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[u["hp_bql"], u["hp_khcn"]],
    )


@pytest.fixture
def bql(world, round_) -> Evaluation:  # type: ignore[no-untyped-def]
    return round_.evaluations.get(unit=world.units["hp_bql"])


def url(e: Evaluation, rest: str = "") -> str:
    return f"/api/v1/evaluations/{e.pk}{rest}"


def put(client, address: str, body: object, if_match: str | None = None):  # type: ignore[no-untyped-def]
    import json

    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.put(address, json.dumps(body), content_type="application/json", **headers)


def criterion(body: dict, code: str) -> dict:
    return next(c for g in body["card"]["groups"] for c in g["criteria"] if c["code"] == code)


def submitted(world, e: Evaluation) -> None:  # type: ignore[no-untyped-def]
    services.evaluation_submit(user=world.users["bql"], evaluation_id=e.pk)


# --- the unit's self-assessment -------------------------------------------------------------


def test_the_unit_scores_a_criterion_and_the_answer_carries_the_new_etag(world, bql):
    client = signed_in(world, "bql")
    read = etag(client, url(bql))
    response = put(
        client, url(bql, "/entries/D/self"), {"inputs": {"value": 72.5}, "evidence": EVIDENCE}, read
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["entries"] == [
        {
            "criterion": "D",
            "self_inputs": {"value": 72.5},
            "evidence": EVIDENCE,
            "appraised_inputs": None,
            "appraisal_reason": "",
            "appraiser_unit": "",
            "appraised_at": None,
        }
    ]
    assert criterion(body, "D")["points"] == 25.59
    assert body["status"] == "draft"
    assert response["Content-Location"] == url(bql)
    assert response["ETag"] != read and response["ETag"] == etag(client, url(bql))


def test_a_unit_submits_its_evaluation_once(world, bql):
    client = signed_in(world, "bql")
    response = post(client, url(bql, "/submit"), {}, etag(client, url(bql)))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["status_label"] == "Đã nộp, chờ thẩm định"
    again = post(client, url(bql, "/submit"), {}, response["ETag"])
    assert again.status_code == 409
    assert again.json()["detail"] == "Hồ sơ tự đánh giá đã được nộp."
    late = put(client, url(bql, "/entries/D/self"), {"inputs": {"value": 90}}, response["ETag"])
    assert late.status_code == 409
    assert late.json()["detail"] == "Hồ sơ tự đánh giá đã nộp, không sửa được nữa."
    assert not Entry.objects.filter(evaluation=bql).exists()


def test_a_submission_landing_between_the_state_check_and_the_service_is_a_conflict(world, bql, monkeypatch):
    # Two clients read the same ETag; the other's submission commits after this request's state
    # check, so the service refuses under its lock: the answer is the check's 409, not a 422.
    client = signed_in(world, "bql")
    current = etag(client, url(bql))
    real = services.evaluation_submit

    def other_first(**kwargs):  # type: ignore[no-untyped-def]
        real(user=world.users["bql"], evaluation_id=bql.pk)
        return real(**kwargs)

    monkeypatch.setattr(services, "evaluation_submit", other_first)
    response = post(client, url(bql, "/submit"), {}, current)
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == "Hồ sơ tự đánh giá đã được nộp."
    assert Evaluation.objects.get(pk=bql.pk).status == "submitted"


def test_a_write_without_or_with_a_stale_if_match_saves_nothing(world, bql):
    client = signed_in(world, "bql")
    body = {"inputs": {"value": 72.5}, "evidence": EVIDENCE}
    read = etag(client, url(bql))
    assert put(client, url(bql, "/entries/D/self"), body).status_code == 428
    assert post(client, url(bql, "/submit"), {}).status_code == 428
    services.entry_self_save(
        user=world.users["bql"], evaluation_id=bql.pk, criterion="L", inputs={"level": "lo"}, evidence="QĐ 1"
    )  # saved on the page since the read
    stale = put(client, url(bql, "/entries/D/self"), body, read)
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Kết quả đánh giá đã thay đổi sau khi bạn đọc")
    assert post(client, url(bql, "/submit"), {}, read).status_code == 412
    assert list(Entry.objects.filter(evaluation=bql).values_list("criterion", flat=True)) == ["L"]
    assert Evaluation.objects.get(pk=bql.pk).status == "draft"


def test_another_units_evaluation_is_not_found_and_a_non_reporter_may_not_self_assess(world, bql):
    body = {"inputs": {"value": 72.5}, "evidence": EVIDENCE}
    kim = signed_in(world, "khcn")
    assert kim.get(url(bql)).status_code == 404
    assert put(kim, url(bql, "/entries/D/self"), body, '"x"').status_code == 404
    assert post(kim, url(bql, "/submit"), {}, '"x"').status_code == 404
    nora = signed_in(world, "nobody")
    assert put(nora, url(bql, "/entries/D/self"), body, '"x"').status_code == 403
    for who in ("leader", "admin"):
        client = signed_in(world, who)
        response = put(client, url(bql, "/entries/D/self"), body, etag(client, url(bql)))
        assert response.status_code == 403
        assert response.json()["detail"] == "Chỉ cán bộ của đơn vị được tự đánh giá và nộp hồ sơ."
        assert post(client, url(bql, "/submit"), {}, etag(client, url(bql))).status_code == 403
    assert not Entry.objects.filter(evaluation=bql).exists()


def test_a_bad_score_is_refused_naming_the_field(world, bql):
    client = signed_in(world, "bql")
    read = etag(client, url(bql))
    word = put(client, url(bql, "/entries/D/self"), {"inputs": {"value": "nhiều"}}, read)
    assert errors(word) == [(["body", "payload", "inputs", "value"], "nội dung “inputs.value” phải là số")]
    missing = put(client, url(bql, "/entries/D/self"), {"inputs": {}, "evidence": EVIDENCE}, read)
    assert errors(missing) == [(["body", "inputs", "value"], "Trường «Giá trị»: chưa nhập.")]
    no_evidence = put(client, url(bql, "/entries/P/self"), {"inputs": {"yes": True}}, read)
    assert errors(no_evidence) == [(["body", "evidence"], "Tiêu chí P cần minh chứng: Kế hoạch")]
    level = put(client, url(bql, "/entries/L/self"), {"inputs": {"level": "zzz"}, "evidence": "QĐ"}, read)
    ((where, _),) = errors(level)
    assert where == ["body", "inputs"]
    unknown = put(client, url(bql, "/entries/ZZ/self"), {"inputs": {"yes": True}}, read)
    assert unknown.status_code == 404
    assert not Entry.objects.filter(evaluation=bql).exists()


# --- the programme administrator's appraisal and review --------------------------------------


def test_the_administrator_appraises_an_entry_then_finishes_the_review(world, bql):
    services.entry_self_save(
        user=world.users["bql"], evaluation_id=bql.pk, criterion="L", inputs={"level": "lo"}, evidence="QĐ 1"
    )
    submitted(world, bql)
    alice = signed_in(world, "admin")
    body = {"inputs": {"level": "hi"}, "reason": "Đã đối chiếu quyết định", "appraiser_unit": "Sở KH&CN"}
    response = put(alice, url(bql, "/entries/L/appraisal"), body, etag(alice, url(bql)))
    assert response.status_code == 200, response.content
    (entry,) = response.json()["entries"]
    assert entry["self_inputs"] == {"level": "lo"} and entry["appraised_inputs"] == {"level": "hi"}
    assert entry["appraisal_reason"] == "Đã đối chiếu quyết định" and entry["appraiser_unit"] == "Sở KH&CN"
    assert criterion(response.json(), "L")["points"] == 20.0  # "hi", not the unit's 5
    early = post(alice, url(bql, "/review"), {}, response["ETag"])
    assert early.status_code == 409 and early.json()["detail"] == "Chỉ rà soát kết quả đã thẩm định."
    done = post(alice, url(bql, "/appraised"), {}, response["ETag"])
    assert done.status_code == 200 and done.json()["status"] == "appraised"
    reviewed = post(alice, url(bql, "/review"), {}, done["ETag"])
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["status"] == "reviewed"
    assert Evaluation.objects.get(pk=bql.pk).reviewed_by == world.users["admin"]


def test_only_the_administrator_appraises_and_only_a_submitted_file(world, bql):
    body = {"inputs": {"level": "hi"}, "reason": "Đối chiếu"}
    alice = signed_in(world, "admin")
    draft = put(alice, url(bql, "/entries/L/appraisal"), body, etag(alice, url(bql)))
    assert draft.status_code == 409
    assert draft.json()["detail"] == "Chỉ thẩm định hồ sơ đã nộp, chưa rà soát."
    submitted(world, bql)
    for who in ("bql", "leader"):
        client = signed_in(world, who)
        refused = put(client, url(bql, "/entries/L/appraisal"), body, etag(client, url(bql)))
        assert refused.status_code == 403
        assert post(client, url(bql, "/review"), {}, etag(client, url(bql))).status_code == 403
    no_reason = put(alice, url(bql, "/entries/L/appraisal"), {**body, "reason": ""}, etag(alice, url(bql)))
    assert errors(no_reason)[0][0] == ["body", "payload", "reason"]
    assert not Entry.objects.filter(evaluation=bql).exists()


def test_a_published_result_is_waived_no_more_but_reevaluated_as_a_new_version(world, round_, bql):
    admin = world.users["admin"]
    submitted(world, bql)
    alice = signed_in(world, "admin")
    waived = post(alice, url(bql, "/waive"), {"waiver_ref": "CV 1250/SKHCN"}, etag(alice, url(bql)))
    assert waived.status_code == 200 and waived.json()["waiver_ref"] == "CV 1250/SKHCN"
    early = post(alice, url(bql, "/reevaluate"), {"reason": "Sai số liệu"}, waived["ETag"])
    assert early.status_code == 409
    services.evaluation_appraised(user=admin, evaluation_id=bql.pk)
    services.evaluation_review(user=admin, evaluation_id=bql.pk)
    assert services.round_publish(user=admin, round_id=round_.pk) == 1
    read = etag(alice, url(bql))
    frozen = post(alice, url(bql, "/waive"), {"waiver_ref": "CV 2"}, read)
    assert frozen.status_code == 409
    response = post(alice, url(bql, "/reevaluate"), {"reason": "Sai số liệu giải ngân"}, read)
    assert response.status_code == 201, response.content
    new = Evaluation.objects.get(round=round_, unit=world.units["hp_bql"], version=2)
    assert response["Location"] == url(new) and response.json()["id"] == new.pk
    assert response.json()["status"] == "submitted" and response.json()["waiver_ref"] == "CV 1250/SKHCN"
    assert Evaluation.objects.get(pk=bql.pk).status == "superseded"
