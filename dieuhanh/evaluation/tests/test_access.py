"""Who sees what: administrators and leaders everything; a reporter only their own unit's
scorecard; anonymous users, users without a role and enterprises nothing. The same for the
API, and the exports open as Excel and Word."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.evaluation import services
from dieuhanh.evaluation.tests.test_cycle import DUE, FIXTURE, at


def without_refusal() -> dict:
    """The fixture rubric with no refusal date, so pages (which use today's date) do not
    depend on when the tests run."""
    definition = json.loads(json.dumps(FIXTURE))
    definition["parameters"].pop("hard_cutoff")
    for group in definition["groups"]:
        for c in group["criteria"]:
            c["scoring_rule"].pop("hard_cutoff", None)
    return definition


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    rubric = services.rubric_import(definition=without_refusal())
    u = world.units
    round_ = services.round_open(
        rubric=rubric,
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[u["hp_bql"], u["hp_khcn"]],
    )
    return world, round_


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def urls(round_, unit) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "ranking": reverse("evaluation:ranking", args=[round_.pk]),
        "scorecard": reverse("evaluation:scorecard", args=[round_.pk, unit.pk]),
        "xlsx": reverse("evaluation:xlsx", args=[round_.pk]),
        "docx": reverse("evaluation:docx", args=[round_.pk]),
    }


def test_anonymous_users_are_sent_to_the_login_page(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    for url in [reverse("evaluation:index"), *urls(round_, world.units["hp_bql"]).values()]:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_users_without_the_right_get_nothing(setup, who) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    c = client_for(world.users[who])
    assert c.get(reverse("evaluation:index")).status_code == 403
    for name, url in urls(round_, world.units["hp_bql"]).items():
        assert c.get(url).status_code in (403, 404), name


def test_a_reporter_sees_only_their_own_scorecard(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    c = client_for(world.users["bql"])
    own = c.get(urls(round_, world.units["hp_bql"])["scorecard"])
    assert own.status_code == 200 and "Ban Quản lý Khu kinh tế Hải Phòng" in own.content.decode()
    assert c.get(urls(round_, world.units["hp_khcn"])["scorecard"]).status_code == 404
    assert c.get(urls(round_, world.units["hp_bql"])["ranking"]).status_code == 403
    assert c.get(urls(round_, world.units["hp_bql"])["xlsx"]).status_code == 403
    other = reverse("evaluation:entry", args=[round_.pk, world.units["hp_khcn"].pk, "P"])
    assert c.post(other, {"yes": "1", "evidence": "x"}).status_code == 404


def test_a_reporter_self_assesses_with_evidence_through_the_page(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    c = client_for(world.users["bql"])
    url = reverse("evaluation:entry", args=[round_.pk, world.units["hp_bql"].pk, "D"])
    missing = c.post(url, {"value": "72,5", "evidence": ""})
    assert missing.status_code == 422 and "cần minh chứng" in missing.content.decode()
    bad = c.post(url, {"value": "bảy mươi", "evidence": "Báo cáo 1"})
    assert bad.status_code == 422 and "Giá trị" in bad.content.decode()
    assert c.post(url, {"value": "72,5", "evidence": "Báo cáo giải ngân số 3"}).status_code == 302
    page = c.get(reverse("evaluation:scorecard", args=[round_.pk, world.units["hp_bql"].pk])).content.decode()
    assert "25,59" in page and "Báo cáo giải ngân số 3" in page


@pytest.mark.parametrize("who", ["admin", "leader"])
def test_administrators_and_leaders_see_the_ranking_and_every_scorecard(setup, who) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    c = client_for(world.users[who])
    links = urls(round_, world.units["hp_khcn"])
    ranking = c.get(links["ranking"])
    assert ranking.status_code == 200 and 'data-rank-unit="hp:bql-kkt"' in ranking.content.decode()
    assert c.get(links["scorecard"]).status_code == 200
    xlsx = c.get(links["xlsx"])
    assert xlsx.status_code == 200 and zipfile.is_zipfile(io.BytesIO(xlsx.content))
    docx = c.get(links["docx"])
    body = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body and "BẢNG XẾP HẠNG" in body


def test_only_the_administrator_publishes(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    url = reverse("evaluation:publish", args=[round_.pk])
    assert client_for(world.users["leader"]).post(url).status_code == 403
    assert client_for(world.users["bql"]).post(url).status_code == 403
    assert client_for(world.users["admin"]).post(url).status_code == 302


def test_the_api_returns_the_contract_scoped_by_user_and_declares_its_errors(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    services.evaluation_submit(
        user=world.users["bql"],
        evaluation_id=round_.evaluations.get(unit=world.units["hp_bql"]).pk,
        now=at(DUE),
    )
    url = "/api/v1/evaluations?rubric=kiem-thu&period=2025"
    assert client_for(None).get(url).status_code == 401
    assert client_for(world.users["nobody"]).get(url).status_code == 403
    assert client_for(world.users["enterprise"]).get(url).status_code == 403
    assert (
        client_for(world.users["admin"]).get("/api/v1/evaluations?rubric=khong-co&period=2025").status_code
        == 404
    )
    assert (
        client_for(world.users["admin"]).get("/api/v1/evaluations?rubric=kiem-thu&period=abc").status_code
        == 422
    )
    everyone = client_for(world.users["admin"]).get(url).json()
    assert {r["unit"]["code"] for r in everyone} == {"hp:bql-kkt", "hp:so-khcn"}
    own = client_for(world.users["bql"]).get(url).json()
    assert [r["unit"]["code"] for r in own] == ["hp:bql-kkt"]
    assert set(own[0]) == {"unit", "total", "max", "rating", "rank", "groups", "bonus", "deductions"}
    schema = client_for(world.users["admin"]).get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/evaluations"]["get"]["responses"]
    assert {"401", "403", "404", "422"} <= set(responses)


def test_the_dashboard_ranks_units_by_the_published_evaluation_once_there_is_one(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    admin = world.users["admin"]
    c = client_for(admin)
    before = c.get(reverse("dashboard:index") + "?ngay=30/12/2025").content.decode()
    assert 'data-ranking-source="evaluation"' not in before
    e = round_.evaluations.get(unit=world.units["hp_khcn"])
    services.evaluation_submit(user=world.users["khcn"], evaluation_id=e.pk, now=at(DUE))
    services.evaluation_appraised(user=admin, evaluation_id=e.pk)
    services.evaluation_review(user=admin, evaluation_id=e.pk, now=at(dt.date(2025, 12, 20)))
    services.round_publish(user=admin, round_id=round_.pk, now=at(dt.date(2025, 12, 22)))
    after = c.get(reverse("dashboard:index") + "?ngay=30/12/2025").content.decode()
    assert 'data-ranking-source="evaluation"' in after
    # Only the published unit is ranked; the other is still being assessed.
    assert 'data-rank-unit="hp:so-khcn"' in after and 'data-rank-unit="hp:bql-kkt"' not in after
    # Before the publication date the dashboard still shows the old ranking.
    earlier = c.get(reverse("dashboard:index") + "?ngay=21/12/2025").content.decode()
    assert 'data-ranking-source="evaluation"' not in earlier


def test_a_published_result_cannot_be_opened_for_appraisal(setup) -> None:  # type: ignore[no-untyped-def]
    world, round_ = setup
    admin = world.users["admin"]
    e = round_.evaluations.get(unit=world.units["hp_khcn"])
    services.evaluation_submit(user=world.users["khcn"], evaluation_id=e.pk, now=at(DUE))
    services.evaluation_appraised(user=admin, evaluation_id=e.pk)
    services.evaluation_review(user=admin, evaluation_id=e.pk, now=at(dt.date(2025, 12, 20)))
    services.round_publish(user=admin, round_id=round_.pk, now=at(dt.date(2025, 12, 22)))
    url = reverse("evaluation:entry", args=[round_.pk, world.units["hp_khcn"].pk, "P"])
    assert client_for(admin).get(url).status_code == 403
    assert client_for(admin).post(url, {"yes": "0", "reason": "x"}).status_code == 403


def test_the_admin_lists_entry_evidence_read_only() -> None:
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from dieuhanh.evaluation.models import EntryEvidence

    model_admin = django_admin.site._registry[EntryEvidence]
    request = RequestFactory().get("/")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
