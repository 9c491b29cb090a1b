"""The enterprises' requests run on the answering engine shared with the agencies' proposals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dieuhanh.core.answers import AnswerState, answerable_answer
from dieuhanh.zones.models import EnterpriseRequest
from dieuhanh.zones.portal import request_send

pytestmark = pytest.mark.django_db


def test_an_enterprise_request_runs_on_the_same_engine_with_a_fifteen_day_deadline(zones):
    item = request_send(
        user=zones.users["enterprise"],
        enterprise=zones.a,
        department=zones.department,
        kind="question",
        subject="Thủ tục PCCC",
        body="Hỏi",
    )
    assert item.state == AnswerState.PENDING
    assert item.respond_by == timezone.localdate(item.sent_at) + dt.timedelta(days=15)
    assert not item.is_late_on(item.respond_by) and item.is_late_on(item.respond_by + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="đã được trả lời"):
        answerable_answer(item, state="answered", answer="x", user=zones.users["bql"])
        answerable_answer(item, state="answered", answer="y", user=zones.users["bql"])
    assert EnterpriseRequest.objects.get().answer == "x"
