"""The house rules of `architecture.md` that the code itself can be checked for: every selector
is scoped by the user, no province or unit is named in application code outside the loaders,
and no page, message or choice label names the issuing body (its name comes from the province
record)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dieuhanh"
TEMPLATE_DIRS = [PACKAGE.parent / "templates", *PACKAGE.glob("*/templates")]

# The pilot province's unit codes ("hd:so-khcn", "vn2025:w:10507") and its names.
PILOT = re.compile(r"^(hd|hp|vn20\d\d):|Hải Dương|Hải Phòng|Hai Duong|Hai Phong")
# Where the pilot province may be named: the loaders that write it into the database.
LOADERS = {
    "units/admin_data.py",  # the administrative units of the country, before and after 2025
    "units/agencies.py",  # the pilot's agencies and how they merged
    "units/management/commands/load_units.py",
    "site/management/commands/load_demo.py",  # the demo loader's command
}


# The body units report to, in full or abbreviated: a deployment's record says who it is.
ISSUER = re.compile(r"Sở Khoa học và Công nghệ|Sở KH&(amp;)?CN")


def _selector_modules() -> list[Path]:
    return sorted([*PACKAGE.glob("*/selectors.py"), *PACKAGE.glob("*/selectors/*.py")])


def _public_functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def _is_application_code(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    parts = relative.parts
    if "tests" in parts or "migrations" in parts or "demo" in parts or relative.name == "demo.py":
        return False
    return relative.as_posix() not in LOADERS


def _string_literals(tree: ast.AST) -> list[ast.Constant]:
    """String constants, docstrings excepted (they may cite the pilot as an example)."""
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_every_public_selector_takes_the_user_as_a_keyword() -> None:
    unscoped = [
        f"{path.relative_to(PACKAGE)}:{fn.name}"
        for path in _selector_modules()
        for fn in _public_functions(path)
        if "user" not in {a.arg for a in fn.args.kwonlyargs}
    ]
    assert len(_selector_modules()) >= 12  # the walk finds the apps' selectors
    assert unscoped == []


def test_the_walk_would_notice_a_selector_without_a_user(tmp_path: Path) -> None:
    module = tmp_path / "selectors.py"
    module.write_text("def task_count(*, on):\n    return 0\n\ndef _private(x):\n    return x\n")
    names = [fn.name for fn in _public_functions(module) if "user" not in {a.arg for a in fn.args.kwonlyargs}]
    assert names == ["task_count"]


def test_no_province_or_unit_is_named_in_application_code_outside_the_loaders() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:60]!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if _is_application_code(path)
        for node in _string_literals(ast.parse(path.read_text(encoding="utf-8")))
        if PILOT.search(node.value)
    ]
    assert found == []


def test_no_template_names_the_pilot_province() -> None:
    found = [
        f"{path}:{number}"
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PILOT.search(line.strip()) or re.search(r"Hải Dương|Hải Phòng", line)
    ]
    assert found == []


def _issuer_named_in_code(paths: list[Path]) -> list[str]:
    """Where a string of these modules names the issuing body: a message, a notification, a
    choice label, help text. Docstrings and comments may cite it; they are not shown."""
    return [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for path in paths
        for node in _string_literals(ast.parse(path.read_text(encoding="utf-8")))
        if ISSUER.search(node.value)
    ]


def test_no_string_in_application_code_names_the_issuing_body() -> None:
    # Text shown to people says the province record's issuer (`units.structure.issuer_name`,
    # `issuer_short_name`); the plan extraction that recognises the name carries it in docstrings.
    code = [path for path in sorted(PACKAGE.rglob("*.py")) if _is_application_code(path)]
    assert len(code) >= 100 and _issuer_named_in_code(code) == []


def test_no_template_names_the_issuing_body() -> None:
    # Pages say {{ ISSUER_NAME }} or {{ ISSUER_SHORT }} (core.context_processors.site).
    found = [
        f"{path}:{number}"
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ISSUER.search(line)
    ]
    assert found == []


def test_the_walk_would_notice_a_string_naming_the_issuer(tmp_path: Path) -> None:
    module = tmp_path / "models.py"
    module.write_text(
        '"""Reviewed by the Sở KH&CN."""\n'
        "class Addressee(models.TextChoices):\n"
        '    SO = "so", "Sở Khoa học và Công nghệ"\n'
        '    UNIT = "unit", "Đơn vị"\n'
        "def refuse():\n"
        '    raise PermissionDenied(f"Chỉ {who} và Sở KH&CN được làm.")\n'
    )
    assert _issuer_named_in_code([module]) == [
        "models.py:3: 'Sở Khoa học và Công nghệ'",
        "models.py:6: ' và Sở KH&CN được làm.'",
    ]
    assert ISSUER.search('<th scope="col">Sở KH&amp;CN đánh giá</th>')
