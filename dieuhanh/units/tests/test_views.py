"""The units page: the province's tree as of a date, with where each unit went."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import Role, User
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(hai_phong_units) -> Client:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        username="alice", role=Role.ADMIN, unit=Unit.objects.get(code="hp:so-khcn")
    )
    client = Client()
    client.force_login(user)
    return client


def test_before_the_merger_the_tree_is_hai_duong_with_its_districts(admin_client):
    body = admin_client.get(reverse("units:unit_tree"), {"ngay": "30/06/2025"}).content.decode()
    assert "<h2>Tỉnh Hải Dương" in body
    assert "Thành phố Chí Linh" in body
    assert "Ban Quản lý các khu công nghiệp tỉnh Hải Dương" in body
    # Each Hải Dương unit shows where its work goes on 01/07/2025.
    assert "→ Ban Quản lý Khu kinh tế Hải Phòng từ 01/07/2025" in body


def test_after_the_merger_the_tree_is_hai_phong_with_its_114_communes(admin_client):
    body = admin_client.get(reverse("units:unit_tree"), {"ngay": "01/07/2025"}).content.decode()
    assert "<h2>Thành phố Hải Phòng" in body
    assert body.count('data-unit-code="vn2025:w:') == 114
    assert "Tỉnh Hải Dương" not in body


def test_a_malformed_date_gets_a_vietnamese_message(admin_client):
    body = admin_client.get(reverse("units:unit_tree"), {"ngay": "32/13/2025"}).content.decode()
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy" in body


def test_searching_the_units_page_lists_the_units_in_force_that_day_ignoring_diacritics(admin_client):
    body = admin_client.get(
        reverse("units:unit_tree"), {"ngay": "01/07/2025", "q": "so khoa hoc"}
    ).content.decode()
    assert "Đơn vị khớp với “so khoa hoc”" in body
    assert "Sở Khoa học và Công nghệ" in body
    assert "1 đơn vị có hiệu lực ngày 01/07/2025" in body


def test_a_search_that_matches_nothing_says_so(admin_client):
    body = admin_client.get(reverse("units:unit_tree"), {"q": "không tồn tại xyz"}).content.decode()
    assert "Không có đơn vị nào khớp" in body


def test_a_reporter_may_not_read_the_programmes_unit_tree(client, hai_phong_units):
    reporter = User.objects.create_user(
        username="cam", role=Role.AGENCY_REPORTER, unit=Unit.objects.get(code="hp:so-khcn")
    )
    client.force_login(reporter)
    assert client.get(reverse("units:unit_tree"), {"q": "hai"}).status_code == 403
