"""The HTTP client every connector uses: deadlines, bounded retries with backoff, a polite rate limit.

The client runs its own retry loop (urllib3 retrying inside `requests` cannot see a deadline): every call has a
total deadline that covers connecting, reading, retries and their waits, so neither a server that never answers, a
long `Retry-After`, nor a body dripped a byte at a time can hold a run for longer. All calls of one client (one
source dataset's fetch) also share a wall-clock budget. A limit that is hit raises a `SourceError` naming the
source, the URL and the limit. The numbers come from the source's client resource (`SourceClient.http_client`), which
`orchestration.resources.resources_from_environment` configures from the settings named here.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar

import requests
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

from orchestration.errors import SourceError


class _RedactSecrets(logging.Filter):
    """urllib3 logs every request line at DEBUG, query string (and API key) included: mask known secrets there."""

    secrets: ClassVar[set[str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, ()
        return True


_REDACT_FILTER = _RedactSecrets()
logging.getLogger("urllib3.connectionpool").addFilter(_REDACT_FILTER)

USER_AGENT = "japan-trade-dw/0.1 (+https://github.com/japan-trade-dw; open data warehouse)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
BACKOFF_MAX_S = 60.0
# The settings' names (README, "Settings"), which the limits' messages name so an operator knows what to change.
RETRIES_ENV = "JTDW_HTTP_RETRIES"
BACKOFF_ENV = "JTDW_HTTP_BACKOFF_S"
DEADLINE_ENV = "JTDW_HTTP_DEADLINE_S"
RETRY_AFTER_MAX_ENV = "JTDW_HTTP_RETRY_AFTER_MAX_S"
BUDGET_ENV = "JTDW_SOURCE_BUDGET_S"
MIN_INTERVAL_ENV = "JTDW_HTTP_MIN_INTERVAL_S"


def source_budget_env(source: str) -> str:
    """The setting of one source's budget, which wins over BUDGET_ENV: JTDW_COMTRADE_BUDGET_S."""
    return f"JTDW_{source.upper()}_BUDGET_S"


@dataclass(frozen=True)
class _Limit:
    """The earlier of the call's deadline and the source's budget: when it falls and what to call it."""

    at: float
    name: str

    def remaining(self) -> float:
        return self.at - time.monotonic()


@dataclass
class HttpClient:
    """A requests session for one source, with its own rate limit, deadlines and budget.

    `timeout_s` is per attempt: (connect, longest silence between two reads). `secret_values` are API keys: they
    must never appear in a kept URL, a log line or a message.
    """

    source: str
    min_interval_s: float = 1.0
    timeout_s: tuple[float, float] = (10.0, 60.0)
    total_retries: int = 4
    backoff_factor: float = 1.0
    deadline_s: float = 180
    retry_after_max_s: float = 60
    budget_s: float = 1800
    secret_values: tuple[str, ...] = ()
    session: requests.Session = field(default_factory=requests.Session)
    _last_call: float = field(default=0.0, init=False)
    _budget_ends: float | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        _RedactSecrets.secrets.update(v for v in self.secret_values if v)
        self.session.headers["User-Agent"] = USER_AGENT

    def redact(self, text: str) -> str:
        for value in self.secret_values:
            if value:
                text = text.replace(value, "***")
        return text

    def get(self, url: str, params: dict | None = None, headers: dict | None = None) -> requests.Response:
        limit = self._limit()
        with self._lock:
            self._sleep(self.min_interval_s - (time.monotonic() - self._last_call), limit, url, "the rate limit")
            self._last_call = time.monotonic()
        for attempt in range(self.total_retries + 1):
            retries_left = attempt < self.total_retries
            try:
                response = self._attempt(url, params, headers, limit)
            except requests.RequestException as exc:
                if limit.remaining() <= 0:
                    raise self._limit_hit(limit, url) from None
                if not retries_left:
                    raise SourceError(
                        self.source, f"request failed after retries: {self.redact(_reason(exc))}", self.redact(url)
                    ) from None
                self._sleep(self._backoff(attempt), limit, url, "backoff")
                continue
            if response.status_code not in RETRY_STATUSES or not retries_left:
                break
            retry_after = self._retry_after(response)
            if retry_after is None:
                self._sleep(self._backoff(attempt), limit, response.url, "backoff")
            else:
                self._sleep(retry_after, limit, response.url, "Retry-After")
        if response.status_code >= 400:
            raise SourceError(
                self.source,
                f"HTTP {response.status_code} after retries: {self.redact(response.text[:200])!r}",
                self.redact(response.url),
            )
        return response

    def _limit(self) -> _Limit:
        now = time.monotonic()
        if self._budget_ends is None:
            self._budget_ends = now + self.budget_s
        call = _Limit(now + self.deadline_s, f"the deadline of {self.deadline_s:g} s per call ({DEADLINE_ENV})")
        budget = _Limit(
            self._budget_ends, f"the wall-clock budget of {self.budget_s:g} s of source {self.source} ({BUDGET_ENV})"
        )
        return min(call, budget, key=lambda limit: limit.at)

    def _limit_hit(self, limit: _Limit, url: str, detail: str = "") -> SourceError:
        return SourceError(self.source, f"gave up: {limit.name} was reached{detail}", self.redact(url))

    def _attempt(self, url: str, params: dict | None, headers: dict | None, limit: _Limit) -> requests.Response:
        remaining = limit.remaining()
        if remaining <= 0:
            raise self._limit_hit(limit, url)
        timeout = (min(self.timeout_s[0], remaining), min(self.timeout_s[1], remaining))
        response = self.session.get(url, params=params, headers=headers, timeout=timeout, stream=True)
        with _cut_when_due(response, limit.remaining()):
            try:
                response.content  # noqa: B018 (reads the body, under the watchdog)
            except requests.RequestException:
                if limit.remaining() <= 0:
                    raise self._limit_hit(limit, response.url, " while the body was still arriving") from None
                raise
        return response

    def _backoff(self, attempt: int) -> float:
        """urllib3's schedule: no wait before the first retry, then backoff_factor * 2^n, at most a minute."""
        return 0.0 if attempt == 0 else min(self.backoff_factor * 2**attempt, BACKOFF_MAX_S)

    def _retry_after(self, response: requests.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if value is None:
            return None
        try:
            seconds = Retry().parse_retry_after(value)
        except InvalidHeader:
            return None
        return min(seconds, self.retry_after_max_s)

    def _sleep(self, seconds: float, limit: _Limit, url: str, why: str) -> None:
        if seconds <= 0:
            return
        if seconds >= limit.remaining():
            raise self._limit_hit(limit, url, f" (waiting {seconds:g} s for {why} would pass it)")
        time.sleep(seconds)


def _reason(exc: requests.RequestException) -> str:
    """What went wrong, without urllib3's preamble (pool, retries, the URL again): 'Connection refused', 'timed out'."""
    inner = getattr(exc.args[0], "reason", None) if exc.args else None
    return f"{type(exc).__name__}: {inner or exc}"


@contextmanager
def _cut_when_due(response: requests.Response, seconds: float) -> Iterator[None]:
    """The read timeout bounds each silence, not the body: a byte every few seconds never trips it. A watchdog shuts
    the connection down when the limit falls, which ends the read. It works on a duplicate of the socket's descriptor,
    so it can never touch a descriptor number the OS has handed to someone else in the meantime."""
    try:
        sock = socket.fromfd(response.raw.fileno(), socket.AF_INET, socket.SOCK_STREAM)
    except (OSError, ValueError, AttributeError):
        yield  # no socket behind the response (a mocked transport): nothing to cut
        return
    watchdog = threading.Timer(max(seconds, 0.0), _shut_down, args=(sock,))
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()
        sock.close()


def _shut_down(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: the read is over anyway
        sock.shutdown(socket.SHUT_RDWR)
