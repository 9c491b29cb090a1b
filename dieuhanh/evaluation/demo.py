"""The evaluation demo: QĐ 11 (Phụ lục 3, cấp xã) applied to the demo wards, and the
DTI-shaped index to the demo agencies and wards, for 2024 and 2025; self-assessments with
evidence (some late, one refused, one waived), one appraisal change with its reason, and
published results. Figures the platform does not hold are ILLUSTRATIVE, drawn from a seeded
generator so that reloads agree."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from dieuhanh.accounts.models import User
from dieuhanh.evaluation import services
from dieuhanh.evaluation.models import Entry, Evaluation, Round, Rubric
from dieuhanh.evaluation.rubric import CriterionSpec, RubricSpec
from dieuhanh.reporting.models import Frequency, RegimeMembership
from dieuhanh.units.models import Unit

DATA = Path(__file__).parent / "data"
QD11 = "quy-dinh-11-qd-tu.json"
QD11_PARAMETERS = "quy-dinh-11-parameters.json"
DTI = "dti-don-vi-2025.json"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The ward whose demo reporter (`xa`) sees a scorecard with an appraisal change.
APPRAISED_WARD = "vn2025:w:10507"
YEARS = (2024, 2025)


def _json(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def rubrics_load() -> tuple[Rubric, Rubric]:
    qd11 = _json(QD11) | {"parameters": _json(QD11_PARAMETERS)}
    a = services.rubric_import(
        definition=qd11, source_note="shared/data/rubrics/quy-dinh-11-qd-tu.json (xem README)"
    )
    b = services.rubric_import(
        definition=_json(DTI), source_note="Cấu trúc DTI 2025 (QĐ 405/QĐ-BKHCN), điểm giả định"
    )
    return a, b


def _units_on(kind: str, on: dt.date) -> list[Unit]:
    """The demo's reporting units of a kind that exist on `on` (Hải Phòng's since the merger)."""
    ids = RegimeMembership.objects.filter(regime__frequency=Frequency.YEARLY, unit__kind=kind).values(
        "unit_id"
    )
    return list(Unit.objects.filter(pk__in=ids).valid_on(on).order_by("name"))


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=VN)


def _bounds(rule: dict[str, Any]) -> list[float]:
    out = []
    for tier in rule.get("tiers") or rule.get("segments") or []:
        out += [float(tier[k]) for k in ("min", "max", "min_exclusive", "max_exclusive") if k in tier]
    return out or [100.0]


def _value(rule: dict[str, Any], rng: random.Random, lift: float) -> float:
    kind = rule["kind"]
    if kind == "ratio_x_max" and rule.get("of") == 5:
        return round(min(5.0, rng.uniform(1.2, 4.2) * lift), 2)
    if kind == "ratio_to_target_capped":
        return round(rng.uniform(1.5, 7.0) * lift, 1)
    if kind == "normalised_to_best":
        return float(int(rng.uniform(800, 24000) * lift))
    if rule.get("unit") == "days":
        return float(rng.randint(12, 70))
    top = max(_bounds(rule))
    if rule.get("unit") == "count" or kind == "count_tiers":
        return float(int(rng.uniform(0.3, 1.4) * top * lift))
    return round(min(100.0, rng.uniform(52, 100) * lift), 1)


def _inputs(c: CriterionSpec, rng: random.Random, year: int, lift: float) -> dict[str, Any] | None:
    rule, kind = c.rule, c.kind
    if c.na_allowed and rng.random() < 0.12:
        return {"not_applicable": True}
    if kind in (
        "tiers",
        "count_tiers",
        "proportional",
        "ratio_x_max",
        "ratio_to_target_capped",
        "normalised_to_best",
    ):
        return {"value": _value(rule, rng, lift)}
    if kind == "yes_no":
        if rule.get("all_of_vi"):
            return {"conditions": [rng.random() < 0.85 * lift for _ in rule["all_of_vi"]]}
        return {"yes": rng.random() < 0.8 * lift}
    if kind == "levels":
        return _level_inputs(rule, rng)
    if kind == "conditional":
        return {"value": round(rng.uniform(55, 100), 1), "yes": True}
    if kind == "comparison":
        current = round(rng.uniform(60, 98) * lift, 1)
        return {
            "current": current,
            "previous": None if year == YEARS[0] else round(current - rng.uniform(-6, 12), 1),
        }
    if kind == "deduction_fixed":
        occurred = rng.random() < 0.15
        return (
            {"occurred": occurred, "basis": "Thông báo số 18-TB/BCĐ ngày 08/12/2025 của Ban Chỉ đạo"}
            if occurred
            else {"occurred": False}
        )
    return None


def _level_inputs(rule: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    levels = rule["levels"]
    if rule.get("select") == "highest_applicable":
        return {"levels": [lv["id"] for lv in levels if rng.random() < 0.4]}
    level = levels[0] if rng.random() < 0.45 else rng.choice(levels)
    out: dict[str, Any] = {"level": level["id"]}
    if "points_max" in level:
        out["points"] = float(rng.randint(int(level.get("points_min", 0)), int(level["points_max"])))
    return out


def _evidence(c: CriterionSpec, unit: Unit, year: int, rng: random.Random) -> str:
    kind = (c.evidence or "Văn bản minh chứng").split(",")[0].split(";")[0].strip().rstrip(".")
    day = dt.date(year, rng.randint(2, 11), rng.randint(1, 28))
    return (
        f"{kind} số {rng.randint(12, 240)}/{unit.short_name or 'UBND'} ngày {day:%d/%m/%Y} (dữ liệu minh họa)"
    )


def _measured_codes(spec: RubricSpec) -> set[str]:
    return {c.code for c in spec.criteria() if c.measure and c.measure.get("source") != "zones.enterprise_dx"}


def _fill(evaluation: Evaluation, spec: RubricSpec, lift: float) -> None:
    unit, year = evaluation.unit, evaluation.round.year
    rng = random.Random(f"{spec.code}|{unit.code}|{year}")
    skip = _measured_codes(spec)
    rows = []
    for c in spec.criteria():
        if c.kind == "late_submission":
            continue
        # Departments take no citizens' dossiers: the online-dossier sub-index does not apply.
        if c.code == "CQS.HD.2" and unit.kind == Unit.Kind.AGENCY:
            inputs: dict[str, Any] | None = {"not_applicable": True}
        elif c.code in skip:
            continue
        else:
            inputs = _inputs(c, rng, year, lift)
        if inputs is not None:
            rows.append(
                Entry(
                    evaluation=evaluation,
                    criterion=c.code,
                    self_inputs=inputs,
                    evidence=_evidence(c, unit, year, rng),
                )
            )
    Entry.objects.bulk_create(rows)


def _submitted_on(unit: Unit, index: int, due: dt.date, year: int) -> tuple[dt.date, str]:
    """Most send on time; in 2025 the sixth ward 2 days late, the seventh 3, the eighth 6, the
    ninth after the refusal date (20/12), the last after it with a written waiver."""
    late = {5: 2, 6: 3, 7: 6, 8: 12} if year == YEARS[1] else {}
    days = late.get(index, -random.Random(unit.code).randint(1, 6))
    waiver = ""
    if year == YEARS[1] and index == 9:
        days, waiver = (
            13,
            "Công văn số 1250/SKHCN-CĐS ngày 22/12/2025 chấp thuận nộp muộn (lý do: sự cố đường truyền)",
        )
    return due + dt.timedelta(days=days), waiver


def _cycle(round_: Round, admin: User, *, publish_all: bool) -> None:
    spec = round_.rubric.spec()
    evaluations = list(round_.evaluations.select_related("unit").order_by("unit__name"))
    for i, e in enumerate(evaluations):
        _fill(e, spec, lift=0.9 + 0.15 * (round_.year - YEARS[0]) * random.Random(e.unit.code).random())
        sent, waiver = _submitted_on(e.unit, i, round_.self_assessment_due, round_.year)
        Evaluation.objects.filter(pk=e.pk).update(
            submitted_at=_at(sent), status=Evaluation.Status.SUBMITTED, waiver_ref=waiver
        )
    if spec.code.startswith("qd11") and round_.year == YEARS[1]:
        _appraisal_change(round_, admin)
    if spec.heads is not None:
        _heads_scored(evaluations, spec, admin, _at(round_.data_as_of + dt.timedelta(days=10)))
    now = _at(round_.data_as_of + dt.timedelta(days=20))
    for i, e in enumerate(evaluations):
        services.evaluation_appraised(user=admin, evaluation_id=e.pk)
        if publish_all or i != len(evaluations) - 2:
            services.evaluation_review(user=admin, evaluation_id=e.pk, now=now)
    services.round_publish(user=admin, round_id=round_.pk, now=now + dt.timedelta(days=5))


def _heads_scored(evaluations: list[Evaluation], spec: RubricSpec, admin: User, now: dt.datetime) -> None:
    """The assessor scores each head's own criteria (rubric `parameters.heads`), with evidence;
    one head in five is left unscored, so the page shows what is still missing."""
    assert spec.heads is not None
    for e in evaluations:
        rng = random.Random(f"head|{e.unit.code}|{e.round.year}")
        if rng.random() < 0.2:
            continue
        for c in spec.heads.criteria:
            if c.kind == "levels":
                inputs: dict[str, Any] = {"level": rng.choice([lv["id"] for lv in c.rule["levels"]])}
            else:
                inputs = {"yes": rng.random() < 0.7}
            services.head_entry_save(
                user=admin,
                evaluation_id=e.pk,
                criterion=c.code,
                inputs=inputs,
                evidence=f"{c.evidence} — hồ sơ năm {e.round.year} của {e.unit.name}",
                assessor_unit=c.verifier,
                now=now,
            )


def _appraisal_change(round_: Round, admin: User) -> None:
    evaluation = round_.evaluations.filter(unit__code=APPRAISED_WARD).first()
    if evaluation is None:
        return
    services.entry_appraise(
        user=admin,
        evaluation_id=evaluation.pk,
        criterion="II.1.3",
        inputs={"level": "used_irregular"},
        reason=(
            "Nhật ký cập nhật trên Nền tảng số dùng chung cấp xã cho thấy dữ liệu tháng 8–10/2025 không được "
            "cập nhật; chưa đạt mức «cập nhật thường xuyên»."
        ),
        appraiser_unit="Sở Khoa học và Công nghệ",
        now=_at(dt.date(round_.year, 12, 24)),
    )


@transaction.atomic
def evaluation_load_demo() -> dict[str, int]:
    """Idempotent: rounds already loaded are left as they are."""
    qd11, dti = rubrics_load()
    admin = User.objects.get(username="quantri")
    counts = {
        "Bộ tiêu chí đánh giá": Rubric.objects.count(),
        "Đợt đánh giá": 0,
        "Kết quả đánh giá đã công bố": 0,
    }
    for year in YEARS:
        end = dt.date(year, 12, 31)
        wards = _units_on(Unit.Kind.COMMUNE, dt.date(YEARS[1], 12, 31))
        agencies = _units_on(Unit.Kind.AGENCY, dt.date(YEARS[1], 12, 31))
        for rubric, units in ((qd11, wards), (dti, agencies + wards)):
            if Round.objects.filter(rubric__code=rubric.code, year=year).exists():
                continue
            round_ = services.round_open(
                rubric=rubric,
                year=year,
                self_assessment_due=dt.date(year, 12, 10),
                data_as_of=min(dt.date(year, 12, 15), end),
                units=units,
            )
            _cycle(round_, admin, publish_all=year == YEARS[0] or rubric == dti)
    counts["Đợt đánh giá"] = Round.objects.count()
    counts["Kết quả đánh giá đã công bố"] = Evaluation.objects.filter(
        status=Evaluation.Status.PUBLISHED
    ).count()
    return counts
