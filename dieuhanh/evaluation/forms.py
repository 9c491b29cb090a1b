"""A criterion's inputs read from a posted form, field by field as its rule needs them
(see scoring.py for the keys). Bad input gets a Vietnamese message naming the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict

from dieuhanh.core.text import parse_vi_number
from dieuhanh.evaluation.rubric import CriterionSpec

NUMERIC = (
    "tiers",
    "count_tiers",
    "proportional",
    "ratio_x_max",
    "ratio_to_target_capped",
    "normalised_to_best",
)


def _number(data: QueryDict, name: str, label: str, *, required: bool = True) -> float | None:
    text = (data.get(name) or "").strip()
    if not text:
        if required:
            raise ValidationError(f"Trường «{label}»: chưa nhập.")
        return None
    value = parse_vi_number(text)
    if value is None:
        raise ValidationError(f"Trường «{label}»: «{text}» không phải là một số (ví dụ 87,5).")
    return value


def _rule_inputs(rule: dict[str, Any], data: QueryDict) -> dict[str, Any]:
    kind = rule["kind"]
    if kind in NUMERIC:
        if data.get("state"):
            return {"state": data["state"]}
        out: dict[str, Any] = {"value": _number(data, "value", "Giá trị")}
        if rule.get("gate") and not data.get("gate_met"):
            out["gate_met"] = False
        return out
    if kind == "yes_no":
        if rule.get("all_of_vi"):
            return {"conditions": [bool(data.get(f"condition_{i}")) for i, _ in enumerate(rule["all_of_vi"])]}
        if data.get("yes") not in ("1", "0"):
            raise ValidationError("Trường «Kết quả»: chọn Đạt hoặc Không đạt.")
        return {"yes": data["yes"] == "1"}
    if kind == "levels":
        if rule.get("select") == "highest_applicable":
            return {"levels": data.getlist("levels")}
        out = {"level": data.get("level") or ""}
        points = _number(data, "points", "Điểm chấm trong khoảng", required=False)
        if points is not None:
            out["points"] = points
        return out
    if kind == "assessor_range":
        return {"points": _number(data, "points", "Điểm")}
    if kind == "comparison":
        return {
            "current": _number(data, "current", "Năm đánh giá"),
            "previous": _number(data, "previous", "Năm trước", required=False),
        }
    if kind == "deduction_fixed":
        return {
            "occurred": bool(data.get("occurred")),
            "count": int(_number(data, "count", "Số lần", required=False) or 1),
            "basis": (data.get("basis") or "").strip(),
            "waived": bool(data.get("waived")),
        }
    if kind == "conditional":
        merged: dict[str, Any] = {}
        for branch in rule["branches"]:
            try:
                merged |= _rule_inputs(branch["rule"], data)
            except ValidationError:
                continue
        return merged
    raise ValidationError("Tiêu chí này không nhập trực tiếp.")


def criterion_inputs(c: CriterionSpec, data: QueryDict) -> dict[str, Any]:
    if c.na_allowed and data.get("not_applicable"):
        return {"not_applicable": True}
    return _rule_inputs(c.rule, data)
