"""An evaluation's card: what each criterion is scored on (appraisal, else the platform's
measure, else the unit's own entry), then card.py. A published evaluation is read from its
snapshot and never recomputed."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dieuhanh.evaluation.card import Card, CriterionResult, Given, GroupResult, card_compute
from dieuhanh.evaluation.measures import Measured, Scope, days_late, measure
from dieuhanh.evaluation.models import Entry, Evaluation, Round
from dieuhanh.evaluation.rubric import CriterionSpec, RubricSpec
from dieuhanh.units.structure import unit_lineage_ids

SELF = "Đơn vị tự chấm"


def is_refused(evaluation: Evaluation, spec: RubricSpec, *, now: dt.datetime | None = None) -> bool:
    """Sent (or still not sent) after the refusal date, with no written waiver."""
    cutoff = spec.cutoff_date(evaluation.round.year)
    if cutoff is None or evaluation.waiver_ref:
        return False
    if evaluation.submitted_at is None:
        return timezone.localdate(now or timezone.now()) > cutoff
    return timezone.localdate(evaluation.submitted_at) > cutoff


def _late_inputs(evaluation: Evaluation, spec: RubricSpec, now: dt.datetime | None) -> Given:
    due = evaluation.round.self_assessment_due
    sent = evaluation.submitted_at
    days = days_late(sent, due) if sent else days_late(now or timezone.now(), due)
    inputs: dict[str, Any] = {
        "days_late": days,
        "due": due.strftime("%d/%m/%Y"),
        "submitted_on": timezone.localdate(sent).strftime("%d/%m/%Y") if sent else None,
        "waived": bool(evaluation.waiver_ref and days),
        "refused": is_refused(evaluation, spec, now=now),
    }
    if evaluation.waiver_ref:
        inputs["waiver_ref"] = evaluation.waiver_ref
    when = f"nộp ngày {inputs['submitted_on']}" if sent else "chưa nộp"
    return Given(inputs, f"Hệ thống — thời gian ghi nhận nộp hồ sơ: hạn {inputs['due']}, {when}")


def _given(
    c: CriterionSpec, entry: Entry | None, scope: Scope, refused: bool, measured: Measured | None
) -> Given | None:
    base: Given | None = None
    if measured is not None:
        base = Given(measured.inputs, measured.source)
    elif entry is not None and entry.self_inputs is not None:
        if refused:
            base = Given({}, "Hồ sơ tự đánh giá không được tiếp nhận (nộp sau ngày không tiếp nhận)")
        else:
            base = Given(entry.self_inputs, SELF, evidence=entry.evidence)
    if entry is not None and entry.appraised_inputs is not None:
        before = base.source if base else "chưa có"
        who = entry.appraiser_unit or "Đơn vị thẩm định"
        return Given(
            entry.appraised_inputs,
            f"Thẩm định — {who} (trước khi điều chỉnh: {before})",
            evidence=entry.evidence,
            appraisal=entry.appraisal_reason,
        )
    return base


def evaluation_givens(
    evaluation: Evaluation, spec: RubricSpec, *, now: dt.datetime | None = None
) -> dict[str, Given]:
    round_ = evaluation.round
    scope = Scope(
        unit=evaluation.unit,
        lineage=unit_lineage_ids(unit=evaluation.unit),
        year=round_.year,
        on=round_.data_as_of,
        params=spec.params,
    )
    entries = {e.criterion: e for e in evaluation.entries.all()}
    refused = is_refused(evaluation, spec, now=now)
    out: dict[str, Given] = {}
    for c in spec.criteria():
        if c.kind == "late_submission":
            out[c.code] = _late_inputs(evaluation, spec, now)
            continue
        given = _given(c, entries.get(c.code), scope, refused, measure(c, scope))
        if given is not None:
            out[c.code] = given
    return out


def best_values(givens: list[dict[str, Given]], spec: RubricSpec) -> dict[str, Decimal]:
    """For normalised-to-best criteria: the highest value among the round's units."""
    best: dict[str, Decimal] = {}
    for c in spec.criteria():
        if c.kind != "normalised_to_best":
            continue
        values = [
            Decimal(str(g[c.code].inputs["value"]))
            for g in givens
            if c.code in g and "value" in g[c.code].inputs
        ]
        if values and max(values) > 0:
            best[c.code] = max(values)
    return best


def round_cards(round_: Round, *, now: dt.datetime | None = None) -> list[tuple[Evaluation, Card]]:
    """Every current evaluation of the round with its card: published ones from their
    snapshot, the others computed now."""
    spec = round_.rubric.spec()
    evaluations = list(
        round_.evaluations.exclude(status=Evaluation.Status.SUPERSEDED)
        .select_related("unit", "round", "round__rubric")
        .prefetch_related("entries")
    )
    live = [e for e in evaluations if not e.is_frozen]
    givens = {e.pk: evaluation_givens(e, spec, now=now) for e in live}
    best = best_values(list(givens.values()), spec)
    out = []
    for e in evaluations:
        card = (
            card_from_snapshot(e.snapshot)
            if e.is_frozen and e.snapshot
            else card_compute(spec, givens.get(e.pk, {}), best=best)
        )
        out.append((e, card))
    return out


def evaluation_card(evaluation: Evaluation, *, now: dt.datetime | None = None) -> Card:
    if evaluation.is_frozen and evaluation.snapshot:
        return card_from_snapshot(evaluation.snapshot)
    for e, card in round_cards(evaluation.round, now=now):
        if e.pk == evaluation.pk:
            return card
    spec = evaluation.round.rubric.spec()
    return card_compute(spec, evaluation_givens(evaluation, spec, now=now))


# ---- snapshots ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def card_snapshot(
    card: Card, *, unit: dict[str, str], rank: int | None, rubric_version: int
) -> dict[str, Any]:
    return {
        "contract": card.contract(unit=unit, rank=rank),
        "card": _plain(asdict(card)),
        "rubric_version": rubric_version,
    }


def _criterion_back(raw: dict[str, Any]) -> CriterionResult:
    return CriterionResult(**{**raw, "points": Decimal(raw["points"]), "max": Decimal(raw["max"])})


def _group_back(raw: dict[str, Any] | None) -> GroupResult | None:
    if raw is None:
        return None
    criteria = [_criterion_back(c) for c in raw["criteria"]]
    return GroupResult(
        **{**raw, "points": Decimal(raw["points"]), "max": Decimal(raw["max"]), "criteria": criteria}
    )


def card_from_snapshot(snapshot: dict[str, Any]) -> Card:
    raw = snapshot["card"]
    return Card(
        groups=[g for g in (_group_back(x) for x in raw["groups"]) if g],
        bonus=_group_back(raw["bonus"]),
        deductions=_group_back(raw["deductions"]),
        open_groups=[g for g in (_group_back(x) for x in raw["open_groups"]) if g],
        total=Decimal(raw["total"]),
        max=Decimal(raw["max"]),
        scaled=Decimal(raw["scaled"]),
        rating=raw["rating"],
        rating_code=raw["rating_code"],
    )


def card_difference(old: Card, new: Card) -> list[tuple[str, Decimal, Decimal]]:
    """Criteria whose points changed between two versions: (code, before, after)."""
    before = {c.code: c.points for g in _all_groups(old) for c in g.criteria}
    out = []
    for g in _all_groups(new):
        for c in g.criteria:
            if before.get(c.code, c.points) != c.points:
                out.append((c.code, before[c.code], c.points))
    return out


def _all_groups(card: Card) -> list[GroupResult]:
    return [*card.groups, *(g for g in (card.bonus, card.deductions) if g)]


def unit_ref(evaluation: Evaluation) -> dict[str, str]:
    return {"code": evaluation.unit.code, "name": evaluation.unit.name}


def ranked(
    cards: list[tuple[Evaluation, Card]], *, by_scaled: bool = False
) -> list[tuple[Evaluation, Card, int]]:
    """Rank 1 is the highest total (a DX index: the highest value, which not-applicable
    sub-indices rescale); equal figures share a rank (1, 2, 2, 4)."""

    def key(card: Card) -> Decimal:
        return card.scaled if by_scaled else card.total

    ordered = sorted(cards, key=lambda ec: (-key(ec[1]), ec[0].unit.name))
    out: list[tuple[Evaluation, Card, int]] = []
    rank, last = 0, None
    for i, (e, card) in enumerate(ordered, 1):
        if key(card) != last:
            rank, last = i, key(card)
        out.append((e, card, rank))
    return out
