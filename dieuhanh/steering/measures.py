"""Reporting hygiene as a measure for the evaluation rubrics (source `steering.freshness`):
the share of the unit's open lead tasks that were reported on and not left unchanged
"đang thực hiện" for three periods, with the figures behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dieuhanh.steering.lists import STALE_PERIODS, unit_freshness

if TYPE_CHECKING:
    from dieuhanh.evaluation.measures import Measured, Scope
    from dieuhanh.evaluation.rubric import CriterionSpec


def freshness_measure(c: CriterionSpec, scope: Scope) -> Measured | None:
    from dieuhanh.evaluation.measures import Measured

    f = unit_freshness(unit=scope.unit, lineage=scope.lineage, on=scope.on)
    if f is None or f.score is None:
        return None
    pct = round(100 * f.score, 2)
    oldest = f"; lâu nhất {f.oldest_days} ngày chưa cập nhật" if f.oldest_days is not None else ""
    return Measured(
        {"value": pct, "tasks": f.tasks, "never_updated": f.never_updated, "stale": f.stale},
        f"Hệ thống — độ mới thông tin, tính đến {scope.on:%d/%m/%Y}: {f.tasks} nhiệm vụ chủ trì "
        "đang thực hiện, "
        f"{f.never_updated} chưa từng được cập nhật, {f.stale} đứng yên {STALE_PERIODS} kỳ{oldest}",
    )
