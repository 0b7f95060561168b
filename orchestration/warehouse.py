"""The build database: one writer at a time, enforced by a file lock that also spans dbt's subprocess."""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def checked_identifier(name: str) -> str:
    """Identifiers built from configuration go into SQL only if they match this allow-list pattern."""
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"refusing unsafe SQL identifier {name!r}")
    return name


class WarehouseBusy(RuntimeError):
    pass


@contextmanager
def writer_lock(db_path: Path, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the single-writer lock of `db_path`; a second writer waits up to `timeout_s`, then fails clearly.

    The lock is an advisory flock on a sidecar file: the kernel drops it when the holder dies, even by SIGKILL,
    so a killed run never leaves a stale lock behind.
    """
    if timeout_s is None:
        timeout_s = float(os.environ.get("JTDW_WRITER_LOCK_TIMEOUT_S", "600"))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_suffix(".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"another run is writing {db_path} (lock {lock_path}); try again later") from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def connect(db_path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(db_path), read_only=read_only)
