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


def test_an_answered_request_is_told_to_the_enterprises_accounts_in_the_app_and_by_email(
    zones, django_capture_on_commit_callbacks
):
    from django.core import mail

    from dieuhanh.reporting.models import Notification
    from dieuhanh.zones.portal import request_answer

    eve = zones.users["enterprise"]
    eve.email = "eve@vi-du.invalid"
    eve.save()
    item = request_send(
        user=eve,
        enterprise=zones.a,
        department=zones.department,
        kind="question",
        subject="Thủ tục PCCC",
        body="Hỏi",
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_answer(
            user=zones.users["bql"], request_id=item.pk, answer="Nộp hồ sơ tại Phòng Cảnh sát PCCC"
        )
    told = list(Notification.objects.values_list("user__username", "text", "url"))
    assert told == [
        (
            "eve",
            "Yêu cầu “Thủ tục PCCC” đã được trả lời: Nộp hồ sơ tại Phòng Cảnh sát PCCC",
            f"/khu-cong-nghiep/kien-nghi/{item.pk}/",
        )
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["eve@vi-du.invalid"], "[dieuhanh] Yêu cầu “Thủ tục PCCC” đã được trả lời")
    ]
