"""Real instances for tests that need real processes: a var dir (SQLite) or a database of
our own on the local PostgreSQL, `dieuhanh` commands run as subprocesses, and independent
fingerprints of every table and file to compare two instances."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass
class Instance:
    var_dir: Path
    database_url: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DJANGO_SETTINGS_MODULE="config.settings", DIEUHANH_VAR_DIR=str(self.var_dir))
        env.pop("DIEUHANH_TEST_PAUSE", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "dieuhanh.sqlite3"

    @property
    def media(self) -> Path:
        return self.var_dir / "media"

    def manage(self, *args: str, check: bool = True, env: dict[str, str] | None = None, timeout: int = 600):  # type: ignore[no-untyped-def]
        command = [sys.executable, "-m", "dieuhanh", *args]
        return subprocess.run(
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def driver(self, *args: str, check: bool = True, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        command = [sys.executable, str(ROOT / "tests" / "instance_driver.py"), *args]
        return subprocess.run(
            command,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=check,
            timeout=600,
        )

    def spawn_driver(self, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
        command = [sys.executable, str(ROOT / "tests" / "instance_driver.py"), *args]
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple]:  # type: ignore[type-arg]
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return list(conn.execute(sql).fetchall())
        lite = sqlite3.connect(self.sqlite_path)
        try:
            return list(lite.execute(sql).fetchall())
        finally:
            lite.close()

    def tables(self) -> list[str]:
        if self.database_url:
            rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        else:
            rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(r[0] for r in rows if r[0] != "sqlite_sequence")

    def table_fingerprints(self) -> dict[str, tuple[int, str]]:
        """Per table: the row count and a SHA-256 of its rows, sorted, as text."""
        result = {}
        for table in self.tables():
            rows = sorted(repr(tuple(r)) for r in self.query(f'SELECT * FROM "{table}"'))
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result

    def file_fingerprints(self) -> dict[str, str]:
        if not self.media.exists():
            return {}
        return {
            p.relative_to(self.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }


def engines() -> list[object]:
    """The engines the real-process tests run on: the suite's own (CI runs the suite on both),
    or both with DIEUHANH_TEST_BOTH_ENGINES=1. PostgreSQL is skipped when no server answers."""
    import pytest

    on_pg = os.environ.get("DATABASE_URL", "").startswith("postgres")
    both = os.environ.get("DIEUHANH_TEST_BOTH_ENGINES") == "1"
    chosen = ["sqlite", "postgresql"] if both else ["postgresql" if on_pg else "sqlite"]
    skip_pg = pytest.mark.skipif(not pg_available(), reason="PostgreSQL is not running on 127.0.0.1:5432")
    return [pytest.param(e, marks=skip_pg) if e == "postgresql" else e for e in chosen]


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def pg_fresh_database(name: str) -> str:
    """Drop and create database `name` (ours alone); return its URL."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"
