"""Bank of Japan Time-Series Statistics API (stat-search.boj.or.jp, public since 2026-02-18): balance of payments, BP01.

The API answers HTTP 200 even on errors; the envelope's STATUS says what happened. Pages are chained through
NEXTPOSITION -> startPosition. No key. Credit line required by the Bank of Japan (see README).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import ClassVar

import pandas as pd

from orchestration.code_lists import codes
from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset, reject_non_data, to_number

SOURCE = "boj"
PRODUCER = "Bank of Japan; Ministry of Finance, Japan"
LICENCE = "Bank of Japan API terms of use; Government of Japan Standard Terms of Use 2.0 (CC BY 4.0 compatible)"
BASE_URL_ENV = "JTDW_BOJ_BASE_URL"
DEFAULT_BASE_URL = "https://www.stat-search.boj.or.jp/api/v1"
# The unit every BP01 series is published in; a payload in another is loaded and refused by the suite's unit check.
EXPECTED_UNIT = "100 million Yen"

FIRST_MONTH = "199601"
SUCCESS_MESSAGE_IDS = {"M181000I", "M181030I"}
NO_DATA_MESSAGE_ID = "M181030I"


def bp01_monthly_series() -> tuple[str, ...]:
    """BP01 series of the BPM6 balance of payments, as the API lists them (no DB prefix): seed `bop_items`.

    The official code list is https://www.boj.or.jp/en/statistics/br/bop_06/data/exbpsm6a.xlsx; a code goes into the
    seed only once confirmed there, so an unlisted code in a payload fails the load's suite, not a silent extra row.
    """
    return codes("bop_items", "boj_series_code")


def bp01_services_series() -> tuple[str, ...]:
    """BP01 services by EBOPS 2010 group (seed `ebops_categories`), on the same rule."""
    return codes("ebops_categories", "boj_series_code")


class BojClient(SourceClient):
    """The Bank of Japan's API, or a mirror of it (BASE_URL_ENV)."""

    source: ClassVar[str] = SOURCE
    polite_interval_s: ClassVar[float] = 2.0  # the Bank asks users to avoid high-frequency access
    base_url: str = DEFAULT_BASE_URL


def fetch_data_code(
    client: BojClient, dataset: str, series: tuple[str, ...], years: range | None = None
) -> Iterator[Payload]:
    """Pages of getDataCode for the given BP01 series and calendar years (all from January 1996 when None), chained
    through NEXTPOSITION."""
    http = client.http_client()
    params = {"format": "json", "lang": "en", "db": "BP01", "code": ",".join(series), "startDate": FIRST_MONTH}
    if years is not None:
        params.update(startDate=max(f"{years[0]}01", FIRST_MONTH), endDate=f"{years[-1]}12")
    position = None
    while True:
        page_params = dict(params, **({"startPosition": position} if position else {}))
        response = http.get(client.url("getDataCode"), params=page_params)
        payload = make_payload(
            producer=PRODUCER,
            source=SOURCE,
            dataset=dataset,
            url=http.redact(response.url),
            content=response.content,
            media_type="application/json",
            licence=LICENCE,
        )
        yield payload
        position = _envelope(payload).get("NEXTPOSITION")
        if not position:
            return


def fetch_bp01_monthly(client: BojClient, years: range | None = None) -> Iterator[Payload]:
    return fetch_data_code(client, "bp01_monthly", bp01_monthly_series(), years)


def _envelope(payload: Payload) -> dict:
    reject_non_data(payload)
    try:
        envelope = json.loads(payload.text())
    except json.JSONDecodeError as exc:
        raise SourceError(SOURCE, f"malformed JSON (truncated?): {exc}", payload.ref) from None
    if not isinstance(envelope, dict) or "STATUS" not in envelope:
        raise SourceError(SOURCE, "JSON without the API envelope (no STATUS field)", payload.ref)
    if envelope["STATUS"] != 200 or envelope.get("MESSAGEID") not in SUCCESS_MESSAGE_IDS:
        raise SourceError(
            SOURCE,
            f"API error STATUS={envelope['STATUS']} {envelope.get('MESSAGEID')}: {envelope.get('MESSAGE')}",
            payload.ref,
        )
    return envelope


def parse_data_code(payload: Payload) -> pd.DataFrame:
    """One row per series and month: series_code, series_name, unit, frequency, period_code, value, last_update.
    Which series and unit are known is the suite's to check (expectations/suites/boj__*.json)."""
    envelope = _envelope(payload)
    if envelope.get("MESSAGEID") == NO_DATA_MESSAGE_ID or not envelope.get("RESULTSET"):
        raise SourceError(SOURCE, "empty dataset: the API found no data for the request", payload.ref)
    rows = []
    for position, series in enumerate(envelope["RESULTSET"]):
        missing = {"SERIES_CODE", "UNIT", "FREQUENCY", "VALUES"} - set(series)
        if missing:
            raise SourceError(
                SOURCE, f"series #{position} lacks field(s) {sorted(missing)} (schema drift?)", payload.ref
            )
        code = series["SERIES_CODE"]
        values = series["VALUES"]
        dates, numbers = values.get("SURVEY_DATES"), values.get("VALUES")
        if dates is None or numbers is None or len(dates) != len(numbers):
            raise SourceError(
                SOURCE, f"series {code}: SURVEY_DATES and VALUES missing or of unequal length", payload.ref
            )
        for date, number in zip(dates, numbers, strict=True):
            rows.append(
                {
                    "series_code": code,
                    "series_name": series.get("NAME_OF_TIME_SERIES"),
                    "unit": series["UNIT"],
                    "frequency": series["FREQUENCY"],
                    "period_code": None if date is None else str(date),  # a null date stays null, not "None"
                    "value": to_number(number, payload, f"{code} {date}"),
                    "last_update": str(series.get("LAST_UPDATE") or ""),
                }
            )
    frame = pd.DataFrame(rows)
    if frame["value"].isna().all():
        raise SourceError(SOURCE, "empty dataset: every value is null", payload.ref)
    return frame


BP01_MONTHLY = SourceDataset(
    source=SOURCE,
    dataset="bp01_monthly",
    producer=PRODUCER,
    licence=LICENCE,
    description="Japan's balance of payments (BPM6), monthly, 100 million yen: Bank of Japan BP01 via getDataCode.",
    fetch_live=fetch_bp01_monthly,
    parse=parse_data_code,
    key_columns=("series_code", "period_code"),
)


# --- BP01 services by category (EBOPS 2010 groups), monthly, 100 million yen ------------------------------------------
def fetch_bp01_services_monthly(client: BojClient, years: range | None = None) -> Iterator[Payload]:
    return fetch_data_code(client, "bp01_services_monthly", bp01_services_series(), years)


BP01_SERVICES_MONTHLY = SourceDataset(
    source=SOURCE,
    dataset="bp01_services_monthly",
    producer=PRODUCER,
    licence=LICENCE,
    description="Japan's services balance by EBOPS category, monthly, 100 million yen: Bank of Japan BP01 via getDataCode.",
    fetch_live=fetch_bp01_services_monthly,
    parse=parse_data_code,
    key_columns=("series_code", "period_code"),
)

DATASETS = (BP01_MONTHLY, BP01_SERVICES_MONTHLY)
