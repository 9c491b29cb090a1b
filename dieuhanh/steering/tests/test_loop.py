"""The steering loop on the standard cast: meetings, conclusions as tasks, proposals answered,
confidence with its disagreements, explanation requests, freshness, and the pack."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx

from dieuhanh.core.answers import AnswerState
from dieuhanh.plans.models import Task
from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import lists, services
from dieuhanh.steering.models import Addressee, Conclusion, Confidence, Proposal
from dieuhanh.steering.pack import meeting_pack
from dieuhanh.steering.word import pack_docx

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 7, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def meeting(world, reporting):  # type: ignore[no-untyped-def]
    return services.meeting_create(
        period=reporting.june,
        held_on=dt.date(2025, 7, 8),
        title="Cuộc họp đánh giá tháng 6",
        chair="Phó Chủ tịch UBND",
        user=world.users["leader"],
    )


def _conclusion(world, meeting, deadline="trước ngày 31/08/2025"):  # type: ignore[no-untyped-def]
    data = services.ConclusionInput(
        text="Hoàn thiện Quy chế kinh phí",
        lead_unit=world.units["hp_khcn"],
        partner_units=[world.units["hp_bql"]],
        deliverable="Dự thảo Quy chế",
        deadline_text=deadline,
    )
    return services.conclusion_record(meeting=meeting, data=data, user=world.users["leader"])


def test_a_conclusion_becomes_a_task_with_its_five_r_and_the_notice_as_its_source(world, meeting):
    c = _conclusion(world, meeting)
    task = Task.objects.get(pk=c.task_id)
    assert task.code == f"KL{meeting.pk}.1"
    assert task.lead_unit == world.units["hp_khcn"]
    assert list(task.partner_units.all()) == [world.units["hp_bql"]]
    assert task.deliverable == "Dự thảo Quy chế"
    assert task.deadline_text == "trước ngày 31/08/2025"
    assert task.due == dt.date(2025, 8, 31)
    assert task.document == meeting.notice
    assert task.document.title.startswith("Thông báo kết luận")
    assert task.history.first().history_change_reason.startswith("Giao theo kết luận số 1")


def test_a_conclusion_with_an_unreadable_deadline_is_refused_and_nothing_is_saved(world, meeting):
    with pytest.raises(ValidationError) as exc:
        _conclusion(world, meeting, deadline="sớm nhất có thể")
    assert "Không đọc được thời hạn “sớm nhất có thể”" in exc.value.messages[0]
    assert not Conclusion.objects.exists()
    assert not Task.objects.filter(code__startswith="KL").exists()


def test_a_reporter_cannot_record_a_meeting(world, reporting):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            period=reporting.june,
            held_on=dt.date(2025, 7, 8),
            title="Họp",
            chair="",
            user=world.users["khcn"],
        )


def _accepted(world, reporting, unit_key, proposals):  # type: ignore[no-untyped-def]
    return Report.objects.create(
        period=reporting.july, unit=world.units[unit_key], status=ReportStatus.ACCEPTED, proposals=proposals
    )


def test_each_paragraph_of_an_accepted_reports_proposals_becomes_an_item_once(world, reporting):
    report = _accepted(
        world,
        reporting,
        "hp_bql",
        "- Đề nghị UBND thành phố bố trí kinh phí\n- Đề nghị Bộ Khoa học hướng dẫn\n",
    )
    made = services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    again = services.proposals_from_report(report=report, today=dt.date(2025, 8, 20))
    assert [p.text for p in made] == [
        "Đề nghị UBND thành phố bố trí kinh phí",
        "Đề nghị Bộ Khoa học hướng dẫn",
    ]
    assert [p.addressee for p in made] == [Addressee.PROVINCE, Addressee.CENTRAL]
    assert made[0].theme == "Kinh phí, tài chính"
    assert made[0].respond_by == dt.date(2025, 8, 27)  # 12/08 + 15 days
    assert again == []


def test_an_answer_goes_back_to_the_proposer_and_shows_in_its_next_report(world, reporting):
    from dieuhanh.reporting.services import period_ensure

    report = _accepted(world, reporting, "hp_bql", "Đề nghị bố trí kinh phí")
    (p,) = services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    services.proposal_answer(
        proposal=p, state=AnswerState.ANSWERED, answer="Đã bố trí", user=world.users["admin"]
    )
    august = Report(
        period=period_ensure(regime=reporting.regime, year=2025, number=8), unit=world.units["hp_bql"]
    )
    answers = lists.answers_for_report(report=august)
    assert [(a.text, a.answer) for a in answers] == [("Đề nghị bố trí kinh phí", "Đã bố trí")]
    for month in (9, 10):
        period_ensure(regime=reporting.regime, year=2025, number=month)
    november = Report(period=period_ensure(regime=reporting.regime, year=2025, number=11), unit=august.unit)
    assert lists.answers_for_report(report=november) == []  # two periods on, it is no longer news


def test_only_the_addressee_or_the_so_answers_a_proposal(world, reporting):
    report = _accepted(world, reporting, "hp_bql", "Đề nghị hỗ trợ")
    (p,) = services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))
    with pytest.raises(PermissionDenied):
        services.proposal_answer(proposal=p, state=AnswerState.ANSWERED, answer="x", user=world.users["khcn"])
    services.proposal_route(
        proposal=p,
        addressee=Addressee.UNIT,
        addressee_unit=world.units["hp_khcn"],
        respond_by=dt.date(2025, 8, 30),
        user=world.users["admin"],
    )
    services.proposal_answer(proposal=p, state=AnswerState.IN_PROGRESS, answer="", user=world.users["khcn"])
    assert Proposal.objects.get().state == AnswerState.IN_PROGRESS


def test_the_chasing_counts_unanswered_proposals_per_addressee_with_the_late_ones(world, reporting):
    report = _accepted(
        world, reporting, "hp_bql", "Đề nghị UBND thành phố chỉ đạo\nĐề nghị Sở hướng dẫn\nĐề nghị Sở hỗ trợ"
    )
    items = services.proposals_from_report(report=report, today=dt.date(2025, 8, 1))  # due 16/08
    services.proposal_answer(
        proposal=items[2], state=AnswerState.ANSWERED, answer="Xong", user=world.users["admin"]
    )
    counts = lists.proposal_counts(list(Proposal.objects.all()), on=dt.date(2025, 8, 20))
    assert [(c.addressee, c.open, c.late, c.answered) for c in counts] == [
        ("Lãnh đạo tỉnh", 1, 1, 0),
        ("Sở Khoa học và Công nghệ", 1, 1, 1),
    ]


def test_an_unchanged_judgement_carries_forward_and_a_two_step_gap_is_a_disagreement(world, reporting):
    task = world.tasks["tc_only"]
    task.lead_unit = world.units["hp_khcn"]
    task.save()
    kw = {"period": reporting.june, "task": task, "now": NOW}
    services.confidence_record(level=1, reason="Đủ điều kiện", user=world.users["khcn"], **kw)
    assert services.confidence_record(level=1, reason="Đủ điều kiện", user=world.users["khcn"], **kw) is None
    services.confidence_record(level=3, reason="Chờ vốn", user=world.users["admin"], **kw)
    assert Confidence.objects.count() == 2
    assert lists.confidence_disagreements(user=world.users["admin"])[0].row.task == task
    services.confidence_record(level=2, reason="Đã có vốn", user=world.users["khcn"], **kw)
    assert lists.confidence_disagreements(user=world.users["admin"]) == []
    assert [c.level for c in lists.task_confidence(task=task).history] == [1, 3, 2]


def test_a_unit_cannot_judge_a_task_it_does_not_lead(world, reporting):
    with pytest.raises(PermissionDenied):
        services.confidence_record(
            period=reporting.june, task=world.tasks["tc_only"], level=2, reason="x", user=world.users["bql"]
        )


def test_an_explanation_is_answered_by_its_unit_and_lateness_is_kept(world, reporting):
    e = services.explanation_request(
        subject="task",
        task=world.tasks["bql_overdue"],
        unit=world.units["hp_bql"],
        period=reporting.june,
        question="Vì sao quá hạn?",
        due_on=dt.date(2025, 7, 15),
        user=world.users["leader"],
        now=NOW,
    )
    with pytest.raises(PermissionDenied):
        services.explanation_answer(explanation=e, answer="x", user=world.users["khcn"])
    services.explanation_answer(
        explanation=e,
        answer="Chờ vốn",
        user=world.users["bql"],
        now=dt.datetime(2025, 7, 20, 3, tzinfo=dt.UTC),
    )
    assert e.answered_late()
    assert lists.explanation_queryset(user=world.users["khcn"]).count() == 0


def test_the_pack_opens_with_the_last_meetings_decisions_and_lists_the_overdue_by_agency(
    world, reporting, meeting
):
    _conclusion(world, meeting)
    later = services.meeting_create(
        period=reporting.july,
        held_on=dt.date(2025, 9, 8),
        title="Cuộc họp tháng 7",
        chair="",
        user=world.users["admin"],
    )
    pack = meeting_pack(user=world.users["admin"], meeting=later)
    assert pack.previous == meeting
    assert [line.task.code for line in pack.decided] == [f"KL{meeting.pk}.1"]
    assert str(pack.decided[0].status.label) == "Quá hạn"  # due 31/08, not done on 08/09
    by_unit = {g.unit: [t.code for t in g.tasks] for g in pack.overdue}
    assert by_unit["Ban Quản lý các khu công nghiệp tỉnh Hải Dương"] == ["T-BQL-1"]
    assert sorted(pack.missing) == [
        "Ban Quản lý Khu kinh tế Hải Phòng",
        "Phường Thành Đông",
        "Sở Khoa học và Công nghệ thành phố Hải Phòng",
    ]
    text = "\n".join(p.text for p in Docx(io.BytesIO(pack_docx(pack))).paragraphs)
    assert "TÀI LIỆU HỌP" in text
    assert "I. KẾT QUẢ THỰC HIỆN KẾT LUẬN CUỘC HỌP KỲ TRƯỚC" in text
    assert (
        "Kết luận 1 (Sở Khoa học và Công nghệ thành phố Hải Phòng chủ trì, trước ngày 31/08/2025): quá hạn"
        in text
    )


def test_the_pack_is_refused_to_a_reporter(world, meeting):
    from django.http import Http404

    with pytest.raises(Http404):
        meeting_pack(user=world.users["khcn"], meeting=meeting)


def test_freshness_counts_tasks_never_updated_per_lead_unit(world, reporting):
    rows = {
        f.unit.code: f for f in lists.reporting_freshness(user=world.users["admin"], on=dt.date(2025, 8, 1))
    }
    assert rows["hd:bql-kcn"].tasks == 1 and rows["hd:bql-kcn"].never_updated == 1
    assert rows["hd:bql-kcn"].score == 0


def test_freshness_is_a_measure_for_the_rubrics(world, reporting):
    from dieuhanh.evaluation.measures import Scope, measure
    from dieuhanh.evaluation.rubric import CriterionSpec

    spec = CriterionSpec(
        code="HG", name="Độ mới thông tin", max=Decimal(5), rule={}, measure={"source": "steering.freshness"}
    )
    unit = world.units["hp_bql"]
    scope = Scope(
        unit=unit, lineage={unit.pk, world.units["hd_bql"].pk}, year=2025, on=dt.date(2025, 8, 1), params=None
    )  # type: ignore[arg-type]
    got = measure(spec, scope)
    assert got is not None
    # The Board leads T-BQL-1 (open, never reported on); T-BQL-2 was done on 12/06/2025.
    assert got.inputs == {"value": 0.0, "tasks": 1, "never_updated": 1, "stale": 0}


def _notice(*items: str) -> bytes:
    doc = Docx()
    lines = [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
        "Số: 125/TB-UBND",
        "THÔNG BÁO",
        "Kết luận của Phó Chủ tịch UBND thành phố tại cuộc họp đánh giá tháng 6/2025",
        "II. NHIỆM VỤ GIAO CÁC CƠ QUAN, ĐƠN VỊ",
        *items,
    ]
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


KHCN_ITEM = (
    "1. Sở Khoa học và Công nghệ chủ trì tham mưu Quy chế quản lý kinh phí thực hiện Nghị quyết "
    "57-NQ/TW, hoàn thành trước ngày 31/12/2025."
)


def test_a_signed_notice_is_read_through_the_plan_extractor_into_conclusions_and_tasks(world, meeting):
    made = services.conclusions_import(
        meeting=meeting, data=_notice(KHCN_ITEM), file_name="tb-125.docx", user=world.users["leader"]
    )
    assert [(c.lead_unit.code, c.task.due) for c in made] == [("hp:so-khcn", dt.date(2025, 12, 31))]
    meeting.refresh_from_db()
    assert meeting.notice.number == "125/TB-UBND"
    assert made[0].task.document == meeting.notice


def test_a_notice_with_an_unknown_lead_is_refused_whole_naming_the_item(world, meeting):
    unknown = "2. Sở Nội vụ chủ trì hoàn thiện phương án bố trí nhân lực, hoàn thành trong tháng 11/2025."
    with pytest.raises(ValidationError) as exc:
        services.conclusions_import(
            meeting=meeting, data=_notice(KHCN_ITEM, unknown), file_name="tb.docx", user=world.users["leader"]
        )
    assert exc.value.messages == [
        "Kết luận 2 (đoạn 7): không xác định được cơ quan chủ trì (văn bản ghi: Sở Nội vụ)."
    ]
    assert not Conclusion.objects.exists()
