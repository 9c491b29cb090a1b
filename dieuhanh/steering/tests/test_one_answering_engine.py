"""One engine for requests and proposals (core.answers), seen from the agencies' proposals
(the enterprises' side: zones/tests/test_answering_engine.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dieuhanh.core.answers import AnswerState, answerable_answer, answerable_receive
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import services

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
