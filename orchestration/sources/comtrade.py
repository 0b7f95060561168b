"""UN Comtrade API (comtradeapi.un.org): Japan's goods trade by partner and HS product, and the partners' mirror flows.

Two endpoints: the keyless preview (`/public/v1/preview/...`, at most 500 records a call) and, when the client has
an API key (`COMTRADE_API_KEY`), the keyed endpoint (`/data/v1/get/...`, `subscription-key=`, `maxRecords`). The key is
passed to the HTTP client as a secret, so it never appears in a kept URL, a log line or an error message.

Calls are split by reporter, partner and HS chapter so that no call reaches the record cap; a page that does reach it
(or whose `count` disagrees with its rows) is rejected as possibly truncated, never loaded silently partial. 429s
are retried with backoff by the shared client.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from orchestration.code_lists import mapping
from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset, reject_non_data, to_number

SOURCE = "comtrade"
PRODUCER = "United Nations Statistics Division (UN Comtrade)"
LICENCE = "UN Comtrade terms of use and re-dissemination policy (attribution; no bulk re-dissemination): https://comtradeplus.un.org/"
BASE_URL_ENV = "JTDW_COMTRADE_BASE_URL"
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
API_KEY_ENV = "COMTRADE_API_KEY"
PERIODS_ENV, PARTNERS_ENV, HS_ENV = "JTDW_COMTRADE_PERIODS", "JTDW_COMTRADE_PARTNERS", "JTDW_COMTRADE_HS"
PREVIEW_CAP = 500
KEYED_MAX_RECORDS = 100_000
JAPAN = 392

# Comtrade's own ISO-like codes for its areas, where they differ from the ISO 3166 code of seed `dim_country`.
COMTRADE_AREA_ISO = {0: "W00", 490: "S19"}
COLUMNS = {
    "typeCode": "type_code",
    "freqCode": "freq_code",
    "period": "period",
    "reporterCode": "reporter_code",
    "reporterISO": "reporter_iso",
    "flowCode": "flow_code",
    "partnerCode": "partner_code",
    "partnerISO": "partner_iso",
    "partner2Code": "partner2_code",
    "classificationCode": "classification_code",
    "cmdCode": "cmd_code",
    "cmdDesc": "cmd_desc",
    "aggrLevel": "aggr_level",
    "customsCode": "customs_code",
    "motCode": "mot_code",
    "qtyUnitCode": "qty_unit_code",
    "qty": "qty",
    "netWgt": "net_wgt",
    "fobvalue": "fob_value",
    "cifvalue": "cif_value",
    "primaryValue": "primary_value",
    "isReported": "is_reported",
    "isAggregate": "is_aggregate",
}
REQUIRED = ("freqCode", "period", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue")
KEY_COLUMNS = (
    "freq_code",
    "period",
    "reporter_code",
    "flow_code",
    "partner_code",
    "partner2_code",
    "cmd_code",
    "customs_code",
    "mot_code",
)


def partners() -> dict[int, str]:
    """Every reporter and partner code Comtrade uses (seed `dim_country.comtrade_code`) -> the ISO3 code it publishes.

    A code outside the seed fails the load's suite: a new area is added to the seed, with its group memberships.
    """
    known = {int(code): iso3 for code, iso3 in mapping("dim_country", "comtrade_code", "iso3").items()}
    return known | COMTRADE_AREA_ISO


class ComtradeClient(SourceClient):
    """UN Comtrade's API, or a mirror of it (BASE_URL_ENV); the keyed endpoint when `api_key` is set (API_KEY_ENV).

    The plan (the run's years, nine partners and the World, TOTAL plus every HS chapter, both sides) is thousands of
    small calls a decade: on the keyless preview that takes hours. Operators narrow it with `periods` (years within
    the run's), `partners` (M49 codes) and `hs_codes`, each comma-separated; empty, the default plan.
    """

    source: ClassVar[str] = SOURCE
    # The preview answers 429 after about a dozen quick calls: one call every 2 s, retries with backoff. Its plan is
    # thousands of calls, so its budget is three hours where the other sources have half an hour.
    polite_interval_s: ClassVar[float] = 2.0
    default_budget_s: ClassVar[float] = 3 * 3600
    base_url: str = DEFAULT_BASE_URL
    api_key: str | None = None
    periods: str = ""
    partners: str = ""
    hs_codes: str = ""


def page_cap(url: str) -> int:
    """The most records one call can return: 500 on the preview, maxRecords on the keyed endpoint."""
    if "/public/v1/preview/" in url:
        return PREVIEW_CAP
    query = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
    return int(query.get("maxrecords", [KEYED_MAX_RECORDS])[0])


def request_plan(
    periods: Iterable[str], partners: Iterable[int], cmd_codes: Iterable[str], freq: str = "A", mirror: bool = True
) -> list[tuple[str, dict]]:
    """One call per (reporter, partner, HS chapter or code, period): Japan's own flows and, with `mirror`, each
    partner's flows with Japan. Small calls keep every page below the cap."""
    plan = []
    for period in periods:
        for partner in partners:
            pairs = [(JAPAN, partner)] + ([(partner, JAPAN)] if mirror and partner not in (0, JAPAN) else [])
            for reporter, counterpart in pairs:
                for cmd in cmd_codes:
                    plan.append(
                        (
                            freq,
                            {
                                "reporterCode": reporter,
                                "partnerCode": counterpart,
                                "period": period,
                                "cmdCode": cmd,
                                "flowCode": "X,M",
                                "partner2Code": 0,
                                "customsCode": "C00",
                                "motCode": 0,
                                "includeDesc": "true",
                            },
                        )
                    )
    return plan


# The years a direct call without a run's range asks for.
DEFAULT_YEARS = range(2015, 2025)


def _comma_list(value: str, default: Iterable) -> tuple:
    """A comma-separated narrowing of the default request plan (periods, partner M49 codes, HS codes)."""
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value.strip() else tuple(default)


def fetch_goods(
    client: ComtradeClient,
    years: range | None = None,
    periods: Iterable[str] | None = None,
    partners: Iterable[int] | None = None,
    cmd_codes: Iterable[str] | None = None,
    freq: str = "A",
) -> Iterator[Payload]:
    """Every call of the plan: the given periods, partners and codes, else the client's, else the default plan."""
    run_years = tuple(str(y) for y in (years or DEFAULT_YEARS))
    periods = periods or tuple(p for p in _comma_list(client.periods, run_years) if p in run_years)
    partners = partners or tuple(
        int(p) for p in _comma_list(client.partners, (0, 842, 156, 410, 704, 764, 484, 152, 76))
    )
    cmd_codes = cmd_codes or _comma_list(
        client.hs_codes, ("TOTAL",) + tuple(f"{c:02d}" for c in range(1, 98) if c != 77)
    )
    key = client.api_key
    http = client.http_client(secret_values=(key,) if key else ())
    records_seen = 0
    for freq_code, params in request_plan(periods, partners, cmd_codes, freq):
        if key:
            url = client.url(f"data/v1/get/C/{freq_code}/HS")
            params = dict(params, maxRecords=KEYED_MAX_RECORDS, **{"subscription-key": key})
        else:
            url = client.url(f"public/v1/preview/C/{freq_code}/HS")
        response = http.get(url, params=params)
        payload = make_payload(
            producer=PRODUCER,
            source=SOURCE,
            dataset="goods",
            url=http.redact(response.url),
            content=response.content,
            media_type="application/json",
            licence=LICENCE,
        )
        yield payload
        # Checked once handed over (and archived), before any later call: a page at the cap means the plan must be
        # split further; an unreadable page stops the plan.
        records_seen += len(_records(payload))
    if not records_seen:
        raise SourceError(
            SOURCE,
            "no call of the request plan returned a record: the plan expects Japan's trade (wrong periods or codes?)",
        )


def _records(payload: Payload) -> list[dict]:
    reject_non_data(payload)
    try:
        body = json.loads(payload.text())
    except json.JSONDecodeError as exc:
        raise SourceError(SOURCE, f"malformed JSON (truncated?): {exc}", payload.ref) from None
    if not isinstance(body, dict) or "data" not in body:
        raise SourceError(SOURCE, "JSON without the Comtrade envelope (no 'data' field)", payload.ref)
    if body.get("error"):
        raise SourceError(SOURCE, f"API error: {str(body['error'])[:300]}", payload.ref)
    records = body["data"] or []
    if not records and body.get("count") != 0:
        raise SourceError(
            SOURCE,
            f"a page without records whose count is {body.get('count')!r}, not 0: no answer that there is no trade",
            payload.ref,
        )
    if body.get("count") is not None and body["count"] != len(records):
        raise SourceError(
            SOURCE, f"page says count={body['count']} but holds {len(records)} records (truncated?)", payload.ref
        )
    cap = page_cap(payload.origin.url)
    if len(records) >= cap:
        raise SourceError(
            SOURCE,
            f"page holds {len(records)} records, the endpoint's cap of {cap}: the result may be truncated; split the request by partner or HS chapter",
            payload.ref,
        )
    return records


def parse_goods(payload: Payload) -> pd.DataFrame:
    """One row per reporter, partner, flow, HS code and period, values in plain US dollars.

    A page where the API says count 0 is no trade for that call: no rows, not an error (`fetch_goods` fails when no
    call of the plan returns anything)."""
    records = _records(payload)
    rows = []
    for position, record in enumerate(records):
        missing = [f for f in REQUIRED if f not in record]
        if missing:
            raise SourceError(SOURCE, f"record #{position} lacks field(s) {missing} (schema drift?)", payload.ref)
        row = {column: record.get(field) for field, column in COLUMNS.items()}
        where = f"{row['reporter_code']}>{row['partner_code']} {row['flow_code']} {row['cmd_code']} {row['period']}"
        for column in ("qty", "net_wgt", "fob_value", "cif_value", "primary_value"):
            row[column] = to_number(row[column], payload, where)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS.values()))
    if not (frame["reporter_code"].eq(JAPAN) | frame["partner_code"].eq(JAPAN)).all():
        raise SourceError(SOURCE, "records where neither reporter nor partner is Japan (392)", payload.ref)
    # Codes outside seed dim_country, flows, frequencies and negative values are the suite's to refuse
    # (expectations/suites/comtrade__goods.json): an unknown code gets no ISO3 code here.
    known = partners()
    frame["reporter_iso"] = frame["reporter_code"].map(known)
    # Typed explicitly: an empty page (no trade) must give the raw table the same column types as a full one.
    for column in ("qty", "net_wgt", "fob_value", "cif_value", "primary_value"):
        frame[column] = frame[column].astype("float64")
    frame["partner_iso"] = frame["partner_code"].map(known)
    for column in ("period", "cmd_code", "customs_code", "cmd_desc", "classification_code", "type_code"):
        frame[column] = frame[column].astype("string").astype(object)
    for column in ("reporter_code", "partner_code", "partner2_code", "mot_code", "aggr_level", "qty_unit_code"):
        frame[column] = frame[column].astype("Int64")
    for column in ("is_reported", "is_aggregate"):
        frame[column] = frame[column].astype("boolean")
    return frame


GOODS = SourceDataset(
    source=SOURCE,
    dataset="goods",
    producer=PRODUCER,
    licence=LICENCE,
    description="UN Comtrade goods trade (HS), annual and monthly: Japan (392) by partner and product, and partners' mirror flows with Japan; plain USD.",
    fetch_live=fetch_goods,
    parse=parse_goods,
    key_columns=KEY_COLUMNS,
)

DATASETS = (GOODS,)
