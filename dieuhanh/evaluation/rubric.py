"""A rubric held as data: the JSON tree of a methodology (the shape of
`shared/data/rubrics/quy-dinh-11-qd-tu.json`) read into typed specs, with the province's own
reading of what the text leaves open under `parameters`.

`parameters` (all optional, each an explicit choice the administrator can change):
- `late_submission_reading`: "cumulative" (1–2 days late −1, from day 3 one more point a day:
  day 3 → −2, day 6 → −5) or "per_day" (from day 3, −1 per day late: day 3 → −3);
- `hard_cutoff`: "dd/mm" of the assessed year after which a self-assessment is refused
  (unless waived in writing); default: the late-submission rule's own `hard_cutoff.date_vi`;
- `not_applicable_rescale`: "to_scale" (the rating is read on total ÷ max × scale) or "none";
- `open_groups`: per group without rule or maximum (QĐ 11's group III):
  {"mode": "excluded"} or {"mode": "assessor_range", "min": 0, "max": 5};
- `measures`: criterion code → where the platform measures it (see measures.py);
- `deduction_per_occurrence`: false (a fixed deduction counts once) or true;
- `partner_weight`: how much a task the unit partners counts beside one it leads (0–1);
- `heads`: how the head of each unit (người đứng đầu) is scored: {"unit_weight": 0.8,
  "criteria": [...]} — the head's score = the unit's result on the scale × unit_weight + the
  head's own criteria (entered by the assessor with evidence), whose maxima sum to the rest of
  the scale; read on the rubric's bands.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

RULE_KINDS = frozenset(
    {
        "tiers",
        "count_tiers",
        "yes_no",
        "levels",
        "proportional",
        "conditional",
        "comparison",
        "deduction_fixed",
        "late_submission",
        "assessor_range",
        # DTI-style sub-index rules.
        "ratio_x_max",
        "ratio_to_target_capped",
        "normalised_to_best",
    }
)
# A head's own criteria are judged by the assessor, not measured or derived.
HEAD_RULE_KINDS = frozenset({"yes_no", "levels", "assessor_range"})
GROUP_KINDS = frozenset({"standard", "bonus", "deduction", "unknown"})
FORMULA = re.compile(r"^\(\s*rate\s*/\s*(?P<div>\d+(?:\.\d+)?)\s*\)\s*\*\s*(?P<mul>\d+(?:\.\d+)?)$")
READINGS = frozenset({"cumulative", "per_day"})


class RubricError(ValueError):
    """A rubric that cannot be used, with where the problem is (a path in the JSON)."""


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    description: str
    min: Decimal | None


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    name: str
    max: Decimal
    rule: dict[str, Any]
    text: str = ""
    evidence: str = ""
    verifier: str = ""
    na_allowed: bool = False
    na_condition: str = ""
    measure: dict[str, Any] | None = None
    section: str = ""
    assumed: bool = False

    @property
    def kind(self) -> str:
        return str(self.rule["kind"])


@dataclass(frozen=True)
class SectionSpec:
    """A subgroup (QĐ 11) or a main index (DTI): a heading with a maximum over some criteria."""

    code: str
    name: str
    max: Decimal
    criteria: tuple[str, ...]
    assumed: bool = False


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    kind: str  # standard | bonus | deduction | open (no rule: left out, visibly)
    max: Decimal | None
    cap: Decimal | None
    criteria: tuple[CriterionSpec, ...]
    sections: tuple[SectionSpec, ...] = ()
    note: str = ""
    assumed: bool = False


@dataclass(frozen=True)
class Params:
    late_reading: str = "cumulative"
    hard_cutoff: tuple[int, int] | None = None  # (day, month)
    rescale: bool = True
    per_occurrence: bool = False
    partner_weight: Decimal = Decimal(0)
    open_groups: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class HeadsSpec:
    """The head of a unit scored from the unit's result and criteria of their own."""

    unit_weight: Decimal
    criteria: tuple[CriterionSpec, ...]
    title: str = "Người đứng đầu"
    note: str = ""

    def criterion(self, code: str) -> CriterionSpec:
        for c in self.criteria:
            if c.code == code:
                return c
        raise KeyError(code)


@dataclass(frozen=True)
class RubricSpec:
    code: str
    title: str
    kind: str  # "score" (a scorecard) or "index" (a DX index, value 0–1)
    scale: Decimal
    groups: tuple[GroupSpec, ...]
    bands: tuple[Band, ...]
    params: Params
    complete: bool = True
    assumptions: tuple[str, ...] = ()
    heads: HeadsSpec | None = None

    def criterion(self, code: str) -> CriterionSpec:
        for group in self.groups:
            for c in group.criteria:
                if c.code == code:
                    return c
        raise KeyError(code)

    def criteria(self) -> list[CriterionSpec]:
        return [c for g in self.groups for c in g.criteria]

    def cutoff_date(self, year: int) -> dt.date | None:
        if self.params.hard_cutoff is None:
            return None
        day, month = self.params.hard_cutoff
        return dt.date(year, month, day)


def _dec(value: object, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise RubricError(f"{where}: «{value}» không phải là một số.") from exc


def _opt_dec(value: object, where: str) -> Decimal | None:
    return None if value is None else _dec(value, where)


def _day_month(text: str, where: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})\s*", text)
    if not m:
        raise RubricError(f"{where}: ngày «{text}» phải có dạng ngày/tháng, ví dụ 20/12.")
    day, month = int(m.group(1)), int(m.group(2))
    try:
        dt.date(2000, month, day)
    except ValueError as exc:
        raise RubricError(f"{where}: ngày «{text}» không có thật.") from exc
    return day, month


def rubric_parse(definition: dict[str, Any]) -> RubricSpec:
    """The definition read and checked; every problem names its place in the JSON."""
    if not isinstance(definition, dict):
        raise RubricError("Bộ tiêu chí phải là một đối tượng JSON.")
    code = definition.get("id")
    if not code or not isinstance(code, str):
        raise RubricError("Thiếu mã bộ tiêu chí (trường «id»).")
    raw = definition.get("parameters") or {}
    params = _params(raw, definition)
    measures = raw.get("measures") or {}
    read = (
        _group(raw_g, f"groups[{i}]", params, measures)
        for i, raw_g in enumerate(definition.get("groups") or [])
    )
    groups = tuple(g for g in read if g is not None)
    if not groups:
        raise RubricError("Bộ tiêu chí không có nhóm tiêu chí nào (trường «groups»).")
    _check_unique(groups)
    _check_dependencies(groups)
    kind = "index" if definition.get("kind") == "index" else "score"
    scale = _dec(definition.get("scale_total_points") or 100, "scale_total_points")
    return RubricSpec(
        code=code,
        title=str(definition.get("title_vi") or code),
        kind=kind,
        scale=scale,
        groups=groups,
        bands=_bands(definition.get("rating_bands") or {}),
        params=params,
        complete=bool(definition.get("complete", True)),
        assumptions=tuple(str(a) for a in definition.get("assumptions_vi") or []),
        heads=_heads(raw.get("heads"), scale, {c.code for g in groups for c in g.criteria}),
    )


def _heads(raw: object, scale: Decimal, unit_codes: set[str]) -> HeadsSpec | None:
    """The heads' block: its own criteria must fill exactly the part of the scale the unit's
    result does not, so a head's score reads on the same bands as a unit's."""
    if raw is None:
        return None
    where = "parameters.heads"
    if not isinstance(raw, dict):
        raise RubricError(f"{where}: phải là một đối tượng JSON.")
    weight = _dec(raw.get("unit_weight"), f"{where}.unit_weight")
    if not 0 <= weight <= 1:
        raise RubricError(f"{where}.unit_weight: phải từ 0 đến 1.")
    criteria = tuple(
        _criterion(c, f"{where}.criteria[{i}]", {}) for i, c in enumerate(raw.get("criteria") or [])
    )
    for c in criteria:
        if c.code in unit_codes:
            raise RubricError(f"{where}: mã tiêu chí {c.code} trùng với một tiêu chí của đơn vị.")
        if c.kind not in HEAD_RULE_KINDS:
            raise RubricError(
                f"{where} (tiêu chí {c.code}): quy tắc «{c.kind}» không dùng cho người đứng đầu "
                f"(chỉ {', '.join(sorted(HEAD_RULE_KINDS))})."
            )
    own = sum((c.max for c in criteria), Decimal(0))
    if own != scale * (1 - weight):
        raise RubricError(
            f"{where}: điểm tối đa các tiêu chí riêng ({own}) phải bằng phần thang điểm còn lại "
            f"({scale * (1 - weight)} = {scale} × (1 − {weight}))."
        )
    return HeadsSpec(
        weight, criteria, str(raw.get("title_vi") or "Người đứng đầu"), str(raw.get("_about_vi") or "")
    )


def _params(raw: dict[str, Any], definition: dict[str, Any]) -> Params:
    reading = raw.get("late_submission_reading", "cumulative")
    if reading not in READINGS:
        raise RubricError(
            f"parameters.late_submission_reading: «{reading}» không hợp lệ (chọn cumulative hoặc per_day)."
        )
    cutoff_text = raw.get("hard_cutoff") or _rule_cutoff(definition)
    weight = _dec(raw.get("partner_weight", 0), "parameters.partner_weight")
    if not Decimal(0) <= weight <= Decimal(1):
        raise RubricError("parameters.partner_weight: phải từ 0 đến 1.")
    return Params(
        late_reading=reading,
        hard_cutoff=_day_month(cutoff_text, "parameters.hard_cutoff") if cutoff_text else None,
        rescale=raw.get("not_applicable_rescale", "to_scale") == "to_scale",
        per_occurrence=bool(raw.get("deduction_per_occurrence", False)),
        partner_weight=weight,
        open_groups=dict(raw.get("open_groups") or {}),
    )


def _rule_cutoff(definition: dict[str, Any]) -> str | None:
    for group in definition.get("groups") or []:
        for c in group.get("criteria") or []:
            rule = c.get("scoring_rule") or {}
            if rule.get("kind") == "late_submission" and rule.get("hard_cutoff"):
                return str(rule["hard_cutoff"].get("date_vi") or "") or None
    return None


def _group(raw: dict[str, Any], where: str, params: Params, measures: dict[str, Any]) -> GroupSpec | None:
    code = str(raw.get("code") or "")
    if not code:
        raise RubricError(f"{where}: thiếu mã nhóm («code»).")
    kind = raw.get("kind", "standard")
    if kind not in GROUP_KINDS:
        raise RubricError(f"{where} (nhóm {code}): loại nhóm «{kind}» không hợp lệ.")
    name = str(raw.get("name_vi") or "")
    if kind == "unknown" or (kind == "standard" and raw.get("max_score") is None):
        return _open_group(raw, code, name, params.open_groups.get(code) or {}, where)
    criteria = tuple(
        _criterion(c, f"{where}.criteria[{j}]", measures) for j, c in enumerate(raw.get("criteria") or [])
    )
    if not criteria:
        raise RubricError(f"{where} (nhóm {code}): không có tiêu chí nào.")
    sections = tuple(_section(s, f"{where}.subgroups[{k}]") for k, s in enumerate(raw.get("subgroups") or []))
    criteria = _with_sections(criteria, sections)
    max_ = _opt_dec(raw.get("max_score"), f"{where}.max_score")
    cap = _opt_dec(raw.get("cap"), f"{where}.cap")
    if kind == "standard" and max_ is not None:
        total = sum((c.max for c in criteria), Decimal(0))
        # More criteria points than the group's maximum is allowed (the group is then capped);
        # fewer would make the maximum unreachable.
        if total < max_:
            raise RubricError(
                f"{where} (nhóm {code}): điểm tối đa {max_} lớn hơn tổng điểm các tiêu chí {total}."
            )
    return GroupSpec(
        code=code,
        name=name,
        kind=kind,
        max=max_,
        cap=cap if cap is not None else (max_ if kind == "bonus" else None),
        criteria=criteria,
        sections=sections,
        note=str(raw.get("note_vi") or ""),
        assumed=bool(raw.get("assumed")),
    )


def _open_group(raw: dict[str, Any], code: str, name: str, setting: dict[str, Any], where: str) -> GroupSpec:
    """A group the text names without rule or maximum: left out (shown as such), or scored by
    the assessor within the range the administrator sets."""
    note = str(raw.get("note_vi") or raw.get("note_en") or "")
    if setting.get("mode") != "assessor_range":
        return GroupSpec(
            code=code, name=name or f"Nhóm {code}", kind="open", max=None, cap=None, criteria=(), note=note
        )
    low = _dec(setting.get("min", 0), f"parameters.open_groups.{code}.min")
    high = _dec(setting.get("max"), f"parameters.open_groups.{code}.max")
    if high <= low or low < 0:
        raise RubricError(f"parameters.open_groups.{code}: khoảng điểm {low}–{high} không hợp lệ.")
    label = name or f"Nhóm {code} (do đơn vị thẩm định chấm trong khoảng điểm quản trị đặt)"
    criterion = CriterionSpec(
        code=code,
        name=label,
        max=high,
        rule={"kind": "assessor_range", "points_min": str(low), "points_max": str(high)},
        text=f"Đơn vị thẩm định chấm từ {low} đến {high} điểm.",
        verifier="Cơ quan thường trực Ban Chỉ đạo",
    )
    return GroupSpec(
        code=code, name=label, kind="standard", max=high, cap=None, criteria=(criterion,), note=note
    )


def _section(raw: dict[str, Any], where: str) -> SectionSpec:
    code = str(raw.get("code") or "")
    if not code:
        raise RubricError(f"{where}: thiếu mã («code»).")
    return SectionSpec(
        code=code,
        name=str(raw.get("name_vi") or ""),
        max=_dec(raw.get("max_score") or 0, f"{where}.max_score"),
        criteria=tuple(str(c) for c in raw.get("criteria") or []),
        assumed=bool(raw.get("assumed")),
    )


def _with_sections(
    criteria: tuple[CriterionSpec, ...], sections: tuple[SectionSpec, ...]
) -> tuple[CriterionSpec, ...]:
    where = {code: s.code for s in sections for code in s.criteria}
    out = []
    for c in criteria:
        out.append(c if c.code not in where else CriterionSpec(**{**c.__dict__, "section": where[c.code]}))
    return tuple(out)


def _criterion(raw: dict[str, Any], where: str, measures: dict[str, Any]) -> CriterionSpec:
    code = str(raw.get("code") or "")
    if not code:
        raise RubricError(f"{where}: thiếu mã tiêu chí («code»).")
    here = f"{where} (tiêu chí {code})"
    rule = raw.get("scoring_rule")
    if not isinstance(rule, dict):
        raise RubricError(f"{here}: thiếu quy tắc chấm («scoring_rule»).")
    _check_rule(rule, here)
    na = raw.get("not_applicable") or {}
    max_ = _dec(raw.get("max_score"), f"{here}.max_score")
    return CriterionSpec(
        code=code,
        name=str(raw.get("name_vi") or code),
        max=abs(max_),
        rule=rule,
        text=str(raw.get("criteria_text_vi") or ""),
        evidence=str(raw.get("evidence_required_vi") or ""),
        verifier=str(raw.get("verifier_vi") or ""),
        na_allowed=bool(na.get("allowed")),
        na_condition=str(na.get("condition_vi") or ""),
        measure=measures.get(code) or raw.get("measure_source"),
        assumed=bool(raw.get("assumed")),
    )


def _check_rule(rule: dict[str, Any], where: str) -> None:
    kind = rule.get("kind")
    if kind not in RULE_KINDS:
        raise RubricError(f"{where}: loại quy tắc chấm «{kind}» không được hỗ trợ.")
    if kind in ("tiers", "count_tiers") and not rule.get("tiers"):
        raise RubricError(f"{where}: quy tắc bậc điểm không có bậc nào («tiers»).")
    if kind == "levels" and not rule.get("levels"):
        raise RubricError(f"{where}: quy tắc mức không có mức nào («levels»).")
    if kind == "proportional":
        for i, seg in enumerate(rule.get("segments") or []):
            if "formula" in seg and not FORMULA.match(str(seg["formula"])):
                raise RubricError(
                    f"{where}.segments[{i}]: công thức «{seg['formula']}» không đọc được "
                    "(dạng được hỗ trợ: (rate / 85) * 10)."
                )
    if kind == "conditional":
        for i, branch in enumerate(rule.get("branches") or []):
            _check_rule(branch.get("rule") or {}, f"{where}.branches[{i}]")
    if kind == "ratio_to_target_capped" and not rule.get("target"):
        raise RubricError(f"{where}: thiếu mốc («target»).")


def _check_unique(groups: tuple[GroupSpec, ...]) -> None:
    seen: set[str] = set()
    for g in groups:
        for c in g.criteria:
            if c.code in seen:
                raise RubricError(f"Mã tiêu chí {c.code} bị trùng.")
            seen.add(c.code)


def _check_dependencies(groups: tuple[GroupSpec, ...]) -> None:
    codes = {c.code for g in groups for c in g.criteria}
    for g in groups:
        for c in g.criteria:
            source = (c.rule.get("selector") or {}).get("source_criterion")
            if c.kind == "conditional" and source not in codes:
                raise RubricError(
                    f"Tiêu chí {c.code}: tiêu chí điều kiện «{source}» không có trong bộ tiêu chí."
                )


def _bands(raw: dict[str, Any]) -> tuple[Band, ...]:
    bands = [
        Band(
            code=str(b.get("code")),
            label=str(b.get("label_vi") or b.get("code")),
            description=str(b.get("desc_vi") or "").split(" (")[0],
            min=_opt_dec(b.get("min"), f"rating_bands.bands[{i}].min"),
        )
        for i, b in enumerate(raw.get("bands") or [])
    ]
    # Highest band first, so the first whose minimum is reached is the rating.
    return tuple(sorted(bands, key=lambda b: b.min if b.min is not None else Decimal(-1), reverse=True))
