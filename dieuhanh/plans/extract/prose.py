"""Tasks and targets written as prose: numbered sections, lettered items and bullets.

The issuer's role comes from the heading a task sits under ("Ban Quản lý thực hiện:" → lead,
"… thực hiện phối hợp trong các công tác:" → coordinate) or from the item itself ("Phối hợp
với …"); the deadline is the trailing clause of each sentence group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dieuhanh.core.text import fold
from dieuhanh.plans.extract import clauses, targets
from dieuhanh.plans.extract.clauses import parse_deadline
from dieuhanh.plans.extract.drafts import COORDINATE, LEAD, DocumentDraft, GroupDraft, TargetDraft, TaskDraft
from dieuhanh.plans.extract.lines import Line

_TASK_WORDS = ("nhiem vu", "giai phap", "noi dung thuc hien", "cong viec")
_TARGET_WORDS = ("chi tieu", "muc tieu")
_NOT_TASKS = ("to chuc thuc hien", "muc dich", "yeu cau", "kinh phi", "che do bao cao", "noi nhan")


def is_task_heading(title: str) -> bool:
    folded = fold(title)
    return any(w in folded for w in _TASK_WORDS) and not any(w in folded for w in _NOT_TASKS)


def is_target_heading(title: str) -> bool:
    folded = fold(title)
    return any(w in folded for w in _TARGET_WORDS) and "nhiem vu" not in folded


@dataclass
class _Context:
    """Where the reader stands in the task section."""

    group: GroupDraft | None = None
    section: str | None = None
    role: str | None = None  # from a role heading
    role_level: int = 99
    lead: str | None = None  # a lead the heading names ("để Sở X thực hiện")


@dataclass
class ProseReader:
    document: DocumentDraft
    groups: list[GroupDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    targets: list[TargetDraft] = field(default_factory=list)

    def read(self, lines: list[Line]) -> None:
        zone: str | None = None
        zone_level = 0
        horizon: int | None = None
        group_level: int | None = None
        ctx = _Context()
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if line.is_heading_like and not self._is_numbered_task(line):
                if zone and line.level <= zone_level:
                    zone = None
                if zone is None:
                    zone, zone_level = self._zone_of(line)
                    horizon = targets.heading_year(line.body) if zone == "targets" else None
                    group_level, ctx = None, _Context()
                    continue
                if zone == "targets":
                    horizon = targets.heading_year(line.body) or horizon
                    self._targets(line.body, horizon, line.where, heading=True)
                    continue
                if group_level is None or line.level <= group_level:
                    group_level = line.level
                    group = GroupDraft(line.number, _title(line.body))
                    self.groups.append(group)
                    ctx = _Context(group=group, section=line.number)
                else:
                    ctx = _Context(group=ctx.group, section=line.number)
                self._heading_cue(ctx, line.body, line.level)
                continue
            if zone == "targets":
                text = line.body if line.kind != "plain" else line.text
                horizon = _opening_year(text) or horizon
                self._targets(text, horizon, line.where)
            elif zone == "tasks":
                self._task_line(line, nxt, ctx)

    # --- zones ---------------------------------------------------------------------------

    def _zone_of(self, line: Line) -> tuple[str | None, int]:
        if len(line.body) > 150 or line.body.endswith("."):
            return None, 0  # a numbered sentence, not a section title
        if is_task_heading(line.body):
            return "tasks", line.level
        if is_target_heading(line.body):
            return "targets", line.level
        return None, 0

    def _is_numbered_task(self, line: Line) -> bool:
        """ "1. Tham mưu …, hoàn thành trong Quý II/2025." is a task, not a heading."""
        if line.kind != "numbered":
            return False
        return clauses.split_deadline(line.body)[1] is not None or len(line.body) > 320

    # --- tasks ---------------------------------------------------------------------------

    def _heading_cue(self, ctx: _Context, text: str, level: int) -> None:
        if text.rstrip().endswith(":") or clauses.named_lead(text):
            role = clauses.heading_role(text)
            if role:
                ctx.role, ctx.role_level, ctx.lead = role, level, clauses.named_lead(text)

    def _task_line(self, line: Line, nxt: Line | None, ctx: _Context) -> None:
        # A lettered item ends the heading's scope; bullets and numbered tasks stay under it.
        if ctx.role and line.kind == "letter" and line.level <= ctx.role_level:
            ctx.role, ctx.role_level, ctx.lead = None, 99, None
        body = line.body
        if self._is_role_heading(line, nxt):
            ctx.role, ctx.role_level = clauses.heading_role(body), min(line.level, 10)
            ctx.lead = clauses.named_lead(body)
            return
        if self._attach_fields(body):
            return
        if line.kind == "plain" and body.endswith(":"):
            return
        role, lead = ctx.role, ctx.lead
        head, sep, rest = body.partition(":")
        if sep and rest.strip() and len(head) < 80 and clauses.heading_role(head) and _is_issuer_phrase(head):
            role, body = clauses.heading_role(head), rest.strip()
        if line.kind == "plain" and nxt is not None and nxt.kind == "bullet" and not _has_deadline(body):
            return  # an introduction to the bullets below
        if _POINTER.search(body):
            return  # "Chi tiết các nhiệm vụ tại Phụ lục kèm theo": the tasks are in the table
        body, fields = clauses.labelled_fields(body)
        for text, clause in _task_pieces(body):
            self._add_task(text, clause, ctx, role=role, lead=lead, fields=fields, where=line.where)

    def _is_role_heading(self, line: Line, nxt: Line | None) -> bool:
        body = line.body
        if _has_deadline(body):
            return False
        if body.endswith(":") and len(body) < 260:
            return True
        # "c) Cử cán bộ …;" is a task; "a) Về hạ tầng số" above bullets is a heading, unless the
        # bullets are its fields ("+ Cơ quan chủ trì: …").
        if line.kind != "letter" or nxt is None or nxt.kind != "bullet" or len(body) >= 200:
            return False
        return not clauses.labelled_fields(nxt.body)[1]

    def _attach_fields(self, body: str) -> bool:
        """ "+ Cơ quan chủ trì: Sở Tài chính" under a task fills that task's fields."""
        rest, fields = clauses.labelled_fields(body)
        if not fields or rest or not self.tasks:
            return False
        _apply_fields(self.tasks[-1], fields, self.document)
        return True

    def _add_task(
        self,
        text: str,
        clause: str | None,
        ctx: _Context,
        *,
        role: str | None,
        lead: str | None,
        fields: dict[str, str],
        where: str,
    ) -> None:
        if not text:
            return
        task = TaskDraft(
            text=text,
            deadline=parse_deadline(clause or ""),
            section=ctx.section,
            group=ctx.group.title if ctx.group else None,
            role=clauses.item_role(text) or role or LEAD,
            source=where,
        )
        issuer = self.document.issuer
        lead = lead or clauses.acting_lead(text)
        if lead and not clauses.same_unit(lead, issuer, self.document.issuer_alias):
            task.lead = [lead]
            task.role = task.role if ctx.lead == lead else issuer_role([lead], [], self.document)
        elif task.role == LEAD and issuer:
            task.lead = [issuer]
        if task.role == COORDINATE and issuer:
            task.partners = [issuer]
        _apply_fields(task, fields, self.document)
        self.tasks.append(task)

    # --- targets -------------------------------------------------------------------------

    def _targets(self, text: str, horizon: int | None, where: str, *, heading: bool = False) -> None:
        found = targets.targets_in(text, horizon=horizon, where=where)
        # A heading like "Đến năm 2030" has a year, not a target.
        self.targets.extend(t for t in found if not (heading and t.unit is None))


def _apply_fields(task: TaskDraft, fields: dict[str, str], document: DocumentDraft) -> None:
    if "deadline" in fields:
        task.deadline = parse_deadline(fields["deadline"])
    if "deliverable" in fields:
        task.deliverable = fields["deliverable"] or None
    if "lead" in fields:
        task.lead = clauses.split_units(fields["lead"])
    if "partners" in fields:
        task.partners = clauses.split_units(fields["partners"])
    if "lead" in fields or "partners" in fields:
        task.role = issuer_role(task.lead, task.partners, document)


def issuer_role(lead: list[str], partners: list[str], document: DocumentDraft) -> str | None:
    if any(clauses.same_unit(n, document.issuer, document.issuer_alias) for n in lead):
        return LEAD
    if any(clauses.same_unit(n, document.issuer, document.issuer_alias) for n in partners):
        return COORDINATE
    return None


_SUBJECT = re.compile(r"^(?:" + clauses.ORG + r"|Phối\s+hợp|Tham\s+gia)\b")


def _is_issuer_phrase(head: str) -> bool:
    # "Ban Quản lý thực hiện: …" names who acts; "Triển khai các nội dung sau: …" does not.
    return bool(_SUBJECT.match(head.strip()))


def _has_deadline(text: str) -> bool:
    return any(clause for _, clause in _task_pieces(text))


def _task_pieces(body: str) -> list[tuple[str, str | None]]:
    """Sentences grouped up to each deadline clause: one paragraph may hold several tasks,
    each closed by its own deadline ("…, hoàn thành trong tháng 6/2025. Thực hiện …")."""
    pieces: list[tuple[str, str | None]] = []
    pending: list[str] = []
    for sentence in clauses.sentences(body):
        text, clause = clauses.split_deadline(sentence)
        if clause is None:
            pending.append(sentence.strip())
            continue
        pieces.append((_join(pending + [text]), clause))
        pending = []
    if pending:
        tail = _join(pending)
        if pieces and len(tail.split()) < 8:
            text, clause = pieces[-1]
            pieces[-1] = (f"{text}. {tail}", clause)
        else:
            pieces.append((clauses.split_deadline(tail)[0], None))
    return pieces


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not out.endswith((".", "!", "?", "…")):
            out += "."
        out = f"{out} {part}" if out else part
    return out


_POINTER = re.compile(
    r"(?:chi\s+tiết|cụ\s+thể)\b.{0,40}\bphụ\s+lục|^\(?(?:kèm\s+theo|theo)\s+phụ\s+lục", re.IGNORECASE
)
_OPENING_YEAR = re.compile(r"^(?:đến|tới|trong|vào|giai\s+đoạn|năm)\b", re.IGNORECASE)


def _opening_year(text: str) -> int | None:
    """ "Đến năm 2030, …" or "a) Giai đoạn 2026-2030:" sets the horizon of what follows."""
    return targets.heading_year(text[:40]) if _OPENING_YEAR.match(text) else None


def _title(text: str) -> str:
    return text.strip().rstrip(":;. ").strip()
