"""A hostile upload, timed: the report workbook downloaded from the platform, bloated with a
hidden sheet of 600.000 cells (about 3 MB), uploaded back as a report, as a zones registry and
as an indicator data import. Each must be refused; the bench shows how fast and how much
memory the server grows while refusing it. Last line:

    refuse_ms=<report upload, ms> rss_mb=<largest peak growth, MB> scan_ms=… zones_ms=… indicators_ms=…

`scan_ms` is the same 600.000 cells written as bare `<c><v>1</v></c>`, small enough to pass
the size caps, so that only the byte scan's cell count refuses it.

Usage: .venv/bin/python bench/uploads.py [--var-dir /tmp/dieuhanh-bench-uploads] [--cells 600000]
The demo is loaded into that directory's SQLite database the first time (about a minute,
not timed); the bloated workbook is built once per run (not timed).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--var-dir", default=str(Path(tempfile.gettempdir()) / "dieuhanh-bench-uploads"))
    p.add_argument("--cells", type=int, default=600_000)
    return p.parse_args()


def setup(var_dir: str) -> None:
    os.environ["DIEUHANH_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
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


def bloated(base: bytes, cells: int) -> bytes:
    """`base` plus a hidden sheet of `cells` numbers, 100 to a row."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(base))
    ws = wb.create_sheet("_du_lieu")
    ws.sheet_state = "hidden"
    rng = random.Random(57)
    for _ in range(cells // 100):
        ws.append([rng.randint(1_000, 99_999) for _ in range(100)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def compact(base: bytes, cells: int) -> bytes:
    """`base` with its hidden `_meta` sheet holding `cells` bare cells (`<c><v>1</v></c>`): small
    enough uncompressed to pass the package caps, so only the cell count can refuse it."""
    import re
    import zipfile

    row = b"<c><v>1</v></c>" * 100
    body = b"".join(b'<row r="%d">' % r + row + b"</row>" for r in range(1, cells // 100 + 1))
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            blob = source.read(name)
            if name.startswith("xl/worksheets/") and b">report_id<" in blob:  # the hidden _meta sheet
                blob = re.sub(
                    rb"<sheetData>.*</sheetData>", b"<sheetData>" + body + b"</sheetData>", blob, flags=re.S
                )
            target.writestr(name, blob)
    return out.getvalue()


def indicator_template() -> bytes:
    """A valid data-import workbook: the header and one row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ma_chi_so", "ma_don_vi", "ky", "gia_tri"])
    ws.append(["DVC_HS", "HD", "202506", 1234])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _status(key: str) -> int:
    """A line of /proc/self/status, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def measure(label: str, refuse: Callable[[], str]) -> tuple[float, float]:
    """(ms, peak RSS growth in MB) of one refusal; the message is shown."""
    import gc

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current RSS
    before = _status("VmRSS")
    start = time.perf_counter()
    message = refuse()
    ms = (time.perf_counter() - start) * 1000
    growth = (_status("VmHWM") - before) / 1024
    print(f"{label}: {ms:.0f} ms, +{growth:.1f} MB — {message[:160]}", flush=True)
    return ms, growth


def upload(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def main() -> None:
    args = parse_args()
    setup(args.var_dir)
    from django.core.exceptions import ValidationError

    from dieuhanh.accounts.models import User
    from dieuhanh.indicators import importers
    from dieuhanh.reporting.excel import parse_report_workbook, report_workbook
    from dieuhanh.reporting.models import Report
    from dieuhanh.zones.importing import enterprises_import, import_template

    report = Report.objects.filter(task_updates__isnull=False).select_related("period", "unit").first()
    assert report is not None, "the demo has no report with tasks"
    data = bloated(report_workbook(report), args.cells)
    print(f"tệp: {len(data) / 1e6:.1f} MB, {args.cells:,} ô trong trang ẩn".replace(",", "."), flush=True)
    admin = User.objects.get(username="quantri")
    zones_data = bloated(import_template(), args.cells)
    compact_data = compact(report_workbook(report), args.cells)
    indicators_data = bloated(indicator_template(), args.cells)

    def as_report() -> str:
        try:
            parse_report_workbook(upload(data, "bao-cao.xlsx"), "bao-cao.xlsx", report)
        except ValidationError as exc:
            return " | ".join(exc.messages)
        return "KHÔNG BỊ TỪ CHỐI"

    def as_zones() -> str:
        try:
            enterprises_import(file=upload(zones_data, "dn.xlsx"), filename="dn.xlsx", user=admin)
        except ValidationError as exc:
            return " | ".join(exc.messages)
        return "KHÔNG BỊ TỪ CHỐI"

    def as_indicators() -> str:
        try:
            rows, _ = importers.rows_from_xlsx(indicators_data)
        except (importers.ImportFileError, ValidationError) as exc:
            return str(exc)
        return f"KHÔNG BỊ TỪ CHỐI (đọc được {len(rows)} dòng)"

    def as_compact_report() -> str:
        try:
            parse_report_workbook(upload(compact_data, "gon.xlsx"), "gon.xlsx", report)
        except ValidationError as exc:
            return " | ".join(exc.messages)
        return "KHÔNG BỊ TỪ CHỐI"

    report_ms, report_mb = measure("báo cáo", as_report)
    scan_ms, scan_mb = measure(f"báo cáo, ô rút gọn ({len(compact_data) / 1e6:.1f} MB)", as_compact_report)
    zones_ms, zones_mb = measure("doanh nghiệp KCN", as_zones)
    ind_ms, ind_mb = measure("số liệu chỉ số", as_indicators)
    rss = max(report_mb, scan_mb, zones_mb, ind_mb)
    print(
        f"refuse_ms={report_ms:.0f} rss_mb={rss:.1f} scan_ms={scan_ms:.0f} zones_ms={zones_ms:.0f} "
        f"indicators_ms={ind_ms:.0f} file_mb={len(data) / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
