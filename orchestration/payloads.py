"""Payloads and their origin records: fetched live or replayed from the embedded snapshot, always archived.

Every payload is kept under `<archive>/<source>/<dataset>/<retrieval date>/<sha256 prefix>.<ext>` next to an
`.origin.json` record (producer, URL, retrieval time, licence, checksum, provenance of the figures). A payload is
identified by its content: never overwritten, kept once (fetching the same bytes again, even on a later day, finds
the copy already kept), and new bytes get a new name: a new vintage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from orchestration.errors import SourceError

ORIGIN_SUFFIX = ".origin.json"


@dataclass(frozen=True)
class Origin:
    producer: str
    source: str
    dataset: str
    url: str
    retrieved_at: str  # ISO 8601, UTC
    licence: str
    media_type: str
    sha256: str
    published: str | None = None
    figures: str = "fetched from the live API"

    @property
    def vintage(self) -> str:
        """The retrieval date: the vintage rows of this payload carry."""
        return self.retrieved_at[:10]


@dataclass(frozen=True)
class Payload:
    origin: Origin
    content: bytes
    path: Path | None = None  # where the archived copy lives

    @property
    def ref(self) -> str:
        return str(self.path) if self.path else self.origin.url

    def text(self, encoding: str = "utf-8") -> str:
        try:
            return self.content.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SourceError(self.origin.source, f"payload is not valid {encoding}: {exc}", self.ref) from None


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def checked_sha256(value: str) -> str:
    """A checksum that is safe to place in SQL text: 64 lower-case hex digits, nothing else."""
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError(f"not a SHA-256 hex digest: {value!r}")
    return value


def utc_now_iso() -> str:
    # Microseconds: two different payloads of one dataset fetched in the same second are still ordered.
    return datetime.now(UTC).isoformat()


def make_payload(*, producer, source, dataset, url, content, media_type, licence, retrieved_at=None) -> Payload:
    origin = Origin(
        producer=producer,
        source=source,
        dataset=dataset,
        url=url,
        retrieved_at=retrieved_at or utc_now_iso(),
        licence=licence,
        media_type=media_type,
        sha256=sha256_hex(content),
    )
    return Payload(origin=origin, content=content)


_EXTENSIONS = {"application/json": "json", "application/xml": "xml", "text/csv": "csv", "text/html": "html"}


def archive(payload: Payload, archive_dir: Path) -> Payload:
    """Keep the payload and its origin record; return it with the archived path set."""
    origin = payload.origin
    ext = _EXTENSIONS.get(origin.media_type.split(";")[0].strip(), "bin")
    dataset_dir = archive_dir / origin.source / origin.dataset
    name = f"{origin.sha256[:16]}.{ext}"
    kept = sorted(p for p in dataset_dir.glob(f"*/{name}") if sha256_hex(p.read_bytes()) == origin.sha256)
    if kept:
        return Payload(origin=origin, content=payload.content, path=kept[0])
    target = dataset_dir / origin.vintage / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(payload.content)
        tmp.replace(target)
        Path(str(target) + ORIGIN_SUFFIX).write_text(json.dumps(asdict(origin), indent=2, ensure_ascii=False) + "\n")
    return Payload(origin=origin, content=payload.content, path=target)


def read_snapshot(snapshot_dir: Path, source: str, dataset: str) -> list[Payload]:
    """All vintages of one dataset in the embedded snapshot, oldest first, checksums verified."""
    folder = snapshot_dir / source / dataset
    payloads = []
    for origin_file in sorted(folder.glob(f"*/*{ORIGIN_SUFFIX}")):
        data_file = Path(str(origin_file)[: -len(ORIGIN_SUFFIX)])
        origin = Origin(**json.loads(origin_file.read_text()))
        content = data_file.read_bytes()
        if sha256_hex(content) != origin.sha256:
            raise SourceError(source, f"snapshot checksum mismatch for {dataset}", str(data_file))
        payloads.append(Payload(origin=origin, content=content, path=data_file))
    if not payloads:
        raise SourceError(source, f"no snapshot payloads for dataset {dataset!r}", str(folder))
    return sorted(payloads, key=lambda p: (p.origin.retrieved_at, p.origin.sha256))
