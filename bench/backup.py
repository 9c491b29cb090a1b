"""Backup round trip on an instance (the demo): back up, restore into an empty instance,
compare every table and file. Prints figures; the last line is key=value.

    DIEUHANH_VAR_DIR=/tmp/audit-var .venv/bin/dieuhanh load_demo
    DIEUHANH_VAR_DIR=/tmp/audit-var .venv/bin/python bench/backup.py [--gzip]

SQLite only (the var dir's database); for PostgreSQL run the commands by hand."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.instance import Instance  # noqa: E402


def _seconds(output: str) -> float:
    """The `seconds=` figure the command prints on its last line."""
    last = output.strip().splitlines()[-1]
    return float(dict(part.split("=") for part in last.split())["seconds"])


def main() -> None:
    source = Instance(Path(os.environ["DIEUHANH_VAR_DIR"]))
    suffix = ".tar.gz" if "--gzip" in sys.argv else ".tar"
    with tempfile.TemporaryDirectory(prefix="dieuhanh-bench-") as tmp:
        archive = Path(tmp) / f"sao-luu{suffix}"
        started = time.monotonic()
        backup_own = _seconds(source.manage("backup", str(archive)).stdout)
        backup_s = time.monotonic() - started
        target = Instance(Path(tmp) / "restored")
        started = time.monotonic()
        restore_own = _seconds(target.manage("restore", str(archive)).stdout)
        restore_s = time.monotonic() - started
        tables, files = source.table_fingerprints(), source.file_fingerprints()
        same = tables == target.table_fingerprints() and files == target.file_fingerprints()
        rows = sum(n for n, _ in tables.values())
        size_mb = archive.stat().st_size / 1024 / 1024
        db_mb = source.sqlite_path.stat().st_size / 1024 / 1024
        print(f"database {db_mb:.1f} MB, {len(tables)} tables, {rows} rows, {len(files)} files")
        print(
            f"archive {archive.name}: {size_mb:.1f} MB; backup {backup_own:.1f} s, "
            f"restore {restore_own:.1f} s "
            f"(with the command's start: {backup_s:.1f} s, {restore_s:.1f} s)"
        )
        print(
            f"archive={suffix} size_mb={size_mb:.1f} backup_s={backup_own:.2f} restore_s={restore_own:.2f} "
            f"backup_wall_s={backup_s:.1f} restore_wall_s={restore_s:.1f} "
            f"tables={len(tables)} rows={rows} files={len(files)} identical={same}"
        )


if __name__ == "__main__":
    main()
