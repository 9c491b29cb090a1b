"""A real round trip: fill an instance, back it up, restore into an empty one, and compare
every table (row count and a hash of its rows) and every uploaded file — on SQLite and on
PostgreSQL. The commands run as real processes, as cron would run them."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.instance import Instance, engines, pg_fresh_database

ENGINES = engines()


@pytest.fixture(scope="module", params=ENGINES)
def filled(request, tmp_path_factory) -> Instance:  # type: ignore[no-untyped-def]
    """A migrated instance with the standard cast and its records (made once per engine)."""
    engine, folder = request.param, tmp_path_factory.mktemp("src")
    src = (
        Instance(folder) if engine == "sqlite" else Instance(folder, pg_fresh_database("dieuhanh_audit_src"))
    )
    src.manage("migrate", "--noinput")
    src.driver("fill")
    return src


def empty_like(src: Instance, folder: Path) -> Instance:
    if src.database_url is None:
        return Instance(folder)
    return Instance(folder, pg_fresh_database("dieuhanh_audit_dst"))


def tampered(archive: Path, target: Path) -> Path:
    """The same archive with one byte of one evidence file changed."""
    with tarfile.open(archive) as src, tarfile.open(target, "w") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else b""  # type: ignore[union-attr]
            if member.name.startswith("media/") and member.name.endswith(".pdf"):
                data = data[:-1] + b"X"
            out.addfile(member, io.BytesIO(data))
    return target


def test_a_backup_restores_into_an_empty_instance_table_for_table_and_file_for_file(filled, tmp_path):
    src, dst = filled, empty_like(filled, tmp_path / "dst")
    engine = "postgresql" if src.database_url else "sqlite"
    archive = tmp_path / "sao-luu.tar"
    out = src.manage("backup", str(archive)).stdout
    assert "Đã sao lưu vào" in out and "2 tệp tải lên" in out

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        sums = tar.extractfile("SHA256SUMS").read().decode()  # type: ignore[union-attr]
    assert manifest["engine"] == engine
    assert "0005_history_ip_address" in manifest["migrations"]["reporting"]
    assert len(manifest["files"]) == 2 and all(len(f["sha256"]) == 64 for f in manifest["files"])
    assert manifest["database"]["path"] in sums

    restored = dst.manage("restore", str(archive))
    assert "Đã khôi phục" in restored.stdout
    before, after = src.table_fingerprints(), dst.table_fingerprints()
    assert before == after
    # Independently of the code under test: the fill made 2 evidence files (one per task of
    # the board's June report), 2 data values (40 and its correction 42) and one version.
    assert after["reporting_evidence"][0] == 2 and after["indicators_datavalue"][0] == 2
    assert after["reporting_reportversion"][0] == 1
    assert src.file_fingerprints() == dst.file_fingerprints() and len(dst.file_fingerprints()) == 2


def test_restore_refuses_a_non_empty_target_unless_forced_and_a_damaged_archive_always(filled, tmp_path):
    src, dst = filled, empty_like(filled, tmp_path / "dst")
    before = src.table_fingerprints()
    archive = tmp_path / "sao-luu.tar.gz"
    src.manage("backup", str(archive))

    refused = src.manage("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "Nơi khôi phục không trống" in refused.stderr and "--force" in refused.stderr
    forced = src.manage("restore", str(archive), "--force")
    assert "Đã khôi phục" in forced.stdout
    assert src.table_fingerprints() == before

    damaged = dst.manage("restore", str(tampered(archive, tmp_path / "hong.tar")), check=False)
    assert damaged.returncode != 0
    assert "mã kiểm tra SHA-256 không khớp" in damaged.stderr
    assert dst.file_fingerprints() == {}
    assert all(count == 0 for count, _ in dst.table_fingerprints().values())
