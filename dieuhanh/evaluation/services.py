"""Writes of the evaluation: rubrics in and out as JSON, rounds, the unit's self-assessment,
the verifying units' appraisal, the issuer's review (the province record's issuing body),
publication (a frozen snapshot) and re-evaluation (a new version)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_lineage_ids
from dieuhanh.evaluation.card import Given, card_compute, criterion_score
from dieuhanh.evaluation.compute import (
    SELF,
    card_snapshot,
    evaluation_givens,
    ranked,
    round_cards,
    unit_ref,
)
from dieuhanh.evaluation.models import Entry, EntryEvidence, Evaluation, Round, Rubric
from dieuhanh.evaluation.rubric import RubricError, rubric_parse
from dieuhanh.reporting.evidence import check_evidence_file
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import issuer_short_name

# ---- rubrics ------------------------------------------------------------------------------------


def rubric_read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RubricError(f"Không tìm thấy tệp {path}.") from exc
    except json.JSONDecodeError as exc:
        raise RubricError(
            f"Tệp {path.name}, dòng {exc.lineno}, cột {exc.colno}: JSON không hợp lệ ({exc.msg})."
        ) from exc
    except UnicodeDecodeError as exc:
        raise RubricError(f"Tệp {path.name} không phải văn bản UTF-8.") from exc
    if not isinstance(data, dict):
        raise RubricError(f"Tệp {path.name}: bộ tiêu chí phải là một đối tượng JSON.")
    return data


@transaction.atomic
def rubric_import(*, definition: dict[str, Any], source_note: str = "") -> Rubric:
    """Store a methodology; the same code with a different text becomes the next version.
    Nothing is saved if the definition cannot be read."""
    spec = rubric_parse(definition)
    latest = Rubric.objects.filter(code=spec.code).order_by("-version").first()
    if latest is not None and latest.definition == definition:
        return latest
    version = latest.version + 1 if latest else 1
    Rubric.objects.filter(code=spec.code).update(active=False)
    return Rubric.objects.create(
        code=spec.code,
        version=version,
        title=spec.title[:400],
        definition=definition,
        complete=spec.complete,
        source_note=source_note[:400],
        active=True,
    )


# ---- rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *, rubric: Rubric, year: int, self_assessment_due: dt.date, data_as_of: dt.date, units: list[Unit]
) -> Round:
    round_, _ = Round.objects.update_or_create(
        rubric=rubric,
        year=year,
        defaults={"self_assessment_due": self_assessment_due, "data_as_of": data_as_of},
    )
    round_.units.add(*units)
    for unit in units:
        Evaluation.objects.get_or_create(round=round_, unit=unit, version=1)
    return round_


def _current(evaluation_id: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "round__rubric", "unit")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise ValidationError("Không tìm thấy kết quả đánh giá.")
    return evaluation


def _own(user: User, evaluation: Evaluation) -> None:
    if not (rules.is_reporter(user) and evaluation.unit_id in user_lineage_ids(user=user)):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được tự đánh giá.")


def _admin(user: User) -> None:
    if not rules.is_programme_admin(user):
        issuer = issuer_short_name(on=timezone.localdate())
        raise PermissionDenied(f"Chỉ quản trị chương trình ({issuer}) được thực hiện thao tác này.")


def _check_inputs(evaluation: Evaluation, criterion: str, inputs: dict[str, Any]) -> None:
    """Score the criterion with these inputs; an input the rule cannot use is refused."""
    spec = evaluation.round.rubric.spec()
    try:
        c = spec.criterion(criterion)
    except KeyError as exc:
        raise ValidationError(f"Bộ tiêu chí không có tiêu chí {criterion}.") from exc
    if c.kind == "late_submission":
        raise ValidationError(f"Tiêu chí {criterion} tính theo thời gian ghi nhận nộp hồ sơ trên hệ thống.")
    givens = evaluation_givens(evaluation, spec)
    givens[criterion] = Given(inputs, SELF)
    card = card_compute(spec, givens)
    result = next(
        r for g in [*card.groups, card.bonus, card.deductions] if g for r in g.criteria if r.code == criterion
    )
    if result.missing:
        raise ValidationError(result.rule)


@transaction.atomic
def entry_self_save(
    *,
    user: User,
    evaluation_id: int,
    criterion: str,
    inputs: dict[str, Any],
    evidence: str,
    upload: UploadedFile | None = None,
) -> Entry:
    """The unit's own score of a criterion, with its evidence: a text (numbers and dates of
    documents) and/or a file (checked like a report's evidence: PDF, Word, Excel, images; 20 MB)."""
    evaluation = _current(evaluation_id)
    _own(user, evaluation)
    if not evaluation.self_editable:
        raise ValidationError("Hồ sơ tự đánh giá đã nộp, không sửa được nữa.")
    spec = evaluation.round.rubric.spec()
    c = spec.criterion(criterion) if criterion in {x.code for x in spec.criteria()} else None
    has_file = (
        upload is not None
        or EntryEvidence.objects.filter(entry__evaluation=evaluation, entry__criterion=criterion).exists()
    )
    if c is not None and c.evidence and not evidence.strip() and not has_file:
        raise ValidationError(f"Tiêu chí {criterion} cần minh chứng: {c.evidence}")
    _check_inputs(evaluation, criterion, inputs)
    if upload is not None:
        check_evidence_file(upload)
    entry, _ = Entry.objects.update_or_create(
        evaluation=evaluation,
        criterion=criterion,
        defaults={"self_inputs": inputs, "evidence": evidence.strip()},
    )
    if upload is not None:
        kept = EntryEvidence(
            entry=entry,
            uploaded_by=user,
            original_name=(upload.name or "tep")[:255],
            content_type=upload.content_type or "",
            size=upload.size or 0,
        )
        kept.file.save(kept.original_name, upload, save=False)
        kept.save()
    return entry


@transaction.atomic
def evaluation_submit(*, user: User, evaluation_id: int, now: dt.datetime | None = None) -> Evaluation:
    """Send the self-assessment. Late files are taken with the rubric's deduction; after the
    refusal date the file is recorded but not accepted, unless waived in writing."""
    evaluation = _current(evaluation_id)
    _own(user, evaluation)
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError("Hồ sơ tự đánh giá đã được nộp.")
    evaluation.submitted_at = now or timezone.now()
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.save(update_fields=["submitted_at", "status"])
    return evaluation


@transaction.atomic
def evaluation_waive(*, user: User, evaluation_id: int, waiver_ref: str) -> Evaluation:
    """The standing agency accepts a late or refused file in writing."""
    _admin(user)
    evaluation = _current(evaluation_id)
    if evaluation.is_frozen:
        raise ValidationError("Kết quả đã công bố; muốn thay đổi phải đánh giá lại.")
    if not waiver_ref.strip():
        raise ValidationError("Cần ghi số, ngày văn bản chấp thuận.")
    evaluation.waiver_ref = waiver_ref.strip()
    evaluation.save(update_fields=["waiver_ref"])
    return evaluation


@transaction.atomic
def entry_appraise(
    *,
    user: User,
    evaluation_id: int,
    criterion: str,
    inputs: dict[str, Any],
    reason: str,
    appraiser_unit: str,
    now: dt.datetime | None = None,
) -> Entry:
    """The verifying unit's score for a criterion. A change is only taken with its reason."""
    _admin(user)
    evaluation = _current(evaluation_id)
    if evaluation.status not in (Evaluation.Status.SUBMITTED, Evaluation.Status.APPRAISED):
        raise ValidationError("Chỉ thẩm định hồ sơ đã nộp, chưa rà soát.")
    if not reason.strip():
        raise ValidationError(f"Tiêu chí {criterion}: điều chỉnh điểm phải ghi rõ lý do.")
    _check_inputs(evaluation, criterion, inputs)
    entry, _ = Entry.objects.get_or_create(evaluation=evaluation, criterion=criterion)
    entry.appraised_inputs = inputs
    entry.appraisal_reason = reason.strip()
    entry.appraised_by = user
    entry.appraiser_unit = appraiser_unit.strip()
    entry.appraised_at = now or timezone.now()
    entry.save()
    return entry


def head_entry_save(
    *,
    user: User,
    evaluation_id: int,
    criterion: str,
    inputs: dict[str, Any],
    evidence: str,
    assessor_unit: str,
    now: dt.datetime | None = None,
) -> Entry:
    """The assessor's score for one of the head's own criteria (rubric `parameters.heads`),
    kept on the unit's evaluation with its evidence; a published result is left as it is."""
    _admin(user)
    evaluation = _current(evaluation_id)
    if evaluation.is_frozen:
        raise ValidationError("Kết quả đã công bố được giữ cố định; muốn thay đổi phải đánh giá lại.")
    spec = evaluation.round.rubric.spec()
    heads = spec.heads
    if heads is None:
        raise ValidationError("Bộ tiêu chí này không đánh giá người đứng đầu.")
    try:
        c = heads.criterion(criterion)
    except KeyError as exc:
        raise ValidationError(f"Không có tiêu chí {criterion} của người đứng đầu.") from exc
    if not evidence.strip():
        raise ValidationError(f"Tiêu chí {criterion}: ghi minh chứng ({c.evidence or 'văn bản, ngày'}).")
    result = criterion_score(c, Given(inputs, SELF), {"facts": {}, "params": spec.params, "best": {}})
    if result.missing:
        raise ValidationError(result.rule)
    entry, _ = Entry.objects.get_or_create(evaluation=evaluation, criterion=criterion)
    entry.appraised_inputs = inputs
    entry.evidence = evidence.strip()
    entry.appraised_by = user
    entry.appraiser_unit = assessor_unit.strip()
    entry.appraised_at = now or timezone.now()
    entry.save()
    return entry


@transaction.atomic
def evaluation_appraised(*, user: User, evaluation_id: int) -> Evaluation:
    _admin(user)
    evaluation = _current(evaluation_id)
    if evaluation.status not in (Evaluation.Status.SUBMITTED, Evaluation.Status.APPRAISED):
        raise ValidationError("Hồ sơ chưa nộp hoặc đã rà soát.")
    evaluation.status = Evaluation.Status.APPRAISED
    evaluation.save(update_fields=["status"])
    return evaluation


@transaction.atomic
def evaluation_review(*, user: User, evaluation_id: int, now: dt.datetime | None = None) -> Evaluation:
    """The issuer's review of the appraised result (its programme administrators)."""
    _admin(user)
    evaluation = _current(evaluation_id)
    if evaluation.status != Evaluation.Status.APPRAISED:
        raise ValidationError("Chỉ rà soát kết quả đã thẩm định.")
    evaluation.status = Evaluation.Status.REVIEWED
    evaluation.reviewed_at = now or timezone.now()
    evaluation.reviewed_by = user
    evaluation.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return evaluation


@transaction.atomic
def round_publish(*, user: User, round_id: int, now: dt.datetime | None = None) -> int:
    """Freeze every reviewed evaluation of the round: its card and rank become a snapshot that
    later edits to tasks, reports or values cannot change. Returns how many were published."""
    _admin(user)
    round_ = Round.objects.select_for_update(of=("self",)).select_related("rubric").get(pk=round_id)
    moment = now or timezone.now()
    cards = round_cards(round_, now=moment)
    ranks = {e.pk: rank for e, _, rank in ranked(cards, by_scaled=round_.rubric.spec().kind == "index")}
    published = 0
    for e, card in cards:
        if e.status != Evaluation.Status.REVIEWED:
            continue
        e.snapshot = card_snapshot(
            card, unit=unit_ref(e), rank=ranks[e.pk], rubric_version=round_.rubric.version
        )
        e.status = Evaluation.Status.PUBLISHED
        e.published_at = moment
        e.save(update_fields=["snapshot", "status", "published_at"])
        published += 1
    if published:
        round_.status = Round.Status.PUBLISHED
        round_.published_at = round_.published_at or moment
        round_.save(update_fields=["status", "published_at"])
    return published


@transaction.atomic
def evaluation_reevaluate(*, user: User, evaluation_id: int, reason: str) -> Evaluation:
    """A published result is never edited: a new version starts at appraisal, with the same
    entries, and the old snapshot stays for the comparison."""
    _admin(user)
    old = _current(evaluation_id)
    if old.status != Evaluation.Status.PUBLISHED:
        raise ValidationError("Chỉ đánh giá lại kết quả đã công bố.")
    if not reason.strip():
        raise ValidationError("Cần ghi lý do đánh giá lại.")
    new = Evaluation.objects.create(
        round=old.round,
        unit=old.unit,
        version=old.version + 1,
        status=Evaluation.Status.SUBMITTED,
        submitted_at=old.submitted_at,
        waiver_ref=old.waiver_ref,
        reevaluation_reason=reason.strip(),
    )
    for entry in old.entries.all():
        entry.pk = entry.id = None
        entry._state.adding = True
        entry.evaluation = new
        entry.save()
    old.status = Evaluation.Status.SUPERSEDED
    old.save(update_fields=["status"])
    return new
