"""Load the Hải Dương programme into the register. Idempotent: every row is found by its
natural key and updated, so running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.demo.documents import (
    BQL_KCN,
    DOCUMENTS,
    GROUPS,
    GROUPS_DOCUMENT,
    REQUIRED_UNITS,
    SO_KHCN,
    TARGETS,
    TARGETS_DOCUMENT,
    TASKS_DOCUMENT,
    DocumentSpec,
)
from dieuhanh.plans.demo.tasks import COORDINATE, LEAD_TEXT_726, TASKS, TaskSpec
from dieuhanh.plans.models import Document, Target, Task, TaskGroup
from dieuhanh.units.models import Unit


class MissingUnitsError(LookupError):
    """The units the programme refers to have not been loaded yet."""


def _units() -> dict[str, Unit]:
    units = {u.code: u for u in Unit.objects.filter(code__in=REQUIRED_UNITS)}
    missing = [code for code in REQUIRED_UNITS if code not in units]
    if missing:
        raise MissingUnitsError(
            f"Chưa có các đơn vị: {', '.join(missing)}. "
            "Hãy nạp danh mục đơn vị trước khi nạp chương trình mẫu."
        )
    return units


def _document_upsert(spec: DocumentSpec, *, units: dict[str, Unit], docs: dict[str, Document]) -> Document:
    values = {
        "kind": spec.kind,
        "number": spec.number,
        "issued_on": spec.issued_on,
        "issuer": units.get(spec.issuer_code) if spec.issuer_code else None,
        "title": spec.title,
        "implements": docs[spec.implements] if spec.implements else None,
    }
    # An unnumbered document (the Board's plan) is known by its issuer and title.
    key: dict[str, Any] = {"issuer_name": spec.issuer_name, "number": spec.number}
    if not spec.number:
        key["title"] = spec.title
    doc, _ = Document.objects.update_or_create(defaults=values, **key)
    return doc


def _documents_load(units: dict[str, Unit]) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for spec in DOCUMENTS:  # ordered: each implements one loaded before it
        docs[spec.key] = _document_upsert(spec, units=units, docs=docs)
    return docs


def _targets_load(document: Document, lead: Unit) -> int:
    """The plan's targets, each led (monitored and judged) by the Sở KH&CN in the demo."""
    for order, spec in enumerate(TARGETS, start=1):
        Target.objects.update_or_create(
            document=document,
            code=spec.code,
            defaults={
                "name": spec.name,
                "text": spec.text,
                "comparator": spec.comparator,
                "value": spec.value,
                "unit_of_measure": spec.unit_of_measure,
                "horizon_year": spec.horizon_year,
                "source_ref": spec.source_ref,
                "lead_unit": lead,
                "order": order,
            },
        )
    return len(TARGETS)


def _groups_load(document: Document) -> dict[str, TaskGroup]:
    groups = {}
    for order, (number, title) in enumerate(GROUPS, start=1):
        groups[number], _ = TaskGroup.objects.update_or_create(
            document=document, number=number, defaults={"title": title, "order": order}
        )
    return groups


def _task_upsert(
    spec: TaskSpec, *, order: int, document: Document, group: TaskGroup, units: dict[str, Unit]
) -> Task:
    task, _ = Task.objects.update_or_create(
        document=document,
        code=spec.code,
        defaults={
            "group": group,
            "section": spec.section,
            "text": spec.text,
            "issuer_role": spec.role,
            "lead_unit": units[spec.lead] if spec.lead else None,
            "lead_text": "" if spec.lead else LEAD_TEXT_726,
            "order": order,
            **parse_deadline(spec.deadline).task_fields(),
        },
    )
    task.partner_units.set([units[BQL_KCN]] if spec.role == COORDINATE else [])
    return task


def _tasks_load(document: Document, groups: dict[str, TaskGroup], units: dict[str, Unit]) -> dict[str, Task]:
    return {
        spec.code: _task_upsert(spec, order=order, document=document, group=groups[spec.section], units=units)
        for order, spec in enumerate(TASKS, start=1)
    }


@transaction.atomic
def programme_load_demo() -> dict[str, int]:
    """Load documents, targets, task groups and tasks; return the counts. Completions come
    from the demo's accepted monthly reports (reporting.demo), not from here."""
    units = _units()
    docs = _documents_load(units)
    groups = _groups_load(docs[GROUPS_DOCUMENT])
    tasks = _tasks_load(docs[TASKS_DOCUMENT], groups, units)
    from dieuhanh.plans.demo.annex import annex_load_demo

    # Keys are labels: `dieuhanh load_demo` prints them as they are.
    return {
        "Văn bản": len(docs),
        "Chỉ tiêu": _targets_load(docs[TARGETS_DOCUMENT], units[SO_KHCN]),
        "Nhóm nhiệm vụ": len(groups),
        "Nhiệm vụ": len(tasks),
        "Kế hoạch chờ rà soát": annex_load_demo(),
    }
