"""Reads of the evaluation, scoped by user: administrators and leaders see every unit; a
reporter sees only their own unit's scorecard (and nothing of the ranking)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_lineage_ids
from dieuhanh.core.errors import found
from dieuhanh.evaluation.card import Card, CriterionResult
from dieuhanh.evaluation.compute import (
    card_difference,
    card_from_snapshot,
    evaluation_card,
    ranked,
    round_cards,
    unit_ref,
)
from dieuhanh.evaluation.heads import HeadCard, head_card_compute, head_givens
from dieuhanh.evaluation.models import Evaluation, Round, Rubric
from dieuhanh.evaluation.rubric import RubricSpec
from dieuhanh.evaluation.scoring import ZERO, q2
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_lineages


def _may_see_unit(user: User, unit_id: int) -> bool:
    if rules.sees_whole_programme(user):
        return True
    return rules.is_reporter(user) and unit_id in user_lineage_ids(user=user)


def round_list(*, user: User) -> QuerySet[Round]:
    rounds = Round.objects.select_related("rubric").order_by("-year", "rubric__code")
    if rules.sees_whole_programme(user):
        return rounds
    if not rules.is_reporter(user):
        return Round.objects.none()
    return rounds.filter(units__in=user_lineage_ids(user=user)).distinct()


def round_get(*, user: User, pk: int) -> Round:
    return found(round_list(user=user).filter(pk=pk).first(), "Không tìm thấy đợt đánh giá.")


def round_evaluations(*, user: User, round_: Round) -> list[Evaluation]:
    """The round's current evaluations (a re-evaluated one's latest version) the user may read:
    every unit's for programme-wide readers, a reporter's own unit's."""
    current = (
        round_.evaluations.exclude(status=Evaluation.Status.SUPERSEDED)
        .select_related("unit")
        .order_by("unit__name", "unit__code")
    )
    if rules.sees_whole_programme(user):
        return list(current)
    if not rules.is_reporter(user):
        return []
    # The lineage once, not per evaluation (`_may_see_unit` asks it each time).
    return list(current.filter(unit_id__in=user_lineage_ids(user=user)))


def previous_round(*, user: User, round_: Round) -> Round | None:
    """Last year's round of the same rubric, if the user may read it."""
    return (
        round_list(user=user)
        .filter(rubric__code=round_.rubric.code, year=round_.year - 1)
        .select_related("rubric")
        .first()
    )


# ---- ranking --------------------------------------------------------------------------------------


@dataclass
class RankRow:
    evaluation: Evaluation
    card: Card
    rank: int
    previous: Card | None = None
    delta: Decimal | None = None
    delta_rank: int | None = None
    pillar_ranks: dict[str, int] = field(default_factory=dict)

    @property
    def unit(self) -> Unit:
        return self.evaluation.unit


def _previous_cards(user: User, round_: Round, units: list[Unit]) -> dict[int, Card]:
    """Last year's card of each unit, found through its lineage (a ward of 2025 is compared
    with the evaluation of the commune it took over, when that was the one evaluated)."""
    prev = previous_round(user=user, round_=round_)
    if prev is None:
        return {}
    by_unit = {e.unit_id: card for e, card in round_cards(prev)}
    lineages = unit_lineages(unit_ids=[u.pk for u in units])
    out = {}
    for u in units:
        found = [by_unit[i] for i in sorted(lineages[u.pk]) if i in by_unit]
        if u.pk in by_unit:
            out[u.pk] = by_unit[u.pk]
        elif len(found) == 1:
            out[u.pk] = found[0]
    return out


def _measure(card: Card, spec: RubricSpec) -> Decimal:
    """What is ranked and compared: the index value for a DX index, else the total."""
    return card.value if spec.kind == "index" else card.total


def ranking(*, user: User, round_: Round, kind: str | None = None) -> list[RankRow]:
    rules.require(
        rules.sees_whole_programme, user, "Chỉ quản trị chương trình và lãnh đạo xem được bảng xếp hạng."
    )
    spec = round_.rubric.spec()
    cards = [(e, c) for e, c in round_cards(round_) if not kind or e.unit.kind == kind]
    rows = [RankRow(e, c, r) for e, c, r in ranked(cards, by_scaled=spec.kind == "index")]
    previous = _previous_cards(user, round_, [r.unit for r in rows])
    for row in rows:
        row.previous = previous.get(row.unit.pk)
        if row.previous is not None:
            row.delta = _measure(row.card, spec) - _measure(row.previous, spec)
    _delta_ranks(rows)
    _pillar_ranks(rows)
    return rows


def _delta_ranks(rows: list[RankRow]) -> None:
    with_delta = sorted(
        (r for r in rows if r.delta is not None), key=lambda r: (-(r.delta or ZERO), r.unit.name)
    )
    for i, r in enumerate(with_delta, 1):
        r.delta_rank = i


def _share(row: RankRow, code: str) -> Decimal:
    g = next(x for x in row.card.groups if x.code == code)
    return g.points / g.max if g.max else ZERO


def _pillar_ranks(rows: list[RankRow]) -> None:
    """Ranks per group (the DTI's pillars), on the share of the group's maximum reached."""
    codes = [g.code for g in rows[0].card.groups] if rows else []
    for code in codes:
        for i, r in enumerate(sorted(rows, key=lambda r: (-_share(r, code), r.unit.name)), 1):
            r.pillar_ranks[code] = i


# ---- one unit's scorecard -------------------------------------------------------------------------


@dataclass
class NextBand:
    band: str
    needed: Decimal  # points on the rubric's raw total
    room: list[CriterionResult]


@dataclass
class Scorecard:
    round: Round
    evaluation: Evaluation
    spec: RubricSpec
    card: Card
    rank: int | None
    of: int
    previous: Card | None
    next_band: NextBand | None
    versions: list[Evaluation]
    changes: list[tuple[str, Decimal, Decimal]]
    sections: dict[str, tuple[str, Decimal, Decimal]]  # code → (name, points, max)


def _evaluation_for(round_: Round, unit_id: int) -> Evaluation:
    current = round_.evaluations.exclude(status=Evaluation.Status.SUPERSEDED)
    e = current.filter(unit_id=unit_id).select_related("unit", "round", "round__rubric").first()
    return found(e, "Đơn vị này không thuộc đợt đánh giá.")


def scorecard(*, user: User, round_: Round, unit_id: int) -> Scorecard:
    if not _may_see_unit(user, unit_id):
        raise Http404("Không tìm thấy đơn vị.")
    evaluation = _evaluation_for(round_, unit_id)
    spec = round_.rubric.spec()
    cards = round_cards(round_)
    ranks = {e.pk: r for e, _, r in ranked(cards, by_scaled=spec.kind == "index")}
    card = next((c for e, c in cards if e.pk == evaluation.pk), None) or evaluation_card(evaluation)
    versions = list(round_.evaluations.filter(unit_id=unit_id).order_by("-version"))
    changes: list[tuple[str, Decimal, Decimal]] = []
    older = next((v for v in versions if v.version < evaluation.version and v.snapshot), None)
    if older is not None and older.snapshot:
        changes = card_difference(card_from_snapshot(older.snapshot), card)
    return Scorecard(
        round=round_,
        evaluation=evaluation,
        spec=spec,
        card=card,
        rank=ranks.get(evaluation.pk),
        of=len(cards),
        previous=_previous_cards(user, round_, [evaluation.unit]).get(unit_id),
        next_band=_next_band(spec, card),
        versions=versions,
        changes=changes,
        sections=_sections(spec, card),
    )


def _sections(spec: RubricSpec, card: Card) -> dict[str, tuple[str, Decimal, Decimal]]:
    results = {c.code: c for g in card.groups for c in g.criteria}
    out = {}
    for g in spec.groups:
        for s in g.sections:
            got = [results[c] for c in s.criteria if c in results]
            points = sum((r.points for r in got if not r.not_applicable), ZERO)
            max_ = sum((r.max for r in got if not r.not_applicable), ZERO)
            out[s.code] = (s.name, q2(points), q2(max_))
    return out


def _next_band(spec: RubricSpec, card: Card) -> NextBand | None:
    """The points still needed for the next band up, and where they can come from (criteria
    with points still open, the largest first)."""
    bands = [b for b in spec.bands if b.min is not None]
    higher = [b for b in bands if card.scaled < (b.min or ZERO)]
    if not higher or not card.max:
        return None
    target = higher[-1]
    threshold = (target.min or ZERO) * card.max / spec.scale if spec.params.rescale else (target.min or ZERO)
    needed = q2(threshold - card.total)
    room = [c for g in card.groups for c in g.criteria if not c.not_applicable and c.points < c.max]
    if card.bonus and card.bonus.points < card.bonus.max:
        room += [c for c in card.bonus.criteria if c.points < c.max]
    room.sort(key=lambda c: -(c.max - c.points))
    return NextBand(band=f"{target.label} — {target.description}", needed=needed, room=room[:8])


# ---- the contract (CLI and API) -------------------------------------------------------------------


def _contract_round(rubric_code: str, year: int) -> Round:
    rubric = found(
        Rubric.objects.filter(code=rubric_code, rounds__year=year).order_by("-version").first(),
        f"Không có đợt đánh giá theo bộ tiêu chí «{rubric_code}» năm {year}.",
    )
    return Round.objects.select_related("rubric").get(rubric=rubric, year=year)


def contract_list(*, user: User, rubric_code: str, year: int) -> list[dict[str, Any]]:
    """One object per unit in the shape of docs/evaluation.md, best first; a reporter gets
    only their own unit."""
    round_ = _contract_round(rubric_code, year)
    rows = ranked(round_cards(round_), by_scaled=round_.rubric.spec().kind == "index")
    out = []
    for e, card, rank in rows:
        if e.is_frozen and e.snapshot:
            obj = dict(e.snapshot["contract"])
            obj["rank"] = rank
        else:
            obj = card.contract(unit=unit_ref(e), rank=rank)
        if _may_see_unit(user, e.unit_id):
            out.append(obj)
    return out


# ---- the dashboard's ranking ----------------------------------------------------------------------


@dataclass
class PublishedLine:
    rank: int
    unit: Unit
    figure: Decimal  # the index value (0–1) or the total
    max: Decimal
    rating: str
    delta: Decimal | None


@dataclass
class PublishedRanking:
    round: Round
    is_index: bool
    lines: list[PublishedLine]


def _published_cards(round_: Round) -> list[tuple[Evaluation, Card]]:
    """The round's published evaluations with their cards, as `round_cards` gives them, read
    from their snapshots alone: the dashboard need not score the drafts to rank the published."""
    published = list(
        round_.evaluations.filter(status=Evaluation.Status.PUBLISHED).select_related(
            "unit", "round", "round__rubric"
        )
    )
    snapshots = [e.snapshot for e in published]
    if not all(snapshots):  # an old publication without one: score as round_cards does
        return [(e, c) for e, c in round_cards(round_) if e.status == Evaluation.Status.PUBLISHED]
    return [(e, card_from_snapshot(snap)) for e, snap in zip(published, snapshots, strict=True) if snap]


def published_ranking(*, user: User, on: Any) -> PublishedRanking | None:
    """The latest evaluation published by `on` (a DX index first, since it covers departments
    and communes alike), from its frozen snapshots only: what the dashboard ranks units by."""
    if not rules.sees_whole_programme(user):
        return None
    rounds = (
        Round.objects.filter(
            evaluations__status=Evaluation.Status.PUBLISHED, evaluations__published_at__date__lte=on
        )
        .distinct()
        .select_related("rubric")
    )
    candidates = sorted(rounds, key=lambda r: (r.rubric.spec().kind == "index", r.year), reverse=True)
    if not candidates:
        return None
    round_ = candidates[0]
    index = round_.rubric.spec().kind == "index"
    frozen = [(e, c) for e, c in _published_cards(round_) if e.published_at and e.published_at.date() <= on]
    previous = _previous_cards(user, round_, [e.unit for e, _ in frozen])
    lines = []
    for e, card, rank in ranked(frozen, by_scaled=index):
        figure = card.value if index else card.total
        before = previous.get(e.unit_id)
        delta = None if before is None else figure - (before.value if index else before.total)
        lines.append(PublishedLine(rank, e.unit, figure, card.max, card.rating, delta))
    return PublishedRanking(round_, index, lines)


# ---- heads of units (người đứng đầu) --------------------------------------------------------------


@dataclass
class HeadRow:
    evaluation: Evaluation
    card: HeadCard
    rank: int

    @property
    def unit(self) -> Unit:
        return self.evaluation.unit


def _head_rows(round_: Round) -> list[HeadRow]:
    """Every head in the round, best first; equal scores share a rank (1, 2, 2, 4)."""
    spec = round_.rubric.spec()
    if spec.heads is None:
        return []
    heads = spec.heads
    cards = [(e, head_card_compute(spec, c, head_givens(e, heads))) for e, c in round_cards(round_)]
    cards.sort(key=lambda ec: (-ec[1].total, ec[0].unit.name))
    rows: list[HeadRow] = []
    rank, last = 0, None
    for i, (e, card) in enumerate(cards, 1):
        if card.total != last:
            rank, last = i, card.total
        rows.append(HeadRow(e, card, rank))
    return rows


def head_ranking(*, user: User, round_: Round) -> list[HeadRow]:
    rules.require(
        rules.sees_whole_programme, user, "Chỉ quản trị chương trình và lãnh đạo xem được bảng xếp hạng."
    )
    return _head_rows(round_)


def head_scorecard(*, user: User, round_: Round, unit_id: int) -> tuple[HeadRow, int]:
    """The head's card with their rank among the round's heads (and how many there are)."""
    if not _may_see_unit(user, unit_id):
        raise Http404("Không tìm thấy đơn vị.")
    rows = _head_rows(round_)
    if not rows:
        raise Http404("Bộ tiêu chí này không đánh giá người đứng đầu.")
    row = found(next((r for r in rows if r.unit.pk == unit_id), None), "Đơn vị này không thuộc đợt đánh giá.")
    return row, len(rows)


def head_contract_list(*, user: User, rubric_code: str, year: int) -> list[dict[str, Any]]:
    """One object per head (docs/evaluation.md, «Người đứng đầu»), best first; scoped like
    contract_list."""
    round_ = _contract_round(rubric_code, year)
    if round_.rubric.spec().heads is None:
        raise Http404(f"Bộ tiêu chí «{rubric_code}» không đánh giá người đứng đầu.")
    return [
        r.card.contract(unit=unit_ref(r.evaluation), rank=r.rank)
        for r in _head_rows(round_)
        if _may_see_unit(user, r.unit.pk)
    ]
