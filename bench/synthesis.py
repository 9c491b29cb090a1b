"""The monthly synthesis of the demo province, timed: read the figures (selectors), lay out
the .docx and the .xlsx. Last line:

    synthesis_s=<seconds for build + docx + xlsx, warm> synthesis_ui_s=<the .docx through its
    page, as the administrator downloads it, warm median> pages=<pages of that .docx in LibreOffice>

Usage: .venv/bin/python bench/synthesis.py [--var-dir /tmp/dieuhanh-bench-synthesis] [--runs 5]
The demo is loaded into that directory's SQLite database the first time (about a minute,
not timed). The first run (cold: rollups and the hierarchy map get built) is shown apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--var-dir", default=str(Path(tempfile.gettempdir()) / "dieuhanh-bench-synthesis"))
    p.add_argument("--runs", type=int, default=5)
    return p.parse_args()


def setup(var_dir: str) -> None:
    os.environ["DIEUHANH_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Loopback, plain HTTP, a key kept under var/: the local demo settings (docs/serving.md).
    os.environ.setdefault("DIEUHANH_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from dieuhanh.reporting.models import ReportRegime

    call_command("migrate", verbosity=0)
    if not ReportRegime.objects.exists():
        print("Nạp dữ liệu mẫu (không tính giờ)…", flush=True)
        call_command("load_demo", verbosity=0)


def run_once(user, period) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from dieuhanh.synthesis.excel import synthesis_xlsx
    from dieuhanh.synthesis.selectors import synthesis_build
    from dieuhanh.synthesis.word import synthesis_docx

    start = time.perf_counter()
    s = synthesis_build(user=user, period=period, issued_on=timezone.localdate())
    docx, xlsx = synthesis_docx(s), synthesis_xlsx(s)
    return time.perf_counter() - start, len(docx), len(xlsx)


def main() -> None:
    args = parse_args()
    setup(args.var_dir)
    from django.utils import timezone

    from dieuhanh.accounts.models import User
    from dieuhanh.core.text import format_number
    from dieuhanh.reporting.expectations import latest_closed_period
    from dieuhanh.reporting.models import Frequency, ReportRegime

    regime = ReportRegime.objects.get(frequency=Frequency.MONTHLY)
    period = latest_closed_period(regime=regime, on=timezone.localdate())
    user = User.objects.get(username="quantri")
    cold, size_docx, size_xlsx = run_once(user, period)
    warm = [run_once(user, period)[0] for _ in range(args.runs)]
    print(f"kỳ: {period.label}; docx {format_number(size_docx)} byte; xlsx {format_number(size_xlsx)} byte")
    median = statistics.median(warm)
    print(f"lần đầu (lạnh): {format_number(cold, 3)} s; {args.runs} lần sau: ", end="")
    print(f"trung vị {format_number(median, 3)} s")
    ui = [ui_once(user, period) for _ in range(args.runs)]
    ui_median = statistics.median(ui)
    print(f"tải .docx qua trang (trung vị {args.runs} lần): {format_number(ui_median, 3)} s")
    pages = page_count(user, period)
    print(f"synthesis_s={median:.3f} synthesis_ui_s={ui_median:.3f} pages={pages}")


def ui_once(user, period) -> float:  # type: ignore[no-untyped-def]
    """The .docx through its page: login session, view, selectors, layout, response."""
    from django.test import Client
    from django.urls import reverse

    client = Client(SERVER_NAME="localhost")  # an allowed host, as a browser on the server
    client.force_login(user)
    start = time.perf_counter()
    response = client.get(reverse("synthesis:docx", args=[period.pk]))
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start


def page_count(user, period) -> int | str:  # type: ignore[no-untyped-def]
    """Pages of the .docx as LibreOffice lays it out ("na" without LibreOffice)."""
    import re
    import shutil
    import subprocess

    from django.utils import timezone

    from dieuhanh.synthesis.selectors import synthesis_build
    from dieuhanh.synthesis.word import synthesis_docx

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return "na"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "tong-hop.docx"
        source.write_bytes(
            synthesis_docx(synthesis_build(user=user, period=period, issued_on=timezone.localdate()))
        )
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return len(re.findall(rb"/Type\s*/Page[^s]", (Path(tmp) / "tong-hop.pdf").read_bytes()))


if __name__ == "__main__":
    main()
