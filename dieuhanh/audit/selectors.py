"""The audit log: every history row of every historied model — who changed what, when and
from which address — for an inspector, filtered by unit and period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.core.history import HistoryOrigin
from dieuhanh.reporting.models import Report, TaskUpdate
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_lineage_ids

ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
ADMIN_ACTIONS = {ADDITION: "Tạo mới", CHANGE: "Sửa", DELETION: "Xóa"}
# The most rows one export holds; narrow the period or the unit for more.
MAX_ROWS = 10_000


@dataclass(frozen=True)
class AuditLog:
    total: int  # every history row in the filter
    entries: list[AuditEntry]  # the newest, up to the limit asked


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    user: str
    username: str
    ip_address: str
    kind: str
    object_id: str
    object: str
    action: str
    changes: str


# How a model's history rows reach a unit (ids of the unit and the units it succeeded);
# models not listed here belong to no unit and are left out when a unit is chosen.
UnitScope = Callable[[set[int]], Q]


def _report_ids(units: set[int]) -> list[int]:
    return list(Report.objects.filter(unit_id__in=units).values_list("pk", flat=True))


UNIT_SCOPES: dict[str, UnitScope] = {
    "reporting.report": lambda units: Q(unit_id__in=units),
    "reporting.taskupdate": lambda units: Q(report_id__in=_report_ids(units)),
    "reporting.reportindicatorvalue": lambda units: Q(report_id__in=_report_ids(units)),
    "reporting.evidence": lambda units: Q(
        task_update_id__in=TaskUpdate.objects.filter(report__unit_id__in=units).values("pk")
    ),
    "indicators.datavalue": lambda units: Q(unit_id__in=units),
    "plans.task": lambda units: Q(lead_unit_id__in=units),
    "zones.enterprise": lambda units: Q(unit_id__in=units),
    # A user account's changes belong to the unit it is (now or was then) attached to.
    "accounts.user": lambda units: Q(unit_id__in=units),
}


def _history_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, HistoryOrigin)]


def _check_inspector(user: User) -> None:
    rules.require(rules.is_programme_admin, user, "Chỉ quản trị viên chương trình được xem nhật ký thay đổi.")


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _window(start: dt.date | None, end: dt.date | None, field: str = "history_date") -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": _midnight(start)})
    if end:
        q &= Q(**{f"{field}__lt": _midnight(end + dt.timedelta(days=1))})
    return q


class _Lookups:
    """What the entries of one page read beside their own rows, read once for all of them:
    each changed row's previous version (one query per kind of record, not one per row) and the
    names of the related records a change points to (each record once)."""

    def __init__(self, rows: list[models.Model]) -> None:
        self.previous: dict[tuple[type, int], models.Model] = {}
        self.names: dict[tuple[object, object], str] = {}
        changed: dict[type, set[object]] = {}
        for row in rows:
            if row.history_type == "~":  # type: ignore[attr-defined]
                changed.setdefault(type(row), set()).add(row.id)  # type: ignore[attr-defined]
        for model, ids in changed.items():
            versions = model._default_manager.filter(id__in=ids).order_by("id", "history_date", "history_id")  # type: ignore[attr-defined]
            before: dict[object, models.Model] = {}
            for version in versions:
                held = before.get(version.id)
                if held is not None:
                    self.previous[(model, version.history_id)] = held
                before[version.id] = version

    def related_names(self, field: models.Field, ids: list[object]) -> dict[object, object]:  # type: ignore[type-arg]
        model = field.related_model
        missing = [i for i in ids if i is not None and (model, i) not in self.names]
        if missing and model is not None and not isinstance(model, str):
            for obj in model._default_manager.filter(pk__in=missing):
                self.names[(model, obj.pk)] = str(obj)
        return {i: self.names[(model, i)] for i in ids if (model, i) in self.names}


def _changes(row: models.Model, lookups: _Lookups) -> str:
    if row.history_type != "~":  # type: ignore[attr-defined]
        return ""
    previous = lookups.previous.get((type(row), row.history_id))  # type: ignore[attr-defined]
    if previous is None:
        return ""
    delta = row.diff_against(previous)  # type: ignore[attr-defined]
    fields = {f.name: f for f in row.instance_type._meta.fields}  # type: ignore[attr-defined]
    parts = []
    for change in delta.changes:
        field = fields.get(change.field)
        label = field.verbose_name if field else change.field
        names = dict(field.flatchoices) if field and field.choices else {}
        if field is not None and field.many_to_one:  # a unit by its name, not its id
            names = lookups.related_names(field, [change.old, change.new])
        old, new = _choice(names, change.old), _choice(names, change.new)
        parts.append(f"{label}: {_show(old)} → {_show(new)}")
    return "; ".join(parts)


def _choice(names: dict[object, object], value: object) -> object:
    """A choice's label ("Đã duyệt", not "accepted"); JSON values are shown as they are."""
    return names.get(value, value) if isinstance(value, str | int) else value


def _show(value: object) -> str:
    if value is None or value == "":
        return "(trống)"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _entry(row: models.Model, lookups: _Lookups) -> AuditEntry:
    user = row.history_user  # type: ignore[attr-defined]
    original = row.instance_type  # type: ignore[attr-defined]
    try:
        label = str(row.instance)  # type: ignore[attr-defined]
    except Exception:  # a row whose related records are gone still belongs in the log
        label = f"#{row.id}"  # type: ignore[attr-defined]
    return AuditEntry(
        at=timezone.localtime(row.history_date),  # type: ignore[attr-defined]
        user=user.display_name() if user else "(hệ thống)",
        username=user.get_username() if user else "",
        ip_address=row.ip_address or "",  # type: ignore[attr-defined]
        kind=str(original._meta.verbose_name),
        object_id=str(row.id),  # type: ignore[attr-defined]
        object=label,
        action=ACTIONS.get(row.history_type, "?"),  # type: ignore[attr-defined]
        changes=_changes(row, lookups),
    )


def audit_log(
    *,
    user: User,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = MAX_ROWS,
) -> AuditLog:
    """History rows in the period (inclusive, Vietnam's days), newest first: how many there
    are, and the newest `limit` of them as entries."""
    _check_inspector(user)
    units = unit_lineage_ids(unit=unit) if unit else None
    querysets = []
    for model in _history_models():
        label = model.instance_type._meta.label_lower  # type: ignore[attr-defined]
        qs = model._default_manager.filter(_window(start, end))
        if units is not None:
            scope = UNIT_SCOPES.get(label)
            if scope is None:
                continue
            qs = qs.filter(scope(units))
        querysets.append(qs)
    rows: list[models.Model] = []
    for qs in querysets:
        rows += list(qs.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    rows.sort(key=lambda r: r.history_date, reverse=True)  # type: ignore[attr-defined]
    total = sum(qs.count() for qs in querysets)
    shown = rows[:limit]
    lookups = _Lookups(shown)
    entries = [_entry(r, lookups) for r in shown]
    if units is None:  # what was done in the admin (accounts, roles) belongs to no unit
        admin_total, admin_entries = _admin_entries(start, end, limit)
        total += admin_total
        entries = sorted(entries + admin_entries, key=lambda e: e.at, reverse=True)[:limit]
    return AuditLog(total=total, entries=entries)


def _admin_entries(start: dt.date | None, end: dt.date | None, limit: int) -> tuple[int, list[AuditEntry]]:
    """The admin's own log (Django's LogEntry): who added, changed or deleted what there —
    accounts and roles included, which keep no history of their own."""
    qs = LogEntry.objects.filter(_window(start, end, "action_time")).select_related("user", "content_type")
    entries = [
        AuditEntry(
            at=timezone.localtime(e.action_time),
            user=e.user.display_name(),  # type: ignore[attr-defined]
            username=e.user.get_username(),
            ip_address="",
            kind=f"quản trị: {e.content_type.name if e.content_type else ''}",
            object_id=e.object_id or "",
            object=e.object_repr,
            action=ADMIN_ACTIONS.get(e.action_flag, "?"),
            changes=str(e.get_change_message()),
        )
        for e in qs.order_by("-action_time")[:limit]
    ]
    return qs.count(), entries


def audit_units(*, user: User) -> Iterator[Unit]:
    """Units that have something in the log: those that report, lead tasks, record values or
    have user accounts. For the inspector only, like the log."""
    _check_inspector(user)
    ids = set(Report.objects.values_list("unit_id", flat=True))
    ids |= set(
        apps.get_model("plans", "Task").objects.exclude(lead_unit=None).values_list("lead_unit_id", flat=True)
    )
    ids |= set(User.objects.exclude(unit=None).values_list("unit_id", flat=True))  # account changes
    return Unit.objects.filter(pk__in=ids).order_by("kind", "name").iterator()
