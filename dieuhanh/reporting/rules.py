"""Who files and who reviews under a regime. The engine's services, notifications and
reminders ask these rules; nothing else in the code decides it.

- Programme regimes (agencies, communes): a unit's reporters file; the programme
  administrators at the province record's issuer review.
- Enterprise regimes (the zones' quarterly report): an enterprise's own accounts file; the
  staff of the receiving unit (the Board) review, and programme administrators may too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import REPORTER_ROLES, Role, User
from dieuhanh.reporting.models import Audience, ReportRegime
from dieuhanh.units.structure import unit_lineage_ids


@dataclass(frozen=True)
class RegimeRules:
    filer_roles: frozenset[str]
    # True: the receiving unit's agency staff review (and are told of each submission);
    # False: only the programme administrators do.
    staff_review: bool
    filer_noun: str  # "đơn vị" / "doanh nghiệp", in messages to reviewers
    reviewer_refusal: str  # "{issuer}": the province record's issuing body
    report_url_name: str
    period_url_name: str


RULES: dict[str, RegimeRules] = {
    Audience.PROGRAMME: RegimeRules(
        filer_roles=REPORTER_ROLES,
        staff_review=False,
        filer_noun="đơn vị",
        reviewer_refusal="Chỉ quản trị viên của {issuer} được duyệt báo cáo.",
        report_url_name="reporting:report",
        period_url_name="reporting:open_period",
    ),
    Audience.ENTERPRISES: RegimeRules(
        filer_roles=frozenset({Role.ENTERPRISE}),
        staff_review=True,
        filer_noun="doanh nghiệp",
        reviewer_refusal="Chỉ cán bộ Ban Quản lý được duyệt báo cáo của doanh nghiệp.",
        report_url_name="zones:report",
        period_url_name="zones:report_open",
    ),
}


def rules_of(regime: ReportRegime) -> RegimeRules:
    return RULES[regime.audience]


def may_file(*, user: User, regime: ReportRegime) -> bool:
    """The user's role files under this regime (which units, the selectors decide)."""
    return user.is_active and user.unit_id is not None and user.role in rules_of(regime).filer_roles


def _receiving_units(regime: ReportRegime) -> set[int]:
    # The receiving unit and the units it took over (the Hải Dương Board's people still count).
    return unit_lineage_ids(unit=regime.receiving_unit)


def _is_receiving_staff(user: User, regime: ReportRegime) -> bool:
    return (
        user.is_active
        and user.role == Role.AGENCY_REPORTER
        and user.unit_id is not None
        and user.unit_id in _receiving_units(regime)
    )


def may_review(*, user: User, regime: ReportRegime) -> bool:
    if rules.is_programme_admin(user):
        return True
    return rules_of(regime).staff_review and _is_receiving_staff(user, regime)


def regime_reviewers(*, regime: ReportRegime) -> QuerySet[User]:
    """Who is told when a report arrives: the receiving unit's staff (the Board for
    enterprises; the issuer's own staff for the programme), and for the programme's regimes
    the programme administrators, who review them."""
    receiving_staff = Q(unit_id__in=_receiving_units(regime), role=Role.AGENCY_REPORTER)
    who = receiving_staff if rules_of(regime).staff_review else receiving_staff | Q(role=Role.ADMIN)
    return User.objects.filter(who, is_active=True).order_by("pk")


def report_url(*, regime: ReportRegime, report_id: int) -> str:
    return reverse(rules_of(regime).report_url_name, args=[report_id])


def period_url(*, regime: ReportRegime, period_id: int) -> str:
    return reverse(rules_of(regime).period_url_name, args=[period_id])
