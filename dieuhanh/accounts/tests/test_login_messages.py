"""The login form's messages name the body that runs the platform from the province record,
not a body written into the code."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.forms import LoginForm
from dieuhanh.units.models import Province

pytestmark = pytest.mark.django_db


def test_a_locked_account_is_sent_to_the_administrators_of_the_province_records_issuer(world, reporting):
    # No issuer recorded: the monthly regime's receiving body (Hải Phòng's Sở), without its place.
    assert str(LoginForm.error_messages["inactive"]) == (
        "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên Sở Khoa học và Công nghệ."
    )
    Province.objects.filter(is_deployed=True).update(issuer=world.units["hp_ubnd"])
    assert str(LoginForm.error_messages["inactive"]) == (
        "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên Ủy ban nhân dân."
    )
