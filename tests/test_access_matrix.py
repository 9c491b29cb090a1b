"""The access matrix: every URL pattern of the URL map (the admin and the API included) and of the
OpenAPI schema, GET and POST, as every role of the cast, against the reviewed `docs/access.md`.

Objects come from FACTORIES: for each URL (by name, else by its parameters) the objects of the
cast with the roles that own them; a role is given another's (`other`) or its own (`own`).
The cast is built once for the module; every test runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from conftest import build_reporting, build_world
from dieuhanh.zones.tests.conftest import build_zones
from tests import access_table
from tests.access_table import LOGIN, METHODS, ROLES, Row

# --- the URL map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the row's pattern: "/bao-cao/<int:report_id>/", "/quan-tri/<app>/<model>/add/"
    specific: str  # the same with the admin's model spelled out: "/quan-tri/plans/task/add/"
    template: str  # a str.format template of the address: "/bao-cao/{report_id}/"
    name: str  # namespaced URL name ("" when the pattern has none)
    params: tuple[str, ...]
    model: Any = None  # the admin's model


def _groups(regex: str) -> Iterator[tuple[int, int, str | None]]:
    """Top-level groups of a URL regex: (start, end, name or None)."""
    depth, start = 0, 0
    for i, ch in enumerate(regex):
        if ch == "\\":
            continue
        if ch == "(" and (i == 0 or regex[i - 1] != "\\"):
            depth, start = depth + 1, (i if depth == 0 else start)
        elif ch == ")" and regex[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                named = re.match(r"\(\?P<(\w+)>", regex[start:])
                yield start, i + 1, named.group(1) if named else None


def _spell(pattern: Any) -> tuple[str, str]:
    """(row text, str.format template) of one pattern segment."""
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return text, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    text = text.removeprefix("^").removesuffix("$")
    row, out, last, unnamed = "", "", 0, 0
    for start, end, name in _groups(text):
        if name is None:
            # str.format reads "{1}" as a positional index: unnamed groups become <1> and "{_1}".
            unnamed += 1
            row, out = row + text[last:start] + f"<{unnamed}>", out + text[last:start] + f"{{_{unnamed}}}"
        else:
            row, out = row + text[last:start] + f"<{name}>", out + text[last:start] + f"{{{name}}}"
        last = end
    return row + text[last:], out + text[last:]


def _admin_models() -> dict[str, Any]:
    return {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}


def _walk(patterns: list, key: str, specific: str, template: str, ns: str, model: Any) -> Iterator[Route]:
    for p in patterns:
        row, fmt = _spell(p.pattern)
        if isinstance(p, URLResolver):
            found = _admin_models().get(str(p.pattern)) if ns == "admin:" else None
            yield from _walk(
                p.url_patterns,
                key + ("<app>/<model>/" if found else row),
                specific + row,
                template + fmt,
                ns + (p.namespace + ":" if p.namespace else ""),
                found or model,
            )
        elif isinstance(p, URLPattern):
            params = tuple(re.findall(r"{(\w+)}", template + fmt))
            yield Route(key + row, specific + row, template + fmt, ns + (p.name or ""), params, model)


ROUTES: list[Route] = list(_walk(get_resolver().url_patterns, "/", "/", "/", "", None))
TABLE: list[Row] = access_table.load()
ROW_KEYS = {(r.pattern, r.target) for r in TABLE}


def _routes_of(row: Row) -> list[Route]:
    """The routes a row speaks for; a row naming one admin model overrides the `<app>/<model>` row."""
    return [
        r
        for r in ROUTES
        if r.specific == row.pattern or (r.key == row.pattern and (r.specific, row.target) not in ROW_KEYS)
    ]


# --- the cast and its objects -----------------------------------------------------------------


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


def _build_cast() -> Cast:
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
    _admin_records(c)
    assert User.objects.filter(pk=users["enterprise_b"].pk, unit=zones.b.unit).exists()
    return c


def _indicator() -> Any:
    from dieuhanh.indicators.models import Indicator

    return Indicator.objects.create(
        code="DVC_TL_TT", name="Tỷ lệ hồ sơ trực tuyến toàn trình", unit_of_measure="%"
    )


def _admin_records(c: Cast) -> None:
    """One record of each admin model the rest of the cast does not make, so every change page opens."""
    from django.contrib.auth.models import Group

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
    Assessment.objects.create(
        enterprise=c.zones.a, questionnaire=Questionnaire.objects.order_by("pk").first()
    )


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Cast]:  # type: ignore[no-untyped-def]
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        built = _build_cast()
        for role in ROLES[1:]:
            signed_in = Client()
            signed_in.force_login(built.users[role])
            built.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        built.openapi = _client("admin", built).get("/api/v1/openapi.json").json()
        yield built
        transaction.set_rollback(True)


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


def _quarterly(c: Cast) -> list[Owned]:
    return _per_enterprise(c, "quarterly", "report_id")


FACTORIES: dict[str, Factory] = {
    # by URL name
    "plans:task_detail": lambda c: _tasks(c, "pk"),
    "api:get_task": lambda c: _tasks(c, "task_id"),
    "plans:import_review": lambda c: [owned(pk=c.plan_import.pk)],
    "reporting:evidence_upload": lambda c: [
        owned(who, report_id=c.objects[f"report_{who}"].pk, update_id=c.objects[f"update_{who}"].pk)
        for who in AGENCY_REPORTERS
    ],
    "indicators:indicator_detail": lambda c: [owned(code=c.indicator.code)],
    "api:indicator_series": lambda c: [owned(code=c.indicator.code)],
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
    # by parameters
    "report_id": lambda c: _per_reporter(c, "report", "report_id"),
    "evidence_id": lambda c: _per_reporter(c, "evidence", "evidence_id"),
    "period_id": _periods,
    "unit_id": _units,
}
# Required query parameters the OpenAPI schema asks for, with a value that exists in the cast.
QUERY_SAMPLES = {"first": "2025", "last": "2025"}


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
        elif param in ("object_id", "_1", "id"):
            # A model with no record in the cast gets an id that does not exist (its row says so).
            values[param] = record.pk if record is not None else 0
        elif param == "_2":
            values[param] = record.history.order_by("history_id").first().history_id  # type: ignore[union-attr]
    return values


def _values(route: Route, row: Row, role: str, c: Cast) -> dict[str, object]:
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


def _query(route: Route, c: Cast) -> dict[str, str]:
    if not route.name.startswith("api:"):
        return {}
    operation = c.openapi["paths"].get(route.template, {}).get("get", {})
    required = [
        p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")
    ]
    missing = [name for name in required if name not in QUERY_SAMPLES]
    assert not missing, f"{route.template}: add a sample for {missing} to QUERY_SAMPLES"
    return {name: QUERY_SAMPLES[name] for name in required}


# --- requesting ------------------------------------------------------------------------------

LOGIN_PAGES = ("/tai-khoan/dang-nhap/", "/quan-tri/login/")
_HANDLER: list[ClientHandler] = []


def _client(role: str, c: Cast) -> Client:
    """A client signed in with the role's session of the module (a logout is rolled back with
    its test), sharing one handler: loading the middleware (WhiteNoise scans static/) is slow."""
    client = Client(raise_request_exception=False)
    if not _HANDLER:
        _HANDLER.append(client.handler)
    client.handler = _HANDLER[0]
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = c.sessions[role]
    return client


def _matches(response: Any, expected: object) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)
    return response.status_code == expected


def _describe(response: Any) -> str:
    text = str(response.status_code)
    if response.status_code in (301, 302):
        text += f" → {response['Location']}"
    if response.status_code >= 500 and getattr(response, "exc_info", None):
        text += f" ({response.exc_info[1]!r})"
    return text


def _spread(routes: list[Route], role: str, row: Row) -> list[Route]:
    """An `<app>/<model>` row: the administrator tries every model; the admin site turns away
    every other role as a whole, so each of them tries one model, a different one per role and row."""
    if role == "admin" or len(routes) == 1:
        return routes
    return [routes[(ROLES.index(role) + row.line) % len(routes)]]


@pytest.mark.parametrize("row", TABLE, ids=[r.key for r in TABLE])
def test_every_role_gets_the_status_the_table_gives(db, cast, row, request):  # type: ignore[no-untyped-def]
    routes = _routes_of(row)
    assert routes, f"docs/access.md:{row.line}: {row.pattern} is no URL pattern any more"
    covered = request.config.stash.setdefault(access_table.COVERED, set())
    counter = request.config.stash.setdefault(access_table.REQUESTS, [0])
    wrong: list[str] = []
    for role, cell in row.cells.items():
        client = _client(role, cast)
        for route in _spread(routes, role, row):
            url = route.template.format(**_values(route, row, role, cast))
            query = _query(route, cast)
            covered.add((url, role))
            for method in METHODS:
                send = client.get if method == "GET" else client.post
                response = send(url, query) if method == "GET" else send(url)
                counter[0] += 1
                if not _matches(response, cell[method]):
                    wrong.append(f"{role} {method} {url}: table {cell[method]}, got {_describe(response)}")
                if route.name in ("accounts:logout", "admin:logout") and role != "anonymous":
                    client.force_login(cast.users[role])
    assert not wrong, f"docs/access.md:{row.line} {row.key}\n" + "\n".join(wrong)


def test_only_the_units_reporter_saves_its_report(db, cast):  # type: ignore[no-untyped-def]
    """The matrix posts empty forms, refused before any role check; a well-formed one shows
    that a leader or an administrator still may not write a unit's report."""
    from dieuhanh.reporting.models import Report

    report = Report.objects.get(pk=cast.report_bql.pk)
    url, form = f"/bao-cao/{report.pk}/luu/", {"version": str(report.version)}
    for who in ("leader", "admin"):
        assert _client(who, cast).post(url, form).status_code == 403, who
    assert _client("khcn", cast).post(url, form).status_code == 404
    assert _client("bql", cast).post(url, form).status_code == 302


# --- the table covers the URL map ------------------------------------------------------------


def _rowless(routes: list[Route], rows: list[Row]) -> list[str]:
    patterns = {r.pattern for r in rows}
    return sorted({r.key for r in routes if r.key not in patterns and r.specific not in patterns})


def test_every_url_pattern_has_a_row():
    missing = _rowless(ROUTES, TABLE)
    assert not missing, "URL patterns without a row in docs/access.md:\n" + "\n".join(missing)


def test_every_row_names_a_url_pattern():
    known = {r.key for r in ROUTES} | {r.specific for r in ROUTES}
    stale = [f"docs/access.md:{r.line} {r.pattern}" for r in TABLE if r.pattern not in known]
    assert not stale, "rows for URL patterns that no longer exist:\n" + "\n".join(stale)


def test_every_operation_of_the_openapi_schema_is_a_url_pattern_with_a_row(db, cast):  # type: ignore[no-untyped-def]
    templates = {r.template: r for r in ROUTES}
    patterns = {r.pattern for r in TABLE}
    problems = []
    for path, operations in cast.openapi["paths"].items():
        route = templates.get(path)
        if route is None:
            problems.append(f"{path}: not in the URL map")
        elif route.key not in patterns:
            problems.append(f"{path} ({', '.join(operations)}): no row")
    assert cast.openapi["paths"] and not problems, "\n".join(problems)


def test_a_new_url_without_a_row_fails_the_check():
    ghost = Route("/bao-cao/moi/", "/bao-cao/moi/", "/bao-cao/moi/", "reporting:new", ())
    model = Route(
        "/quan-tri/<app>/<model>/<path:object_id>/in/",
        "/quan-tri/plans/task/<path:object_id>/in/",
        "/quan-tri/plans/task/{object_id}/in/",
        "admin:plans_task_print",
        ("object_id",),
    )
    assert _rowless([*ROUTES, ghost, model], TABLE) == sorted([ghost.key, model.key])


def test_an_own_row_without_an_own_object_is_an_error(db, cast):  # type: ignore[no-untyped-def]
    row = Row("/dieu-hanh/don-vi/<int:unit_id>/", "own", {"leader": {"GET": 200, "POST": 200}}, "", 0)
    route = next(r for r in ROUTES if r.name == "dashboard:unit")
    with pytest.raises(AssertionError, match="gives leader no own object"):
        _values(route, row, "leader", cast)


def test_the_readme_table_is_generated_from_docs_access_md():
    readme = access_table.README.read_text(encoding="utf-8")
    assert readme == access_table.readme_with_table(readme, TABLE), "run: python scripts/access_table.py"
