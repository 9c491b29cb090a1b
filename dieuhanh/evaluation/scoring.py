"""The scoring rules: one pure function per rule kind, from the criterion's inputs to points
and a sentence saying which part of the rule applied. No database here.

Inputs by rule kind (the same keys the unit enters, the platform measures or the appraisal sets):
- tiers, count_tiers, proportional, ratio_x_max, ratio_to_target_capped, normalised_to_best:
  {"value": number} or {"state": "<special state>"}; a gate: {"gate_met": false};
- yes_no: {"yes": bool} or, with several conditions, {"conditions": [bool, …]} (all must hold);
- levels: {"level": id} (a discretionary level also {"points": x}); highest_applicable:
  {"levels": [id, …]};
- conditional: the chosen branch's inputs; the fact comes from the source criterion;
- comparison: {"current": x, "previous": y or null};
- deduction_fixed: {"occurred": bool, "count": n, "waived": bool, "basis": "…"};
- late_submission: {"days_late": n, "refused": bool, "waived": bool, "waiver_ref": "…"};
- assessor_range: {"points": x};
- every criterion whose rubric allows it: {"not_applicable": true}.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dieuhanh.core.text import format_number
from dieuhanh.evaluation.rubric import FORMULA, CriterionSpec, Params

ZERO = Decimal(0)
CENT = Decimal("0.01")


class InputError(ValueError):
    """Inputs a rule cannot score, said in Vietnamese with the criterion."""


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    rule: str  # which part of the rule applied, in words


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def n(value: Decimal | float | int | None) -> str:
    return format_number(value) if value is None else format_number(Decimal(str(value)).normalize())


def _num(inputs: dict[str, Any], key: str, code: str) -> Decimal:
    value = inputs.get(key)
    if value is None or isinstance(value, bool):
        raise InputError(f"Tiêu chí {code}: thiếu giá trị «{key}».")
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise InputError(f"Tiêu chí {code}: «{value}» không phải là một số.") from exc


def score(c: CriterionSpec, inputs: dict[str, Any], *, context: dict[str, Any] | None = None) -> Outcome:
    """Points for one criterion (not-applicable is handled by the caller)."""
    return _apply(c.rule, c, inputs, context or {})


def _apply(rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]) -> Outcome:
    kind = rule["kind"]
    fn = _RULES[kind]
    return fn(rule, c, inputs, ctx)


# ---- tiers on a percentage, a number of days or a count ---------------------------------------


def _in_tier(tier: dict[str, Any], v: Decimal) -> bool:
    checks = (
        ("min", lambda b: v >= b),
        ("min_exclusive", lambda b: v > b),
        ("max", lambda b: v <= b),
        ("max_exclusive", lambda b: v < b),
    )
    return all(test(Decimal(str(tier[key]))) for key, test in checks if key in tier)


def _tier_words(tier: dict[str, Any], unit: str) -> str:
    sign = "%" if unit == "percent" else (" ngày" if unit == "days" else "")
    parts = []
    if "min" in tier:
        parts.append(f"từ {n(tier['min'])}{sign}")
    if "min_exclusive" in tier:
        parts.append(f"trên {n(tier['min_exclusive'])}{sign}")
    if "max" in tier:
        parts.append(f"đến {n(tier['max'])}{sign}")
    if "max_exclusive" in tier:
        parts.append(f"dưới {n(tier['max_exclusive'])}{sign}")
    return " ".join(parts) or "mọi giá trị"


def _special(rule: dict[str, Any], inputs: dict[str, Any]) -> Outcome | None:
    state = inputs.get("state")
    if not state:
        return None
    for s in rule.get("special_states") or []:
        if s["state"] == state:
            return Outcome(Decimal(str(s["points"])), f"{s['label_vi']}: {n(s['points'])} điểm")
    raise InputError(f"Trạng thái «{state}» không có trong quy tắc.")


def _tiers(rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]) -> Outcome:
    special = _special(rule, inputs)
    if special:
        return special
    gate = rule.get("gate")
    if gate and inputs.get("gate_met") is False:
        wording = ", ".join(gate.get("all_of_vi") or [])
        return Outcome(
            Decimal(str(gate.get("if_not_met_points", 0))), f"Không đạt điều kiện ({wording}): 0 điểm"
        )
    v = _num(inputs, "value", c.code)
    unit = str(rule.get("unit") or "")
    for tier in rule["tiers"]:
        if _in_tier(tier, v):
            pts = Decimal(str(tier["points"]))
            return Outcome(pts, f"{n(v)} thuộc bậc {_tier_words(tier, unit)}: {n(pts)} điểm")
    pts = Decimal(str(rule.get("else_points", 0)))
    return Outcome(pts, f"{n(v)} không thuộc bậc nào: {n(pts)} điểm")


# ---- yes / no, with several conditions -----------------------------------------------------------


def _yes_no(rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]) -> Outcome:
    conditions = rule.get("all_of_vi") or []
    if conditions and "conditions" in inputs:
        met = [bool(x) for x in inputs["conditions"]]
        if len(met) != len(conditions):
            raise InputError(f"Tiêu chí {c.code}: cần trả lời đủ {len(conditions)} điều kiện.")
        failed = [text for text, ok in zip(conditions, met, strict=True) if not ok]
        yes = not failed
    else:
        if not isinstance(inputs.get("yes"), bool):
            raise InputError(f"Tiêu chí {c.code}: chưa trả lời có/không.")
        yes, failed = inputs["yes"], []
    pts = Decimal(str(rule["yes_points"] if yes else rule["no_points"]))
    if yes:
        return Outcome(pts, f"Đạt: {n(pts)} điểm")
    why = f" (chưa đạt: {'; '.join(failed)})" if failed else ""
    return Outcome(pts, f"Không đạt{why}: {n(pts)} điểm")


# ---- levels chosen by the assessor, some within a range -----------------------------------------


def _level(rule: dict[str, Any], level_id: str, c: CriterionSpec) -> dict[str, Any]:
    for level in rule["levels"]:
        if level["id"] == level_id:
            return level
    raise InputError(f"Tiêu chí {c.code}: mức «{level_id}» không có trong quy tắc.")


def _level_points(level: dict[str, Any], inputs: dict[str, Any], c: CriterionSpec) -> Decimal:
    if "points" in level:
        return Decimal(str(level["points"]))
    low, high = Decimal(str(level.get("points_min", 0))), Decimal(str(level["points_max"]))
    chosen = _num(inputs, "points", c.code)
    if not low <= chosen <= high:
        raise InputError(
            f"Tiêu chí {c.code}: mức này chấm từ {n(low)} đến {n(high)} điểm, không phải {n(chosen)}."
        )
    return chosen


def _levels(rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]) -> Outcome:
    if rule.get("select") == "highest_applicable":
        chosen = [_level(rule, i, c) for i in inputs.get("levels") or []]
        if not chosen:
            pts = Decimal(str(rule.get("else_points", 0)))
            return Outcome(pts, f"Không đạt mức nào: {n(pts)} điểm")
        best = max(chosen, key=lambda lv: Decimal(str(lv.get("points", lv.get("points_max", 0)))))
        pts = _level_points(best, inputs, c)
        return Outcome(pts, f"Mức cao nhất đạt được — {best['label_vi']}: {n(pts)} điểm")
    level_id = inputs.get("level")
    if not level_id:
        raise InputError(f"Tiêu chí {c.code}: chưa chọn mức.")
    level = _level(rule, str(level_id), c)
    pts = _level_points(level, inputs, c)
    return Outcome(pts, f"{level['label_vi']}: {n(pts)} điểm")


def _assessor_range(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    level = {"points_min": rule["points_min"], "points_max": rule["points_max"]}
    pts = _level_points(level, inputs, c)
    return Outcome(
        pts, f"Đơn vị thẩm định chấm {n(pts)} điểm (khoảng {n(rule['points_min'])}–{n(rule['points_max'])})"
    )


# ---- proportional: rate ÷ 85 % × 10 above 60 % ----------------------------------------------------


def _proportional(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    v = _num(inputs, "value", c.code)
    for seg in rule["segments"]:
        if not _in_tier(seg, v):
            continue
        if "formula" not in seg:
            pts = Decimal(str(seg["points"]))
            return Outcome(pts, f"{n(v)}% thuộc khoảng {_tier_words(seg, 'percent')}: {n(pts)} điểm")
        m = FORMULA.match(str(seg["formula"]))
        assert m is not None  # checked when the rubric was read
        div, mul = Decimal(m["div"]), Decimal(m["mul"])
        raw = v / div * mul
        cap = Decimal(str(seg.get("cap", raw)))
        places = int(seg.get("round_decimals", 2))
        pts = min(raw, cap).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return Outcome(pts, f"({n(v)}% ÷ {n(div)}%) × {n(mul)} = {n(pts)} điểm")
    return Outcome(ZERO, f"{n(v)}% không thuộc khoảng nào: 0 điểm")


# ---- conditional on another criterion -------------------------------------------------------------


def _conditional(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    selector = rule["selector"]
    facts: dict[str, bool] = ctx.get("facts") or {}
    fact = facts.get(selector["source_criterion"])
    if fact is None:
        raise InputError(
            f"Tiêu chí {c.code}: chưa có kết quả tiêu chí {selector['source_criterion']} để chọn cách chấm."
        )
    for branch in rule["branches"]:
        if bool(branch["when"]) == fact:
            out = _apply(branch["rule"], c, inputs, ctx)
            return Outcome(
                out.points,
                f"{branch['label_vi']} (theo tiêu chí {selector['source_criterion']}) — {out.rule}",
            )
    raise InputError(
        f"Tiêu chí {c.code}: không có nhánh cho kết quả tiêu chí {selector['source_criterion']}."
    )


# ---- comparison with last year --------------------------------------------------------------------


def _comparison(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    current = _num(inputs, "current", c.code)
    previous = inputs.get("previous")
    false_pts = Decimal(str(rule.get("false_points", 0)))
    if previous is None:
        return Outcome(false_pts, f"Chưa có số liệu năm trước để so sánh: {n(false_pts)} điểm")
    prev = Decimal(str(previous))
    if current > prev:
        pts = Decimal(str(rule.get("true_points", 0)))
        return Outcome(pts, f"{n(current)} tăng so với năm trước ({n(prev)}): {n(pts)} điểm")
    return Outcome(false_pts, f"{n(current)} không tăng so với năm trước ({n(prev)}): {n(false_pts)} điểm")


# ---- deductions -----------------------------------------------------------------------------------


def _deduction_fixed(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    amount = abs(Decimal(str(rule["points"])))
    if not inputs.get("occurred"):
        return Outcome(ZERO, "Không phát sinh: không trừ điểm")
    if inputs.get("waived"):
        return Outcome(
            ZERO, f"Phát sinh nhưng được chấp thuận không trừ ({inputs.get('basis') or 'có văn bản'})"
        )
    if rule.get("requires_written_basis") and not str(inputs.get("basis") or "").strip():
        raise InputError(f"Tiêu chí {c.code}: điểm trừ này cần căn cứ bằng văn bản (số, ngày văn bản).")
    params: Params = ctx.get("params") or Params()
    count = int(inputs.get("count") or 1) if params.per_occurrence else 1
    pts = amount * count
    times = f" × {count} lần" if count > 1 else ""
    return Outcome(pts, f"Trừ {n(amount)} điểm{times}")


def late_points(days_late: int, reading: str) -> Decimal:
    """QĐ 11 V.1: 1–2 days late −1; from day 3 one point a day. "cumulative": the first point
    plus one for each day from the 3rd (day 3 → 2, day 6 → 5); "per_day": one per day late."""
    if days_late <= 0:
        return ZERO
    if days_late <= 2:
        return Decimal(1)
    return Decimal(days_late - 1 if reading == "cumulative" else days_late)


def _late_submission(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    days = int(inputs.get("days_late") or 0)
    if inputs.get("waived"):
        ref = inputs.get("waiver_ref") or "văn bản chấp thuận"
        return Outcome(ZERO, f"Nộp trễ {days} ngày, có lý do khách quan được chấp thuận ({ref}): không trừ")
    if inputs.get("refused"):
        return Outcome(ZERO, "Hồ sơ gửi sau ngày không tiếp nhận: không được tiếp nhận đánh giá")
    params: Params = ctx.get("params") or Params()
    pts = late_points(days, params.late_reading)
    if not pts:
        return Outcome(ZERO, "Nộp đúng hạn: không trừ điểm")
    return Outcome(pts, f"Nộp trễ {days} ngày: trừ {n(pts)} điểm")


# ---- DTI-style sub-indices ------------------------------------------------------------------------


def _ratio_x_max(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    v = _num(inputs, "value", c.code)
    of = Decimal(str(rule.get("of", 100)))
    pts = q2(min(max(v, ZERO) / of, Decimal(1)) * c.max)
    return Outcome(pts, f"{n(q2(v))} ÷ {n(of)} × {n(c.max)} = {n(pts)} điểm")


def _ratio_to_target(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    v = _num(inputs, "value", c.code)
    target = Decimal(str(rule["target"]))
    pts = q2(min(max(v, ZERO) / target, Decimal(1)) * c.max)
    return Outcome(pts, f"min({n(v)} ÷ mốc {n(target)}; 1) × {n(c.max)} = {n(pts)} điểm")


def _normalised_to_best(
    rule: dict[str, Any], c: CriterionSpec, inputs: dict[str, Any], ctx: dict[str, Any]
) -> Outcome:
    v = _num(inputs, "value", c.code)
    best = (ctx.get("best") or {}).get(c.code)
    if not best:
        return Outcome(ZERO, "Chưa đơn vị nào có giá trị dương: 0 điểm")
    best_d = Decimal(str(best))
    pts = q2(min(max(v, ZERO) / best_d, Decimal(1)) * c.max)
    return Outcome(pts, f"{n(v)} ÷ giá trị cao nhất {n(best_d)} × {n(c.max)} = {n(pts)} điểm")


_RULES = {
    "tiers": _tiers,
    "count_tiers": _tiers,
    "yes_no": _yes_no,
    "levels": _levels,
    "assessor_range": _assessor_range,
    "proportional": _proportional,
    "conditional": _conditional,
    "comparison": _comparison,
    "deduction_fixed": _deduction_fixed,
    "late_submission": _late_submission,
    "ratio_x_max": _ratio_x_max,
    "ratio_to_target_capped": _ratio_to_target,
    "normalised_to_best": _normalised_to_best,
}


def fact_of(c: CriterionSpec, inputs: dict[str, Any], points: Decimal) -> bool:
    """What a conditional criterion reads from this one: yes/no answered yes, else points > 0."""
    if c.kind == "yes_no" and isinstance(inputs.get("yes"), bool):
        return bool(inputs["yes"])
    return points > 0
