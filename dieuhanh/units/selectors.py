"""Reads of units for pages, scoped by the user. The structure they read (hierarchy, lineage,
the province record) lives in `units.structure`, below the access rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dieuhanh.accounts import rules
from dieuhanh.core.text import fold
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession
from dieuhanh.units.structure import MAX_DEPTH, province_root_on, unit_successions_from


@dataclass
class UnitNode:
    """One unit of a tree as of a date, for templates: `node.unit`, `node.children`."""

    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


@dataclass(frozen=True)
class UnitTreePage:
    tree: UnitNode | None
    successions: dict[int, list[UnitSuccession]]
    found: list[Unit] | None  # the units a search matched, None when nothing was searched


def unit_tree_page(*, user: object, on: dt.date, query: str = "") -> UnitTreePage:
    """The province's tree as it stood on `on`, where each unit went, and the units matching
    `query` on that day. The tree is the programme's: its readers only (403 otherwise)."""
    rules.require(rules.sees_whole_programme, user)
    province = province_root_on(on=on)
    tree = _unit_tree_as_of(root=province, on=on) if province else None
    successions = unit_successions_from(unit_ids=_unit_tree_ids(tree)) if tree else {}
    found = list(_unit_search(query=query, on=on)[:50]) if query.strip() else None
    return UnitTreePage(tree=tree, successions=successions, found=found)


def _unit_tree_as_of(*, root: Unit, on: dt.date) -> UnitNode:
    """The tree under `root` as it stood on `on`, children sorted by kind, then name."""
    tree = UnitNode(unit=root)
    level = {root.pk: tree}
    seen = {root.pk}
    for _ in range(MAX_DEPTH):
        level = _attach_children(level=level, on=on, seen=seen)
        if not level:
            break
    return tree


def _unit_search(*, query: str, on: dt.date | None = None) -> QuerySet[Unit]:
    """Units whose name, short name or code contain every word of `query`, ignoring case
    and diacritics ("hai duong" finds "Hải Dương")."""
    qs = Unit.objects.all()
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if on is not None:
        qs = qs.valid_on(on)
    return qs.order_by("kind", "name", "code")


def _attach_children(*, level: dict[int, UnitNode], on: dt.date, seen: set[int]) -> dict[int, UnitNode]:
    """Hang the children of one level of nodes under them; return the next level."""
    edges = (
        UnitParent.objects.valid_on(on)
        .filter(parent_id__in=level)
        .filter(Q(child__valid_from__isnull=True) | Q(child__valid_from__lte=on))
        .filter(Q(child__valid_to__isnull=True) | Q(child__valid_to__gte=on))
        .select_related("child")
        .order_by("child__kind", "child__name", "child__code")
    )
    next_level: dict[int, UnitNode] = {}
    for edge in edges:
        if edge.child_id in seen:
            continue
        seen.add(edge.child_id)
        node = UnitNode(unit=edge.child)
        level[edge.parent_id].children.append(node)
        next_level[edge.child_id] = node
    return next_level


def _unit_tree_ids(node: UnitNode) -> list[int]:
    """Every unit id of a tree, root first."""
    ids = [node.unit.pk]
    for child in node.children:
        ids.extend(_unit_tree_ids(child))
    return ids
