from __future__ import annotations

import pytest

from dieuhanh.indicators.formula import FormulaError, evaluate, formula_check, parse, references


def calc(text: str, **values: float | None) -> float | None:
    return evaluate(parse(text), values)


def test_it_computes_a_share_as_numerator_over_denominator_times_100() -> None:
    assert calc("DVC_HS_TT / DVC_HS * 100", DVC_HS_TT=88, DVC_HS=100) == pytest.approx(88.0)


def test_it_respects_precedence_parentheses_and_unary_minus() -> None:
    assert calc("1 + 2 * 3") == 7
    assert calc("(1 + 2) * 3") == 9
    assert calc("-A + 10", A=4) == 6
    assert calc("2 - -3") == 5
    assert calc("8 / 4 / 2") == 1


def test_it_offers_min_max_abs() -> None:
    assert calc("max(A, B, 3)", A=1, B=2) == 3
    assert calc("min(A, B)", A=1, B=2) == 1
    assert calc("abs(A - B)", A=1, B=5) == 4


def test_a_missing_operand_or_a_zero_denominator_gives_no_value() -> None:
    assert calc("A / B * 100", A=5, B=0) is None
    assert calc("A / B * 100", A=5) is None
    assert calc("max(A, B)", A=1) is None


def test_codes_may_contain_dots_and_underscores() -> None:
    assert references(parse("CDS.DVC_01 + x.y")) == {"CDS.DVC_01", "x.y"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A +", "kết thúc đột ngột"),
        ("(A + B", "kết thúc đột ngột"),
        ("A B", "Thừa “B”"),
        ("__import__('os')", "không hợp lệ"),
        ("open(A)", "không được hỗ trợ"),
        ("A ** 2", "Không mong đợi"),
        ("A; B", "không hợp lệ"),
        ("", "trống"),
        ("abs(A, B)", "đúng một"),
    ],
)
def test_it_refuses_what_is_not_the_grammar_with_a_vietnamese_message(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message):
        parse(text)


def test_it_never_evaluates_python() -> None:
    # A Python attribute chain is just an unknown code here, never executed.
    assert references(parse("os.system")) == {"os.system"}
    assert calc("os.system") is None


def test_it_refuses_deep_nesting() -> None:
    with pytest.raises(FormulaError):
        parse("(" * 200 + "1" + ")" * 200)


def test_check_refuses_unknown_codes_and_cycles() -> None:
    known = {"A", "B", "C"}
    assert formula_check("A / B", known=known, own_code="C", depends={}) == {"A", "B"}
    with pytest.raises(FormulaError, match="chưa có: Z"):
        formula_check("A / Z", known=known, own_code="C", depends={})
    with pytest.raises(FormulaError, match="vòng lặp"):
        formula_check("A + 1", known=known, own_code="C", depends={"A": {"B"}, "B": {"C"}})
    with pytest.raises(FormulaError, match="vòng lặp"):
        formula_check("C * 2", known=known, own_code="C", depends={})
