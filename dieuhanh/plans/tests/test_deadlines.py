"""Reading deadline clauses as the plans write them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.plans import deadlines
from dieuhanh.plans.deadlines import Deadline, deadline_label, parse_deadline
from dieuhanh.plans.models import Recurrence, Task

D = dt.date


@pytest.mark.parametrize(
    ("text", "due", "recurrence"),
    [
        ("hoàn thành trong tháng 6/2025", D(2025, 6, 30), "none"),
        ("hoàn thành trong tháng 2/2025", D(2025, 2, 28), "none"),
        ("tháng 2/2024", D(2024, 2, 29), "none"),
        ("Tháng 6/2025", D(2025, 6, 30), "none"),
        ("06/2025", D(2025, 6, 30), "none"),
        ("tháng 6 năm 2025", D(2025, 6, 30), "none"),
        ("hoàn thành 12/2025 và các năm tiếp theo", D(2025, 12, 31), "yearly"),
        ("Quý I/2025", D(2025, 3, 31), "none"),
        ("quý II/2025", D(2025, 6, 30), "none"),
        ("Quý III năm 2025", D(2025, 9, 30), "none"),
        ("Quý IV/2025", D(2025, 12, 31), "none"),
        ("quý 2/2026", D(2026, 6, 30), "none"),
        ("năm 2025", D(2025, 12, 31), "none"),
        ("hoàn thành trong năm 2025", D(2025, 12, 31), "none"),
        ("trước 12/2025", D(2025, 11, 30), "none"),
        ("hoàn thành trước tháng 12/2025", D(2025, 11, 30), "none"),
        ("trước tháng 1/2026", D(2025, 12, 31), "none"),
        ("trước năm 2026", D(2025, 12, 31), "none"),
        ("trước Quý III/2025", D(2025, 6, 30), "none"),
        ("6 tháng đầu năm 2025", D(2025, 6, 30), "none"),
        ("ngày 15/3/2025", D(2025, 3, 15), "none"),
        ("trước ngày 15/3/2025", D(2025, 3, 15), "none"),
        ("thường xuyên", None, "continuous"),
        ("thực hiện thường xuyên", None, "continuous"),
        ("hằng năm", None, "yearly"),
        ("hàng năm", None, "yearly"),
        ("hoàn thành trong tháng 5/2025 và thực hiện thường xuyên", D(2025, 5, 31), "continuous"),
        ("2025-2026", D(2026, 12, 31), "none"),
        ("giai đoạn 2025 – 2030", D(2030, 12, 31), "none"),
    ],
)
def test_it_reads_the_due_date_and_recurrence_of_each_phrase(text, due, recurrence):
    deadline = parse_deadline(text)
    assert (deadline.due, deadline.recurrence, deadline.external) == (due, recurrence, False)


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [
        ("trước tháng 10 hằng năm", 9, 30),
        ("thực hiện trước tháng 10 hàng năm", 9, 30),
        ("trước tháng 3 hằng năm", 2, 28),
        ("trong tháng 6 hằng năm", 6, 30),
        ("trước ngày 15/3 hằng năm", 3, 15),
        ("hằng năm", 12, 31),
        ("hoàn thành 12/2025 và các năm tiếp theo", 12, 31),
    ],
)
def test_it_reads_the_day_a_yearly_task_falls_due_each_year(text, month, day):
    deadline = parse_deadline(text)
    assert deadline.recurrence == "yearly"
    assert (deadline.yearly_due_month, deadline.yearly_due_day) == (month, day)


def test_a_yearly_clause_without_a_year_has_no_first_due_date():
    assert parse_deadline("trước tháng 10 hằng năm").due is None


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("hoàn thành theo hướng dẫn của Trung ương", "theo hướng dẫn của Trung ương"),
        ("Theo hướng dẫn của Trung ương", "Theo hướng dẫn của Trung ương"),
        (
            "hoàn thành sau khi Đề án/Chương trình được Trung ương ban hành",
            "sau khi Đề án/Chương trình được Trung ương ban hành",
        ),
    ],
)
def test_a_clause_waiting_on_another_bodys_act_is_external_with_its_condition(text, condition):
    deadline = parse_deadline(text)
    assert (deadline.external, deadline.condition, deadline.due) == (True, condition, None)
    assert deadline.relative_days is None


def test_a_relative_clause_gives_the_days_and_the_awaited_act():
    deadline = parse_deadline("20 ngày sau khi Tỉnh ủy ban hành")
    assert (deadline.relative_days, deadline.relative_after) == (20, "Tỉnh ủy ban hành")
    assert deadline.external and deadline.due is None
    assert deadline.to_contract()["relative"] == {"days": 20, "after": "Tỉnh ủy ban hành"}


def test_it_reads_decomposed_unicode_like_composed():
    nfd = unicodedata.normalize("NFD", "Hoàn thành trước tháng 10 hằng năm")
    assert nfd != unicodedata.normalize("NFC", nfd)
    deadline = parse_deadline(nfd)
    assert (deadline.recurrence, deadline.yearly_due_month, deadline.yearly_due_day) == ("yearly", 9, 30)
    assert deadline.text == "Hoàn thành trước tháng 10 hằng năm"


@pytest.mark.parametrize(
    "text",
    [
        "*hoàn thành trong tháng 3/2025.*",
        "**Hoàn thành trong tháng 3/2025**;",
        "HOÀN THÀNH TRONG THÁNG 3/2025.",
        "  hoàn   thành\ttrong tháng 3/2025 ; ",
    ],
)
def test_it_ignores_markup_punctuation_case_and_spacing(text):
    deadline = parse_deadline(text)
    assert deadline.due == D(2025, 3, 31)
    assert "*" not in deadline.text and not deadline.text.endswith((".", ";"))


@pytest.mark.parametrize("text", ["", "   ", "???", "sớm nhất có thể", "ngày 31/2/2025", "tháng 13/2025"])
def test_unreadable_text_gives_no_date_and_keeps_the_text(text):
    deadline = parse_deadline(text)
    assert deadline == Deadline(text=deadline.text)
    assert deadline.text == " ".join(text.split()).strip(" .;,:")


@given(st.text())
def test_it_never_raises_whatever_the_text(text):
    assert isinstance(parse_deadline(text), Deadline)


def test_the_contract_object_has_the_schema_fields():
    contract = parse_deadline("hoàn thành trong tháng 6/2025").to_contract()
    assert contract == {
        "text": "hoàn thành trong tháng 6/2025",
        "due": "2025-06-30",
        "recurring": False,
        "external": False,
        "relative": None,
    }
    assert parse_deadline("thường xuyên").to_contract()["recurring"] is True
    assert parse_deadline("").to_contract()["text"] is None


def test_the_recurrence_values_match_the_models():
    assert {deadlines.NONE, deadlines.CONTINUOUS, deadlines.YEARLY} == set(Recurrence.values)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("hoàn thành trong tháng 6/2025", "Trong tháng 06/2025"),
        ("thực hiện thường xuyên", "Thường xuyên"),
        ("thực hiện trước tháng 10 hàng năm", "Trước 30/09 hằng năm"),
        ("hoàn thành 12/2025 và các năm tiếp theo", "Trước 31/12 hằng năm, từ năm 2025"),
        (
            "hoàn thành trong tháng 5/2025 và thực hiện thường xuyên",
            "Trong tháng 05/2025, sau đó thường xuyên",
        ),
        ("hoàn thành theo hướng dẫn của Trung ương", "Theo hướng dẫn của Trung ương"),
        ("20 ngày sau khi Tỉnh ủy ban hành", "20 ngày sau khi Tỉnh ủy ban hành"),
        ("ngày 15/3/2025", "Chậm nhất ngày 15/03/2025"),
        ("", "Chưa xác định thời hạn"),
    ],
)
def test_it_labels_a_deadline_in_vietnamese(text, label):
    assert deadline_label(parse_deadline(text)) == label


def test_it_labels_a_task_from_its_fields():
    fields = parse_deadline("trước tháng 10 hằng năm").task_fields()
    assert deadline_label(Task(**fields)) == "Trước 30/09 hằng năm"
