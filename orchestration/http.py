"""The HTTP client every connector uses: timeouts, bounded retries with backoff, a polite rate limit.

Retries come from urllib3's `Retry` (honours Retry-After on 429/503); connectors never loop by hand.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from orchestration.errors import SourceError

class _RedactSecrets(logging.Filter):
    """urllib3 logs every request line at DEBUG, query string (and API key) included: mask known secrets there."""

    secrets: set[str] = set()

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


@dataclass
class HttpClient:
    """A requests session for one source, with its own rate limit.

    `secret_values` are API keys: they must never appear in a kept URL, a log line or a message.
    """

    source: str
    min_interval_s: float = 1.0
    timeout_s: tuple[float, float] = (10.0, 60.0)
    # Operators can tighten or loosen retrying without code changes (tests use it to stay fast).
    total_retries: int = field(default_factory=lambda: int(os.environ.get("JTDW_HTTP_RETRIES", "4")))
    backoff_factor: float = field(default_factory=lambda: float(os.environ.get("JTDW_HTTP_BACKOFF_S", "1.0")))
    secret_values: tuple[str, ...] = ()
    session: requests.Session = field(default_factory=requests.Session)
    _last_call: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        retry = Retry(
            total=self.total_retries,
            connect=self.total_retries,
            read=self.total_retries,
            status=self.total_retries,
            backoff_factor=self.backoff_factor,
            backoff_max=60,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        _RedactSecrets.secrets.update(v for v in self.secret_values if v)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT

    def redact(self, text: str) -> str:
        for value in self.secret_values:
            if value:
                text = text.replace(value, "***")
        return text

    def get(self, url: str, params: dict | None = None, headers: dict | None = None) -> requests.Response:
        with self._lock:
            wait = self.min_interval_s - (time.monotonic() - self._last_call)
            if wait > 0:
                time.sleep(wait)
            self._last_call = time.monotonic()
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise SourceError(self.source, f"request failed after retries: {self.redact(str(exc))}", self.redact(url)) from None
        if response.status_code >= 400:
            raise SourceError(
                self.source,
                f"HTTP {response.status_code} after retries: {self.redact(response.text[:200])!r}",
                self.redact(response.url),
            )
        return response
