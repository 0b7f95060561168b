"""IMF SDMX API (api.imf.org, SDMX 2.1 REST, no key): Japan's balance of payments (dataflow IMF.STA:BOP).

OBS_VALUE is published in plain units although the series attribute says SCALE="6" (a display hint). A payload
whose SCALE differs from what this module knows is rejected, since its values may be on another scale (the raw table
does not keep SCALE). Which codes and units a table may hold is its suite's to check
(expectations/suites/imf__*.json), so an unknown code fails the load's validation and names the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pandas as pd

from orchestration.code_lists import codes
from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset
from orchestration.sources.sdmx import parse_structure_specific

SOURCE = "imf"
PRODUCER = "International Monetary Fund"
LICENCE = "IMF terms of use (reuse with citation): https://www.imf.org/external/terms.htm"
BASE_URL_ENV = "JTDW_IMF_BASE_URL"
DEFAULT_BASE_URL = "https://api.imf.org/external/sdmx/2.1"

BOP_UNITS = ("USD", "XDC")
PUBLISHED_SCALE = "6"


def bop_indicators() -> tuple[str, ...]:
    """The BOP indicators the warehouse requests and accepts, with their accounting entries: seed `bop_items`."""
    return codes("bop_items", "imf_indicator_code")


def bop_key() -> str:
    entries = codes("bop_items", "imf_accounting_entry")
    return f"JPN.{'+'.join(entries)}.{'+'.join(bop_indicators())}.{'+'.join(BOP_UNITS)}.A"


class ImfClient(SourceClient):
    """The IMF's SDMX API, or a mirror of it (BASE_URL_ENV)."""

    source: ClassVar[str] = SOURCE
    polite_interval_s: ClassVar[float] = 1.5  # the IMF throttles per application: what its own client library waits
    base_url: str = DEFAULT_BASE_URL


def fetch_sdmx(
    client: ImfClient, dataset: str, flow: str, key: str, first_year: int, years: range | None
) -> Iterator[Payload]:
    """One SDMX 2.1 data call for `years` (from `first_year`, the dataset's first, on, when None)."""
    http = client.http_client()
    params = {"startPeriod": str(max(years[0], first_year) if years else first_year)}
    if years:
        params["endPeriod"] = str(years[-1])
    response = http.get(client.url(f"data/{flow}/{key}"), params=params, headers={"Accept": "application/xml"})
    yield make_payload(
        producer=PRODUCER,
        source=SOURCE,
        dataset=dataset,
        url=http.redact(response.url),
        content=response.content,
        media_type="application/xml",
        licence=LICENCE,
    )


def fetch_bop_annual(client: ImfClient, years: range | None = None) -> Iterator[Payload]:
    return fetch_sdmx(client, "bop_annual", "BOP", bop_key(), 1996, years)


def parse_bop(payload: Payload) -> pd.DataFrame:
    """One row per indicator, accounting entry, unit and year, value in the unit the UNIT code says (plain units)."""
    required = ("COUNTRY", "BOP_ACCOUNTING_ENTRY", "INDICATOR", "UNIT", "FREQUENCY")
    frame, dataset_attributes = parse_structure_specific(payload, required)
    scales = set(frame.get("scale", pd.Series([PUBLISHED_SCALE])).dropna())
    if scales != {PUBLISHED_SCALE}:
        raise SourceError(
            SOURCE,
            f"SCALE attribute {sorted(scales)} differs from the known {PUBLISHED_SCALE!r} (unit scale change?)",
            payload.ref,
        )
    out = pd.DataFrame(
        {
            "country_iso3": frame["country"],
            "accounting_entry": frame["bop_accounting_entry"],
            "indicator_code": frame["indicator"],
            "unit_code": frame["unit"],
            "frequency": frame["frequency"],
            "time_period": frame["time_period"],
            "obs_value": frame["obs_value"],
            "obs_status": frame.get("status", pd.Series([None] * len(frame))),
            "source_updated_at": dataset_attributes.get("UPDATE_DATE"),
        }
    )
    return out


BOP_ANNUAL = SourceDataset(
    source=SOURCE,
    dataset="bop_annual",
    producer=PRODUCER,
    licence=LICENCE,
    description="Japan's balance of payments (BPM6), annual, USD and yen (XDC), plain units: IMF SDMX dataflow IMF.STA:BOP.",
    fetch_live=fetch_bop_annual,
    parse=parse_bop,
    key_columns=("indicator_code", "accounting_entry", "unit_code", "time_period"),
)

# --- IMTS (ex-DOTS): Japan's goods exports FOB and imports CIF by partner, plain USD --------------------------------
IMTS_INDICATORS = ("XG_FOB_USD", "MG_CIF_USD")
# The IMF's own area aggregates (CL_COUNTRY G-codes), known beside the ISO3 countries of seed `dim_country` (the
# suite's counterpart value set names both), and the partners requested.
IMTS_AREAS = {"G001": "World", "G205": "Latin America and the Caribbean"}
IMTS_PARTNERS = {
    "USA",
    "CHN",
    "KOR",
    "TWN",
    "HKG",
    "THA",
    "SGP",
    "VNM",
    "MYS",
    "IDN",
    "PHL",
    "BRN",
    "KHM",
    "LAO",
    "MMR",
    "AUS",
    "NZL",
    "IND",
    "DEU",
    "FRA",
    "GBR",
    "NLD",
    "CAN",
    "MEX",
    "BRA",
    "CHL",
    "PER",
    "COL",
    "ARG",
    "PAN",
    "SAU",
    "ARE",
    "QAT",
    "KWT",
    "OMN",
    "BHR",
    *IMTS_AREAS,
}
IMTS_KEY = f"JPN.{'+'.join(IMTS_INDICATORS)}.{'+'.join(sorted(IMTS_PARTNERS))}.A"


def fetch_imts_annual(client: ImfClient, years: range | None = None) -> Iterator[Payload]:
    return fetch_sdmx(client, "imts_annual", "IMF.STA,IMTS,1.0.0", IMTS_KEY, 1990, years)


def parse_imts(payload: Payload) -> pd.DataFrame:
    """One row per indicator (exports FOB / imports CIF), partner and period, value in plain US dollars."""
    required = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY")
    frame, dataset_attributes = parse_structure_specific(payload, required)
    scales = set(frame.get("scale", pd.Series([PUBLISHED_SCALE])).dropna())
    if scales != {PUBLISHED_SCALE}:
        raise SourceError(
            SOURCE,
            f"SCALE attribute {sorted(scales)} differs from the known {PUBLISHED_SCALE!r} (unit scale change?)",
            payload.ref,
        )
    out = pd.DataFrame(
        {
            "country_iso3": frame["country"],
            "indicator_code": frame["indicator"],
            "counterpart_code": frame["counterpart_country"],
            "frequency": frame["frequency"],
            "time_period": frame["time_period"],
            "obs_value": frame["obs_value"],
            "obs_status": frame.get("status", pd.Series([None] * len(frame))),
            "source_updated_at": dataset_attributes.get("UPDATE_DATE"),
        }
    )
    return out


IMTS_ANNUAL = SourceDataset(
    source=SOURCE,
    dataset="imts_annual",
    producer=PRODUCER,
    licence=LICENCE,
    description="Japan's goods exports (FOB) and imports (CIF) by partner and IMF area aggregate, plain USD: IMF SDMX dataflow IMF.STA:IMTS.",
    fetch_live=fetch_imts_annual,
    parse=parse_imts,
    key_columns=("indicator_code", "counterpart_code", "frequency", "time_period"),
    # No real IMTS figures were found to rebuild a snapshot payload: offline, its raw table is created empty.
    live_only_schema={
        "country_iso3": "VARCHAR",
        "indicator_code": "VARCHAR",
        "counterpart_code": "VARCHAR",
        "frequency": "VARCHAR",
        "time_period": "VARCHAR",
        "obs_value": "DOUBLE",
        "obs_status": "VARCHAR",
        "source_updated_at": "VARCHAR",
    },
)


# --- DIP (ex-CDIS): Japan's direct-investment positions by immediate counterpart economy, plain USD ----------------
# Key COUNTRY.DV_TYPE.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY. DV_TYPE "O" = reported by the economy itself. The IMF
# does not publish DIP by industry. Confidential cells arrive as <Obs STATUS="C"/> without OBS_VALUE: they are kept
# as rows with a null value and value_status 'confidential', never as zero.
DIP_FLOW = "IMF.STA,DIP,12.0.1"
DIP_INDICATORS = {
    "OTWD_D_NETAL_FALL_ALL": "outward",  # outward DI position, net (assets less liabilities), all instruments
    "INWD_D_NETLA_FALL_ALL": "inward",  # inward DI position, net (liabilities less assets), all instruments
}
# The partners requested; the suite accepts any ISO3 country of seed `dim_country` in a payload.
DIP_PARTNERS = {
    "AUS",
    "BEL",
    "BRA",
    "CAN",
    "CHE",
    "CHN",
    "DEU",
    "DNK",
    "ESP",
    "FRA",
    "GBR",
    "HKG",
    "IND",
    "IRL",
    "ITA",
    "KOR",
    "LUX",
    "MEX",
    "NLD",
    "NOR",
    "SGP",
    "SWE",
    "USA",
}
DIP_KEY = f"JPN.O.{'+'.join(DIP_INDICATORS)}.{'+'.join(sorted(DIP_PARTNERS))}.A"


def fetch_dip_positions(client: ImfClient, years: range | None = None) -> Iterator[Payload]:
    return fetch_sdmx(client, "dip_positions", DIP_FLOW, DIP_KEY, 2009, years)


def parse_dip(payload: Payload) -> pd.DataFrame:
    """One row per indicator (outward/inward position), counterpart and year; value in plain US dollars or null.

    value_status: 'reported' (a number), 'confidential' (STATUS="C", no value), 'missing' (no value, no status).
    """
    required = ("COUNTRY", "DV_TYPE", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY")
    frame, dataset_attributes = parse_structure_specific(payload, required)
    if "status" not in frame.columns:
        frame["status"] = None
    scales = set(frame.get("scale", pd.Series([PUBLISHED_SCALE])).dropna())
    if scales != {PUBLISHED_SCALE}:
        raise SourceError(
            SOURCE,
            f"SCALE attribute {sorted(scales)} differs from the known {PUBLISHED_SCALE!r} (unit scale change?)",
            payload.ref,
        )
    confidential = frame["status"].eq("C")
    if frame.loc[confidential, "obs_value"].notna().any():
        raise SourceError(SOURCE, "a confidential (STATUS=C) DIP cell carries a value", payload.ref)
    value_status = (
        pd.Series("reported", index=frame.index)
        .mask(frame["obs_value"].isna(), "missing")
        .mask(confidential, "confidential")
    )
    out = pd.DataFrame(
        {
            "country_iso3": frame["country"],
            "dv_type": frame["dv_type"],
            "indicator_code": frame["indicator"],
            "counterpart_code": frame["counterpart_country"],
            "frequency": frame["frequency"],
            "time_period": frame["time_period"],
            "obs_value": frame["obs_value"].astype("float64"),
            "obs_status": frame["status"].astype("object"),
            "value_status": value_status,
            "source_updated_at": dataset_attributes.get("UPDATE_DATE"),
        }
    )
    return out


DIP_POSITIONS = SourceDataset(
    source=SOURCE,
    dataset="dip_positions",
    producer=PRODUCER,
    licence=LICENCE,
    description="Japan's outward and inward direct-investment positions by immediate counterpart economy, annual, plain USD: IMF SDMX dataflow IMF.STA:DIP.",
    fetch_live=fetch_dip_positions,
    parse=parse_dip,
    key_columns=("indicator_code", "counterpart_code", "time_period"),
)

DATASETS = (BOP_ANNUAL, IMTS_ANNUAL, DIP_POSITIONS)
