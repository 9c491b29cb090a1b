"""Locust users for bench/reporting_load.py (run by it; not on its own).

`Reporter`: arrives signed in with its unit's report open (bench/reporting_load.py opened it),
saves the draft again and again the way the
page's autosave does (static/js/autosave.js: only the fields that changed, with the version and
the "chi_thay_doi" marker), then submits the whole form — twice, like an impatient double
click. Every save the server acknowledges is logged (report, version, marker) so the bench can
check the database.
`Saturator`: the same saves with no think time and no end — the server's saving capacity.
`TrivialVisitor`: the app's health page, the reference for raw request capacity.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

from locust import HttpUser, between, constant, task
from locust.exception import StopUser

ACK_LOG = os.environ["BENCH_ACK_LOG"]
# One signed-in session per reporter, made by the bench (see _signed_in_sessions there).
SESSIONS = Path(os.environ["BENCH_SESSIONS"]).read_text(encoding="utf-8").split()
SAVES_PER_USER = int(os.environ.get("BENCH_SAVES_PER_USER", "8"))
_lock = threading.Lock()
# The pages the bench opened (one JSON line per reporter); this phase's reporters from BENCH_FIRST.
OPENED = Path(os.environ["BENCH_OPENED"]).read_text(encoding="utf-8").splitlines()
_next = iter(range(int(os.environ.get("BENCH_FIRST", "0")), 1_000_000))
VERSION_RE = re.compile(r'id="report-version" value="(\d+)"')
# The report form's fields as the page renders them (inputs with a value, and textareas).
INPUT_RE = re.compile(r'<input name="((?:u|iv)-\d+-\w+)" value="([^"]*)"')
TEXTAREA_RE = re.compile(r'<textarea[^>]* name="([\w-]+)"[^>]*>([^<]*)</textarea>', re.S)
PARTIAL_MARK = "chi_thay_doi"


def _log(line: str) -> None:
    with _lock, open(ACK_LOG, "a", encoding="utf-8") as f:
        f.write(line + "\n")


class _Filer(HttpUser):
    abstract = True

    def on_start(self) -> None:
        with _lock:
            self.n = next(_next)
        if self.n >= len(SESSIONS):
            raise StopUser()
        self.client.cookies.set("sessionid", SESSIONS[self.n])
        # The reporter's page is open (the bench opened it, "Bắt đầu báo cáo" included).
        opened = json.loads(OPENED[self.n])
        self.client.cookies.set("csrftoken", opened["csrf"])
        self.csrf, page = opened["csrf"], opened["page"]
        self.report_url = urlparse(opened["url"]).path.rstrip("/")  # /bao-cao/<id>
        self.version = int(VERSION_RE.search(page).group(1))  # type: ignore[union-attr]
        self.form = {**dict(INPUT_RE.findall(page)), **dict(TEXTAREA_RE.findall(page))}
        self.percents = sorted(k for k in self.form if k.startswith("u-") and k.endswith("-percent"))
        self.saves = 0

    def _post(self, path: str, data: dict[str, str], name: str):  # type: ignore[no-untyped-def]
        headers = {"X-CSRFToken": self.csrf, "HX-Request": "true", "Referer": self.host + self.report_url}
        return self.client.post(self.report_url + path, data=data, headers=headers, name=name)

    def save(self) -> None:
        """One autosave as the page sends it: the fields typed since the last acknowledged save
        (the summary text, and a task's progress), the version and the marker."""
        marker = f"bench-{self.n}-{self.saves}-{uuid.uuid4().hex[:8]}"
        changed = {"difficulties": marker}
        if self.percents:
            changed[self.percents[self.saves % len(self.percents)]] = str(self.saves % 100)
        data = {"version": str(self.version), PARTIAL_MARK: "1", **changed}
        response = self._post("/luu/", data, "save draft")
        found = VERSION_RE.search(response.text)
        if response.status_code == 200 and "Đã lưu nháp" in response.text and found:
            self.version = int(found.group(1))
            self.form.update(changed)
            _log(f"{self.report_url.rsplit('/', 1)[-1]}\t{self.version}\t{marker}\t{time.time():.6f}")
        self.saves += 1


class Reporter(_Filer):
    # A person types, pauses, and the page autosaves: a save every few seconds per reporter.
    wait_time = between(1.5, 4)

    def on_start(self) -> None:
        super().on_start()
        # The page saves only after something was typed: a reporter's first autosave comes a
        # pause after the page opened, not at the instant every locust user is spawned.
        self.wait()

    @task
    def save_then_submit(self) -> None:
        if self.saves < SAVES_PER_USER:
            self.save()
            return
        # The whole form, its summary touched up before sending (not a "bench-" save marker:
        # the submission is checked by its versions, not as a save).
        form = {**self.form, "difficulties": f"gui-{self.n}", "version": str(self.version), "gui": "1"}
        for _ in range(2):  # the double click: the submit button posts the whole form
            self._post("/luu/", form, "submit")
        raise StopUser()


class Saturator(_Filer):
    """Saves with no think time and never submits: throughput is the server's, not the load's."""

    wait_time = constant(0)

    @task
    def save_forever(self) -> None:
        self.save()


class TrivialVisitor(HttpUser):
    wait_time = between(0, 0)
    weight = 1

    @task
    def health(self) -> None:
        self.client.get("/suc-khoe/", name="trivial page")
