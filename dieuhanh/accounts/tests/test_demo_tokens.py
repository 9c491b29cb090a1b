"""The demo's two API tokens (the Board's software: one reads, one writes): made once, their
secrets given only when made, listed in the admin without them."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.demo import DEMO_USERS, api_tokens_load_demo, user_load_demo_users
from dieuhanh.accounts.models import ApiToken
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db):  # type: ignore[no-untyped-def]
    for code in {d.unit_code for d in DEMO_USERS if d.unit_code}:
        kind = "enterprise" if code.startswith("demo:dn") else "agency"
        Unit.objects.create(code=code, kind=kind, name=f"Đơn vị {code}")
    return user_load_demo_users()


def test_the_demo_makes_a_read_and_a_write_token_of_the_board(demo_users):
    issued = api_tokens_load_demo()
    tokens = ApiToken.objects.order_by("access")
    assert [(t.unit.code, t.access) for t in tokens] == [("hp:bql-kkt", "read"), ("hp:bql-kkt", "write")]
    assert sorted(i.token.access for i in issued) == ["read", "write"]
    assert all(i.secret.startswith(f"dh_{i.token.prefix}_") for i in issued)


def test_running_the_demo_again_makes_no_token_and_shows_no_secret(demo_users):
    api_tokens_load_demo()
    assert api_tokens_load_demo() == []
    assert ApiToken.objects.count() == 2


def test_the_demo_tokens_answer_the_api_as_the_board(demo_users):
    read, write = sorted(api_tokens_load_demo(), key=lambda i: i.token.access)
    assert Client().get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {read.secret}").status_code == 200
    refused = Client().patch("/api/v1/reports/1", "{}", HTTP_AUTHORIZATION=f"Bearer {read.secret}")
    assert refused.status_code == 403
    # The write token passes the token check; the (absent) report is the register's answer.
    missing = Client().patch(
        "/api/v1/reports/999999",
        '{"proposals": "x"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {write.secret}",
    )
    assert missing.status_code == 404


def test_the_admin_lists_the_demo_tokens_without_their_secrets(demo_users):
    issued = api_tokens_load_demo()
    client = Client()
    client.force_login(next(u for u in demo_users if u.username == "quantri"))
    page = client.get("/quan-tri/accounts/apitoken/").content.decode()
    for made in issued:
        assert made.token.name in page
        assert made.token.prefix in page
        assert made.secret not in page
        detail = client.get(f"/quan-tri/accounts/apitoken/{made.token.pk}/change/").content.decode()
        assert made.secret not in detail
