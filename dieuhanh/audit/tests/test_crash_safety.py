"""`kill -9` in the middle of the work: a plan registration, a data import, a report
submission (the process running them), a synthesis (the gunicorn server) and a reminders job
(the worker). Each time the database holds no half-saved rows and the work can simply be
done again; a job left 'running' is marked failed, with a message, when the worker restarts.

The processes are real; a test-only pause point (dieuhanh/core/pause.py) stops each at the
worst moment, inside its transaction, for the test to kill it there. On SQLite and on
PostgreSQL (a database of our own, dieuhanh_audit_crash)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.instance import ROOT, Instance, engines, pg_fresh_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
PORT = 18137


ENGINES = engines()


@pytest.fixture(scope="module", params=ENGINES)
def instance(request, tmp_path_factory) -> Instance:  # type: ignore[no-untyped-def]
    url = None if request.param == "sqlite" else pg_fresh_database("dieuhanh_audit_crash")
    inst = Instance(tmp_path_factory.mktemp("crash"), url)
    inst.manage("migrate", "--noinput")
    inst.driver("fill")
    return inst


def pause_env(point: str, folder: Path) -> dict[str, str]:
    return {"DIEUHANH_TEST_PAUSE": point, "DIEUHANH_TEST_PAUSE_DIR": str(folder)}


def wait_for_pause(proc: subprocess.Popen, marker: Path, timeout: float = 180) -> int:  # type: ignore[type-arg]
    """Wait until the process sits at its pause point; return the pid that wrote the marker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and marker.read_text():
            return int(marker.read_text())
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the process ended before its pause point:\n{out}\n{err}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the pause point was never reached")


def crash(instance: Instance, point: str, folder: Path, *args: str) -> None:
    proc = instance.spawn_driver(*args, env=pause_env(point, folder))
    pid = wait_for_pause(proc, folder / f"{point}.paused")
    assert pid == proc.pid
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def count(instance: Instance, table: str, where: str = "1=1") -> int:
    return instance.query(f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0]  # noqa: S608


def test_a_plan_registration_killed_midway_leaves_nothing_and_registers_on_the_next_try(instance, tmp_path):
    tables = ("plans_document", "plans_taskgroup", "plans_task", "plans_target", "plans_historicaltask")
    before = {t: count(instance, t) for t in tables}
    crash(instance, "plan_register", tmp_path, "plan_register")
    assert {t: count(instance, t) for t in tables} == before
    assert count(instance, "plans_planimport", "status = 'draft'") == 1
    instance.driver("plan_register")
    assert count(instance, "plans_document") == before["plans_document"] + 1
    assert count(instance, "plans_planimport", "status = 'registered'") == 1


def test_a_data_import_killed_after_its_first_row_keeps_none_of_the_batch(instance, tmp_path):
    before = count(instance, "indicators_datavalue"), count(instance, "indicators_historicaldatavalue")
    crash(instance, "data_import", tmp_path, "data_import")
    assert (
        count(instance, "indicators_datavalue"),
        count(instance, "indicators_historicaldatavalue"),
    ) == before
    assert "imported 6" in instance.driver("data_import").stdout  # six rows, see the driver
    assert count(instance, "indicators_datavalue") == before[0] + 6


def test_a_submission_killed_after_writing_its_version_leaves_a_draft_without_it(instance, tmp_path):
    july_board = (
        "period_id IN (SELECT id FROM reporting_period WHERE year = 2025 AND number = 7) "
        "AND unit_id = (SELECT id FROM units_unit WHERE code = 'hp:bql-kkt')"
    )
    versions = count(instance, "reporting_reportversion")
    crash(instance, "report_submit", tmp_path, "report_submit")
    assert count(instance, "reporting_reportversion") == versions
    # Opening the draft is its own, earlier transaction: the draft stays, unsent.
    assert instance.query(f"SELECT status, first_submitted_at FROM reporting_report WHERE {july_board}") == [
        ("draft", None)
    ]
    instance.driver("report_submit")
    assert instance.query(f"SELECT status FROM reporting_report WHERE {july_board}") == [("submitted",)]
    assert count(instance, "reporting_reportversion") == versions + 1


def _serve(instance: Instance, env: dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "1", "--timeout", "600"],
        cwd=ROOT,
        env={**instance.env, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("gunicorn did not start")


def _get(path: str, session: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"sessionid={session}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.read()
    except Exception as exc:  # the killed server's connection drops
        return 0, repr(exc).encode()


def test_a_server_killed_while_building_a_synthesis_changes_nothing_and_serves_it_after(instance, tmp_path):
    session = instance.driver("session").stdout.strip()
    june = instance.query("SELECT id FROM reporting_period WHERE year = 2025 AND number = 6")[0][0]
    path = f"/tong-hop/{june}/bao-cao.docx"
    before = instance.table_fingerprints()
    server = _serve(instance, pause_env("synthesis", tmp_path))
    answer: list[tuple[int, bytes]] = []
    client = threading.Thread(target=lambda: answer.append(_get(path, session)))
    client.start()
    worker_pid = wait_for_pause(server, tmp_path / "synthesis.paused")
    os.kill(worker_pid, signal.SIGKILL)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    client.join(60)
    assert answer and answer[0][0] != 200
    assert instance.table_fingerprints() == before
    server = _serve(instance, {})
    try:
        status, body = _get(path, session)
    finally:
        server.terminate()
        server.wait(30)
    assert status == 200 and body.startswith(b"PK")


def test_a_worker_killed_mid_job_has_the_job_failed_with_a_message_and_the_rest_sent_on_rerun(
    instance, tmp_path
):
    job = instance.driver("enqueue_reminders").stdout.strip()
    worker = subprocess.Popen(
        [sys.executable, "-m", "dieuhanh", "worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env={**instance.env, **pause_env("reminders", tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_pause(worker, tmp_path / "reminders.paused")
    os.kill(worker.pid, signal.SIGKILL)
    worker.communicate()
    jobs = "SELECT status, traceback FROM django_tasks_database_dbtaskresult"  # the one job queued
    assert [r[0] for r in instance.query(jobs)] == ["RUNNING"]
    # One unit reminded on both channels before the kill; each reminder row is its own commit.
    assert count(instance, "reporting_reminder") == 2

    restarted = instance.manage("worker", "--batch", "--no-startup-delay", "--no-reload")
    assert f"Đánh dấu thất bại việc bị bỏ dở {job}" in restarted.stdout
    [(state, traceback)] = instance.query(jobs)
    assert state == "FAILED" and "đã dừng đột ngột" in traceback

    rerun = instance.manage("send_reminders").stdout
    # Three units owe the report (the board, Sở KH&CN, the ward), two channels each.
    assert "Đã gửi 4 nhắc nhở; bỏ qua 2" in rerun
    assert count(instance, "reporting_reminder") == 6
