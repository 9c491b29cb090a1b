"""The public face: published targets and indicators are readable without signing in, with
the one verdict; anything unpublished does not exist publicly; nothing personal is shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.opendata.tests.conftest import ON, SECRET_COMMENT, publish_more
from dieuhanh.steering.selectors import target_standings

pytestmark = pytest.mark.django_db

PUBLIC_URLS = (
    "/cong-khai/",
    "/cong-khai/chi-so/DVC_TT/",
    "/du-lieu-mo/",
    "/du-lieu-mo/chi-so/DVC_TT.csv",
    "/du-lieu-mo/chi-so/DVC_TT.json",
    "/du-lieu-mo/chi-tieu.csv",
    "/du-lieu-mo/chi-tieu.json",
    "/du-lieu-mo/catalog.jsonld",
    "/api/3/action/package_list",
    "/api/3/action/package_search",
    "/api/3/action/package_show?id=chi-so-dvc_tt",
    "/api/3/action/package_show?id=chi-tieu",
)


def test_an_anonymous_visitor_reads_the_overview_with_the_published_target_and_indicator(
    client, published, clock
) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    page = client.get("/cong-khai/").content.decode()
    assert "CT-DVC" in page and "Sử dụng dịch vụ công trực tuyến" in page
    assert "DVC_TT" in page and "Tỷ lệ hồ sơ trực tuyến toàn trình" in page
    assert "≥ 100 %" in page
    assert "80,0" in page  # the latest value, 2025, in Vietnamese


def test_the_public_verdict_is_the_one_the_leader_sees(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    leader = published.world.users["leader"]
    internal = {s.target.code: s.verdict for s in target_standings(user=leader, on=ON)}["CT-DVC"]
    page = client.get(f"/cong-khai/chi-tieu/{published.target.pk}/").content.decode()
    assert f'data-verdict="{internal.code}"' in page
    assert internal.label in page
    for reason in internal.reasons:
        assert reason[0].upper() + reason[1:] in page


def test_the_indicator_page_has_the_chart_with_its_target_line_the_method_and_the_sources(
    client, published, clock
) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    response = client.get("/cong-khai/chi-so/DVC_TT/")
    page = response.content.decode()
    chart = response.context["public"].chart
    assert chart["target"] == {"value": 100.0, "year": 2030, "label": "CT-DVC"}
    assert chart["band"], "the projection band is drawn"
    assert [v for _, v in chart["series"]] == [40.0, 50.0, 60.0, 70.0, 80.0]
    assert 'id="indicator-chart-data"' in page
    assert "Số hồ sơ trực tuyến toàn trình chia cho tổng số hồ sơ." in page
    assert "Cổng dịch vụ công của thành phố" in page
    assert "Đường ngang: mức chỉ tiêu CT-DVC (2030)" in page


def test_an_unpublished_indicator_or_target_does_not_exist_publicly(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    for url in (
        "/cong-khai/chi-so/NOI_BO/",
        "/du-lieu-mo/chi-so/NOI_BO.csv",
        "/du-lieu-mo/chi-so/NOI_BO.json",
        f"/cong-khai/chi-tieu/{published.private_target.pk}/",
        "/api/3/action/package_show?id=chi-so-noi_bo",
    ):
        assert client.get(url).status_code == 404, url
    for url in PUBLIC_URLS:
        text = client.get(url).content.decode()
        assert "NOI_BO" not in text and "CT-AN" not in text and "chưa công khai" not in text, url


def test_a_published_target_whose_indicator_is_not_published_shows_its_verdict_without_the_series(
    client, published, clock
) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.opendata.models import PublishedTarget

    clock(ON)
    PublishedTarget.objects.create(target=published.private_target)
    page = client.get(f"/cong-khai/chi-tieu/{published.private_target.pk}/").content.decode()
    assert "Số liệu của chỉ số theo dõi chưa được công khai." in page
    assert "indicator-chart-data" not in page


def test_nothing_personal_reaches_any_public_address(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    admin = published.world.users["admin"]
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert SECRET_COMMENT not in text, url
        assert admin.username not in text and "pw-" not in text, url
        assert "bằng chứng" not in text and "minh-chung" not in text, url


def test_public_pages_ask_no_more_queries_with_more_published_targets(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    """The catalogue and the CKAN listings cost the same for one or four datasets. The overview
    costs a fixed nine queries per published target: the one verdict (steering.verdicts.standings_of,
    shared with the internal page) reads each target's latest period, first year, yearly
    series and projection points — per target, never per value or per period."""
    clock(ON)
    client.get("/cong-khai/")  # warm the process caches (registry, hierarchy)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {
        u: count(u) for u in ("/cong-khai/", "/du-lieu-mo/catalog.jsonld", "/api/3/action/package_search")
    }
    publish_more(published.world, 3)
    count("/cong-khai/")
    after = {u: count(u) for u in before}
    assert after["/du-lieu-mo/catalog.jsonld"] == before["/du-lieu-mo/catalog.jsonld"]
    assert after["/api/3/action/package_search"] == before["/api/3/action/package_search"]
    per_target = (after["/cong-khai/"] - before["/cong-khai/"]) / 3
    assert per_target <= 9, (before, after)
    assert count("/cong-khai/chi-so/DVC_TT/") <= 40
    assert count("/du-lieu-mo/chi-so/DVC_TT.csv") <= 20


def test_the_pages_are_printable(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    page = client.get("/cong-khai/chi-so/DVC_TT/").content.decode()
    assert "css/public.css" in page and "data-print" in page
    assert "In từ" in page  # the printed page says where it came from


def test_pages_refuse_post_and_files_answer_304_to_a_known_etag(client, published, clock) -> None:  # type: ignore[no-untyped-def]
    clock(ON)
    assert client.post("/cong-khai/").status_code == 405
    first = client.get("/du-lieu-mo/chi-so/DVC_TT.csv")
    again = client.get("/du-lieu-mo/chi-so/DVC_TT.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_catalogue_names_the_province_records_issuer_as_its_publisher(world, reporting, client) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.units.models import Province

    # The record names no issuer: the monthly regime's receiving body, Hải Phòng's Sở, publishes.
    catalogue = client.get("/du-lieu-mo/catalog.jsonld").content.decode()
    assert "Sở Khoa học và Công nghệ thành phố Hải Phòng" in catalogue
    Province.objects.filter(is_deployed=True).update(issuer=world.units["hp_ubnd"])
    catalogue = client.get("/du-lieu-mo/catalog.jsonld").content.decode()
    assert world.units["hp_ubnd"].name in catalogue
    assert "Sở Khoa học và Công nghệ" not in catalogue
