"""Backups: the database and the uploaded files (evidence) in one tar archive, with a
manifest and SHA-256 checksums that a restore verifies before it writes anything.

SQLite is copied through its online backup API (a consistent snapshot while the server and the
worker keep writing); PostgreSQL through `pg_dump -Fc` / `pg_restore`. The database is
snapshotted first, the files second: evidence is append-only, so every file the snapshot
refers to is already on disk when the files are read."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "dieuhanh-backup/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
CHUNK = 1 << 20
# Written by `migrate` itself: a freshly migrated instance still counts as empty.
DERIVED_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"})


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    files: int
    seconds: float


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]}; hãy cài gói postgresql-client."
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} báo lỗi: {exc.stderr.strip()[:500]}") from exc


def _dump_database(engine: str, folder: Path) -> Path:
    if engine == "sqlite":
        target = folder / "db.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    target = folder / "db.dump"
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    return target


def _migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name")
    ):
        state.setdefault(app, []).append(name)
    return state


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _entry(name: str, path: Path) -> dict[str, Any]:
    return {"path": name, "size": path.stat().st_size, "sha256": sha256_file(path)}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o644
    archive.addfile(info, io.BytesIO(data))


def backup_create(*, path: Path, now: dt.datetime | None = None) -> BackupResult:
    """Write the archive to `path` (a `.tar`, or `.tar.gz` to compress), atomically."""
    started = time.monotonic()
    now = now or timezone.now()
    engine = _engine()
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dieuhanh-backup-", dir=path.parent) as tmp:
        dump = _dump_database(engine, Path(tmp))
        database = _entry(f"database/{dump.name}", dump)
        media_root = Path(settings.MEDIA_ROOT)
        files = [(f"media/{p.relative_to(media_root).as_posix()}", p) for p in _media_files()]
        entries = [_entry(name, p) for name, p in files]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.localtime(now).isoformat(),
            "engine": engine,
            "migrations": _migration_state(),
            "database": database,
            "files": entries,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        sums = [(hashlib.sha256(data).hexdigest(), MANIFEST), (database["sha256"], database["path"])]
        sums += [(f["sha256"], f["path"]) for f in entries]
        partial = path.with_name(path.name + ".part")
        mode = "w:gz" if path.name.endswith(".gz") else "w"
        with tarfile.open(partial, mode) as archive:  # type: ignore[call-overload]
            _add_bytes(archive, MANIFEST, data, now.timestamp())
            _add_bytes(archive, SUMS, "".join(f"{h}  {n}\n" for h, n in sums).encode(), now.timestamp())
            archive.add(dump, arcname=database["path"])
            for name, p in files:
                archive.add(p, arcname=name)
        os.replace(partial, path)
    return BackupResult(path, path.stat().st_size, len(files), time.monotonic() - started)


# --- restore -----------------------------------------------------------------------------


def _extract(path: Path, folder: Path) -> dict[str, Any]:
    """Unpack into `folder` and check every checksum; nothing outside `folder` is touched."""
    try:
        with tarfile.open(path) as archive:
            archive.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}") from exc
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"Tệp sao lưu {path} không có bản kê (manifest.json) hợp lệ.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Tệp sao lưu {path} không phải bản sao lưu của dieuhanh ({FORMAT}).")
    _verify_sums(folder, manifest)
    return manifest


def _verify_sums(folder: Path, manifest: dict[str, Any]) -> None:
    sums = {}
    for line in (folder / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    if sums.get(MANIFEST) != sha256_file(folder / MANIFEST):
        raise BackupError(
            "Bản kê (manifest.json) không khớp mã kiểm tra SHA-256: tệp sao lưu đã bị thay đổi."
        )
    for entry in [manifest["database"], *manifest["files"]]:
        member = folder / entry["path"]
        if not member.is_file():
            raise BackupError(f"Tệp sao lưu thiếu {entry['path']}.")
        if sha256_file(member) != entry["sha256"] or sums.get(entry["path"]) != entry["sha256"]:
            raise BackupError(f"{entry['path']}: mã kiểm tra SHA-256 không khớp, tệp sao lưu bị hỏng.")


def _target_problem() -> str | None:
    """Why the target is not empty (rows in a table, files in MEDIA_ROOT), or None."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in DERIVED_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                return f"bảng {table} đã có dữ liệu"
    if _media_files():
        return f"thư mục tệp tải lên {settings.MEDIA_ROOT} đã có tệp"
    return None


def _restore_database(engine: str, dump: Path) -> None:
    connections.close_all()
    if engine == "sqlite":
        source = sqlite3.connect(str(dump))
        target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    args, env = _pg_env()
    restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*restore, "--single-transaction", *args, str(dump)], env)


def _restore_media(folder: Path, manifest: dict[str, Any]) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for entry in manifest["files"]:
        target = root / entry["path"].removeprefix("media/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / entry["path"], target)
        if sha256_file(target) != entry["sha256"]:
            raise BackupError(f"Ghi lại {target} không khớp mã kiểm tra; hãy kiểm tra ổ đĩa.")


def backup_restore(*, path: Path, force: bool = False) -> dict[str, Any]:
    """Restore the archive into this instance's database and MEDIA_ROOT. Refuses a target
    that holds data unless `force`; refuses a damaged archive or another database engine."""
    engine = _engine()
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    with tempfile.TemporaryDirectory(prefix="dieuhanh-restore-") as tmp:
        folder = Path(tmp)
        manifest = _extract(path, folder)
        if manifest["engine"] != engine:
            raise BackupError(
                f"Bản sao lưu của cơ sở dữ liệu {manifest['engine']}, không khôi phục vào {engine} được; "
                "hãy dùng `dieuhanh dumpdata`/`loaddata` để chuyển giữa hai loại."
            )
        problem = _target_problem()
        if problem and not force:
            raise BackupError(
                f"Nơi khôi phục không trống ({problem}). Khôi phục sẽ ghi đè toàn bộ dữ liệu: "
                "chạy lại với --force nếu thật sự muốn."
            )
        _restore_database(engine, folder / manifest["database"]["path"])
        _restore_media(folder, manifest)
    if _migration_state() != manifest["migrations"]:
        raise BackupError("Sau khi khôi phục, trạng thái migration không khớp bản kê của bản sao lưu.")
    return manifest
