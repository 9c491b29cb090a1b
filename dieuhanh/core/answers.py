"""The one engine for items someone must answer: an enterprise's request to the Board, an
agency's or commune's proposal from its report. Both are an `Answerable` (state, when sent,
the response deadline, when taken up, the answer) and move through the same transitions here;
each app keeps only who may send, who may answer and what the item is about. When an item is
answered or escalated, whoever sent it is told, once, here (the letter service is registered by
the app that owns notifications: core knows no domain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils import timezone

# Days an addressee has to answer, from the day the item reached it.
RESPONSE_DAYS = 15


class AnswerState(models.TextChoices):
    PENDING = "pending", "Chưa xử lý"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"
    ESCALATED = "escalated", "Chuyển cấp trên"


CLOSED = (AnswerState.ANSWERED, AnswerState.ESCALATED)
OPEN_STATES = (AnswerState.PENDING, AnswerState.IN_PROGRESS)


class Answerable(models.Model):
    state = models.CharField(
        "trạng thái", max_length=12, choices=AnswerState.choices, default=AnswerState.PENDING
    )
    sent_at = models.DateTimeField("gửi lúc")
    respond_by = models.DateField("hạn trả lời")
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lời",
    )

    # How the letter to the sender names the item ("Kiến nghị", "Yêu cầu"…).
    answer_noun: ClassVar[str] = "Kiến nghị"

    class Meta:
        abstract = True

    def sender_users(self) -> list[Any]:
        """The active accounts of whoever sent the item: they are told of its answer."""
        raise NotImplementedError

    def sender_url(self) -> str:
        """Where the sender reads the answer."""
        raise NotImplementedError

    def is_open(self) -> bool:
        return self.state not in CLOSED

    def is_late_on(self, on: dt.date) -> bool:
        return self.is_open() and on > self.respond_by

    def response_time(self) -> dt.timedelta | None:
        return self.answered_at - self.sent_at if self.answered_at else None

    def answered_late(self) -> bool:
        """Closed after its deadline (kept once answered, unlike `is_late_on`)."""
        return self.answered_at is not None and timezone.localdate(self.answered_at) > self.respond_by


@dataclass(frozen=True)
class AnswerLetter:
    """What the sender of an item is told when it is answered or escalated."""

    users: list[Any]
    subject: str
    text: str
    url: str


# The one service that delivers letters (in the app and by e-mail), registered at start-up.
_POST: list[Callable[[AnswerLetter], object]] = []


def answers_post_with(post: Callable[[AnswerLetter], object]) -> None:
    _POST[:] = [post]


def answer_letter(item: Answerable) -> AnswerLetter:
    what = f"{item.answer_noun} “{_short(str(item))}”"
    done = "đã được trả lời" if item.state == AnswerState.ANSWERED else "đã được chuyển cấp trên"
    return AnswerLetter(
        users=item.sender_users(),
        subject=f"[dieuhanh] {what} {done}",
        text=f"{what} {done}: {item.answer}",
        url=item.sender_url(),
    )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def _tell_sender(item: Answerable) -> None:
    if not _POST:
        raise ImproperlyConfigured("No letter service registered for answered items (core.answers).")
    _POST[0](answer_letter(item))


def respond_by_for(sent: dt.date) -> dt.date:
    return sent + dt.timedelta(days=RESPONSE_DAYS)


def _save(item: Answerable, user: Any, reason: str) -> None:
    item._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    item._change_reason = reason[:100]  # type: ignore[attr-defined]
    item.save()


def answerable_receive[A: Answerable](item: A, *, user: Any, now: dt.datetime | None = None) -> A:
    """The addressee takes the item up: pending becomes in progress (again is a no-op)."""
    if item.state == AnswerState.PENDING:
        item.state, item.received_at = AnswerState.IN_PROGRESS, now or timezone.now()
        _save(item, user, "Tiếp nhận")
    return item


def answerable_answer[A: Answerable](
    item: A, *, state: str, answer: str, user: Any, now: dt.datetime | None = None
) -> A:
    """Record the answer, or that it is in hand, or escalated. Answered or escalated closes the
    item and fixes its response time; the caller has checked that `user` may answer."""
    if state not in AnswerState.values or state == AnswerState.PENDING:
        raise ValidationError({"state": "Hãy chọn: đang xử lý, đã trả lời hoặc chuyển cấp trên."})
    if not item.is_open():
        raise ValidationError("Mục này đã được trả lời.")
    if state in CLOSED and not answer.strip():
        raise ValidationError({"answer": "Hãy ghi nội dung trả lời (hoặc nơi đã chuyển tới)."})
    now = now or timezone.now()
    item.state, item.answer = state, answer.strip()
    item.received_at = item.received_at or now
    if state in CLOSED:
        item.answered_at, item.answered_by = now, user
    _save(item, user, f"Trả lời: {AnswerState(state).label.lower()}")
    if state in CLOSED:  # closing happens once (a closed item is refused above)
        _tell_sender(item)
    return item
