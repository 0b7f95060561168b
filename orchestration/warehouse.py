"""The build database: one writer at a time, enforced by a file lock that also spans dbt's subprocess."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def checked_identifier(name: str) -> str:
    """Identifiers built from configuration go into SQL only if they match this allow-list pattern."""
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"refusing unsafe SQL identifier {name!r}")
    return name


class WarehouseBusy(RuntimeError):
    pass


@contextmanager
def writer_lock(db_path: Path, timeout_s: float) -> Iterator[None]:
    """Hold the single-writer lock of `db_path`; a second writer waits up to `timeout_s`, then fails clearly.

    The lock is an advisory flock (the `filelock` library) on a sidecar file: the kernel drops it when the holder
    dies, even by SIGKILL, so a killed run never leaves a stale lock behind. dbt, the one writer that runs in a
    subprocess, is killed with its parent (`orchestration/dbt_with_parent`), so nothing writes once the lock is gone.
    Every write to the build file, and every publish and rollback, holds it.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(db_path.with_suffix(".lock"))
    try:
        lock.acquire(timeout=timeout_s, poll_interval=0.2)
    except Timeout:
        raise WarehouseBusy(f"another run is writing {db_path} (lock {lock.lock_file}); try again later") from None
    try:
        yield
    finally:
        lock.release()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None):
    """The single value a query returns (a count, a maximum); None when it returns no row."""
    row = con.execute(sql, parameters or []).fetchone()
    return None if row is None else row[0]


def connect(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(db_path), read_only=read_only)
