"""e-Stat file downloads: Japan's exports and imports by area x principal commodity group, one CSV per month and flow.

Japan Customs publishes, every month and for each flow, a table of areas (rows: 51 to 53 countries, the EU and the
world) by the Ministry of Finance's principal commodity groups (columns, nested: GRAND TOTAL > MACHINERY > ...), in
thousand yen, customs basis. e-Stat serves it as a Shift_JIS CSV:

    line 1     the table's title
    line 2     Exp or Imp,Area,GRAND TOTAL,FOODSTUFF,...            (the commodity groups of this flow and period)
    then one block per period, opened by a label line without a comma:
               2019年1月                                             (one month)
               2019年1～12月                                         (months 1 to 12 of the year, cumulated)
               1,CHINA,958052245,...                                 (1 = exports, 2 = imports; empty cell = none)

The December file of a year holds twelve monthly blocks and the year's cumulative block; the latest month's file
holds the months so far and the year to date. Files are located through e-Stat's catalogue API (getDataCatalog),
not by hard-coded ids. Area and commodity labels are checked against the dbt seeds `estat_trade_area_labels` and
`customs_principal_commodities` (one list, used by the suite and by the models) by the load's suite, so a new label
fails the load's validation, naming it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pandas as pd

from orchestration.errors import SourceError
from orchestration.http import HttpClient
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceDataset, decode_text, reject_non_data, require_unique, to_figure
from orchestration.sources.estat import client
from orchestration.sources.estat.client import EstatClient

DATASET = "trade_area_commodity"
# The catalogue pages that located the files: archived (not loaded) beside them, so a page that cannot be read is kept.
CATALOGUE_DATASET = f"{DATASET}_catalogue"
HEADER = ["Exp or Imp", "Area"]
FLOW_CODES = {"1": "export", "2": "import"}
# The catalogue's name for these tables (普通貿易統計 > 概況品別国別表); the flow is in the resource's title.
CATALOGUE_SEARCH_WORD = "概況品別国別表"
CATALOGUE_FLOW_WORDS = {"輸出": "export", "輸入": "import"}
CATALOGUE_PAGE_SIZE = 100
PLAN_ENV = "JTDW_ESTAT_FILES_PLAN"  # 'latest' (default) or 'full'
FIRST_YEAR = 2009  # the first year e-Stat serves these files for

MONTH_LABEL = re.compile(r"^(\d{4})年(\d{1,2})月$")
CUMULATIVE_LABEL = re.compile(r"^(\d{4})年(\d{1,2})[～~〜-](\d{1,2})月$")


# --- live: locate the files in the catalogue, then download them -----------------------------------------------------


def _listify(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _survey_month(text: object) -> tuple[int, int] | None:
    """'202603', '2026年3月' or '2026-03' as (2026, 3)."""
    match = re.search(r"(\d{4})\D{0,2}(\d{1,2})", str(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


def catalogue_pages(estat: EstatClient, http: HttpClient) -> Iterator[Payload]:
    """The catalogue's pages listing the area x principal commodity tables, chained through NEXT_KEY. Each page is
    handed over (and archived) before it is read."""
    params = {
        "appId": estat.required_app_id(),
        "statsCode": client.STATS_CODE,
        "searchWord": CATALOGUE_SEARCH_WORD,
        "dataType": "CSV",
        "limit": CATALOGUE_PAGE_SIZE,
    }
    position = None
    while True:
        response = http.get(
            estat.url("json/getDataCatalog"),
            params=dict(params, **({"startPosition": position} if position else {})),
        )
        page = make_payload(
            producer=client.PRODUCER,
            source=client.SOURCE,
            dataset=CATALOGUE_DATASET,
            url=http.redact(response.url),
            content=response.content,
            media_type="application/json",
            licence=client.LICENCE,
        )
        yield page
        position = (_catalogue_listing(page).get("RESULT_INF") or {}).get("NEXT_KEY")
        if not position:
            return


def _catalogue_listing(page: Payload) -> dict:
    reject_non_data(page)
    try:
        body = json.loads(page.text())
    except json.JSONDecodeError as exc:
        raise SourceError(client.SOURCE, f"catalogue answer is not JSON: {exc}", page.ref) from None
    client.result_of(body, "GET_DATA_CATALOG", page)
    return body["GET_DATA_CATALOG"].get("DATA_CATALOG_LIST_INF") or {}


def catalogue_entries(page: Payload) -> Iterator[dict]:
    """The CSV files a catalogue page lists: flow, (year, month) and download URL of each."""
    for entry in _listify(_catalogue_listing(page).get("DATA_CATALOG_INF")):
        dataset_title = (entry.get("DATASET") or {}).get("TITLE") or {}
        for resource in _listify((entry.get("RESOURCES") or {}).get("RESOURCE")):
            title = resource.get("TITLE") or {}
            name = " ".join(str(title.get(k) or "") for k in ("NAME", "TABLE_NAME"))
            flows = {flow for word, flow in CATALOGUE_FLOW_WORDS.items() if word in name}
            month = _survey_month(title.get("SURVEY_DATE") or dataset_title.get("SURVEY_DATE"))
            if resource.get("FORMAT") != "CSV" or len(flows) != 1 or month is None or "概況品" not in name:
                continue
            yield {"flow": flows.pop(), "year": month[0], "month": month[1], "url": resource["URL"]}


def planned_files(entries: list[dict], plan: str) -> list[dict]:
    """'latest': each flow's latest file and the December file of the year before (where a release revises it).
    'full': also every December file since FIRST_YEAR (a backfill)."""
    chosen: list[dict] = []
    for flow in sorted({e["flow"] for e in entries}):
        files = sorted((e for e in entries if e["flow"] == flow), key=lambda e: (e["year"], e["month"]))
        latest = files[-1]
        decembers = [e for e in files if e["month"] == 12 and e["year"] >= FIRST_YEAR]
        if plan != "full":
            decembers = [e for e in decembers if e["year"] == latest["year"] - 1]
        chosen.extend(e for e in decembers if e is not latest)
        chosen.append(latest)
    return chosen


def _on_files_host(estat: EstatClient, url: str) -> str:
    """The catalogue names www.e-stat.go.jp; a mirror or proxy (the client's files_base_url) takes its place."""
    parts = urlsplit(url)
    return f"{estat.files_base_url.rstrip('/')}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def fetch_area_commodity(estat: EstatClient, years: range | None = None) -> Iterator[Payload]:
    """The catalogue pages that locate the files (archived, not loaded: `SourceDataset.holds_data`), then
    the planned files (see `planned_files`, the client's files_plan) whose year falls in the run's `years`."""
    http = estat.http_client()
    plan = estat.files_plan.strip().lower()
    entries: list[dict] = []
    for page in catalogue_pages(estat, http):
        yield page
        entries.extend(catalogue_entries(page))
    if not entries:
        raise SourceError(
            client.SOURCE, f"the catalogue lists no CSV file for {CATALOGUE_SEARCH_WORD!r} (renamed table?)"
        )
    for entry in planned_files(entries, plan):
        if years is not None and entry["year"] not in years:
            continue
        response = http.get(_on_files_host(estat, entry["url"]))
        yield make_payload(
            producer=client.PRODUCER,
            source=client.SOURCE,
            dataset=DATASET,
            url=http.redact(entry["url"]),
            content=response.content,
            media_type=response.headers.get("Content-Type") or "text/csv",
            licence=client.LICENCE,
        )


# --- parse -------------------------------------------------------------------------------------------------------


def _block_of(label: str, payload: Payload) -> tuple[int, int, int]:
    """(year, first month, last month) of a block label line."""
    text = label.strip()
    if match := MONTH_LABEL.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        first, last = month, month
    elif match := CUMULATIVE_LABEL.match(text):
        year, first, last = (int(g) for g in match.groups())
    else:
        raise SourceError(client.SOURCE, f"unrecognised period label line {text!r}", payload.ref)
    return year, first, last


def parse_area_commodity(payload: Payload) -> pd.DataFrame:
    """One row per flow, area, commodity group and period block, in thousand yen; empty cells are left out."""
    reject_non_data(payload)
    lines = [row for row in csv.reader(io.StringIO(decode_text(payload))) if any(cell.strip() for cell in row)]
    if len(lines) < 2:
        raise SourceError(client.SOURCE, "file holds no header line (truncated?)", payload.ref)
    header = [cell.strip() for cell in lines[1]]
    if header[:2] != HEADER or len(header) < 3:
        raise SourceError(
            client.SOURCE,
            f"header {header[:3]} is not 'Exp or Imp,Area,<commodity groups>' (layout changed?)",
            payload.ref,
        )
    commodities = header[2:]

    records: list[dict] = []
    blocks_seen: set[tuple[int, int, int]] = set()
    block = None
    flows: set[str] = set()
    for number, row in enumerate(lines[2:], start=3):
        if len(row) == 1:
            block = _block_of(row[0], payload)
            if block in blocks_seen:
                raise SourceError(client.SOURCE, f"period {row[0].strip()!r} delivered twice in one file", payload.ref)
            blocks_seen.add(block)
            continue
        if block is None:
            raise SourceError(client.SOURCE, f"line {number}: data before any period label", payload.ref)
        if len(row) != len(header):
            raise SourceError(
                client.SOURCE,
                f"line {number}: {len(row)} cells where the header has {len(header)} (truncated?)",
                payload.ref,
            )
        flow = FLOW_CODES.get(row[0].strip())
        if flow is None:
            raise SourceError(client.SOURCE, f"line {number}: unknown 'Exp or Imp' code {row[0]!r}", payload.ref)
        flows.add(flow)
        area = row[1].strip()
        for commodity, cell in zip(commodities, row[2:], strict=False):
            if not cell.strip():
                continue  # the format's only "none"
            where = f"line {number}, {area} x {commodity}"
            value = to_figure(cell, payload, where)  # '-', '…', 'NaN': marks this format does not write
            records.append(
                {
                    "flow": flow,
                    "area_label": area,
                    "commodity_label": commodity,
                    "year": block[0],
                    "month_from": block[1],
                    "month_to": block[2],
                    "value_jpy_1000": value,
                }
            )
    if not records:
        raise SourceError(client.SOURCE, "file holds no figures", payload.ref)
    if len(flows) != 1:
        raise SourceError(client.SOURCE, f"one file must hold one flow, this one holds {sorted(flows)}", payload.ref)
    frame = pd.DataFrame(records)
    frame = require_unique(frame, ("flow", "area_label", "commodity_label", "year", "month_from", "month_to"), payload)
    _require_cumulative_equals_months(frame, payload)
    return frame


def _require_cumulative_equals_months(frame: pd.DataFrame, payload: Payload) -> None:
    """A cumulative figure must equal the sum of its months wherever the file holds every one of those months."""
    keys = ["flow", "area_label", "commodity_label", "year"]
    months = frame[frame["month_from"] == frame["month_to"]]
    cumulative = frame[frame["month_from"] < frame["month_to"]]
    if months.empty or cumulative.empty:
        return
    joined = cumulative.merge(months, on=keys, suffixes=("", "_month"))
    joined = joined[
        (joined["month_from_month"] >= joined["month_from"]) & (joined["month_from_month"] <= joined["month_to"])
    ]
    summed = joined.groupby(keys + ["month_from", "month_to", "value_jpy_1000"], as_index=False).agg(
        months=("month_from_month", "nunique"), months_sum=("value_jpy_1000_month", "sum")
    )
    complete = summed[summed["months"] == summed["month_to"] - summed["month_from"] + 1]
    # Figures are whole thousands of yen: any difference is a real disagreement, not rounding.
    wrong = complete[(complete["months_sum"] - complete["value_jpy_1000"]).abs() >= 1]
    if not wrong.empty:
        first = wrong.iloc[0]
        raise SourceError(
            client.SOURCE,
            f"{len(wrong)} cumulative figures differ from the sum of their months, e.g. {first['area_label']} x "
            f"{first['commodity_label']} {first['year']} months {first['month_from']}-{first['month_to']}: "
            f"{first['value_jpy_1000']:,.0f} against {first['months_sum']:,.0f}",
            payload.ref,
        )


AREA_COMMODITY = SourceDataset(
    source=client.SOURCE,
    dataset=DATASET,
    producer=client.PRODUCER,
    licence=client.LICENCE,
    description=(
        "Japan Customs (MOF), Trade Statistics of Japan: exports and imports by area x principal commodity group, "
        "thousand yen, customs basis, monthly and year to date; e-Stat file downloads located through the catalogue API."
    ),
    fetch_live=fetch_area_commodity,
    parse=parse_area_commodity,
    key_columns=("flow", "area_label", "commodity_label", "year", "month_from", "month_to"),
)
