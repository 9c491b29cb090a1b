"""The head of a unit (người đứng đầu, seed 001 §2.1) scored from the unit's card and criteria
of the head's own, as the rubric's `parameters.heads` says: head's score = the unit's result
on the scale × unit_weight + the head's criteria (entered by the assessor with evidence).
The head's criteria fill the rest of the scale, so the rating is read on the rubric's bands.
Pure but for `head_givens`, which reads the entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dieuhanh.evaluation.card import Card, CriterionResult, Given, criterion_score
from dieuhanh.evaluation.models import Evaluation
from dieuhanh.evaluation.rubric import HeadsSpec, RubricSpec
from dieuhanh.evaluation.scoring import ZERO, q2

ASSESSOR = "Người đánh giá"


@dataclass
class HeadCard:
    unit_scaled: Decimal  # the unit's result on the rubric's scale
    unit_weight: Decimal
    unit_points: Decimal  # unit_scaled × unit_weight
    unit_rating: str
    criteria: list[CriterionResult]
    total: Decimal
    max: Decimal
    rating: str
    rating_code: str

    def contract(self, *, unit: dict[str, str], rank: int | None) -> dict[str, Any]:
        return {
            "subject": "head",
            "unit": unit,
            "total": float(self.total),
            "max": float(self.max),
            "rating": self.rating,
            "rank": rank,
            "from_unit": {
                "scaled": float(self.unit_scaled),
                "weight": float(self.unit_weight),
                "points": float(self.unit_points),
                "rating": self.unit_rating,
            },
            "criteria": [c.contract() for c in self.criteria],
        }


def head_givens(evaluation: Evaluation, heads: HeadsSpec) -> dict[str, Given]:
    """The assessor's entries for the head's criteria, with their evidence."""
    codes = {c.code for c in heads.criteria}
    out = {}
    for e in evaluation.entries.all():
        if e.criterion in codes and e.appraised_inputs is not None:
            who = e.appraiser_unit or ASSESSOR
            out[e.criterion] = Given(e.appraised_inputs, f"{ASSESSOR} — {who}", evidence=e.evidence)
    return out


def head_card_compute(spec: RubricSpec, unit_card: Card, given: dict[str, Given]) -> HeadCard:
    heads = spec.heads
    if heads is None:
        raise ValueError(f"Bộ tiêu chí {spec.code} không có cách đánh giá người đứng đầu.")
    ctx: dict[str, Any] = {"facts": {}, "params": spec.params, "best": {}}
    results = [criterion_score(c, given.get(c.code), ctx) for c in heads.criteria]
    own = sum((r.points for r in results if not r.not_applicable), ZERO)
    unit_points = q2(unit_card.scaled * heads.unit_weight)
    total = q2(unit_points + own)
    band = next((b for b in spec.bands if b.min is None or total >= b.min), None)
    label = (
        f"{band.label} — {band.description}" if band and band.description else (band.label if band else "")
    )
    return HeadCard(
        unit_scaled=unit_card.scaled,
        unit_weight=heads.unit_weight,
        unit_points=unit_points,
        unit_rating=unit_card.rating,
        criteria=results,
        total=total,
        max=q2(spec.scale),
        rating=label,
        rating_code=band.code if band else "",
    )
