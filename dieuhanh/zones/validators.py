"""Checks on what the Board and enterprises type: tax codes, VSIC codes and amounts.

Each check returns the normalised value or raises a ValidationError whose Vietnamese message
says what is wrong and what a right value looks like.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from dieuhanh.zones.vsic import VSIC, VSIC_SOURCE

# Weights of the check digit of the Vietnamese tax code (mã số thuế), over digits 1–9.
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
TAX_PATTERN = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
# No project in Vietnam comes near these; a larger figure is a typing error (extra zeros).
MAX_VND = Decimal("1e16")  # 10 triệu tỷ đồng
MAX_USD = Decimal("1e11")  # 100 tỷ USD
AMOUNT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
AMOUNT_PLAIN = re.compile(r"^\d+(,\d+)?$")


def tax_check_digit(first_nine: str) -> int | None:
    """The tenth digit for `first_nine`, or None when no tenth digit can make it valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def validate_tax_code(value: str) -> str:
    """'0100109106', '0100109106-001' or '0100109106001' → the canonical form with a dash."""
    text = re.sub(r"\s", "", value or "")
    match = TAX_PATTERN.match(text)
    if not match:
        raise ValidationError(
            f"Mã số thuế “{value}” không đúng dạng: cần 10 chữ số (ví dụ 0100109106), hoặc 13 chữ số "
            "cho chi nhánh, đơn vị phụ thuộc (ví dụ 0100109106-001)."
        )
    main, branch = match.groups()
    expected = tax_check_digit(main[:9])
    if expected is None or int(main[9]) != expected:
        hint = "không có chữ số kiểm tra hợp lệ" if expected is None else f"chữ số thứ 10 phải là {expected}"
        raise ValidationError(
            f"Mã số thuế “{value}” sai chữ số kiểm tra ({hint}); hãy đối chiếu lại với giấy chứng nhận "
            "đăng ký doanh nghiệp."
        )
    if branch == "000":
        raise ValidationError(f"Mã số thuế “{value}”: 3 chữ số của chi nhánh phải từ 001 đến 999.")
    return f"{main}-{branch}" if branch else main


def validate_vsic(value: str) -> str:
    """A VSIC 2018 code of level 2 ('26') or level 4 ('2610') from the shipped list."""
    code = (value or "").strip().upper()
    if not re.fullmatch(r"\d{2}|\d{4}", code):
        raise ValidationError(
            f"Mã ngành “{value}” không đúng dạng: mã ngành VSIC 2018 cấp 2 có 2 chữ số (ví dụ 26), "
            "cấp 4 có 4 chữ số (ví dụ 2610)."
        )
    if code not in VSIC:
        raise ValidationError(
            f"Mã ngành “{code}” không có trong danh mục ngành kinh tế của hệ thống ({VSIC_SOURCE}). "
            "Hãy chọn mã trong danh mục hoặc đề nghị quản trị bổ sung."
        )
    return code


def parse_amount(value: object, *, label: str, currency: str) -> Decimal | None:
    """An amount typed as '1.234.567', '1234567', '12,5' or given as a number; None when blank.
    VND is whole đồng; USD keeps cents."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    amount = _to_decimal(value, label=label)
    if not amount.is_finite():  # "NaN", "inf": Decimal takes them, no comparison does
        raise ValidationError(f"{label}: “{value}” không phải số tiền.")
    if amount < 0:
        raise ValidationError(f"{label}: số tiền không được âm ({value}).")
    limit = MAX_VND if currency == "VND" else MAX_USD
    if amount > limit:
        raise ValidationError(f"{label}: {value} {currency} lớn bất thường, hãy kiểm tra số chữ số 0.")
    if currency == "VND" and amount != amount.to_integral_value():
        raise ValidationError(
            f"{label}: số tiền đồng phải là số nguyên (không có phần lẻ), không phải {value}."
        )
    return amount.quantize(Decimal(1) if currency == "VND" else Decimal("0.01"))


def _to_decimal(value: object, *, label: str) -> Decimal:
    if isinstance(value, bool):
        raise ValidationError(f"{label}: “{value}” không phải số tiền.")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValidationError(f"{label}: “{value}” không phải số tiền.")
        return number
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if AMOUNT_GROUPED.match(text) or AMOUNT_PLAIN.match(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if text.startswith("-"):
        raise ValidationError(f"{label}: số tiền không được âm ({value}).")
    try:
        amount = Decimal(text)  # "1234.5" typed the English way, or "1e6"
    except InvalidOperation:
        amount = Decimal("NaN")
    # Decimal also reads "NaN" and "Infinity", which no comparison or sum can take.
    if not amount.is_finite():
        raise ValidationError(
            f"{label}: “{value}” không phải số tiền. Hãy nhập chữ số, dấu chấm ngăn cách hàng nghìn "
            "(ví dụ 1.250.000.000)."
        )
    return amount


def validate_capital_pair(*, registered: Decimal | None, disbursed: Decimal | None, currency: str) -> None:
    if disbursed is not None and registered is not None and disbursed > registered:
        raise ValidationError(
            f"Vốn đã giải ngân ({currency}) không được lớn hơn vốn đăng ký ({currency}); "
            "nếu dự án đã điều chỉnh tăng vốn, hãy cập nhật vốn đăng ký trước."
        )
    if disbursed is not None and registered is None:
        raise ValidationError(f"Có vốn đã giải ngân ({currency}) thì phải có vốn đăng ký ({currency}).")
