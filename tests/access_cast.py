"""The matrix's cast and its objects: the root conftest's world, the zones cast on top, one
record of each kind a URL takes, and FACTORIES saying which object each role is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import build_reporting, build_world
from dieuhanh.zones.tests.conftest import build_zones
from tests.access_routes import Route
from tests.access_table import Row


@dataclass
class Owned:
    owners: frozenset[str]
    values: dict[str, object]


def owned(*owners: str, **values: object) -> Owned:
    return Owned(frozenset(owners), values)


@dataclass
class Cast:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    openapi: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role → session key, made once

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


AGENCY_REPORTERS = ("bql", "khcn", "commune")
ENTERPRISES = ("enterprise", "enterprise_b")
PDF = b"%PDF-1.4 minh chung"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_cast() -> Cast:
    from dieuhanh.accounts.models import User
    from dieuhanh.plans import importing
    from dieuhanh.plans.models import Task
    from dieuhanh.reporting import services
    from dieuhanh.reporting.evidence import evidence_add
    from dieuhanh.reporting.models import Report, ReportStatus, ReportVersion
    from dieuhanh.zones.portal import invitation_create, request_send

    world = build_world()
    reporting = build_reporting(world)
    zones = build_zones(world)
    users: dict[str, Any] = dict(world.users)
    u, c = world.units, Cast(users=users)
    c.objects["reporting"] = reporting
    _steering(c, "meeting")  # made with the cast: the matrix runs each row in its own transaction
    # Sở KH&CN and the commune each lead an open task, so each has its own report rows and evidence.
    for key, code, lead in (("khcn", "T-KHCN-2", u["hp_khcn"]), ("commune", "T-XA-1", u["commune"])):
        task = Task.objects.create(
            document=world.document,
            group=world.group,
            code=code,
            text=f"Nhiệm vụ {code}",
            lead_unit=lead,
            due=dt.date(2025, 12, 31),
            deadline_text="hoàn thành trong năm 2025",
        )
        c.objects[f"task_{key}"] = task
    c.objects.update(world=world, tasks=world.tasks, july=reporting.july)
    for who, unit in (("bql", u["hp_bql"]), ("khcn", u["hp_khcn"]), ("commune", u["commune"])):
        user = users[who]
        report = services.report_open(user=user, period=reporting.july, unit=unit)
        # Returned once: it has a version to compare and is still the reporter's to edit.
        ReportVersion.objects.create(
            report=report,
            number=1,
            content=services.report_snapshot(report),
            submitted_at=timezone.now(),
            submitted_by=user,
        )
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED, version=report.version + 1)
        update = report.task_updates.order_by("pk").first()
        assert update is not None, f"the {who} report has no task rows"
        c.objects[f"report_{who}"], c.objects[f"update_{who}"] = report, update
        c.objects[f"evidence_{who}"] = evidence_add(task_update=update, user=user, upload=_pdf("mc.pdf"))
    quarter = services.period_ensure(regime=zones.regime, year=2025, number=3)
    c.objects.update(zones=zones, quarter=quarter)
    for who, enterprise in (("enterprise", zones.a), ("enterprise_b", zones.b)):
        user = users[who]
        c.objects[f"quarterly_{who}"], _ = Report.objects.get_or_create(
            period=quarter, unit=enterprise.unit, defaults={"updated_by": user}
        )
        item = request_send(
            user=user,
            enterprise=enterprise,
            department=zones.department,
            kind="question",
            subject=f"Câu hỏi của {enterprise.name}",
            body="Xin hướng dẫn thủ tục.",
            files=[_pdf("ho-so.pdf")],
        )
        c.objects[f"request_{who}"], c.objects[f"attachment_{who}"] = item, item.attachments.get()
    _, c.objects["token"] = invitation_create(
        user=users["bql"], enterprise=zones.a, email="moi@vi-du.invalid", full_name="Nguyễn Văn Mời"
    )
    from dieuhanh.plans.tests.test_import import PLAN

    c.objects["plan_import"] = importing.plan_import_create(
        data=PLAN, file_name="ke-hoach.md", user=users["admin"]
    )
    c.objects["indicator"] = _indicator()
    c.objects["public_target"] = _publish(c.objects["indicator"], c.world.document)
    c.objects["round"] = _evaluation_round(c)
    _admin_records(c)
    assert User.objects.filter(pk=users["enterprise_b"].pk, unit=zones.b.unit).exists()
    return c


def _indicator() -> Any:
    from dieuhanh.indicators.models import Indicator

    return Indicator.objects.create(
        code="DVC_TL_TT", name="Tỷ lệ hồ sơ trực tuyến toàn trình", unit_of_measure="%"
    )


def _publish(indicator: Any, document: Any) -> Any:
    """The cast's target and indicator, published (the public pages and the open data)."""
    from dieuhanh.opendata.models import PublishedIndicator, PublishedTarget

    target = document.targets.get(code="CT-DVC")
    indicator.targets.add(target)
    PublishedIndicator.objects.create(indicator=indicator)
    PublishedTarget.objects.create(target=target)
    return target


def _evaluation_round(c: Cast) -> Any:
    """A round of the test rubric assessing the three reporters' units, each with its draft."""
    from dieuhanh.evaluation import services
    from dieuhanh.evaluation.tests.test_access import without_refusal
    from dieuhanh.evaluation.tests.test_cycle import DUE
    from dieuhanh.evaluation.tests.test_heads import HEADS

    u = c.world.units
    definition = without_refusal()
    definition["parameters"]["heads"] = HEADS  # so the heads' pages open
    return services.round_open(
        rubric=services.rubric_import(definition=definition),
        year=2025,
        self_assessment_due=DUE,
        data_as_of=dt.date(2025, 12, 15),
        units=[u["hp_bql"], u["hp_khcn"], u["commune"]],
    )


def _admin_records(c: Cast) -> None:
    """One record of each admin model the rest of the cast does not make, so every change page opens."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dieuhanh.accounts.models import ApiToken
    from dieuhanh.accounts.services import api_token_create
    from dieuhanh.exchange.models import Dhis2Combo
    from dieuhanh.indicators.models import CodeMapping, DataValue, Source
    from dieuhanh.reporting.models import Notification, Reminder, ReminderKind
    from dieuhanh.zones.models import Assessment, Questionnaire

    units = c.world.units
    Group.objects.create(name="Cán bộ theo dõi")
    Reminder.objects.create(
        period=c.july, unit=units["hp_bql"], kind=ReminderKind.DUE, channel=Reminder.Channel.APP
    )
    Notification.objects.create(user=c.users["bql"], text="Báo cáo tháng 7/2025 đến hạn", url="/bao-cao/")
    DataValue.objects.create(
        indicator=c.indicator,
        unit=units["hp"],
        period="2025",
        source=Source.MANUAL,
        value=61.5,
        recorded_by=c.users["admin"],
        recorded_at=timezone.now(),
    )
    CodeMapping.objects.create(kind=CodeMapping.Kind.UNIT, external_id="hp0001", unit=units["hp"])
    api_token_create(
        user=c.users["admin"], name="Cổng dữ liệu", unit=units["hp_bql"], access=ApiToken.Access.READ
    )
    Dhis2Combo.objects.create(attribute_option_combo="McDonalds", disaggregation="tài trợ: McDonalds")
    _entry_files(c)  # the criteria's evidence files, for the admin's read-only pages
    Assessment.objects.create(
        enterprise=c.zones.a, questionnaire=Questionnaire.objects.order_by("pk").first()
    )
    # Sign-in records: a counted failure, its log line, the leader's authenticator (being set
    # up: a confirmed one would make the leader owe a code on every page) and recovery codes.
    seen = {"ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0", "username": "leo"}
    AccessAttempt.objects.create(**seen, failures_since_start=3, get_data="", post_data="")
    AccessFailureLog.objects.create(**seen, locked_out=False)
    TOTPDevice.objects.create(user=c.users["leader"], name="Điện thoại", confirmed=False)
    StaticDevice.objects.create(user=c.users["leader"], name="Mã khôi phục", confirmed=True)


# --- which object each URL is given ---------------------------------------------------------

Factory = Callable[[Cast], list[Owned]]


def _tasks(c: Cast, param: str) -> list[Owned]:
    t = c.tasks
    return [
        owned("bql", **{param: t["bql_overdue"].pk}),
        owned(**{param: t["tc_only"].pk}),  # Sở Tài chính's: nobody in the cast
        owned("khcn", **{param: c.task_khcn.pk}),
        owned("commune", **{param: c.task_commune.pk}),
    ]


def _per_reporter(c: Cast, prefix: str, param: str) -> list[Owned]:
    return [owned(who, **{param: c.objects[f"{prefix}_{who}"].pk}) for who in AGENCY_REPORTERS]


def _per_enterprise(c: Cast, prefix: str, param: str = "pk") -> list[Owned]:
    return [owned(who, **{param: c.objects[f"{prefix}_{who}"].pk}) for who in ENTERPRISES]


def _enterprises(c: Cast) -> list[Owned]:
    return [owned("enterprise", pk=c.zones.a.pk), owned("enterprise_b", pk=c.zones.b.pk)]


def _periods(c: Cast) -> list[Owned]:
    return [owned(*AGENCY_REPORTERS, period_id=c.july.pk), owned(*ENTERPRISES, period_id=c.quarter.pk)]


def _units(c: Cast) -> list[Owned]:
    u = c.world.units
    return [owned("bql", unit_id=u["hp_bql"].pk), owned("khcn", unit_id=u["hp_khcn"].pk)]


def _scorecards(c: Cast, **more: object) -> list[Owned]:
    """Each reporter's unit in the cast's evaluation round (`more`: the criterion or action)."""
    units = {"bql": "hp_bql", "khcn": "hp_khcn", "commune": "commune"}
    return [
        owned(who, round_id=c.round.pk, unit_id=c.world.units[key].pk, **more) for who, key in units.items()
    ]


def _evaluations(c: Cast, **more: object) -> list[Owned]:
    """Each reporter's unit's evaluation in the cast's round, a draft (`more`: the criterion)."""
    from dieuhanh.evaluation.models import Evaluation

    units = {"bql": "hp_bql", "khcn": "hp_khcn", "commune": "commune"}
    return [
        owned(
            who,
            evaluation_id=Evaluation.objects.get(round=c.round, unit=c.world.units[key], version=1).pk,
            **more,
        )
        for who, key in units.items()
    ]


def _entry_files(c: Cast) -> list[Owned]:
    """An evidence file on criterion D of each reporter's unit in the cast's round."""
    from django.core.files.base import ContentFile

    from dieuhanh.evaluation.models import Entry, EntryEvidence, Evaluation

    units = {"bql": "hp_bql", "khcn": "hp_khcn", "commune": "commune"}
    out = []
    for who, key in units.items():
        unit = c.world.units[key]
        evaluation = Evaluation.objects.filter(round=c.round, unit=unit).order_by("-version").first()
        if evaluation is None:
            evaluation = Evaluation.objects.create(round=c.round, unit=unit)
        entry, _ = Entry.objects.get_or_create(evaluation=evaluation, criterion="D")
        kept = EntryEvidence(entry=entry, original_name="bien-ban.pdf", size=8)
        kept.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.7"), save=False)
        kept.save()
        out.append(owned(who, round_id=c.round.pk, unit_id=unit.pk, evidence_id=kept.pk))
    return out


def _reset_link(c: Cast) -> list[Owned]:
    """A valid password-reset link, of the user without a role (read again: the token hashes
    the last login, which the cast's in-memory user may have from a rolled-back sign-in)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from dieuhanh.accounts.models import User

    user = User.objects.get(pk=c.users["nobody"].pk)
    return [
        owned(
            uidb64=urlsafe_base64_encode(force_bytes(user.pk)), token=default_token_generator.make_token(user)
        )
    ]


def _quarterly(c: Cast) -> list[Owned]:
    return _per_enterprise(c, "quarterly", "report_id")


def _target_pk() -> int:
    from dieuhanh.plans.models import Target

    return Target.objects.order_by("pk").values_list("pk", flat=True)[0]


def _steering(c: Cast, kind: str, param: str = "pk") -> list[Owned]:
    """A meeting, a proposal and an explanation request of the leaders' unit: no reporter owns them."""
    if "steering_meeting" not in c.objects:
        from dieuhanh.reporting.models import Report, ReportStatus
        from dieuhanh.steering.models import Explanation, Meeting, Proposal

        leader, unit = c.users["leader"], c.users["leader"].unit
        period = c.objects["reporting"].june
        c.objects["steering_meeting"] = Meeting.objects.create(
            period=period, held_on=dt.date(2025, 7, 8), title="Họp", created_by=leader
        )
        report = Report.objects.create(
            period=period, unit=unit, status=ReportStatus.ACCEPTED, proposals="Kiến nghị"
        )
        c.objects["steering_proposal"] = Proposal.objects.create(
            report=report,
            number=1,
            unit=unit,
            text="Kiến nghị",
            respond_by=dt.date(2025, 7, 30),
            sent_at=timezone.now(),
        )
        c.objects["steering_explanation"] = Explanation.objects.create(
            subject="report",
            period=period,
            unit=unit,
            question="Vì sao?",
            respond_by=dt.date(2025, 7, 30),
            sent_at=timezone.now(),
            requested_by=leader,
        )
    return [owned(**{param: c.objects[f"steering_{kind}"].pk})]


FACTORIES: dict[str, Factory] = {
    "loop:meeting": lambda c: _steering(c, "meeting"),
    "loop:conclusion_add": lambda c: _steering(c, "meeting"),
    "loop:notice_import": lambda c: _steering(c, "meeting"),
    "loop:meeting_docx": lambda c: _steering(c, "meeting"),
    "loop:proposal_act": lambda c: _steering(c, "proposal"),
    "loop:explanation_answer": lambda c: _steering(c, "explanation"),
    # by URL name
    "plans:task_detail": lambda c: _tasks(c, "pk"),
    "api:get_task": lambda c: _tasks(c, "task_id"),
    "api:task_confidence": lambda c: _tasks(c, "task_id"),
    "api:task_history": lambda c: _tasks(c, "task_id"),
    "api:target_confidence": lambda c: [owned(target_id=_target_pk())],
    "api:get_target": lambda c: [owned(target_id=_target_pk())],
    "plans:import_review": lambda c: [owned(pk=c.plan_import.pk)],
    "reporting:evidence_upload": lambda c: [
        owned(who, report_id=c.objects[f"report_{who}"].pk, update_id=c.objects[f"update_{who}"].pk)
        for who in AGENCY_REPORTERS
    ],
    # A unit that owes July's report, reminded by whoever reviews it (nobody's own object).
    "reporting:remind_now": lambda c: [owned(period_id=c.july.pk, unit_id=c.world.units["hp_bql"].pk)],
    "indicators:indicator_detail": lambda c: [owned(code=c.indicator.code)],
    "indicators:value_sources": lambda c: [owned(code=c.indicator.code)],
    "api:indicator_series": lambda c: [owned(code=c.indicator.code)],
    "api:indicator_values": lambda c: [owned(code=c.indicator.code)],
    "opendata:indicator": lambda c: [owned(code=c.indicator.code)],
    "opendata:series_csv": lambda c: [owned(code=c.indicator.code)],
    "opendata:series_json": lambda c: [owned(code=c.indicator.code)],
    "opendata:target": lambda c: [owned(target_id=c.objects["public_target"].pk)],
    "zones:zone": lambda c: [owned(code=c.zones.zone.code)],
    "zones:enterprise": _enterprises,
    "zones:invite": _enterprises,
    "zones:request": lambda c: _per_enterprise(c, "request"),
    "zones:request_answer": lambda c: _per_enterprise(c, "request"),
    "zones:request_receive": lambda c: _per_enterprise(c, "request"),
    "zones:attachment": lambda c: _per_enterprise(c, "attachment"),
    "zones:report": _quarterly,
    "zones:report_save": _quarterly,
    "zones:report_accept": _quarterly,
    "zones:report_return": _quarterly,
    "zones:invitation": lambda c: [owned(token=c.token)],
    "evaluation:scorecard": _scorecards,
    "evaluation:entry": lambda c: _scorecards(c, code="D"),
    "evaluation:action": lambda c: _scorecards(c, action="submit"),
    "evaluation:evidence": _entry_files,
    "evaluation:head": _scorecards,
    "accounts:password_reset_confirm": _reset_link,
    "exchange:upstream-report": lambda c: [
        owned(who, upstream_name="nd09", report_id=c.objects[f"report_{who}"].pk, ext="docx")
        for who in AGENCY_REPORTERS
    ],
    "exchange:upstream-synthesis": lambda c: [owned(upstream_name="nd09", period_id=c.july.pk, ext="xlsx")],
    # by parameters
    "report_id": lambda c: _per_reporter(c, "report", "report_id"),
    "evidence_id": lambda c: _per_reporter(c, "evidence", "evidence_id"),
    "period_id": _periods,
    "meeting_id": lambda c: _steering(c, "meeting", "meeting_id"),
    "proposal_id": lambda c: _steering(c, "proposal", "proposal_id"),
    "explanation_id": lambda c: _steering(c, "explanation", "explanation_id"),
    "unit_id": _units,
    "evaluation_id": _evaluations,
    "evaluation_id,criterion": lambda c: _evaluations(c, criterion="D"),
    "round_id": lambda c: [owned(round_id=c.round.pk)],
}
# Required query parameters the OpenAPI schema asks for, with a value that exists in the cast.
QUERY_SAMPLES = {"first": "2025", "last": "2025", "rubric": "kiem-thu", "period": "2025"}


def _admin_values(route: Route, c: Cast) -> dict[str, object]:
    from django.contrib.contenttypes.models import ContentType

    from dieuhanh.plans.models import Task

    values: dict[str, object] = {}
    model = route.model
    record = model._default_manager.order_by("pk").first() if model is not None else None
    for param in route.params:
        if param == "app_label":
            values[param] = "plans"
        elif param == "url":
            values[param] = "khong-co/"
        elif param == "content_type_id":
            values[param] = ContentType.objects.get_for_model(Task).pk
        elif param == "object_id" and model is None:
            values[param] = c.tasks["bql_overdue"].pk
        elif param in ("object_id", "_1", "id", "pk"):
            # A model with no record in the cast gets an id that does not exist (its row says so).
            values[param] = record.pk if record is not None else 0
        elif param == "_2":
            values[param] = record.history.order_by("history_id").first().history_id  # type: ignore[union-attr]
    return values


def values_for(route: Route, row: Row, role: str, c: Cast) -> dict[str, object]:
    if not route.params:
        return {}
    if route.name.startswith("admin:"):
        return _admin_values(route, c)
    factory = FACTORIES.get(route.name) or FACTORIES.get(",".join(route.params))
    assert factory is not None, f"{route.key}: no factory in FACTORIES for {route.name} / {route.params}"
    items = factory(c)
    mine = role if row.target == "own" else None
    pick = next((i for i in items if (role in i.owners) == (mine is not None)), None)
    assert pick is not None, f"{row.key}: FACTORIES gives {role} no {row.target} object"
    return pick.values


def query_for(route: Route, c: Cast) -> dict[str, str]:
    if not route.name.startswith("api:"):
        return {}
    operation = c.openapi["paths"].get(route.template, {}).get("get", {})
    required = [
        p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")
    ]
    missing = [name for name in required if name not in QUERY_SAMPLES]
    assert not missing, f"{route.template}: add a sample for {missing} to QUERY_SAMPLES"
    return {name: QUERY_SAMPLES[name] for name in required}
