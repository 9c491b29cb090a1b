"""Writes of the enterprise portal: invitations to an enterprise account, and requests to
the Board's departments with their answers and attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.rules import is_board_staff
from dieuhanh.accounts.services import user_upsert
from dieuhanh.core.answers import AnswerState, answerable_answer, answerable_receive, respond_by_for
from dieuhanh.reporting.evidence import check_evidence_file
from dieuhanh.zones.models import (
    Department,
    Enterprise,
    EnterpriseRequest,
    Invitation,
    RequestAttachment,
)

INVITATION_DAYS = 14
MAX_ATTACHMENTS = 5


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    user: User,
    enterprise: Enterprise,
    email: str,
    full_name: str,
    link_base: str = "",
    now: dt.datetime | None = None,
) -> tuple[Invitation, str]:
    """A one-time link for `email` to create the enterprise's account; returns the raw token,
    which is never stored."""
    if not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được mời tài khoản doanh nghiệp.")
    if not full_name.strip():
        raise ValidationError({"full_name": "Hãy nhập họ tên người được mời."})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        email=email.strip().lower(),
        full_name=full_name.strip(),
        token_hash=_hash(token),
        created_by=user,
        expires_at=(now or timezone.now()) + dt.timedelta(days=INVITATION_DAYS),
    )
    if link_base:
        send_mail(
            subject=f"Lời mời sử dụng Hệ thống quản lý các khu công nghiệp — {enterprise.name}",
            message=(
                f"Kính gửi {invitation.full_name},\n\nBan Quản lý mời anh/chị tạo tài khoản của "
                f"{enterprise.name} tại: {link_base}{token}/\nLiên kết dùng một lần, hết hạn sau "
                f"{INVITATION_DAYS} ngày."
            ),
            from_email=None,
            recipient_list=[invitation.email],
            fail_silently=True,
        )
    return invitation, token


def invitation_find(*, token: str, now: dt.datetime | None = None) -> Invitation:
    invitation = Invitation.objects.select_related("enterprise__unit").filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise ValidationError("Liên kết mời không đúng. Hãy liên hệ Ban Quản lý để được mời lại.")
    if invitation.accepted_at is not None:
        raise ValidationError("Liên kết mời này đã được dùng. Hãy đăng nhập bằng tài khoản đã tạo.")
    if invitation.expires_at < (now or timezone.now()):
        raise ValidationError("Liên kết mời đã hết hạn. Hãy liên hệ Ban Quản lý để được mời lại.")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, now: dt.datetime | None = None) -> User:
    now = now or timezone.now()
    invitation = invitation_find(token=token, now=now)
    username = username.strip()
    if not username:
        raise ValidationError({"username": "Hãy chọn tên đăng nhập."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": f"Tên đăng nhập “{username}” đã có người dùng, hãy chọn tên khác."}
        )
    validate_password(password)
    user = user_upsert(
        username=username,
        full_name=invitation.full_name,
        role=Role.ENTERPRISE,
        unit=invitation.enterprise.unit,
        job_title="",
    )
    user.email = invitation.email
    user.set_password(password)
    user.save()
    invitation.accepted_at, invitation.user = now, user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


# --- requests -----------------------------------------------------------------------------


def _attach(item: EnterpriseRequest, files: list[UploadedFile], user: User, *, from_board: bool) -> None:
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(f"Chỉ đính kèm tối đa {MAX_ATTACHMENTS} tệp mỗi lần.")
    for upload in files:
        check_evidence_file(upload)  # same formats and size limit as report evidence
    for upload in files:
        attachment = RequestAttachment(
            request=item,
            original_name=upload.name or "tệp",
            size=upload.size or 0,
            from_board=from_board,
            uploaded_by=user,
        )
        attachment.file.save(attachment.original_name, upload, save=False)
        attachment.save()


@transaction.atomic
def request_send(
    *,
    user: User,
    enterprise: Enterprise,
    department: Department,
    kind: str,
    subject: str,
    body: str,
    files: list[UploadedFile] | None = None,
) -> EnterpriseRequest:
    if user.unit_id != enterprise.unit_id:
        raise PermissionDenied("Bạn chỉ được gửi yêu cầu nhân danh doanh nghiệp của mình.")
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = "Hãy nhập tiêu đề yêu cầu."
    if not body.strip():
        errors["body"] = "Hãy nêu nội dung cần hỏi hoặc đề nghị."
    if not department.active:
        errors["department"] = f"{department.name} hiện không tiếp nhận yêu cầu."
    if kind not in EnterpriseRequest.Kind.values:
        errors["kind"] = "Loại yêu cầu không hợp lệ."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    item = EnterpriseRequest.objects.create(
        enterprise=enterprise,
        department=department,
        kind=kind,
        subject=subject.strip(),
        body=body.strip(),
        sent_at=now,
        sent_by=user,
        respond_by=respond_by_for(timezone.localdate(now)),
    )
    _attach(item, files or [], user, from_board=False)
    return item


def _lock_request(pk: int) -> EnterpriseRequest:
    return EnterpriseRequest.objects.select_for_update().get(pk=pk)


@transaction.atomic
def request_receive(*, user: User, request_id: int) -> EnterpriseRequest:
    if not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được tiếp nhận yêu cầu.")
    return answerable_receive(_lock_request(request_id), user=user)


@transaction.atomic
def request_answer(
    *, user: User, request_id: int, answer: str, files: list[UploadedFile] | None = None
) -> EnterpriseRequest:
    if not is_board_staff(user):
        raise PermissionDenied("Chỉ cán bộ Ban Quản lý được trả lời yêu cầu.")
    item = answerable_answer(_lock_request(request_id), state=AnswerState.ANSWERED, answer=answer, user=user)
    _attach(item, files or [], user, from_board=True)
    return item
