"""Importing a plan document: extract drafts, let the administrator correct them, register
them all at once (Document, TaskGroup, Task, Target) — or nothing, with every problem named."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rapidfuzz import fuzz, process

from dieuhanh.accounts import rules
from dieuhanh.core.errors import found
from dieuhanh.core.pause import pause_point
from dieuhanh.core.text import fold
from dieuhanh.plans import national
from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.extract import ExtractError, clauses, extract_bytes
from dieuhanh.plans.models import Document, IssuerRole, Target, Task, TaskGroup
from dieuhanh.plans.models_import import PlanImport
from dieuhanh.units.models import Unit

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

UNIT_KINDS = (Unit.Kind.AGENCY, Unit.Kind.PROVINCE, Unit.Kind.INDUSTRIAL_ZONE)
# Contract units → how the register writes them (plans.models.Target.unit_of_measure).
_UNIT_NAMES = {"rank": "hạng", "index": "chỉ số", "% budget": "% ngân sách", "count": "", None: ""}
_MAX_UPLOAD = 20 * 1024 * 1024


# Similarity (0-100, plans.importing.task_similarity) above which a higher task is preselected
# as the one a task implements. Measured on real pairs: the 55 tasks of the Industrial Zones
# Board's plan (seed 001) against the ten NQ 57 headings of 726/KH-UBND they sit under or not
# (550 pairs, tests/test_import_suggestions.py): the highest unrelated pair scores 79.
LINK_THRESHOLD = 80
LINK_SHOWN = 60
# A unit suggestion is preselected from this score up (abbreviations expanded, same kind of body).
UNIT_THRESHOLD = 85


@transaction.atomic
def plan_import_create(
    *, data: bytes, file_name: str, user: User | None, today: dt.date | None = None
) -> PlanImport:
    """Read an uploaded plan into drafts; a file that is not a plan raises ValidationError.

    Suggestions (the unit for each lead, the issuer's unit, the higher document and the higher
    task each task implements) are worked out once, here, and stored with the drafts: the
    review shows what is stored, so an officer's choice — clearing one included — stays."""
    today = today or timezone.localdate()
    if len(data) > _MAX_UPLOAD:
        raise ValidationError({"file": "Tệp lớn hơn 20 MB; hãy tải lên bản Word hoặc văn bản của kế hoạch."})
    try:
        draft = extract_bytes(data, name=file_name)
    except ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    payload = draft.to_contract()
    issuer = payload["document"].get("issuer")
    higher = national.is_national_issuer(issuer)
    payload["level"] = "national" if higher else "local"
    # The kind the header names ("KẾ HOẠCH", "NGHỊ QUYẾT", "CHƯƠNG TRÌNH HÀNH ĐỘNG"…); not in
    # the extraction contract, so kept beside it.
    payload["kind"] = draft.document.kind or Document.Kind.PLAN
    units = _units(today)
    for group in payload["groups"]:
        group["deleted"] = False
    seen: dict[tuple[str, ...], list[tuple[Unit, float]]] = {}  # plans repeat the same leads
    for task, extracted in zip(payload["tasks"], draft.tasks, strict=True):
        task.update(include=True, partner_units=[], implements=None, links=[], source=extracted.source)
        task["group_key"] = _group_key(task, payload["groups"])
        task["in_scope"], role = _locality(task, higher=higher)
        if higher:
            task["role"] = role
        names = tuple(task.get("lead") or [])
        if names not in seen:
            seen[names] = unit_suggestions(names=list(names), units=units, limit=1)
        best = seen[names]
        task["lead_suggestion"] = [best[0][0].pk, round(best[0][1])] if best else None
        task["lead_unit"] = best[0][0].pk if best and best[0][1] >= UNIT_THRESHOLD else None
    for target, read in zip(payload["targets"], draft.targets, strict=True):
        lead = unit_suggestions(names=[read.monitor], units=units, limit=1) if read.monitor else []
        target.update(include=True, monitor=read.monitor)
        target["lead_unit"] = lead[0][0].pk if lead and lead[0][1] >= UNIT_THRESHOLD else None
    best = unit_suggestions(names=[issuer], units=units, limit=1) if issuer else []
    payload["issuer_unit"] = best[0][0].pk if best and best[0][1] >= UNIT_THRESHOLD else None
    payload["implements_document"] = _referenced_document(draft.source_lines[:40], payload["document"])
    _suggest_links(payload)
    return PlanImport.objects.create(
        file_name=file_name[:255], draft=payload, source_lines=draft.source_lines, created_by=user
    )


def _units(today: dt.date) -> list[Unit]:
    return list(Unit.objects.valid_on(today).filter(kind__in=UNIT_KINDS))


def _group_key(task: dict[str, Any], groups: list[dict[str, Any]]) -> int | None:
    """Which group (its index) a task sits in: its section's number, or that number's head."""
    section = task.get("section") or ""
    numbers = [g["number"] for g in groups]
    for number in (section, section.split(".")[0]):
        if number and number in numbers:
            return len(numbers) - 1 - numbers[::-1].index(number)
    if task.get("group"):
        titles = [g["title"] for g in groups]
        if task["group"] in titles:
            return titles.index(task["group"])
    return None


def _locality(task: dict[str, Any], *, higher: bool) -> tuple[bool, str | None]:
    """(the province has a role, the issuer's role for the province) for a task of a national
    plan: "UBND các tỉnh, thành phố" or "các địa phương" as lead → lead, as partner → coordinate."""
    if not higher:
        return True, task.get("role")
    if any(national.mentions_locality(n) for n in task.get("lead") or []):
        return True, IssuerRole.LEAD
    if any(national.mentions_locality(n) for n in task.get("partners") or []):
        return True, IssuerRole.COORDINATE
    if not task.get("lead") and national.mentions_locality(task.get("text") or ""):
        return True, IssuerRole.LEAD
    return False, None


_REFERENCE = re.compile(r"\b(?:số\s+)?(\d{1,5}[-/][\wĐđ/.\-]{2,20}?)(?=[\s,;.)]|$)", re.IGNORECASE)


def _referenced_document(lines: list[str], document: dict[str, Any]) -> int | None:
    """The registered document the plan says it carries out ("Thực hiện Kế hoạch số 726/KH-UBND
    …"): of those it names, the latest issued."""
    own = _number_key(document.get("number") or "")
    numbers = {_number_key(m.group(1)) for line in lines for m in _REFERENCE.finditer(line)} - {own, ""}
    if not numbers:
        return None
    found = [
        d for d in Document.objects.only("pk", "number", "issued_on") if _number_key(d.number) in numbers
    ]
    found.sort(key=lambda d: (d.issued_on or dt.date.min, d.pk))
    return found[-1].pk if found else None


def _number_key(number: str) -> str:
    return fold(number).replace(" ", "").rstrip(".")


def _suggest_links(payload: dict[str, Any], *, keep_chosen: bool = False) -> None:
    """For every task, the higher plan's tasks it may implement (best first, with the score);
    the best is preselected only above LINK_THRESHOLD. Links go up: from this (lower) plan's
    task to a task of the document it implements or of that one's own higher documents."""
    higher = _higher_tasks(payload.get("implements_document"))
    found = task_suggestions_many(texts=[t["text"] for t in payload["tasks"]], tasks=higher)
    for task, links in zip(payload["tasks"], found, strict=True):
        task["links"] = [[t.pk, round(score), _task_label(t), t.text[:160]] for t, score in links]
        if keep_chosen and task.get("implements"):
            continue  # the officer picked one: the new document's suggestions do not replace it
        task["implements"] = links[0][0].pk if links and links[0][1] >= LINK_THRESHOLD else None


def _higher_tasks(document_id: int | None) -> list[Task]:
    if not document_id:
        return []
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return []
    chain = [d.pk for d in document.chain()]
    return list(Task.objects.filter(document_id__in=chain).select_related("document").order_by("pk")[:3000])


def _task_label(task: Task) -> str:
    return f"{task.code} · {task.document.number}" if task.document.number else task.code


@transaction.atomic
def plan_import_review(*, plan_import: PlanImport, data: dict[str, Any]) -> PlanImport:
    """Apply the reviewer's corrections (the review form's cleaned values) to the drafts: the
    document, every task, every target, the groups (renamed, merged into another, deleted), and
    a bulk action if one was asked for."""
    _check_open(plan_import)
    draft = plan_import.draft
    draft["document"].update(data["document"])
    draft["issuer_unit"] = data.get("issuer_unit")
    if data.get("kind") in Document.Kind.values:
        draft["kind"] = data["kind"]
    previous = draft.get("implements_document")
    draft["implements_document"] = data.get("implements_document")
    for task, edits in zip(draft["tasks"], data["tasks"], strict=True):
        task.update(edits)
        task["deadline"] = parse_deadline(edits.get("deadline_text") or "").to_contract()
    for target, edits in zip(draft["targets"], data["targets"], strict=True):
        target.update(edits)
    _apply_group_edits(draft, data.get("groups") or [])
    if draft["implements_document"] != previous:
        _suggest_links(draft, keep_chosen=True)
    _bulk(draft, data.get("bulk"))
    plan_import.save(update_fields=["draft"])
    return plan_import


def _apply_group_edits(draft: dict[str, Any], edits: list[dict[str, Any]]) -> None:
    groups = draft.get("groups") or []
    for key, (group, edit) in enumerate(zip(groups, edits, strict=False)):
        if group.get("deleted"):
            continue
        group["title"] = edit.get("title") or group["title"]
        target = edit.get("merge_into")
        if edit.get("delete") or (target is not None and target != key):
            if target is None or not 0 <= target < len(groups) or groups[target].get("deleted"):
                target = _previous_group(groups, key)  # deleted: its tasks join the group above
            group["deleted"] = True
            for task in draft["tasks"]:
                if task.get("group_key") == key:
                    task["group_key"] = target
                    task["section"] = groups[target]["number"] if target is not None else None
                    task["group"] = groups[target]["title"] if target is not None else None


def _previous_group(groups: list[dict[str, Any]], key: int) -> int | None:
    for index in range(key - 1, -1, -1):
        if not groups[index].get("deleted"):
            return index
    return None


def _bulk(draft: dict[str, Any], action: str | None) -> None:
    if action == "untick_context":
        # "Bỏ chọn các nhiệm vụ không có vai trò của địa phương"
        for task in draft["tasks"]:
            if not task.get("in_scope", True):
                task["include"] = False
    elif action == "keep_names":
        # "Giữ nguyên tên theo văn bản cho tất cả": no unit of the register is set as lead.
        for task in draft["tasks"]:
            task["lead_unit"] = None


@transaction.atomic
def plan_import_register(*, plan_import: PlanImport, user: User | None) -> Document:
    """Register every kept draft in one step. A document whose number is already registered
    (an annex, a corrected version) gets the new tasks and targets attached. Any problem raises
    ValidationError listing them all (with the task's or target's position) and nothing is
    saved."""
    _check_open(plan_import)
    draft = plan_import.draft
    errors = _problems(draft)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            found = registered_document(draft["document"].get("number"), draft["document"].get("issuer"))
            document = found or _document(draft)
            groups = _groups(draft, document)
            _tasks(draft, document, groups, user)
            pause_point("plan_register")  # test-only: a crash with the tasks written, not the targets
            _targets(draft, document)
    except IntegrityError as exc:
        raise ValidationError(
            f"Không đăng ký được văn bản số “{draft['document'].get('number')}”: dữ liệu trùng "
            "với văn bản đã có."
        ) from exc
    plan_import.status = PlanImport.Status.REGISTERED
    plan_import.document = document
    plan_import.save(update_fields=["status", "document"])
    return document


def registered_document(number: str | None, issuer: str | None = None) -> Document | None:
    """The registered document with this number ("03/NQ-CP" = "03/nq-cp ") from the same issuer
    (names compared loosely: "UBND tỉnh Bắc Ninh" and "Ủy ban nhân dân tỉnh Bắc Ninh" are one;
    two provinces' "12/KH-UBND" are not), if any."""
    wanted = _number_key(number or "")
    if not wanted:
        return None
    candidates = Document.objects.filter(number__iexact=(number or "").strip())
    for document in candidates:
        if _number_key(document.number) == wanted and _same_issuer(document.issuer_name, issuer):
            return document
    return None


def _same_issuer(registered: str, issuer: str | None) -> bool:
    if not issuer or not registered:
        return True
    a, b = _unit_key(registered), _unit_key(issuer)
    return fuzz.token_set_ratio(a, b) >= 90


def _check_open(plan_import: PlanImport) -> None:
    if plan_import.status != PlanImport.Status.DRAFT:
        raise ValidationError("Kế hoạch này đã được đăng ký; không thể sửa hay đăng ký lại.")


# --- checks -----------------------------------------------------------------------------


def _problems(draft: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    doc = draft["document"]
    if not (doc.get("title") or "").strip():
        problems.append("Văn bản: chưa có trích yếu (tên kế hoạch).")
    if not (doc.get("issuer") or "").strip():
        problems.append("Văn bản: chưa có cơ quan ban hành.")
    if doc.get("date") and _date(doc["date"]) is None:
        problems.append(f"Văn bản: ngày ban hành “{doc['date']}” không hợp lệ.")
    kept = [t for t in draft["tasks"] if t.get("include")]
    if not kept and not any(t.get("include") for t in draft["targets"]):
        problems.append("Chưa chọn nhiệm vụ hay chỉ tiêu nào để đăng ký.")
    for i, task in enumerate(draft["tasks"], start=1):
        if task.get("include") and not (task.get("text") or "").strip():
            problems.append(f"Nhiệm vụ {i}: nội dung đang để trống.")
    for i, target in enumerate(draft["targets"], start=1):
        if target.get("include") and not target.get("horizon"):
            problems.append(f"Chỉ tiêu {i}: chưa có năm đạt chỉ tiêu.")
    return problems


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- writes -----------------------------------------------------------------------------


def _document(draft: dict[str, Any]) -> Document:
    doc = draft["document"]
    kind: str = draft["kind"] if draft.get("kind") in Document.Kind.values else Document.Kind.PLAN
    return Document.objects.create(
        kind=kind,
        number=(doc.get("number") or "").strip(),
        issued_on=_date(doc.get("date")),
        issuer_name=doc["issuer"].strip(),
        issuer_id=draft.get("issuer_unit"),
        title=doc["title"].strip(),
        implements_id=draft.get("implements_document"),
    )


def _groups(draft: dict[str, Any], document: Document) -> dict[int | None, TaskGroup]:
    """The kept groups, by their key in the draft; on an attached document a number already
    used gets the next free one ("II" → "II-2") so that the existing groups stay as they are."""
    used = set(document.task_groups.values_list("number", flat=True))
    order = document.task_groups.count()
    groups: dict[int | None, TaskGroup] = {}
    for key, group in enumerate(draft.get("groups", [])):
        if group.get("deleted"):
            continue
        number = _free(group["number"][:10] or str(key + 1), used)
        used.add(number)
        order += 1
        groups[key] = TaskGroup.objects.create(
            document=document, number=number, title=group["title"], order=order
        )
    return groups


def _free(number: str, used: set[str]) -> str:
    candidate, n = number, 1
    while candidate in used:
        n += 1
        candidate = f"{number[:7]}-{n}"
    return candidate


def _group_for(
    task: dict[str, Any],
    groups: dict[int | None, TaskGroup],
    document: Document,
    drafts: list[dict[str, Any]],
) -> TaskGroup:
    # Drafts stored before groups could be edited have no group_key: their section says it.
    key = task["group_key"] if "group_key" in task else _group_key(task, drafts)
    if key in groups:
        return groups[key]
    if None not in groups:
        groups[None] = TaskGroup.objects.create(
            document=document,
            number=_free("-", set(document.task_groups.values_list("number", flat=True))),
            title="Nhiệm vụ khác",
            order=len(groups) + 1 + document.task_groups.count(),
        )
    return groups[None]


def _tasks(
    draft: dict[str, Any], document: Document, groups: dict[int | None, TaskGroup], user: User | None
) -> None:
    # Codes run on from the document's own: an annex attached to 03/NQ-CP does not repeat NV-001.
    order = document.tasks.count()
    for task in draft["tasks"]:
        if not task.get("include"):
            continue
        order += 1
        deadline = parse_deadline(task["deadline"].get("text") or "")
        lead_text = "; ".join(national.canonical(n) for n in task.get("lead") or [])
        created = Task.objects.create(
            document=document,
            group=_group_for(task, groups, document, draft.get("groups") or []),
            code=f"NV-{order:03d}",
            section=(task.get("section") or "")[:20],
            text=task["text"].strip(),
            issuer_role=task.get("role") or IssuerRole.LEAD,
            lead_unit_id=task.get("lead_unit"),
            lead_text="" if task.get("lead_unit") else lead_text[:255],
            deliverable=task.get("deliverable") or "",
            implements_id=task.get("implements"),
            in_scope=task.get("in_scope", True),
            order=order,
            created_by=user,
            **{**deadline.task_fields(), "deadline_text": deadline.text[:255]},
        )
        if task.get("partner_units"):
            created.partner_units.set(task["partner_units"])


def _targets(draft: dict[str, Any], document: Document) -> None:
    order = document.targets.count()
    for target in draft["targets"]:
        if not target.get("include"):
            continue
        order += 1
        Target.objects.create(
            document=document,
            code=f"CT-{target['horizon']}-{order:02d}",
            name=target["text"][:200],
            text=target["text"],
            comparator=target["comparator"],
            value=_decimal(target.get("value")),
            unit_of_measure=_UNIT_NAMES.get(target.get("unit"), target.get("unit") or "")[:30],
            horizon_year=int(target["horizon"]),
            monitor_text=(target.get("monitor") or "")[:255],
            lead_unit_id=target.get("lead_unit"),
            order=order,
        )


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


# --- suggestions ------------------------------------------------------------------------


_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "kh va cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "tt va tt": "thong tin va truyen thong",
    "kh va dt": "ke hoach va dau tu",
    "nn va ptnt": "nong nghiep va phat trien nong thon",
    "tn va mt": "tai nguyen va moi truong",
    "nn va mt": "nong nghiep va moi truong",
    "gd va dt": "giao duc va dao tao",
    "ld tb va xh": "lao dong thuong binh va xa hoi",
    "vh tt va dl": "van hoa the thao va du lich",
    "vhttdl": "van hoa the thao va du lich",
    "kcn": "khu cong nghiep",
    "kkt": "khu kinh te",
    "tp": "thanh pho",
}
_PLACE_TAIL = re.compile(r"\s+(?:tinh|thanh pho)\s+[\w ]+$")


def _unit_key(name: str) -> str:
    words = f" {national.key(name)} "
    for short, full in _ABBREVIATIONS.items():
        words = words.replace(f" {short} ", f" {full} ")
    return " ".join(words.split())


def unit_suggestions(*, names: list[str], units: list[Unit], limit: int = 3) -> list[tuple[Unit, float]]:
    """Known units whose names look like the names a plan wrote ("Sở GD&ĐT" → Sở Giáo dục và
    Đào tạo …), best first; accent- and case-insensitive, abbreviations expanded. A central
    body ("Bộ Khoa học và Công nghệ", "Bộ Công an; Bộ LĐ-TB&XH") is never matched to a unit of
    the province, and a name is only matched to a body of its own kind (a "Sở" to a "Sở")."""
    best: dict[int, float] = {}
    by_id = {unit.pk: unit for unit in units}
    keys = {unit.pk: _unit_variants(unit) for unit in units}
    for name in names:
        for part in clauses.split_units(name) or [name]:
            if national.is_national(part):
                continue
            wanted = _unit_key(part)
            head = wanted.split(" ", 1)[0]
            for pk, variants in keys.items():
                score = (
                    max(
                        (fuzz.token_set_ratio(wanted, v) + fuzz.token_sort_ratio(wanted, v)) / 2
                        for v in variants
                        if v.split(" ", 1)[0] == head
                    )
                    if any(v.split(" ", 1)[0] == head for v in variants)
                    else 0.0
                )
                if score >= 60:
                    best[pk] = max(best.get(pk, 0.0), score)
    ranked = sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    return [(by_id[pk], score) for pk, score in ranked]


def _unit_variants(unit: Unit) -> list[str]:
    name = _unit_key(unit.name)
    variants = [name, _PLACE_TAIL.sub("", name)]
    if unit.short_name:
        variants.append(_unit_key(unit.short_name))
    return [v for v in dict.fromkeys(variants) if v]


def task_similarity(a: str, b: str) -> float:
    """0-100: the mean of rapidfuzz's token-set ratio (one text inside the other) and token-sort
    ratio (the same words overall), so that a short generic text inside a long one is not
    "100 % giống"."""
    fa, fb = fold(a), fold(b)
    return (fuzz.token_set_ratio(fa, fb) + fuzz.token_sort_ratio(fa, fb)) / 2


def task_suggestions(*, text: str, tasks: list[Task], limit: int = 3) -> list[tuple[Task, float]]:
    """Higher tasks this task may implement, by text similarity, best first (from LINK_SHOWN up)."""
    return task_suggestions_many(texts=[text], tasks=tasks, limit=limit)[0]


def task_suggestions_many(
    *, texts: list[str], tasks: list[Task], limit: int = 3
) -> list[list[tuple[Task, float]]]:
    """task_suggestions for many texts at once (rapidfuzz's matrix, not a Python loop: 150
    tasks against 3.000 higher ones stays well under a second)."""
    if not texts or not tasks:
        return [[] for _ in texts]
    queries, choices = [fold(t) for t in texts], [fold(t.text) for t in tasks]
    matrix = (
        process.cdist(queries, choices, scorer=fuzz.token_set_ratio)
        + process.cdist(queries, choices, scorer=fuzz.token_sort_ratio)
    ) / 2
    out: list[list[tuple[Task, float]]] = []
    for row in matrix:
        ranked = sorted(
            ((tasks[j], float(row[j])) for j in range(len(tasks)) if row[j] >= LINK_SHOWN),
            key=lambda pair: (-pair[1], pair[0].pk),
        )
        out.append(ranked[:limit])
    return out


# --- reads ------------------------------------------------------------------------------


def plan_import_list(*, user: User) -> list[PlanImport]:
    """Imports the user may review: the programme administrators' (all of them)."""
    if not rules.is_programme_admin(user):
        return []
    return list(PlanImport.objects.select_related("created_by", "document")[:20])


def plan_import_get(*, user: User, pk: int) -> PlanImport:
    imports = PlanImport.objects.all() if rules.is_programme_admin(user) else PlanImport.objects.none()
    return found(imports.filter(pk=pk).first(), "Không tìm thấy kế hoạch đang nhập.")
