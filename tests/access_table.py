"""The reviewed access table (`docs/access.md`): parsed for the matrix test, rendered for README.

A row is a URL pattern, the ids it is given (`—`, `other`, `own`) and one cell per role of the
cast; a cell is a status for GET and POST (`403`, `login`) or `GET x, POST y`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "access.md"
README = ROOT / "README.md"
ROLES = ("anonymous", "nobody", "commune", "bql", "khcn", "enterprise", "enterprise_b", "leader", "admin")
METHODS = ("GET", "POST")
TARGETS = ("—", "other", "own")
LOGIN = "login"
# The matrix test counts what it covered here; tests/conftest.py prints it at the end of the run.
COVERED = pytest.StashKey[set[tuple[str, str]]]()
REQUESTS = pytest.StashKey[list[int]]()

Expect = int | str  # a status code, or LOGIN


class TableError(ValueError):
    pass


@dataclass(frozen=True)
class Row:
    pattern: str
    target: str
    cells: dict[str, dict[str, Expect]]  # role → method → expectation; roles not requested are absent
    why: str
    line: int

    @property
    def key(self) -> str:
        return f"{self.pattern} [{self.target}]"


def _token(text: str, where: str) -> Expect:
    if text == LOGIN:
        return LOGIN
    if re.fullmatch(r"[1-5]\d\d", text):
        return int(text)
    raise TableError(f"{where}: “{text}” is neither a status code nor “{LOGIN}”")


def parse_cell(text: str, where: str) -> dict[str, Expect] | None:
    text = text.strip()
    if not text:
        return None
    parts = dict(re.findall(r"\b(GET|POST)\s+(\S+?)(?:,|$)", text))
    if not parts:
        token = _token(text, where)
        return dict.fromkeys(METHODS, token)
    if set(parts) != set(METHODS):
        raise TableError(f"{where}: “{text}” must give both GET and POST")
    return {m: _token(parts[m], where) for m in METHODS}


def _split(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse(text: str) -> list[Row]:
    rows: list[Row] = []
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = _split(line)
        if cells[0] == "URL":
            if cells[1:-1] != ["ids", *ROLES] or cells[-1] != "why":
                raise TableError(
                    f"docs/access.md:{number}: the header must be URL | ids | {' | '.join(ROLES)} | why"
                )
            header = cells
            continue
        if header is None or set(cells[0]) <= {"-", ":"}:
            continue
        rows.append(_row(cells, number))
    return rows


def _row(cells: list[str], number: int) -> Row:
    where = f"docs/access.md:{number}"
    if len(cells) != len(ROLES) + 3:
        raise TableError(f"{where}: {len(cells)} cells, expected {len(ROLES) + 3}")
    pattern, target = cells[0].strip("`"), cells[1]
    if target not in TARGETS:
        raise TableError(f"{where}: ids “{target}” is not one of {', '.join(TARGETS)}")
    parsed = {role: parse_cell(c, f"{where} ({role})") for role, c in zip(ROLES, cells[2:-1], strict=True)}
    if target != "own" and None in parsed.values():
        raise TableError(f"{where}: only an `own` row may leave a role blank")
    return Row(pattern, target, {r: c for r, c in parsed.items() if c is not None}, cells[-1], number)


def load() -> list[Row]:
    rows = parse(DOC.read_text(encoding="utf-8"))
    seen: set[str] = set()
    for row in rows:
        if row.key in seen:
            raise TableError(f"docs/access.md:{row.line}: a second row for {row.key}")
        seen.add(row.key)
    return rows


# --- the README section ------------------------------------------------------------------

START = "<!-- access-table:start (generated from docs/access.md by scripts/access_table.py) -->"
END = "<!-- access-table:end -->"
SYMBOLS = {200: "✓", 302: "↪", LOGIN: "🔑", 401: "🔑", 403: "✗", 404: "∅", 405: "·"}


def _symbol(cell: dict[str, Expect] | None) -> str:
    if cell is None:
        return ""
    get, post = cell["GET"], cell["POST"]
    # A POST-only action shows what POST does; a page shows what opening it does.
    shown = post if get == 405 else get
    return SYMBOLS.get(shown, str(shown))


def _merged(other: Row | None, own: Row | None, role: str) -> str:
    a = _symbol(other.cells.get(role)) if other else ""
    b = _symbol(own.cells.get(role)) if own else ""
    return f"{a} / own {b}" if b and b != a else a


def render(rows: list[Row]) -> str:
    by_pattern: dict[str, dict[str, Row]] = {}
    for row in rows:
        by_pattern.setdefault(row.pattern, {})[row.target] = row
    lines = [
        START,
        "",
        "Who gets what on each URL (GET; for actions, POST). ✓ opens, ↪ redirects, 🔑 must sign in,",
        "✗ refused (403), ∅ not found: another unit's or enterprise's object (404), a number: that",
        "status (400/422: an empty form refused before anything else). “own”: the role's own object.",
        "Columns are the test cast; the full table with GET and POST and the reasons is",
        "`docs/access.md`, checked on every run by `tests/test_access_matrix.py`.",
        "",
        "| URL | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for pattern, targets in by_pattern.items():
        other = targets.get("—") or targets.get("other")
        own = targets.get("own")
        cells = [_merged(other, own, role) for role in ROLES]
        lines.append(f"| `{pattern}` | " + " | ".join(cells) + " |")
    lines += ["", END]
    return "\n".join(lines)


def readme_with_table(readme: str, rows: list[Row]) -> str:
    if START not in readme or END not in readme:
        raise TableError(f"README.md has no section between “{START}” and “{END}”")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + render(rows) + tail
