"""World Bank Indicators API v2 (api.worldbank.org, no key, CC BY 4.0): the yen per US dollar and a US price deflator.

Used to express trade values in yen and in real US dollars: PA.NUS.FCRF for Japan (official exchange rate, LCU per
US$, period average) and NY.GDP.DEFL.ZS for the United States (GDP deflator, base year of the US accounts).
A response is a two-element JSON array `[paging, rows]`; pages are followed through `page`/`pages`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

import pandas as pd

from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset, reject_non_data, to_number

SOURCE = "worldbank"
PRODUCER = "World Bank (World Development Indicators)"
LICENCE = "CC BY 4.0 (World Bank Open Data terms): https://www.worldbank.org/en/about/legal/terms-of-use-for-datasets"
BASE_URL_ENV = "JTDW_WORLDBANK_BASE_URL"
DEFAULT_BASE_URL = "https://api.worldbank.org/v2"
PER_PAGE = 1000
FIRST_YEAR = 1990
# (country ISO3, indicator): what the trade marts need. A payload with another pair fails the suite's pair check.
SERIES = (("JPN", "PA.NUS.FCRF"), ("USA", "NY.GDP.DEFL.ZS"))


class WorldBankClient(SourceClient):
    """The World Bank's Indicators API, or a mirror of it (BASE_URL_ENV)."""

    source: ClassVar[str] = SOURCE
    base_url: str = DEFAULT_BASE_URL


def fetch_indicators(client: WorldBankClient, years: range | None = None) -> Iterator[Payload]:
    """Every page of each series for `years` (1990 to last year when None: the trade marts convert from 1995)."""
    http = client.http_client()
    dates = f"{years[0]}:{years[-1]}" if years else f"{FIRST_YEAR}:{date.today().year - 1}"
    for country, indicator in SERIES:
        page, pages = 1, 1
        while page <= pages:
            response = http.get(
                client.url(f"country/{country}/indicator/{indicator}"),
                params={"format": "json", "date": dates, "per_page": PER_PAGE, "page": page},
            )
            payload = make_payload(
                producer=PRODUCER,
                source=SOURCE,
                dataset="indicators",
                url=http.redact(response.url),
                content=response.content,
                media_type="application/json",
                licence=LICENCE,
            )
            yield payload
            pages = int(_envelope(payload)[0].get("pages") or 1)
            page += 1


def _envelope(payload: Payload) -> tuple[dict, list]:
    reject_non_data(payload)
    try:
        body = json.loads(payload.text())
    except json.JSONDecodeError as exc:
        raise SourceError(SOURCE, f"malformed JSON (truncated?): {exc}", payload.ref) from None
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        raise SourceError(SOURCE, f"API error message: {json.dumps(body[0]['message'])[:300]}", payload.ref)
    if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], dict)):
        raise SourceError(SOURCE, "not the [paging, rows] array the API returns", payload.ref)
    return body[0], body[1] or []


def parse_indicators(payload: Payload) -> pd.DataFrame:
    """One row per indicator, country and year: the value as published (null where the Bank has none)."""
    paging, rows = _envelope(payload)
    if not rows:
        raise SourceError(SOURCE, "empty dataset: no rows in the response", payload.ref)
    page, pages, per_page, total = (int(paging.get(k) or 0) for k in ("page", "pages", "per_page", "total"))
    expected = per_page if page < pages else total - per_page * (pages - 1)
    if len(rows) != expected:
        raise SourceError(
            SOURCE, f"page {page}/{pages} holds {len(rows)} rows, paging says {expected} (truncated?)", payload.ref
        )
    out = []
    for position, row in enumerate(rows):
        try:
            indicator, country, date = row["indicator"]["id"], row["countryiso3code"], str(row["date"])
        except (KeyError, TypeError):
            raise SourceError(
                SOURCE, f"row #{position} lacks indicator.id, countryiso3code or date (schema drift?)", payload.ref
            ) from None
        out.append(
            {
                "indicator_id": indicator,
                "country_iso3": country,
                "country_iso2": row.get("country", {}).get("id"),
                "date": date,
                "value": to_number(row.get("value"), payload, f"{country} {indicator} {date}"),
                "unit": row.get("unit") or None,
                "obs_status": row.get("obs_status") or None,
                "source_updated_at": paging.get("lastupdated"),
            }
        )
    frame = pd.DataFrame(out)
    if frame["value"].isna().all():
        raise SourceError(SOURCE, "empty dataset: every value is null", payload.ref)
    return frame


INDICATORS = SourceDataset(
    source=SOURCE,
    dataset="indicators",
    producer=PRODUCER,
    licence=LICENCE,
    description="World Bank WDI: Japan's official exchange rate (PA.NUS.FCRF, yen per US$) and the US GDP deflator (NY.GDP.DEFL.ZS), annual.",
    fetch_live=fetch_indicators,
    parse=parse_indicators,
    key_columns=("indicator_id", "country_iso3", "date"),
)

DATASETS = (INDICATORS,)
