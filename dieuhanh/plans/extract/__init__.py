"""Plan documents → drafts of tasks and targets (contracts/plan-extract.schema.json).

    draft = extract_path(Path("ke-hoach.docx"))   # or extract_bytes(data, name="…")
    draft.to_contract()                            # the JSON of `dieuhanh extract_plan`

Steps: read the bytes into blocks (readers), repair and join the paragraphs (cleaning, lines),
read the header (meta), the prose sections (prose, targets) and the annex tables (tables).
Nothing here touches the database.
"""

from __future__ import annotations

from pathlib import Path

from dieuhanh.plans.extract import lines as line_tools
from dieuhanh.plans.extract import meta
from dieuhanh.plans.extract.drafts import PlanDraft, TaskDraft
from dieuhanh.plans.extract.prose import ProseReader
from dieuhanh.plans.extract.readers import Block, ExtractError, iter_lines, read_bytes, read_path
from dieuhanh.plans.extract.tables import TableReader, is_task_table
from dieuhanh.plans.extract.target_tables import is_target_table, read_target_table
from dieuhanh.plans.extract.targets import heading_year

__all__ = ["ExtractError", "PlanDraft", "extract_blocks", "extract_bytes", "extract_path"]


def extract_path(path: Path) -> PlanDraft:
    return extract_blocks(read_path(path), name=path.name)


def extract_bytes(data: bytes, *, name: str = "") -> PlanDraft:
    return extract_blocks(read_bytes(data, name=name), name=name)


def extract_blocks(blocks: list[Block], *, name: str = "") -> PlanDraft:
    blocks = line_tools.paragraphs(_flatten_other_tables(blocks))
    paragraphs = [b for b in blocks if not b.is_table]
    texts = [b.text for b in paragraphs]
    document, warnings = meta.read_document(texts, bold=[b.bold for b in paragraphs])
    draft = PlanDraft(document=document, warnings=warnings, source_lines=list(iter_lines(blocks)))
    draft.reporting_rule = meta.reporting_rule(texts)
    _read_prose(draft, blocks)
    horizon: int | None = None
    for block in blocks:
        if not block.is_table:
            # "DANH MỤC CÁC CHỈ TIÊU … ĐẾN NĂM 2030" above a target table gives its horizon.
            horizon = heading_year(block.text) if len(block.text) < 200 else horizon
        elif is_target_table(block.rows):
            draft.targets += read_target_table(block.rows, horizon=horizon, where=block.where)
        else:
            groups, tasks = TableReader(document, block.where).read(block.rows)
            draft.groups += groups
            draft.tasks += tasks
    if not draft.tasks and not draft.targets:
        label = f"Tệp {name}" if name else "Tệp"
        raise ExtractError(
            f"{label} không có nhiệm vụ hay chỉ tiêu nào đọc được: không thấy mục “Nhiệm vụ”, “Chỉ tiêu” "
            "hay bảng phân công (TT | Nhiệm vụ | Cơ quan chủ trì | … | Thời gian hoàn thành)."
        )
    draft.warnings += _task_warnings(draft.tasks)
    return draft


def _flatten_other_tables(blocks: list[Block]) -> list[Block]:
    """Tables that are not task tables (the header table with "Số: …" and the date, a
    signature table) are read as paragraphs, cell by cell."""
    out: list[Block] = []
    for block in blocks:
        if not block.is_table or is_target_table(block.rows) or is_task_table(block.rows):
            out.append(block)
            continue
        for row in block.rows:
            for cell in dict.fromkeys(row):  # a merged cell repeats in each slot it spans
                out.extend(
                    Block(text=part.strip(), where=block.where) for part in cell.split("\n") if part.strip()
                )
    return out


def _read_prose(draft: PlanDraft, blocks: list[Block]) -> None:
    classified = [line_tools.classify(b.text, b.where) for b in blocks if not b.is_table]
    reader = ProseReader(draft.document)
    reader.read(classified)
    draft.groups += reader.groups
    draft.tasks += reader.tasks
    draft.targets += reader.targets


def _task_warnings(tasks: list[TaskDraft]) -> list[str]:
    warnings: list[str] = []
    for task in tasks:
        where = task.source or "?"
        deadline = task.deadline
        if not deadline.text:
            warnings.append(f"Nhiệm vụ ở {where} chưa có thời hạn: “{_short(task.text)}”.")
        elif deadline.due is None and not deadline.recurring and not deadline.external:
            warnings.append(f"Không đọc được thời hạn “{deadline.text}” ở {where}.")
    return warnings


def _short(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
