"""What the one answering engine does after an answer: the sender is told (in the app and by
e-mail, once), the answer shows in the proposing unit's next report, the chasing page counts
what is still unanswered per addressee, and explanation requests run on the same engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from dieuhanh.core.answers import AnswerState
from dieuhanh.reporting.models import Notification, Report, ReportStatus
from dieuhanh.reporting.services import period_ensure
from dieuhanh.steering import services
from dieuhanh.steering.models import Explanation

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _proposals(world, reporting, text: str):  # type: ignore[no-untyped-def]
    report = Report.objects.create(
        period=reporting.july, unit=world.units["hp_bql"], status=ReportStatus.ACCEPTED, proposals=text
    )
    return services.proposals_from_report(report=report, today=dt.date(2025, 8, 1))  # due 16/08


def _told(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).values_list("text", "url"))


def test_an_answered_proposal_is_told_once_to_the_proposing_units_reporters_in_the_app_and_by_email(
    world, reporting, django_capture_on_commit_callbacks
):
    bob = world.users["bql"]
    bob.email = "bob@vi-du.invalid"
    bob.save()
    (p,) = _proposals(world, reporting, "Đề nghị Sở hướng dẫn")
    admin = world.users["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(proposal=p, state=AnswerState.IN_PROGRESS, answer="", user=admin)
    assert _told(bob) == [] and mail.outbox == []  # taken up is not yet an answer
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(proposal=p, state=AnswerState.ANSWERED, answer="Đã hướng dẫn", user=admin)
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=p, state=AnswerState.ANSWERED, answer="Lần hai", user=admin)
    assert _told(bob) == [
        (
            "Kiến nghị “Đề nghị Sở hướng dẫn” đã được trả lời: Đã hướng dẫn",
            f"/dieu-hanh/kien-nghi/?xem=done#kn-{p.pk}",
        )
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bob@vi-du.invalid"], "[dieuhanh] Kiến nghị “Đề nghị Sở hướng dẫn” đã được trả lời")
    ]
    assert _told(world.users["khcn"]) == []  # another unit's reporter hears nothing


def test_an_escalated_proposal_is_told_to_the_proposer_too(world, reporting):
    (p,) = _proposals(world, reporting, "Đề nghị Bộ hướng dẫn")
    services.proposal_answer(
        proposal=p, state=AnswerState.ESCALATED, answer="Đã chuyển Bộ Khoa học", user=world.users["admin"]
    )
    assert [text for text, _ in _told(world.users["bql"])] == [
        "Kiến nghị “Đề nghị Bộ hướng dẫn” đã được chuyển cấp trên: Đã chuyển Bộ Khoa học"
    ]


def test_the_proposing_units_next_report_shows_its_earlier_proposal_with_the_answer(world, reporting):
    answered, pending = _proposals(world, reporting, "Đề nghị bố trí kinh phí\nĐề nghị Sở tập huấn")
    services.proposal_answer(
        proposal=answered, state=AnswerState.ANSWERED, answer="Đã bố trí 2 tỷ đồng", user=world.users["admin"]
    )
    august = Report.objects.create(
        period=period_ensure(regime=reporting.regime, year=2025, number=8), unit=world.units["hp_bql"]
    )
    page = _client(world.users["bql"]).get(f"/bao-cao/{august.pk}/").content.decode()
    section = page[page.index('id="tra-loi-kien-nghi"') :]
    assert "Kiến nghị các kỳ trước và trả lời" in section
    assert f'data-answer="{answered.pk}"' in section and "Đã bố trí 2 tỷ đồng" in section
    assert f'data-answer="{pending.pk}"' in section and "Chưa xử lý" in section
    assert "hạn trả lời 16/08/2025" in section  # the one still open shows its deadline


def test_the_chasing_page_counts_unanswered_proposals_per_addressee(world, reporting):
    items = _proposals(
        world, reporting, "Đề nghị UBND thành phố chỉ đạo\nĐề nghị Sở hướng dẫn\nĐề nghị Sở hỗ trợ"
    )
    services.proposal_answer(
        proposal=items[2], state=AnswerState.ANSWERED, answer="Xong", user=world.users["admin"]
    )
    page = _client(world.users["admin"]).get("/bao-cao/don-doc/").content.decode()
    section = page[page.index('data-section="proposals"') :]
    rows = [
        ('data-addressee="Lãnh đạo tỉnh"', '"Chưa trả lời">1<', '"Đã trả lời">0<'),
        ('data-addressee="Sở Khoa học và Công nghệ"', '"Chưa trả lời">1<', '"Đã trả lời">1<'),
    ]
    for addressee, unanswered, answered in rows:
        row = section[section.index(addressee) :].split("</tr>")[0]
        assert unanswered in row and answered in row


def _explanation(world, reporting) -> Explanation:  # type: ignore[no-untyped-def]
    return services.explanation_request(
        subject="task",
        task=world.tasks["bql_overdue"],
        unit=world.units["hp_bql"],
        period=reporting.june,
        question="Vì sao quá hạn?",
        due_on=dt.date(2025, 7, 15),
        user=world.users["leader"],
        now=dt.datetime(2025, 7, 10, 2, tzinfo=dt.UTC),
    )


def test_an_explanation_request_is_an_item_of_the_engine_and_its_answer_is_told_to_who_asked(
    world, reporting
):
    e = _explanation(world, reporting)
    assert (e.state, e.respond_by) == (AnswerState.PENDING, dt.date(2025, 7, 15))
    assert e.is_late_on(dt.date(2025, 7, 16)) and not e.is_late_on(dt.date(2025, 7, 15))
    answered = dt.datetime(2025, 7, 18, 3, tzinfo=dt.UTC)  # 10:00 on 18/07 in Hà Nội
    services.explanation_answer(explanation=e, answer="Chờ vốn", user=world.users["bql"], now=answered)
    e.refresh_from_db()
    assert (e.state, e.answered_by, e.response_time()) == (
        AnswerState.ANSWERED,
        world.users["bql"],
        dt.timedelta(days=8, hours=1),
    )
    assert e.answered_late() and not e.is_open()
    with pytest.raises(ValidationError, match="đã được giải trình"):
        services.explanation_answer(explanation=e, answer="Lần hai", user=world.users["bql"])
    assert _told(world.users["leader"]) == [
        (
            "Yêu cầu giải trình “Nhiệm vụ T-BQL-1. Nhiệm vụ T-BQL-1 về dịch vụ công” "
            "đã được trả lời: Chờ vốn",
            f"/dieu-hanh/giai-trinh/#gt-{e.pk}",
        )
    ]


def test_the_explanations_page_shows_a_request_and_its_answer(world, reporting):
    e = _explanation(world, reporting)
    services.explanation_answer(explanation=e, answer="Chờ vốn", user=world.users["bql"])
    page = _client(world.users["leader"]).get("/dieu-hanh/giai-trinh/").content.decode()
    item = page[page.index(f'id="gt-{e.pk}"') :].split("</li>")[0]
    assert "yêu cầu ngày 10/07/2025 · hạn 15/07/2025" in item and "Chờ vốn" in item


def test_the_issuer_a_proposal_is_addressed_to_and_the_centres_judgement_are_named_from_the_province_record(
    world, reporting
):
    from dieuhanh.steering.forms import RouteForm
    from dieuhanh.steering.models import Confidence, Judge, Level

    receiver = reporting.regime.receiving_unit
    receiver.name = "Sở Khoa học, Công nghệ và Đổi mới sáng tạo thành phố Hải Phòng"
    receiver.save()
    (p,) = _proposals(world, reporting, "Đề nghị Sở hướng dẫn")
    assert p.addressee_label == "Sở Khoa học, Công nghệ và Đổi mới sáng tạo"
    assert ("so", "Sở Khoa học, Công nghệ và Đổi mới sáng tạo") in RouteForm().fields["addressee"].choices
    judged = Confidence(
        judge=Judge.CENTRE, level=Level.LIKELY, recorded_at=dt.datetime(2025, 8, 1, tzinfo=dt.UTC)
    )
    assert str(judged) == "Sở Khoa học, Công nghệ và Đổi mới sáng tạo: Nhiều khả năng đạt"
