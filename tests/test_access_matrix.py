"""The access matrix: every URL pattern of the URL map (the admin and the API included) and of the
OpenAPI schema, GET and POST, as every role of the cast, against the reviewed `docs/access.md`.

The URL map is walked in `access_routes.py`, the objects each role is given come from
`access_cast.py` (FACTORIES), the table is parsed by `access_table.py`. The cast is built once
for the module; every test runs in a savepoint rolled back after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import ClientHandler

from tests import access_table
from tests.access_cast import Cast, build_cast, query_for, values_for
from tests.access_routes import Route, url_routes
from tests.access_table import LOGIN, METHODS, ROLES, Row

ROUTES: list[Route] = url_routes()
TABLE: list[Row] = access_table.load()
ROW_KEYS = {(r.pattern, r.target) for r in TABLE}


def _routes_of(row: Row) -> list[Route]:
    """The routes a row speaks for; a row naming one admin model overrides the `<app>/<model>` row."""
    return [
        r
        for r in ROUTES
        if r.specific == row.pattern or (r.key == row.pattern and (r.specific, row.target) not in ROW_KEYS)
    ]


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Cast]:  # type: ignore[no-untyped-def]
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        built = build_cast()
        for role in ROLES[1:]:
            signed_in = Client()
            signed_in.force_login(built.users[role])
            built.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        built.openapi = _client("admin", built).get("/api/v1/openapi.json").json()
        yield built
        transaction.set_rollback(True)


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
            url = route.template.format(**values_for(route, row, role, cast))
            query = query_for(route, cast)
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


def test_only_the_units_reporter_writes_its_report_through_the_api(db, cast):  # type: ignore[no-untyped-def]
    """The matrix sends GET and POST; a report's draft is written with PATCH (and If-Match).
    Roles that do not file are refused before the report is looked up, another unit's
    reporter does not find it, and the unit's own reporter is asked for the ETag it read."""
    url, body = f"/api/v1/reports/{cast.report_bql.pk}", '{"proposals": "x"}'
    expected = {"anonymous": 401, "nobody": 403, "enterprise": 403, "leader": 403, "admin": 403}
    expected |= {"khcn": 404, "commune": 404, "bql": 428}
    got = {
        who: _client(who, cast).patch(url, body, content_type="application/json").status_code
        for who in expected
    }
    assert got == expected


def test_only_the_reviewer_returns_a_report_through_the_api(db, cast):  # type: ignore[no-untyped-def]
    """The matrix posts no body, refused (400) before any role check; with a reason, the roles
    that do not review are refused before the report is looked up, another unit's reporter does
    not find it, and the reviewer is asked for the ETag it read."""
    url, body = f"/api/v1/reports/{cast.report_bql.pk}/return", '{"reason": "Thiếu minh chứng"}'
    expected = {"anonymous": 401, "nobody": 403, "enterprise": 403, "leader": 403, "bql": 403}
    expected |= {"khcn": 404, "commune": 404, "admin": 428}
    got = {
        who: _client(who, cast).post(url, body, content_type="application/json").status_code
        for who in expected
    }
    assert got == expected


def test_only_the_lead_or_the_so_judges_through_the_api(db, cast):  # type: ignore[no-untyped-def]
    """The matrix posts no body (400 first); with a judgement, a role that does not judge the
    Board's task is refused before If-Match, another unit's reporter does not find it, and the
    Board's reporter (its lead) and the administrator (the Sở) are asked for the ETag they read."""
    url, body = f"/api/v1/tasks/{cast.tasks['bql_overdue'].pk}/confidence", '{"level": 3, "reason": "x"}'
    expected = {"anonymous": 401, "nobody": 403, "enterprise": 403, "leader": 403}
    expected |= {"khcn": 404, "commune": 404, "bql": 428, "admin": 428}
    got = {
        who: _client(who, cast).post(url, body, content_type="application/json").status_code
        for who in expected
    }
    assert got == expected


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
        values_for(route, row, "leader", cast)


def test_the_readme_table_is_generated_from_docs_access_md():
    readme = access_table.README.read_text(encoding="utf-8")
    assert readme == access_table.readme_with_table(readme, TABLE), "run: python scripts/access_table.py"
