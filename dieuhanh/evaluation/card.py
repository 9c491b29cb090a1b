"""One unit's scorecard from a rubric and each criterion's inputs: criteria → groups (capped
at their maximum) → bonus (capped) → deductions → total, max, rating. Pure: no database.

The shape is the contract of `dieuhanh evaluate` and `/api/v1/evaluations` (docs/evaluation.md):
total = Σ group points + bonus.points − deductions.points; not-applicable criteria lower the
group's and the total's maximum; the rating is read on total ÷ max × scale when the rubric
rescales, else on the total."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dieuhanh.evaluation.rubric import CriterionSpec, GroupSpec, RubricSpec
from dieuhanh.evaluation.scoring import ZERO, InputError, fact_of, n, q2, score


@dataclass
class Given:
    """What a criterion is scored on, and where that came from."""

    inputs: dict[str, Any]
    source: str
    evidence: str = ""
    appraisal: str = ""  # the verifier's change and its reason, if any


@dataclass
class CriterionResult:
    code: str
    name: str
    points: Decimal
    max: Decimal
    rule: str
    inputs: dict[str, Any]
    source: str
    not_applicable: bool
    evidence: str = ""
    appraisal: str = ""
    missing: bool = False
    section: str = ""

    def contract(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "points": float(self.points),
            "max": float(self.max),
            "rule": self.rule,
            "inputs": self.inputs,
            "source": self.source,
            "not_applicable": self.not_applicable,
        }


@dataclass
class GroupResult:
    code: str
    name: str
    kind: str
    points: Decimal
    max: Decimal
    capped: bool
    criteria: list[CriterionResult] = field(default_factory=list)
    note: str = ""

    def contract(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "points": float(self.points),
            "max": float(self.max),
            "capped": self.capped,
            "criteria": [c.contract() for c in self.criteria],
        }


@dataclass
class Card:
    groups: list[GroupResult]
    bonus: GroupResult | None
    deductions: GroupResult | None
    open_groups: list[GroupResult]
    total: Decimal
    max: Decimal
    scaled: Decimal  # total on the rubric's scale (0–100 for QĐ 11, 0–1000 for the DTI)
    rating: str
    rating_code: str

    @property
    def value(self) -> Decimal:
        """The index value 0–1 (DTI): the scaled total ÷ the scale."""
        return (self.scaled / 1000).quantize(Decimal("0.0001")) if self.scaled else ZERO

    def contract(self, *, unit: dict[str, str], rank: int | None) -> dict[str, Any]:
        empty = {"points": 0.0, "criteria": []}
        return {
            "unit": unit,
            "total": float(self.total),
            "max": float(self.max),
            "rating": self.rating,
            "rank": rank,
            "groups": [g.contract() for g in self.groups],
            "bonus": _side(self.bonus) if self.bonus else empty,
            "deductions": _side(self.deductions) if self.deductions else empty,
        }


def _side(g: GroupResult) -> dict[str, Any]:
    return {"points": float(g.points), "criteria": [c.contract() for c in g.criteria]}


def card_compute(
    spec: RubricSpec, given: dict[str, Given], *, best: dict[str, Decimal] | None = None
) -> Card:
    facts: dict[str, bool] = {}
    ctx: dict[str, Any] = {"facts": facts, "params": spec.params, "best": best or {}}
    standard, open_groups = [], []
    bonus = deductions = None
    for g in spec.groups:
        if g.kind == "open":
            open_groups.append(GroupResult(g.code, g.name, "open", ZERO, ZERO, False, note=g.note))
            continue
        result = _group(g, given, ctx)
        if g.kind == "bonus":
            bonus = result
        elif g.kind == "deduction":
            deductions = result
        else:
            standard.append(result)
    total = sum((g.points for g in standard), ZERO) + (bonus.points if bonus else ZERO)
    total -= deductions.points if deductions else ZERO
    max_ = sum((g.max for g in standard), ZERO) + (bonus.max if bonus else ZERO)
    scaled = q2(total * spec.scale / max_) if spec.params.rescale and max_ else total
    band = next((b for b in spec.bands if b.min is None or scaled >= b.min), None)
    label = (
        f"{band.label} — {band.description}" if band and band.description else (band.label if band else "")
    )
    return Card(
        standard,
        bonus,
        deductions,
        open_groups,
        q2(total),
        q2(max_),
        scaled,
        label,
        band.code if band else "",
    )


def _group(g: GroupSpec, given: dict[str, Given], ctx: dict[str, Any]) -> GroupResult:
    results = [_criterion(c, given.get(c.code), ctx) for c in g.criteria]
    raw = sum((r.points for r in results if not r.not_applicable), ZERO)
    if g.kind == "deduction":
        return GroupResult(g.code, g.name, g.kind, q2(raw), ZERO, False, results, g.note)
    if g.kind == "bonus":
        cap = g.cap if g.cap is not None else raw
        return GroupResult(g.code, g.name, g.kind, q2(min(raw, cap)), cap, raw > cap, results, g.note)
    na_max = sum((r.max for r in results if r.not_applicable), ZERO)
    max_ = (g.max if g.max is not None else sum((c.max for c in g.criteria), ZERO)) - na_max
    return GroupResult(g.code, g.name, g.kind, q2(min(raw, max_)), max_, raw > max_, results, g.note)


def criterion_score(c: CriterionSpec, g: Given | None, ctx: dict[str, Any]) -> CriterionResult:
    """One criterion alone (a head's own criteria are scored outside any group)."""
    return _criterion(c, g, ctx)


def _criterion(c: CriterionSpec, g: Given | None, ctx: dict[str, Any]) -> CriterionResult:
    base: dict[str, Any] = {"code": c.code, "name": c.name, "max": c.max, "section": c.section}
    if g is None:
        return CriterionResult(
            **base,
            points=ZERO,
            rule="Chưa có số liệu, chưa tự chấm: 0 điểm",
            inputs={},
            source="Chưa có",
            not_applicable=False,
            missing=True,
        )
    common: dict[str, Any] = {
        "inputs": g.inputs,
        "source": g.source,
        "evidence": g.evidence,
        "appraisal": g.appraisal,
    }
    try:
        return _scored(c, g, ctx, base, common)
    except InputError as exc:
        # A draft may be incomplete: the card shows what is missing instead of failing.
        return CriterionResult(
            **base, **common, points=ZERO, rule=str(exc), not_applicable=False, missing=True
        )


def _scored(
    c: CriterionSpec, g: Given, ctx: dict[str, Any], base: dict[str, Any], common: dict[str, Any]
) -> CriterionResult:
    if g.inputs.get("not_applicable"):
        if not c.na_allowed:
            raise InputError(f"Tiêu chí {c.code} không có trường hợp «không áp dụng».")
        why = f" ({c.na_condition})" if c.na_condition else ""
        ctx["facts"][c.code] = False
        return CriterionResult(
            **base,
            **common,
            points=ZERO,
            rule=f"Không áp dụng{why}: giảm trừ {n(c.max)} điểm tối đa",
            not_applicable=True,
        )
    out = score(c, g.inputs, context=ctx)
    points = out.points if c.kind in ("deduction_fixed", "late_submission") else min(out.points, c.max)
    ctx["facts"][c.code] = fact_of(c, g.inputs, points)
    return CriterionResult(**base, **common, points=q2(points), rule=out.rule, not_applicable=False)
