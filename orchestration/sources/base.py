"""What every source dataset declares, the client resource every source is called through, and the checks every
payload passes before a parser reads it."""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import dagster as dg
import pandas as pd
from pydantic import Field

from orchestration.errors import SourceError
from orchestration.http import HttpClient
from orchestration.payloads import Payload, archive


class HttpPolicy(dg.Config):
    """How a source's HTTP client retries, waits and gives up (orchestration/http.py). None: the source's own."""

    retries: int = HttpClient.total_retries
    backoff_s: float = HttpClient.backoff_factor  # waits of 0, 2, 4, 8 s between tries
    deadline_s: float = HttpClient.deadline_s  # of one call: connecting, reading, retries and their waits
    retry_after_max_s: float = HttpClient.retry_after_max_s
    min_interval_s: float | None = None  # between two calls; a local mirror needs none of a public API's politeness
    budget_s: float | None = None  # all calls of one source dataset in a run


class SourceClient(dg.ConfigurableResource):
    """Where one source's API lives and how to call it. Each source subclasses it with its own settings (keys,
    request plans), every one defaulting to the public API; `LivePayloads` hands it to the source's fetch functions."""

    base_url: str
    http: HttpPolicy = Field(default_factory=HttpPolicy)

    source: ClassVar[str]
    polite_interval_s: ClassVar[float] = 1.0  # what the source asks between two calls
    default_budget_s: ClassVar[float] = HttpClient.budget_s

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path}"

    def http_client(self, secret_values: tuple[str, ...] = ()) -> HttpClient:
        """A new HTTP client: one per source dataset's fetch, which shares its budget."""
        policy = self.http
        return HttpClient(
            source=self.source,
            min_interval_s=self.polite_interval_s if policy.min_interval_s is None else policy.min_interval_s,
            total_retries=policy.retries,
            backoff_factor=policy.backoff_s,
            deadline_s=policy.deadline_s,
            retry_after_max_s=policy.retry_after_max_s,
            budget_s=self.default_budget_s if policy.budget_s is None else policy.budget_s,
            secret_values=tuple(v for v in secret_values if v),
        )


@dataclass(frozen=True)
class SourceDataset:
    """One dataset of one source: it becomes one raw table, `raw.<source>__<dataset>`."""

    source: str
    dataset: str
    producer: str
    licence: str
    description: str
    # Called with the source's client and `years=`, the run's calendar years: each connector asks its API for those
    # periods where the API can narrow a request, and for its whole-history file where it cannot.
    fetch_live: Callable[..., Iterable[Payload]]
    parse: Callable[[Payload], pd.DataFrame]
    # What identifies one observation in a payload: `read` refuses a payload that repeats one.
    key_columns: tuple[str, ...]
    # Set for a dataset the embedded snapshot holds no real figures for: in snapshot mode its raw table is created
    # empty with these columns (name -> DuckDB type, as the parser returns them), so the models downstream still build.
    live_only_schema: dict[str, str] | None = None

    @property
    def raw_table(self) -> str:
        return f"{self.source}__{self.dataset}"

    def holds_data(self, payload: Payload) -> bool:
        """False for a payload a connector hands over only to be archived: a lookup that located the data files (the
        e-Stat catalogue), which provenance keeps but no table loads."""
        return payload.origin.dataset == self.dataset

    def read(self, payload: Payload) -> pd.DataFrame:
        """The parser's rows, one per key. Parsers raise `SourceError` for what they look for; anything else they did
        not foresee (a codec, a library's own error) becomes one too, so every failure names the source, payload and
        problem."""
        try:
            frame = self.parse(payload)
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(self.source, f"unreadable payload: {type(exc).__name__}: {exc}", payload.ref) from exc
        return frame if frame.empty else require_unique(frame, self.key_columns, payload)


def archive_each(fetched: Iterable[Payload], archive_dir: Path) -> list[Payload]:
    """Archive every payload as it arrives, before anything reads it.

    A source may check a page once it has handed it over, to stop its plan at the first bad page: its error is
    then about a payload archived a moment ago, and names the archived copy rather than the URL.
    """
    kept: list[Payload] = []
    try:
        for payload in fetched:
            kept.append(archive(payload, archive_dir))
    except SourceError as error:
        if kept and error.payload_ref == kept[-1].origin.url:
            raise SourceError(error.source, error.problem, kept[-1].ref) from None
        raise
    return kept


def reject_non_data(payload: Payload) -> None:
    """Catch what a parser should never see: an empty body or an HTML page served with status 200."""
    head = payload.content[:512].lstrip().lower()
    if not head:
        raise SourceError(payload.origin.source, "empty payload", payload.ref)
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head[:200]:
        raise SourceError(
            payload.origin.source, "received an HTML page instead of data (error or login page?)", payload.ref
        )


def require_unique(frame: pd.DataFrame, keys: tuple[str, ...], payload: Payload) -> pd.DataFrame:
    duplicated = frame.duplicated(list(keys), keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, list(keys)].head(3).to_dict("records")
        raise SourceError(payload.origin.source, f"duplicated observations for keys {keys}: {sample}", payload.ref)
    return frame


def to_number(raw, payload: Payload, where: str) -> float | None:
    """Parse a published number: a blank or NaN (how JSON and SDMX write a missing figure) is missing; any other mark
    ('-', '…', a footnote marker, a thousands separator) is refused loudly. A source whose format gives a mark a
    meaning (a nil, a confidential cell) reads that mark itself before calling this."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip()
        if text == "":
            return None
        try:
            number = float(text)
        except ValueError:
            raise SourceError(payload.origin.source, f"not a number at {where}: {text!r}", payload.ref) from None
    # NaN in any spelling ('nan', JSON's NaN) is a missing figure like 'NaN', never a number a parser keeps as one.
    return None if math.isnan(number) else number


def to_figure(raw, payload: Payload, where: str) -> float:
    """A cell that must hold a figure, in a format that writes its missing cells its own way (read before this): a
    blank or NaN here is refused as well, never loaded as a figure left out unseen."""
    number = to_number(raw, payload, where)
    if number is None:
        raise SourceError(payload.origin.source, f"not a number at {where}: {raw!r}", payload.ref)
    return number


def decode_text(payload: Payload) -> str:
    """Japanese statistical servers write UTF-8 or Shift_JIS. A UTF-8 BOM wins, then the charset the server declared,
    then UTF-8, then Shift_JIS, read as cp932 (the superset Japanese servers write under that name). Only a body none
    of them reads is an error."""
    content = payload.content
    if content.startswith(codecs.BOM_UTF8):
        candidates, content = ["utf-8"], content[len(codecs.BOM_UTF8) :]
    else:
        declared = re.search(r'charset="?([\w.-]+)', payload.origin.media_type or "", re.I)
        candidates = ([declared.group(1)] if declared else []) + ["utf-8", "shift_jis"]
    for encoding in dict.fromkeys(candidates):
        codec = "cp932" if encoding.lower().replace("-", "_") in {"shift_jis", "sjis", "x_sjis"} else encoding
        try:
            return content.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    raise SourceError(
        payload.origin.source, f"body is not decodable as {' or '.join(dict.fromkeys(candidates))}", payload.ref
    )
