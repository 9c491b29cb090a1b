"""The DX self-assessment: loading and versioning the questionnaire, answering, scoring.

Scores: a choice is worth its level (0–5); a pillar's score is the mean of its questions;
the overall score is the weighted mean of the pillars; the level is the overall score rounded
down, but never more than one above the weakest pillar (a zero pillar cannot hide behind
strong ones)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dieuhanh.accounts.models import User
from dieuhanh.zones import questionnaire_v1
from dieuhanh.zones.models import Answer, Assessment, Choice, Enterprise, Pillar, Question, Questionnaire


@transaction.atomic
def questionnaire_load_v1() -> Questionnaire:
    """Version 1, published, unless a version 1 already exists (then left as the admin made it)."""
    existing = Questionnaire.objects.filter(version=1).first()
    if existing is not None:
        return existing
    q = Questionnaire.objects.create(
        version=1,
        title=questionnaire_v1.TITLE,
        basis=questionnaire_v1.BASIS,
        status=Questionnaire.Status.PUBLISHED,
        provisional=True,
        published_at=timezone.now(),
    )
    for p_order, (code, name, questions) in enumerate(questionnaire_v1.PILLARS, start=1):
        pillar = Pillar.objects.create(questionnaire=q, code=code, name=name, order=p_order)
        for q_order, text in enumerate(questions, start=1):
            question = Question.objects.create(
                pillar=pillar, code=f"{code}{q_order}", text=text, order=q_order
            )
            bulk_create_with_history(
                [
                    Choice(question=question, label=label, score=s, order=s)
                    for s, label in enumerate(questionnaire_v1.SCALE)
                ],
                Choice,
            )
    return q


def questionnaire_current() -> Questionnaire | None:
    return Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).order_by("-version").first()


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new draft version with the same pillars, questions and choices, to edit and publish."""
    latest = Questionnaire.objects.order_by("-version").values_list("version", flat=True).first() or 0
    new = Questionnaire.objects.create(
        version=latest + 1,
        title=questionnaire.title,
        basis=questionnaire.basis,
        provisional=questionnaire.provisional,
        status=Questionnaire.Status.DRAFT,
    )
    for pillar in questionnaire.pillars.prefetch_related("questions__choices"):
        new_pillar = Pillar.objects.create(
            questionnaire=new, code=pillar.code, name=pillar.name, order=pillar.order, weight=pillar.weight
        )
        for question in pillar.questions.all():
            new_q = Question.objects.create(
                pillar=new_pillar,
                code=question.code,
                text=question.text,
                help_text=question.help_text,
                order=question.order,
            )
            bulk_create_with_history(
                [
                    Choice(question=new_q, label=c.label, score=c.score, order=c.order)
                    for c in question.choices.all()
                ],
                Choice,
            )
    return new


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire) -> Questionnaire:
    """Publish a version and retire the one before; answers already given keep their version."""
    empty = [p.name for p in questionnaire.pillars.all() if not p.questions.exists()]
    if not questionnaire.pillars.exists() or empty:
        raise ValidationError(f"Bộ câu hỏi chưa đủ: trụ cột chưa có câu hỏi: {', '.join(empty) or 'tất cả'}.")
    published = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
    retired = list(published.exclude(pk=questionnaire.pk))
    for old in retired:
        old.status = Questionnaire.Status.RETIRED
    bulk_update_with_history(retired, Questionnaire, ["status"])
    questionnaire.status, questionnaire.published_at = Questionnaire.Status.PUBLISHED, timezone.now()
    questionnaire.save()
    return questionnaire


def _check_own(user: User, enterprise: Enterprise) -> None:
    if not (user.is_active and user.unit_id == enterprise.unit_id):
        raise PermissionDenied("Bạn chỉ được tự đánh giá cho doanh nghiệp của mình.")


@transaction.atomic
def assessment_start(*, user: User, enterprise: Enterprise) -> Assessment:
    _check_own(user, enterprise)
    questionnaire = questionnaire_current()
    if questionnaire is None:
        raise ValidationError("Chưa có bộ câu hỏi tự đánh giá đang áp dụng.")
    assessment, _ = Assessment.objects.get_or_create(
        enterprise=enterprise, questionnaire=questionnaire, status=Assessment.Status.DRAFT
    )
    return assessment


@transaction.atomic
def assessment_save(*, user: User, assessment_id: int, answers: dict[int, int]) -> Assessment:
    """Record answers {question id: choice id}; only choices of that question count."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=assessment_id)
    )
    _check_own(user, assessment.enterprise)
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError("Bản tự đánh giá đã nộp, không sửa được; hãy làm lượt đánh giá mới.")
    valid = {
        c.pk: c
        for c in Choice.objects.filter(
            pk__in=answers.values(), question__pillar__questionnaire_id=assessment.questionnaire_id
        )
    }
    for question_id, choice_id in answers.items():
        choice = valid.get(choice_id)
        if choice is None or choice.question_id != question_id:
            raise ValidationError("Phương án trả lời không thuộc câu hỏi của bộ câu hỏi này.")
        Answer.objects.update_or_create(
            assessment=assessment, question_id=question_id, defaults={"choice": choice}
        )
    return assessment


def assessment_scores(assessment: Assessment) -> tuple[dict[str, Decimal], Decimal, int]:
    """(score per pillar code, overall score, level) from the answers given."""
    chosen = {a.question_id: a.choice.score for a in assessment.answers.select_related("choice")}
    pillar_scores: dict[str, Decimal] = {}
    weighted, weights = Decimal(0), Decimal(0)
    for pillar in assessment.questionnaire.pillars.prefetch_related("questions"):
        scores = [chosen[q.pk] for q in pillar.questions.all() if q.pk in chosen]
        # One rounding, at the end: rounding the pillars first made 2,33 of answers read 2,34.
        exact = Decimal(sum(scores)) / len(scores) if scores else Decimal(0)
        pillar_scores[pillar.code] = _round(exact)
        weighted += exact * pillar.weight
        weights += pillar.weight
    overall = _round(weighted / weights) if weights else Decimal(0)
    level = min(math.floor(overall), math.floor(min(pillar_scores.values(), default=Decimal(0))) + 1, 5)
    return pillar_scores, overall, level


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def assessment_submit(*, user: User, assessment_id: int) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("enterprise", "questionnaire")
        .get(pk=assessment_id)
    )
    _check_own(user, assessment.enterprise)
    if assessment.status == Assessment.Status.SUBMITTED:
        return assessment
    answered = set(assessment.answers.values_list("question_id", flat=True))
    missing = [
        q.code
        for q in Question.objects.filter(pillar__questionnaire=assessment.questionnaire).order_by(
            "pillar__order", "order"
        )
        if q.pk not in answered
    ]
    if missing:
        raise ValidationError(f"Còn {len(missing)} câu chưa trả lời: {', '.join(missing)}.")
    pillar_scores, overall, level = assessment_scores(assessment)
    assessment.pillar_scores = {k: str(v) for k, v in pillar_scores.items()}
    assessment.score, assessment.level = overall, level
    assessment.status, assessment.submitted_at, assessment.submitted_by = (
        Assessment.Status.SUBMITTED,
        timezone.now(),
        user,
    )
    assessment.save()
    return assessment


def assessment_answer(
    *, user: User, enterprise: Enterprise, answers: dict[int, int], submit: bool
) -> Assessment:
    """The self-assessment page's one write: keep the answers in the draft, then submit it when
    asked. Not one transaction on purpose: answers saved stay saved when the submission is
    refused (a question left unanswered), so the enterprise loses nothing it typed."""
    with transaction.atomic():
        current = assessment_start(user=user, enterprise=enterprise)
        current = assessment_save(user=user, assessment_id=current.pk, answers=answers)
    return assessment_submit(user=user, assessment_id=current.pk) if submit else current
