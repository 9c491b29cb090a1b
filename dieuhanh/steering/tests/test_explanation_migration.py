"""Moving explanation requests onto the answering engine (migration 0003) keeps every request:
its question, who asked, when, its deadline and its answer; an answered one is "đã trả lời"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dieuhanh.core.answers import AnswerState

BEFORE = [("steering", "0002_proposal_answerable")]
AFTER = [("steering", "0003_explanation_answerable")]
ASKED = dt.datetime(2025, 7, 10, 2, tzinfo=dt.UTC)
ANSWERED = dt.datetime(2025, 7, 18, 3, tzinfo=dt.UTC)


@pytest.fixture
def back_to_latest():  # type: ignore[no-untyped-def]
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # later tests find the schema they expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_the_migration_keeps_each_explanation_and_marks_the_answered_ones(world, reporting):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("steering", "Explanation")
    common = {
        "subject": "task",
        "task_id": world.tasks["bql_overdue"].pk,
        "period_id": reporting.june.pk,
        "unit_id": world.units["hp_bql"].pk,
        "requested_at": ASKED,
        "requested_by_id": world.users["leader"].pk,
    }
    waiting = old.objects.create(question="Vì sao quá hạn?", due_on=dt.date(2025, 7, 15), **common)
    done = old.objects.create(
        question="Vì sao chậm?",
        due_on=dt.date(2025, 7, 20),
        answer="Chờ vốn",
        answered_at=ANSWERED,
        answered_by_id=world.users["bql"].pk,
        **common,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    from dieuhanh.steering.models import Explanation

    rows = Explanation.objects.order_by("pk").values_list(
        "pk", "question", "state", "sent_at", "respond_by", "answer", "answered_at", "answered_by_id"
    )
    assert list(rows) == [
        (waiting.pk, "Vì sao quá hạn?", AnswerState.PENDING, ASKED, dt.date(2025, 7, 15), "", None, None),
        (
            done.pk,
            "Vì sao chậm?",
            AnswerState.ANSWERED,
            ASKED,
            dt.date(2025, 7, 20),
            "Chờ vốn",
            ANSWERED,
            world.users["bql"].pk,
        ),
    ]
