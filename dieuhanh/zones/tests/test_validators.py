"""Tax codes, VSIC codes and amounts: accepted in the forms people type, refused with a
message that says what is wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dieuhanh.zones.validators import parse_amount, tax_check_digit, validate_tax_code, validate_vsic
from dieuhanh.zones.vsic import CLASSES, DIVISIONS, SECTIONS, VSIC, vsic_section


@pytest.mark.parametrize("code", ["0100109106", "0100233583"])
def test_it_accepts_real_ten_digit_tax_codes(code):
    assert validate_tax_code(code) == code


@pytest.mark.parametrize("typed", ["0100109106-001", "0100109106001", " 0100109106 - 001 "])
def test_it_accepts_a_branch_code_with_or_without_the_dash(typed):
    assert validate_tax_code(typed.replace(" - ", "-")) == "0100109106-001"


def test_it_refuses_a_wrong_check_digit_and_names_the_right_one():
    with pytest.raises(ValidationError) as exc:
        validate_tax_code("0100109107")
    assert "chữ số thứ 10 phải là 6" in exc.value.messages[0]


@pytest.mark.parametrize("typed", ["123", "01001091060", "0100109106-01", "01001O9106", "0100109106/001"])
def test_it_refuses_a_malformed_tax_code_with_the_expected_shape(typed):
    with pytest.raises(ValidationError) as exc:
        validate_tax_code(typed)
    assert "10 chữ số" in exc.value.messages[0] and typed in exc.value.messages[0]


def test_it_refuses_a_base_whose_check_would_be_ten():
    base = next(f"{n:09d}" for n in range(10**8, 10**8 + 1000) if tax_check_digit(f"{n:09d}") is None)
    with pytest.raises(ValidationError) as exc:
        validate_tax_code(base + "0")
    assert "không có chữ số kiểm tra hợp lệ" in exc.value.messages[0]


def test_it_refuses_branch_000():
    with pytest.raises(ValidationError, match="001 đến 999"):
        validate_tax_code("0100109106-000")


@pytest.mark.parametrize("code", ["26", "2610", "1410", "62"])
def test_it_accepts_vsic_codes_in_the_shipped_list(code):
    assert validate_vsic(code) == code


def test_it_refuses_a_vsic_code_not_in_the_list_and_names_the_source():
    with pytest.raises(ValidationError) as exc:
        validate_vsic("2699")
    assert "2699" in exc.value.messages[0] and "27/2018/QĐ-TTg" in exc.value.messages[0]


@pytest.mark.parametrize("code", ["C", "261", "26100", "ab"])
def test_it_refuses_a_vsic_code_of_the_wrong_shape(code):
    with pytest.raises(ValidationError, match="không đúng dạng"):
        validate_vsic(code)


def test_the_vsic_list_is_consistent():
    assert list(SECTIONS) == [chr(c) for c in range(ord("A"), ord("U") + 1)]
    assert len(DIVISIONS) == 88
    for code in CLASSES:
        assert code[:2] in DIVISIONS, code
    assert {vsic_section(code) for code in VSIC} == set(SECTIONS)
    assert vsic_section("2610") == "C" and vsic_section("6201") == "J" and vsic_section("99") == "U"


@pytest.mark.parametrize(
    ("typed", "currency", "expected"),
    [
        ("1.250.000.000", "VND", Decimal(1_250_000_000)),
        ("1250000000", "VND", Decimal(1_250_000_000)),
        (1_250_000_000, "VND", Decimal(1_250_000_000)),
        ("12,5", "USD", Decimal("12.50")),
        ("1.234.567,89", "USD", Decimal("1234567.89")),
        ("", "USD", None),
    ],
)
def test_it_reads_amounts_as_typed_in_vietnam(typed, currency, expected):
    assert parse_amount(typed, label="Vốn", currency=currency) == expected


@pytest.mark.parametrize(
    ("typed", "currency", "message"),
    [
        ("-5", "VND", "không được âm"),
        ("mười tỷ", "VND", "không phải số tiền"),
        ("12,5", "VND", "số nguyên"),
        ("1" + "0" * 17, "VND", "lớn bất thường"),
    ],
)
def test_it_refuses_bad_amounts_with_the_field_named(typed, currency, message):
    with pytest.raises(ValidationError) as exc:
        parse_amount(typed, label="Vốn đăng ký (đồng)", currency=currency)
    assert message in exc.value.messages[0] and exc.value.messages[0].startswith("Vốn đăng ký (đồng)")


@pytest.mark.parametrize("typed", ["NaN", "nan", "Infinity", "inf", float("nan"), float("inf")])
def test_it_refuses_an_amount_that_is_not_a_finite_number(typed):
    with pytest.raises(ValidationError, match="không phải số tiền"):
        parse_amount(typed, label="Doanh thu", currency="VND")


def test_an_amount_is_shown_back_in_vietnamese_and_reads_back_the_same() -> None:
    from decimal import Decimal

    from dieuhanh.zones.forms import amount_text
    from dieuhanh.zones.validators import parse_amount

    assert amount_text(Decimal("0.00")) == ""  # the placeholder "0", not "0.00"
    assert amount_text(None) == ""
    assert amount_text(Decimal("1234567")) == "1.234.567"
    assert amount_text(Decimal("1250.50")) == "1.250,50"
    assert parse_amount("1.250,50", label="USD", currency="USD") == Decimal("1250.50")
