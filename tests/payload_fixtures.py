"""Helpers for tests: real-format snapshot payloads, and bad variants of them built by editing their bytes."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from orchestration.payloads import ORIGIN_SUFFIX, Payload, read_snapshot, sha256_hex
from orchestration.settings import SNAPSHOT_DIR


def snapshot_payloads(source: str, dataset: str) -> list[Payload]:
    return read_snapshot(SNAPSHOT_DIR, source, dataset)


def with_content(payload: Payload, content: bytes) -> Payload:
    """The same payload (origin, path) with other bytes, as a source might send them."""
    return Payload(origin=replace(payload.origin, sha256=sha256_hex(content)), content=content, path=payload.path)


def copy_snapshot_with(tmp_path: Path, source: str, dataset: str, edit) -> Path:
    """A copy of the whole snapshot where one dataset's payloads are edited by `edit(bytes) -> bytes` (origin re-signed)."""
    target = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, target, ignore=shutil.ignore_patterns("*.py", "figures"))
    for origin_file in (target / source / dataset).glob(f"*/*{ORIGIN_SUFFIX}"):
        data_file = Path(str(origin_file)[: -len(ORIGIN_SUFFIX)])
        content = edit(data_file.read_bytes())
        data_file.write_bytes(content)
        origin = json.loads(origin_file.read_text())
        origin["sha256"] = sha256_hex(content)
        origin_file.write_text(json.dumps(origin))
    return target


__all__ = ["snapshot_payloads", "with_content", "copy_snapshot_with"]
