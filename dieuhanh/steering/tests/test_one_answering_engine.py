"""One engine for requests and proposals (core.answers), seen from the agencies' proposals
(the enterprises' side: zones/tests/test_answering_engine.py); and the delivery confidence of
targets, judged by their lead unit and by the Sở."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dieuhanh.core.answers import AnswerState, answerable_answer, answerable_receive
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import lists, services

pytestmark = pytest.mark.django_db
ACCEPTED = dt.datetime(2025, 8, 12, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


def _proposal(world, reporting):  # type: ignore[no-untyped-def]
    report = Report.objects.create(
        period=reporting.july,
        unit=world.units["hp_bql"],
        status=ReportStatus.ACCEPTED,
        proposals="Đề nghị Sở hướng dẫn",
        reviewed_at=ACCEPTED,
    )
    (proposal,) = services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    return proposal


def test_a_proposal_is_sent_when_its_report_is_accepted_taken_up_then_answered_with_its_response_time(
    world, reporting
):
    p = _proposal(world, reporting)
    assert (p.state, p.sent_at, p.respond_by) == (AnswerState.PENDING, ACCEPTED, dt.date(2025, 8, 27))
    answerable_receive(p, user=world.users["admin"], now=ACCEPTED + dt.timedelta(hours=3))
    assert p.state == AnswerState.IN_PROGRESS and p.is_open()
    answerable_answer(
        p,
        state=AnswerState.ANSWERED,
        answer="Đã hướng dẫn",
        user=world.users["admin"],
        now=ACCEPTED + dt.timedelta(days=2, hours=6),
    )
    p.refresh_from_db()
    assert p.state == AnswerState.ANSWERED and not p.is_open()
    assert p.response_time() == dt.timedelta(days=2, hours=6)
    assert p.received_at == ACCEPTED + dt.timedelta(hours=3)
    assert p.history.first().history_change_reason == "Trả lời: đã trả lời"


def test_an_answered_item_is_not_answered_twice_and_an_answer_needs_its_text(world, reporting):
    p = _proposal(world, reporting)
    with pytest.raises(ValidationError, match="Hãy ghi nội dung trả lời"):
        services.proposal_answer(
            proposal=p, state=AnswerState.ESCALATED, answer=" ", user=world.users["admin"]
        )
    services.proposal_answer(proposal=p, state=AnswerState.ANSWERED, answer="Xong", user=world.users["admin"])
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.proposal_answer(
            proposal=p, state=AnswerState.ANSWERED, answer="Lại", user=world.users["admin"]
        )


# --- delivery confidence of targets --------------------------------------------------------


@pytest.fixture
def led_target(world):  # type: ignore[no-untyped-def]
    target = world.document.targets.get(code="CT-DVC")
    target.lead_unit = world.units["hp_khcn"]
    target.save()
    return target


def test_the_lead_unit_rates_the_target_it_leads_and_another_unit_may_not(world, reporting, led_target):
    kw = {"period": reporting.june, "target": led_target, "reason": "Đúng lộ trình"}
    services.confidence_record(level=2, user=world.users["khcn"], **kw)
    assert services.confidence_record(level=2, user=world.users["khcn"], **kw) is None  # carried forward
    with pytest.raises(PermissionDenied):
        services.confidence_record(level=2, user=world.users["bql"], **kw)
    (row,) = lists.target_confidence_rows(user=world.users["khcn"])
    assert row.target == led_target and row.lead is not None and row.lead.level == 2 and row.centre is None
    assert lists.target_confidence_rows(user=world.users["bql"]) == []


def test_a_two_step_gap_on_a_target_goes_to_the_pack_and_the_verdict_names_the_lead(
    world, reporting, led_target
):
    kw = {"period": reporting.june, "target": led_target}
    services.confidence_record(level=1, reason="Chắc chắn", user=world.users["khcn"], **kw)
    services.confidence_record(level=3, reason="Thiếu số liệu", user=world.users["admin"], **kw)
    (d,) = lists.confidence_disagreements(user=world.users["admin"])
    assert d.row.target == led_target and (d.row.lead.level, d.row.centre.level) == (1, 3)
    services.confidence_record(level=2, reason="Đỡ hơn", user=world.users["admin"], **kw)
    assert lists.confidence_disagreements(user=world.users["admin"]) == []
    # The verdict takes the lead's judgement, not the Sở's (its reasons say whose it is).
    assert lists.latest_target_levels(on=timezone.localdate())[led_target.pk].reason == "Chắc chắn"
