"""A unit's draft written through the API: the body in, the report engine's input out, and the
engine's problems back as the API's Vietnamese field errors.

The write itself is the page's full save (`reporting.services.report_save`): the same section
rules (a done task is at 100 % and has no future completion date; a figure fits its indicator,
a part stays under its whole), all-or-nothing, and a version check under the report's lock.
A field the body leaves out keeps its saved value."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field, model_validator

from dieuhanh.api.schemas import NO_NUL, IsoDate
from dieuhanh.reporting.forms import TEXT_LIMIT
from dieuhanh.reporting.models import Report, ReportIndicatorValue, TaskProgress, TaskUpdate
from dieuhanh.reporting.sections import IndicatorValueInput, ReportInput, TaskUpdateInput

_Text = Annotated[str | None, Field(max_length=TEXT_LIMIT, pattern=NO_NUL)]


class ReportTaskIn(Schema):
    """One task's line of the draft; a field left out keeps its saved value."""

    task: Annotated[int, Field(ge=1, le=2**31 - 1, description="Mã số (id) của nhiệm vụ.")]
    progress: TaskProgress | None = None
    percent: Annotated[int | None, Field(ge=0, le=100, description="Tiến độ, 0–100 %.")] = None
    result: _Text = None
    completed_on: Annotated[IsoDate | None, Field(description="Ngày hoàn thành; null: xóa.")] = None


class ReportValueIn(Schema):
    """One indicator's figure in the draft; `value: null` clears it."""

    indicator: Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL, description="Mã chỉ số.")]
    value: Annotated[float | None, Field(allow_inf_nan=False)] = None
    comment: Annotated[str | None, Field(max_length=500, pattern=NO_NUL)] = None


class ReportPatchIn(Schema):
    """What changes in the draft; everything left out stays as saved. An empty body (or one
    that is not an object) changes nothing and is refused, like a field the schema does not name."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    highlights: _Text = None
    difficulties: _Text = None
    proposals: _Text = None
    tasks: Annotated[list[ReportTaskIn], Field(max_length=2000)] = []
    indicator_values: Annotated[list[ReportValueIn], Field(max_length=2000)] = []

    @model_validator(mode="after")
    def _something(self) -> ReportPatchIn:
        if not self.model_fields_set:
            raise ValueError(
                "trống: gửi ít nhất một trường cần sửa (highlights, difficulties, proposals, tasks, "
                "indicator_values)"
            )
        return self


class FieldsRefused(HttpError):
    """422: nothing saved; each problem with its place (`loc`) and Vietnamese message."""

    def __init__(self, errors: list[tuple[list[str | int], str]], nothing: str = "Báo cáo chưa được lưu"):
        super().__init__(422, f"{nothing}: " + " ".join(m for _, m in errors))
        self.errors = errors

    def body(self) -> dict[str, object]:
        return {"detail": str(self), "errors": [{"loc": loc, "msg": msg} for loc, msg in self.errors]}


class UnknownRows(Exception):
    """Lines of the body naming a task or an indicator the draft does not carry."""

    def __init__(self, errors: list[tuple[list[str | int], str]]):
        super().__init__([message for _, message in errors])
        self.errors = errors


def _task_input(line: ReportTaskIn, row: TaskUpdate) -> TaskUpdateInput:
    given = line.model_fields_set
    done_on: dt.date | None = line.completed_on if "completed_on" in given else row.completed_on
    return TaskUpdateInput(
        task_id=row.task_id,
        progress=line.progress if line.progress is not None else row.progress,
        percent=line.percent if line.percent is not None else row.percent,
        result=line.result if line.result is not None else row.result,
        completed_on=done_on,
    )


def _value_input(line: ReportValueIn, row: ReportIndicatorValue) -> IndicatorValueInput:
    return IndicatorValueInput(
        indicator_id=row.indicator_id,
        value=line.value if "value" in line.model_fields_set else row.value,
        comment=line.comment if line.comment is not None else row.comment,
    )


def report_input_of(report: Report, body: ReportPatchIn) -> tuple[ReportInput, dict[str, list[str | int]]]:
    """The engine's input for `body` on top of the saved draft, and where each row's form field
    ("u-12-percent") sits in the body (its `loc`), to name it in an error."""
    updates = {u.task_id: u for u in report.task_updates.select_related("task")}
    values = {v.indicator.code: v for v in report.indicator_values.select_related("indicator")}
    unknown: list[tuple[list[str | int], str]] = []
    places: dict[str, list[str | int]] = {}
    tasks: list[TaskUpdateInput] = []
    for i, line in enumerate(body.tasks):
        row = updates.get(line.task)
        if row is None:
            unknown.append(
                (["body", "tasks", i, "task"], f"Nhiệm vụ mã số {line.task} không thuộc báo cáo này.")
            )
            continue
        places[f"u-{row.pk}-"] = ["body", "tasks", i]
        tasks.append(_task_input(line, row))
    figures: list[IndicatorValueInput] = []
    for i, item in enumerate(body.indicator_values):
        found = values.get(item.indicator)
        if found is None:
            where: list[str | int] = ["body", "indicator_values", i, "indicator"]
            unknown.append((where, f"Chỉ số “{item.indicator}” không được hỏi trong báo cáo này."))
            continue
        places[f"iv-{found.pk}-"] = ["body", "indicator_values", i]
        figures.append(_value_input(item, found))
    if unknown:
        raise UnknownRows(unknown)
    data = ReportInput(
        highlights=body.highlights if body.highlights is not None else report.highlights,
        difficulties=body.difficulties if body.difficulties is not None else report.difficulties,
        proposals=body.proposals if body.proposals is not None else report.proposals,
        updates=tasks,
        indicator_values=figures,
    )
    return data, places


def report_places(report: Report) -> dict[str, list[str | int]]:
    """Where each of the draft's rows is named in an error of the whole report (a submission):
    a task by its id, an indicator by its code."""
    places: dict[str, list[str | int]] = {
        f"u-{u.pk}-": ["report", "tasks", u.task_id] for u in report.task_updates.all()
    }
    for v in report.indicator_values.select_related("indicator"):
        places[f"iv-{v.pk}-"] = ["report", "indicator_values", v.indicator.code]
    return places


_FORM_FIELD = re.compile(r"^((?:u|iv)-\d+-)([a-z_]+)$")


def field_errors(
    messages: list[str], fields: dict[str, str], places: dict[str, list[str | int]]
) -> list[tuple[list[str | int], str]]:
    """Each engine message with its place: the body's line and field when the engine names a
    form field we placed, the report's rows (`["report", "tasks", 12, "result"]`) otherwise."""
    out: list[tuple[list[str | int], str]] = []
    placed: set[str] = set()
    for name, message in fields.items():
        m = _FORM_FIELD.match(name)
        if m is None:
            continue
        place = places.get(m.group(1))
        kind = "tasks" if m.group(1).startswith("u-") else "indicator_values"
        out.append(([*place, m.group(2)] if place else ["report", kind, name], message))
        placed.add(message)
    out += [([], message) for message in messages if message not in placed]
    return out
