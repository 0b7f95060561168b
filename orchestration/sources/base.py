"""What every source dataset declares, and the checks every payload passes before a parser reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from orchestration.errors import SourceError
from orchestration.payloads import Payload


@dataclass(frozen=True)
class SourceDataset:
    """One dataset of one source: it becomes one raw table, `raw.<source>__<dataset>`."""

    source: str
    dataset: str
    producer: str
    licence: str
    description: str
    fetch_live: Callable[[], Iterator[Payload]]
    parse: Callable[[Payload], pd.DataFrame]
    key_columns: tuple[str, ...]
    # Set for a dataset the embedded snapshot holds no real figures for: in snapshot mode its raw table is created
    # empty with these columns (name -> DuckDB type, as the parser returns them), so the models downstream still build.
    live_only_schema: dict[str, str] | None = None

    @property
    def raw_table(self) -> str:
        return f"{self.source}__{self.dataset}"


def reject_non_data(payload: Payload) -> None:
    """Catch what a parser should never see: an empty body or an HTML page served with status 200."""
    head = payload.content[:512].lstrip().lower()
    if not head:
        raise SourceError(payload.origin.source, "empty payload", payload.ref)
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head[:200]:
        raise SourceError(payload.origin.source, "received an HTML page instead of data (error or login page?)", payload.ref)


def require_unique(frame: pd.DataFrame, keys: tuple[str, ...], payload: Payload) -> pd.DataFrame:
    duplicated = frame.duplicated(list(keys), keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, list(keys)].head(3).to_dict("records")
        raise SourceError(payload.origin.source, f"duplicated observations for keys {keys}: {sample}", payload.ref)
    return frame


def to_number(raw, payload: Payload, where: str) -> float | None:
    """Parse a published number: blanks are missing, footnote markers and thousands separators are rejected loudly."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip()
    if text in {"", "NaN", "-", "…", "..."}:
        return None
    try:
        return float(text)
    except ValueError:
        raise SourceError(payload.origin.source, f"not a number at {where}: {text!r}", payload.ref) from None
