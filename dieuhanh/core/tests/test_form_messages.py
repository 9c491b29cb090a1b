"""Django's own form messages that its Vietnamese translation lacks are in ours (locale/vi),
so a page never answers a bad input in English."""

from __future__ import annotations

import pytest
from django import forms
from django.core.paginator import Paginator


class _Note(forms.Form):
    text = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_a_nul_character_or_an_unknown_choice_in_a_form_is_refused_in_vietnamese():
    form = _Note(data={"text": "Kết quả\x00", "kind": "z"})
    assert not form.is_valid()
    assert form.errors["text"] == ["Có ký tự NUL (mã 0), ký tự này không được phép."]
    assert form.errors["kind"] == ["Hãy chọn một mục hợp lệ. z không nằm trong các mục cho phép."]


@pytest.mark.parametrize(
    ("page", "message"), [("x", "Số trang phải là số nguyên"), (0, "Số trang phải từ 1 trở lên")]
)
def test_a_bad_page_number_is_said_in_vietnamese(page, message):
    with pytest.raises(Exception, match=message):
        Paginator([1, 2], 1).validate_number(page)
