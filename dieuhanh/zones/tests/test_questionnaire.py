"""The questionnaire is data the administrator edits; answered versions stay frozen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dieuhanh.zones.assessment import questionnaire_copy, questionnaire_current, questionnaire_publish
from dieuhanh.zones.models import Assessment, Question, Questionnaire
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_version_one_is_a_provisional_draft_on_six_pillars(zones):
    q = questionnaire_current()
    assert q is not None and q.version == 1 and q.provisional
    assert [p.name for p in q.pillars.all()] == [
        "Trải nghiệm khách hàng",
        "Chiến lược",
        "Hạ tầng và công nghệ số",
        "Vận hành",
        "Chuyển đổi số văn hóa doanh nghiệp",
        "Dữ liệu và tài sản thông tin",
    ]
    assert all(q.choices.count() == 6 for q in Question.objects.filter(pillar__questionnaire=q))


def test_a_new_version_is_copied_edited_and_published_without_touching_old_answers(zones):
    v1 = questionnaire_current()
    Assessment.objects.create(enterprise=zones.a, questionnaire=v1)
    admin = client_for(zones.users["admin"])
    question = Question.objects.filter(pillar__questionnaire=v1).first()
    assert admin.get(reverse("admin:zones_question_change", args=[question.pk])).status_code == 200
    assert admin.post(reverse("admin:zones_question_change", args=[question.pk]), {}).status_code == 403
    v2 = questionnaire_copy(questionnaire=v1)
    assert v2.version == 2 and v2.status == Questionnaire.Status.DRAFT
    questionnaire_publish(questionnaire=v2)
    v1.refresh_from_db()
    assert questionnaire_current() == v2 and v1.status == Questionnaire.Status.RETIRED
    assert admin.get(reverse("admin:zones_questionnaire_changelist")).status_code == 200


def test_the_questionnaire_admin_is_closed_to_the_board_and_enterprises(zones):
    for who in ("bql", "enterprise", "leader"):
        response = client_for(zones.users[who]).get(reverse("admin:zones_questionnaire_changelist"))
        assert response.status_code in (302, 403)
