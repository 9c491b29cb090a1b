"""Tasks in annex tables: TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả/Sản
phẩm | Thời gian hoàn thành, with group rows in Roman numerals ("I | Hoàn thiện thể chế").

Columns are found by their header words, whatever their order; a two-row header ("Cơ quan thực
hiện" over "Chủ trì | Phối hợp") is read as one. Rows continued on the next page (no number,
text starting in lower case) are joined to the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dieuhanh.core.text import fold
from dieuhanh.plans.extract import clauses
from dieuhanh.plans.extract.clauses import parse_deadline
from dieuhanh.plans.extract.drafts import DocumentDraft, GroupDraft, TaskDraft
from dieuhanh.plans.extract.prose import issuer_role

# Checked in this order: "Thời gian hoàn thành" is a deadline, "Cơ quan chủ trì" a lead.
_COLUMNS = (
    ("lead", ("chu tri",)),
    ("partners", ("phoi hop",)),
    ("deadline", ("thoi gian", "thoi han", "tien do", "hoan thanh", "moc thoi")),
    ("deliverable", ("ket qua", "san pham", "hinh thuc")),
    ("note", ("ghi chu",)),
    ("number", ("stt", "tt", "so thu tu")),
    ("text", ("nhiem vu", "noi dung", "ten ", "hoat dong", "giai phap", "cong viec", "de an", "du an")),
)
_ROMAN = re.compile(r"^[IVXL]{1,6}\.?$")
_GROUP_LETTER = re.compile(r"^[A-H]\.?$")
_TASK_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđ])[.)]?$")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$|^\([a-zA-Z0-9=+\-*/ ]{1,12}\)$")


@dataclass
class Columns:
    index: dict[str, int]

    def get(self, row: list[str], key: str) -> str:
        i = self.index.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""


def header_columns(row: list[str]) -> Columns | None:
    index: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = _column_key(cell)
        if key and key not in index:
            index[key] = i
    ok = "text" in index and ({"lead", "deadline", "partners"} & index.keys())
    return Columns(index) if ok else None


def _column_key(cell: str) -> str | None:
    folded = " ".join(fold(cell).replace("/", " ").split()) + " "
    if not folded.strip() or len(folded) > 80:
        return None
    for key, words in _COLUMNS:
        if key == "number":
            if folded.strip(" .") in words:
                return key
            continue
        if any(w in folded for w in words):
            return key
    return None


def is_task_table(rows: list[list[str]]) -> bool:
    return _find_header(rows) is not None


def _find_header(rows: list[list[str]]) -> tuple[int, Columns] | None:
    for i, row in enumerate(rows[:6]):
        if cols := header_columns(row):
            if i + 1 < len(rows) and _is_second_header(rows[i + 1]):
                merged = [f"{a} {b}".strip() if a != b else a for a, b in zip(row, rows[i + 1], strict=False)]
                cols = header_columns(merged) or cols
                return i + 1, cols
            return i, cols
        if i + 1 < len(rows) and _is_second_header(rows[i + 1]):
            merged = [f"{a} {b}".strip() for a, b in zip(row, rows[i + 1], strict=False)]
            if cols := header_columns(merged):
                return i + 1, cols
    return None


def _is_second_header(row: list[str]) -> bool:
    keys = [_column_key(c) for c in row if c.strip()]
    return bool(keys) and all(keys) and not _TASK_NUMBER.match(row[0].strip() if row else "")


@dataclass
class TableReader:
    document: DocumentDraft
    where: str

    def read(self, rows: list[list[str]]) -> tuple[list[GroupDraft], list[TaskDraft]]:
        found = _find_header(rows)
        if found is None:
            return [], []
        start, cols = found
        header = [_one_line(c) for c in rows[start]]
        body = list(enumerate(rows[start + 1 :], start=start + 2))
        # A table that numbers its rows says where each task starts: an unnumbered row is then
        # the rest of the row above (cut at a page break), whatever case it starts with.
        numbered = _numbers_rows(body, cols)
        groups: list[GroupDraft] = []
        tasks: list[TaskDraft] = []
        group: GroupDraft | None = None
        section: str | None = None
        for n, row in body:
            if _is_column_numbers(row) or _is_repeated_header(row, header):
                continue
            number, text = cols.get(row, "number"), cols.get(row, "text")
            if not text and not number:
                if tasks and any(_others(row, cols)):
                    self._extend(tasks[-1], row, cols)
                continue
            if heading := _group_heading(row, cols):
                group = GroupDraft(heading[0] or str(len(groups) + 1), _one_line(heading[1]))
                groups.append(group)
                section = group.number
                continue
            if tasks and _continues(row, cols, number, numbered=numbered):
                self._extend(tasks[-1], row, cols)
                continue
            if _is_section_row(row, cols, rows, n - 1):
                section = number.rstrip(".")
                if group is None:
                    group = GroupDraft(section, _one_line(text))
                    groups.append(group)
                continue
            if not number and not tasks and _is_merged_row(row):
                continue  # a caption across the table ("Phụ lục …") before the first task
            tasks.append(self._task(row, cols, number, group, section, f"{self.where}, dòng {n}"))
        return groups, tasks

    def _task(
        self,
        row: list[str],
        cols: Columns,
        number: str,
        group: GroupDraft | None,
        section: str | None,
        where: str,
    ) -> TaskDraft:
        text = _one_line(cols.get(row, "text"))
        deadline_cell = _one_line(cols.get(row, "deadline"))
        if not deadline_cell:
            text, clause = clauses.split_deadline(text)
            deadline_cell = clause or ""
        lead = clauses.split_units(cols.get(row, "lead"))
        partners = clauses.split_units(cols.get(row, "partners"))
        return TaskDraft(
            text=clauses.split_deadline(text)[0] if not cols.get(row, "deadline") else text.rstrip(" .;"),
            deadline=parse_deadline(deadline_cell),
            section=section,
            group=group.title if group else None,
            number=number.rstrip(".") or None,
            role=issuer_role(lead, partners, self.document),
            lead=lead,
            partners=partners,
            deliverable=_one_line(cols.get(row, "deliverable")) or None,
            source=where,
        )

    def _extend(self, task: TaskDraft, row: list[str], cols: Columns) -> None:
        more = _one_line(cols.get(row, "text"))
        if more:
            task.text = f"{task.text} {more}".strip()
        if extra := _one_line(cols.get(row, "deliverable")):
            task.deliverable = f"{task.deliverable} {extra}".strip() if task.deliverable else extra
        if extra := _one_line(cols.get(row, "deadline")):
            text = f"{task.deadline.text} {extra}".strip() if task.deadline.text else extra
            task.deadline = parse_deadline(text)
        task.lead += [u for u in clauses.split_units(cols.get(row, "lead")) if u not in task.lead]
        task.partners += [u for u in clauses.split_units(cols.get(row, "partners")) if u not in task.partners]
        task.role = issuer_role(task.lead, task.partners, self.document)


def _one_line(cell: str) -> str:
    return " ".join(cell.split())


def _is_column_numbers(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return len(cells) >= 3 and all(_COLUMN_NUMBERS.match(c) for c in cells)


def _others(row: list[str], cols: Columns) -> list[str]:
    keys = ("lead", "partners", "deadline", "deliverable")
    return [cols.get(row, k) for k in keys if k in cols.index]


_GROUP_IN_TEXT = re.compile(
    r"^(?:(?P<roman>[IVXL]{1,6})|(?P<letter>[A-H])|(?:Nhóm(?:\s+nhiệm\s+vụ)?|Phần|Lĩnh\s+vực|Mục)\s+"
    r"(?P<word>[IVXL\d]{1,4}))\s*[.:)\-–]\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)


def _group_heading(row: list[str], cols: Columns) -> tuple[str, str] | None:
    """(number, title) of a group row. Groups are told only by their numbering — "I", "A." in
    the TT column, or "II. …", "Nhóm nhiệm vụ 2: …" opening a row that has no TT — and carry
    no lead, partner, deliverable or deadline of their own; a row continued from the page
    before is never one."""
    number, text = cols.get(row, "number"), cols.get(row, "text")
    if any(c and c not in (text, number) for c in _others(row, cols)):
        return None
    if _ROMAN.match(number) or _GROUP_LETTER.match(number):
        return number.rstrip("."), text or number
    if number:
        return None
    match = _GROUP_IN_TEXT.match(_one_line(text))
    if match is None or not match["title"][:1].isupper():
        return None
    return (match["roman"] or match["letter"] or match["word"] or "").rstrip("."), match["title"]


def _is_merged_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(row) > 1 and len(cells) == len(row) and len(set(cells)) == 1


def _is_repeated_header(row: list[str], header: list[str]) -> bool:
    """The header row printed again at the top of each page ("Lặp lại hàng tiêu đề")."""
    cells = [_one_line(c) for c in row]
    if cells == header:
        return True
    if _TASK_NUMBER.match(cells[0] if cells else "") or any(len(c) > 80 for c in cells):
        return False  # a task's text is longer than any column title
    keys = [_column_key(c) for c in cells if c]
    return len(keys) >= 3 and all(keys) and not _TASK_NUMBER.match(cells[0] if cells else "")


def _numbers_rows(body: list[tuple[int, list[str]]], cols: Columns) -> bool:
    if "number" not in cols.index:
        return False
    rows = [row for _, row in body if cols.get(row, "text")]
    numbered = [row for row in rows if cols.get(row, "number")]
    return len(rows) >= 2 and len(numbered) * 2 >= len(rows)


def _continues(row: list[str], cols: Columns, number: str, *, numbered: bool) -> bool:
    """A row with no number whose text goes on from the row above (cut at a page break)."""
    if number:
        return False
    text = cols.get(row, "text")
    if numbered or (text and text[:1].islower()):
        return True
    return not text and any(_others(row, cols))


def _is_section_row(row: list[str], cols: Columns, rows: list[list[str]], index: int) -> bool:
    """ "1 | Hoàn thiện thể chế" with blank cells, followed by "1.1 | …" rows."""
    number = cols.get(row, "number").rstrip(".")
    if not number or any(c and c != cols.get(row, "text") for c in _others(row, cols)):
        return False
    nxt = rows[index + 1] if index + 1 < len(rows) else None
    return nxt is not None and cols.get(nxt, "number").startswith(number + ".")
