"""Every indicator page and endpoint, tried by someone without the right."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

PAGES = [
    ("indicators:indicator_list", {}),
    ("indicators:indicator_detail", {"code": "HS"}),
    ("steering:target_progress", {}),
    ("steering:warning_list", {}),
    ("indicators:data_import", {}),
]
READER_PAGES = PAGES[:3]


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hs(world):  # type: ignore[no-untyped-def]
    return indicator("HS")


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_sends_anonymous_visitors_to_the_login_page(hs, name, kwargs) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_it_refuses_users_without_a_programme_role(world, hs, name, kwargs, who) -> None:  # type: ignore[no-untyped-def]
    assert client_for(world.users[who]).get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), READER_PAGES)
@pytest.mark.parametrize("who", ["admin", "leader", "bql", "commune"])
def test_register_readers_open_the_indicator_pages(world, hs, name, kwargs, who) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.users[who]).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["bql", "commune"])
def test_reporters_may_not_open_the_early_warning_or_the_import(world, hs, who) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users[who])
    assert client.get(reverse("steering:warning_list")).status_code == 403
    assert client.get(reverse("indicators:data_import")).status_code == 403


def test_the_leader_sees_the_early_warning_but_not_the_import(world, hs) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["leader"])
    assert client.get(reverse("steering:warning_list")).status_code == 200
    assert client.get(reverse("indicators:data_import")).status_code == 403


def test_an_unknown_indicator_is_404(world) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.users["admin"]).get(
        reverse("indicators:indicator_detail", kwargs={"code": "NOPE"})
    )
    assert response.status_code == 404


API = [
    "/api/v1/indicators",
    "/api/v1/indicators/HS/series?first=202501&last=202506",
    "/api/v1/targets/progress",
]


@pytest.mark.parametrize("url", API)
def test_the_api_answers_401_to_anonymous_callers(hs, url) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(url).status_code == 401


def test_posting_data_value_sets_anonymously_is_401(hs) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/api/v1/dataValueSets", {"dataValues": []}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("url", API)
@pytest.mark.parametrize("who", ["nobody", "enterprise"])
def test_the_api_answers_403_without_a_programme_role(world, hs, url, who) -> None:  # type: ignore[no-untyped-def]
    assert client_for(world.users[who]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["nobody", "enterprise", "leader"])
def test_only_administrators_and_reporters_may_post_values(world, hs, who) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.users[who]).post(
        "/api/v1/dataValueSets", {"dataValues": []}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_reporter_cannot_read_the_series_of_another_unit(world, hs) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/indicators/HS/series?first=202501&last=202506&unit=hd:so-tc"
    assert client_for(world.users["bql"]).get(url).status_code == 404
    assert client_for(world.users["admin"]).get(url).status_code == 200
