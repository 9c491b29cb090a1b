"""The programme administrator manages accounts but cannot hand out what they do not hold."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from dieuhanh.accounts.models import User

pytestmark = pytest.mark.django_db


def change_form(user: User, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "unit": user.unit_id or "",
        "full_name": "Bob Reporter",
        "job_title": "",
        "phone": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return data


def test_the_programme_admin_cannot_grant_superuser_groups_or_raw_permissions(client, world):
    bob = world.users["bql"]
    group = Group.objects.create(name="Toàn quyền")
    perm = Permission.objects.get(codename="delete_reportversion")
    client.force_login(world.users["admin"])
    page = client.get(f"/quan-tri/accounts/user/{bob.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page and 'name="groups"' not in page
    response = client.post(
        f"/quan-tri/accounts/user/{bob.pk}/change/",
        change_form(bob, is_superuser="on", groups=[group.pk], user_permissions=[perm.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bob.refresh_from_db()
    assert bob.full_name == "Bob Reporter"  # the allowed change went through
    assert not bob.is_superuser
    assert not bob.groups.exists() and not bob.user_permissions.exists()


def test_the_programme_admin_cannot_touch_a_superusers_account_or_the_groups(client, world):
    root = User.objects.create_superuser("root", "root@example.org", "pw-root")
    client.force_login(world.users["admin"])
    assert client.post(f"/quan-tri/accounts/user/{root.pk}/change/", change_form(root)).status_code == 403
    assert client.get(f"/quan-tri/accounts/user/{root.pk}/password/").status_code == 403
    assert client.get("/quan-tri/auth/group/").status_code == 403
    assert "/quan-tri/auth/group/" not in client.get("/quan-tri/").content.decode()


def test_nobody_deletes_an_account_so_the_log_keeps_its_author(client, world):
    root = User.objects.create_superuser("root", "root@example.org", "pw-root")
    client.force_login(root)
    bob = world.users["bql"]
    assert client.post(f"/quan-tri/accounts/user/{bob.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=bob.pk).exists()


def test_a_superuser_still_grants_superuser_status(client, world):
    root = User.objects.create_superuser("root", "root@example.org", "pw-root")
    bob = world.users["bql"]
    client.force_login(root)
    response = client.post(f"/quan-tri/accounts/user/{bob.pk}/change/", change_form(bob, is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    bob.refresh_from_db()
    assert bob.is_superuser


def test_a_users_role_and_unit_change_is_in_the_inspectors_export_with_who_and_from_where(client, world):
    import csv
    import io

    bob = world.users["bql"]
    client.force_login(world.users["admin"])
    form = change_form(bob, role="leader", unit=world.units["hp_khcn"].pk)
    response = client.post(f"/quan-tri/accounts/user/{bob.pk}/change/", form, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302, response.content.decode()[:2000]
    row = User.history.filter(id=bob.pk).latest()
    assert (row.role, row.ip_address, row.history_user) == ("leader", "203.0.113.9", world.users["admin"])
    export = client.get("/kiem-tra/nhat-ky/", {"don_vi": world.units["hp_khcn"].pk, "dinh_dang": "csv"})
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    change = next(line for line in lines if "203.0.113.9" in line and "người dùng" in line)
    text = " ".join(change)
    assert "vai trò: Cán bộ báo cáo của sở, ban, ngành → Lãnh đạo" in text
    assert f"đơn vị: {world.units['hp_bql'].name} → {world.units['hp_khcn'].name}" in text
    assert "password" not in text and "mật khẩu" not in text
