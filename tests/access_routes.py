"""The URL map, walked: every pattern of Django's resolver (the admin's per model, django-ninja's
API) as a row key of docs/access.md and a template of its address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern


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


def url_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "/", "/", "/", "", None))
