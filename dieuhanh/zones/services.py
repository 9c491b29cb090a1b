"""Writes on the registry: zones, enterprises (each with its Unit), projects and contacts.
Imports, the demo and the pages all go through these, so the checks live in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dieuhanh.accounts.models import User
from dieuhanh.accounts.rules import is_board_staff
from dieuhanh.reporting.models import Period, RegimeMembership, ReportRegime
from dieuhanh.reporting.services import periods_owed
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import province_current
from dieuhanh.zones.models import Contact, Enterprise, Ownership, Project, Size, Zone
from dieuhanh.zones.validators import validate_capital_pair, validate_tax_code, validate_vsic


@dataclass(frozen=True)
class EnterpriseInput:
    tax_code: str
    name: str
    vsic: str
    ownership: str
    zone: Zone | None = None
    investor_country: str = ""
    size: str = Size.SMALL
    address: str = ""
    website: str = ""
    workers: int = 0
    foreign_workers: int = 0
    illustrative: bool = False
    contacts: list[ContactInput] = field(default_factory=list)


@dataclass(frozen=True)
class ContactInput:
    full_name: str
    position: str = ""
    phone: str = ""
    email: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class ProjectInput:
    name: str
    certificate_number: str = ""
    certificate_date: dt.date | None = None
    registered_vnd: Decimal | None = None
    registered_usd: Decimal | None = None
    disbursed_vnd: Decimal | None = None
    disbursed_usd: Decimal | None = None
    status: str = Project.Status.OPERATING


def enterprise_errors(data: EnterpriseInput) -> dict[str, list[str]]:
    """Every problem with `data`, by field, in Vietnamese (empty when it may be saved)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, *messages: str) -> None:
        errors.setdefault(name, []).extend(messages)

    for name, check in (("tax_code", validate_tax_code), ("vsic", validate_vsic)):
        try:
            check(getattr(data, name))
        except ValidationError as exc:
            add(name, *exc.messages)
    if not data.name.strip():
        add("name", "Hãy nhập tên doanh nghiệp.")
    if data.ownership not in Ownership.values:
        add("ownership", "Loại hình vốn phải là FDI hoặc trong nước.")
    if data.ownership == Ownership.FDI and not data.investor_country.strip():
        add("investor_country", "Doanh nghiệp FDI cần ghi quốc gia, vùng lãnh thổ của nhà đầu tư.")
    if data.size not in Size.values:
        add("size", "Quy mô phải là siêu nhỏ, nhỏ, vừa hoặc lớn.")
    if data.workers < 0 or data.foreign_workers < 0:
        add("workers", "Số lao động không được âm.")
    elif data.foreign_workers > data.workers:
        more = f"Lao động nước ngoài ({data.foreign_workers}) không được nhiều hơn tổng số lao động"
        add("foreign_workers", f"{more} ({data.workers}).")
    return errors


def quarterly_regime() -> ReportRegime | None:
    """The regime enterprises report under: the province record's."""
    province = province_current()
    return province.enterprise_regime if province else None


def enterprise_periods(*, enterprise: Enterprise, on: dt.date | None = None) -> list[Period]:
    """Quarters already open on `on` for which the enterprise owes a report, newest first."""
    regime = quarterly_regime()
    return periods_owed(unit=enterprise.unit, regime=regime, on=on) if regime else []


def _ensure_membership(unit: Unit) -> None:
    regime = quarterly_regime()
    if regime is not None:
        RegimeMembership.objects.get_or_create(regime=regime, unit=unit)


@transaction.atomic
def enterprise_upsert(*, data: EnterpriseInput, user: User | None = None) -> Enterprise:
    """Create or update the enterprise with this tax code, with its Unit; `user` None is the
    system (demo, migrations), otherwise only the Board may write the registry."""
    if user is not None and not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được cập nhật danh mục doanh nghiệp.")
    errors = enterprise_errors(data)
    if errors:
        raise ValidationError(errors)
    tax_code = validate_tax_code(data.tax_code)
    enterprise = Enterprise.objects.filter(tax_code=tax_code).select_related("unit").first()
    if enterprise is None:
        unit, _ = Unit.objects.update_or_create(
            code=f"dn:{tax_code}",
            defaults={"kind": Unit.Kind.ENTERPRISE, "name": data.name.strip(), "subtype": "Doanh nghiệp"},
        )
        enterprise = Enterprise(unit=unit, tax_code=tax_code)
    return _enterprise_write(enterprise, data)


@transaction.atomic
def enterprise_attach_unit(*, unit: Unit, data: EnterpriseInput) -> Enterprise:
    """Register an enterprise on an existing Unit (the demo enterprise `demo:dn-001`)."""
    tax_code = validate_tax_code(data.tax_code)
    enterprise = Enterprise.objects.filter(unit=unit).first() or Enterprise(unit=unit, tax_code=tax_code)
    enterprise.tax_code = tax_code
    return _enterprise_write(enterprise, data)


def _enterprise_write(enterprise: Enterprise, data: EnterpriseInput) -> Enterprise:
    enterprise.name, enterprise.vsic = data.name.strip(), validate_vsic(data.vsic)
    enterprise.zone, enterprise.ownership = data.zone, data.ownership
    enterprise.investor_country = data.investor_country.strip() if data.ownership == Ownership.FDI else ""
    enterprise.size, enterprise.address, enterprise.website = data.size, data.address.strip(), data.website
    enterprise.workers, enterprise.foreign_workers = data.workers, data.foreign_workers
    enterprise.illustrative = data.illustrative
    enterprise.full_clean()
    enterprise.save()
    if enterprise.unit.name != enterprise.name:
        enterprise.unit.name = enterprise.name
        enterprise.unit.save(update_fields=["name"])
    _ensure_membership(enterprise.unit)
    if data.contacts:
        contacts_replace(enterprise=enterprise, contacts=data.contacts)
    return enterprise


def contacts_replace(*, enterprise: Enterprise, contacts: list[ContactInput]) -> None:
    enterprise.contacts.all().delete()
    for c in contacts:
        contact = Contact(
            enterprise=enterprise,
            full_name=c.full_name.strip(),
            position=c.position.strip(),
            phone=c.phone.strip(),
            email=c.email.strip(),
            is_primary=c.is_primary,
        )
        contact.full_clean()
        contact.save()


@dataclass(frozen=True)
class ProfileInput:
    """What an enterprise may change itself; tax code, zone, sector and ownership are the Board's."""

    address: str
    website: str
    workers: int
    foreign_workers: int
    contact: ContactInput


@transaction.atomic
def enterprise_update_profile(*, user: User, enterprise: Enterprise, data: ProfileInput) -> Enterprise:
    if not (is_board_staff(user) or (user.unit_id is not None and user.unit_id == enterprise.unit_id)):
        raise PermissionDenied("Bạn chỉ được sửa hồ sơ của doanh nghiệp mình.")
    if data.foreign_workers > data.workers:
        raise ValidationError(
            {"foreign_workers": "Lao động nước ngoài không được nhiều hơn tổng số lao động."}
        )
    enterprise.address, enterprise.website = data.address.strip(), data.website.strip()
    enterprise.workers, enterprise.foreign_workers = data.workers, data.foreign_workers
    enterprise.full_clean()
    enterprise.save()
    primary = enterprise.contacts.filter(is_primary=True).first() or Contact(
        enterprise=enterprise, is_primary=True
    )
    primary.full_name, primary.position = data.contact.full_name.strip(), data.contact.position.strip()
    primary.phone, primary.email = data.contact.phone.strip(), data.contact.email.strip()
    primary.full_clean()
    primary.save()
    return enterprise


def project_errors(data: ProjectInput) -> list[str]:
    errors: list[str] = []
    if not data.name.strip():
        errors.append("Hãy nhập tên dự án.")
    if data.registered_vnd is None and data.registered_usd is None:
        errors.append("Dự án cần có vốn đăng ký bằng đồng hoặc bằng USD (hoặc cả hai).")
    for registered, disbursed, currency in (
        (data.registered_vnd, data.disbursed_vnd, "VND"),
        (data.registered_usd, data.disbursed_usd, "USD"),
    ):
        try:
            validate_capital_pair(registered=registered, disbursed=disbursed, currency=currency)
        except ValidationError as exc:
            errors += exc.messages
    return errors


@transaction.atomic
def project_upsert(*, enterprise: Enterprise, data: ProjectInput, user: User | None = None) -> Project:
    """Create or update the project with this certificate number (or name, when it has none)."""
    if user is not None and not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được cập nhật dự án đầu tư.")
    errors = project_errors(data)
    if errors:
        raise ValidationError(errors)
    key = (
        {"certificate_number": data.certificate_number.strip()}
        if data.certificate_number.strip()
        else {"name": data.name.strip()}
    )
    project = enterprise.projects.filter(**key).first() or Project(enterprise=enterprise)
    project.name, project.certificate_number = data.name.strip(), data.certificate_number.strip()
    project.certificate_date, project.status = data.certificate_date, data.status
    project.registered_vnd, project.registered_usd = data.registered_vnd, data.registered_usd
    project.disbursed_vnd, project.disbursed_usd = data.disbursed_vnd, data.disbursed_usd
    project.full_clean()
    project.save()
    return project
