"""OECD SDMX API (sdmx.oecd.org, SDMX 2.1 REST, no key): Japan's FDI statistics by partner and by industry (BMD4),
the cross-check of the IMF's DIP positions and the Ministry of Finance's tables.

Agency OECD.DAF.INV, structure DSD_FDI, one dataflow per breakdown: DF_FDI_POS_CTRY and DF_FDI_FLOW_CTRY (positions
and financial flows by counterpart area, all activities), DF_FDI_POS_IND and DF_FDI_FLOW_IND (by economic activity,
counterpart the world). A series key has the DSD's 13 dimensions in this order:

    REF_AREA.MEASURE.UNIT_MEASURE.MEASURE_PRINCIPLE.ACCOUNTING_ENTRY.TYPE_ENTITY.FDI_COMP.SECTOR.
    COUNTERPART_AREA.LEVEL_COUNTERPART.ACTIVITY.FREQ.FDI_COLLECTION_ID

The wire format asked for is SDMX-CSV with labels (format=csvfilewithlabels): STRUCTURE, STRUCTURE_ID,
STRUCTURE_NAME, ACTION, then each dimension as a code column followed by its label column, TIME_PERIOD, OBS_VALUE and
the attributes (OBS_STATUS, UNIT_MULT, CURRENCY, DECIMALS, CONF_STATUS), each with its label. Columns are read by
their code header, never by position, so a new label or attribute column is harmless and a renamed dimension is not.

Values are US dollars converted at market exchange rates (UNIT_MEASURE USD_EXC) in millions (UNIT_MULT 6): a payload
with another multiplier is refused, since its values would be on another scale. A confidential cell (CONF_STATUS
other than free) and a cell without a value are rows with their status and a null value, never zero. The partner and
activity codes asked for are those of seed `oecd_fdi_codes`. The codes of the columns the raw table keeps (area,
measure, principle, partner, activity, each dataflow's own) are its suite's to check
(expectations/suites/oecd__fdi_by_partner_industry.json); this module checks the dimensions it does not keep.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import ClassVar

import pandas as pd

from orchestration import code_lists
from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceClient, SourceDataset, decode_text, reject_non_data, to_number

SOURCE = "oecd"
PRODUCER = "OECD, Directorate for Financial and Enterprise Affairs: FDI statistics (BMD4)"
LICENCE = "CC BY 4.0 (OECD terms and conditions, https://www.oecd.org/en/about/terms-conditions.html). Source: OECD FDI statistics."
BASE_URL_ENV = "JTDW_OECD_BASE_URL"
DEFAULT_BASE_URL = "https://sdmx.oecd.org/public/rest"
AGENCY = "OECD.DAF.INV"
STRUCTURE = "DSD_FDI"
VERSION = "1.0"
DATASET = "fdi_by_partner_industry"
FIRST_YEAR = 2014  # the first year of Japan's BPM6 / BMD4 series
DIMENSIONS = (
    "REF_AREA",
    "MEASURE",
    "UNIT_MEASURE",
    "MEASURE_PRINCIPLE",
    "ACCOUNTING_ENTRY",
    "TYPE_ENTITY",
    "FDI_COMP",
    "SECTOR",
    "COUNTERPART_AREA",
    "LEVEL_COUNTERPART",
    "ACTIVITY",
    "FREQ",
    "FDI_COLLECTION_ID",
)
POSITION, FLOW = "LE_FA_F", "T_FA_F"
# Each dataflow: its measure, and whether it breaks down by partner (activity total) or by activity (world).
DATAFLOWS = {
    "DF_FDI_POS_CTRY": (POSITION, "partner"),
    "DF_FDI_FLOW_CTRY": (FLOW, "partner"),
    "DF_FDI_POS_IND": (POSITION, "activity"),
    "DF_FDI_FLOW_IND": (FLOW, "activity"),
}
# The one value of each dimension the warehouse asks for (DO outward, DI inward: the directional principle).
FIXED_CODES = {
    "REF_AREA": {"JPN"},
    "UNIT_MEASURE": {"USD_EXC"},
    "MEASURE_PRINCIPLE": {"DO", "DI"},
    "ACCOUNTING_ENTRY": {"NET_FDI"},
    "TYPE_ENTITY": {"ALL"},
    "FDI_COMP": {"D"},
    "SECTOR": {"S1"},
    "LEVEL_COUNTERPART": {"IMC"},
    "FREQ": {"A"},
}
# The fixed dimensions the raw table does not keep (REF_AREA, MEASURE_PRINCIPLE and LEVEL_COUNTERPART it does).
NOT_LOADED = ("UNIT_MEASURE", "ACCOUNTING_ENTRY", "TYPE_ENTITY", "FDI_COMP", "SECTOR", "FREQ")
WORLD = "W"
ALL_ACTIVITIES = "_T"
UNIT_MULT = "6"
CURRENCIES = {"USD", "_Z", ""}
# SDMX cross-domain code lists: CL_OBS_STATUS values a published or missing FDI cell carries; CL_CONF_STATUS F (free)
# and G (free, not for dissemination elsewhere) are publishable, the others are confidentiality of some kind.
OBS_STATUSES = {"", "A", "B", "D", "E", "P", "M", "L", "O"}
FREE = {"", "F", "G"}
CONFIDENTIAL = {"C", "D", "S", "A", "O", "T", "N"}
REQUIRED_COLUMNS = ("STRUCTURE_ID", *DIMENSIONS, "TIME_PERIOD", "OBS_VALUE", "UNIT_MULT")
KEY_COLUMNS = ("dataflow_id", "measure_code", "measure_principle", "counterpart_area", "activity_code", "time_period")


def codes(code_list: str) -> tuple[str, ...]:
    """The OECD codes of one code list (COUNTERPART_AREA or ACTIVITY) in seed oecd_fdi_codes, in the seed's order."""
    return code_lists.codes("oecd_fdi_codes", "oecd_code", code_list=code_list)


def flow_ref(dataflow: str) -> str:
    return f"{AGENCY},{STRUCTURE}@{dataflow},{VERSION}"


def series_key(dataflow: str) -> str:
    measure, breakdown = DATAFLOWS[dataflow]
    by_partner = breakdown == "partner"
    chosen = {
        **{dimension: "+".join(sorted(values)) for dimension, values in FIXED_CODES.items()},
        "MEASURE": measure,
        "COUNTERPART_AREA": "+".join(codes("COUNTERPART_AREA")) if by_partner else WORLD,
        "ACTIVITY": ALL_ACTIVITIES if by_partner else "+".join(codes("ACTIVITY")),
        "FDI_COLLECTION_ID": "",  # any collection: a series sent twice is refused as a duplicate
    }
    return ".".join(chosen[dimension] for dimension in DIMENSIONS)


class OecdClient(SourceClient):
    """The OECD's SDMX API, or a mirror of it (BASE_URL_ENV)."""

    source: ClassVar[str] = SOURCE
    # The API refuses bursts (HTTP 429 beyond about 20 queries a minute): one call every 4 s stays below it.
    polite_interval_s: ClassVar[float] = 4.0
    base_url: str = DEFAULT_BASE_URL


def fetch_fdi(client: OecdClient, years: range | None = None) -> Iterator[Payload]:
    http = client.http_client()
    params = {"startPeriod": str(FIRST_YEAR), "dimensionAtObservation": "AllDimensions", "format": "csvfilewithlabels"}
    if years:
        params.update(startPeriod=str(max(years[0], FIRST_YEAR)), endPeriod=str(years[-1]))
    for dataflow in DATAFLOWS:
        response = http.get(client.url(f"data/{flow_ref(dataflow)}/{series_key(dataflow)}"), params=params)
        yield make_payload(
            producer=PRODUCER,
            source=SOURCE,
            dataset=DATASET,
            url=http.redact(response.url),
            content=response.content,
            media_type="text/csv",
            licence=LICENCE,
        )


def _dataflow_of(rows: list[dict], payload: Payload) -> str:
    structures = {row["STRUCTURE_ID"] for row in rows}
    if len(structures) != 1:
        raise SourceError(SOURCE, f"one payload holds several structures {sorted(structures)[:3]}", payload.ref)
    structure = structures.pop()
    agency, _, flow = structure.partition(":")
    dsd, _, dataflow = flow.split("(")[0].partition("@")
    if agency != AGENCY or dsd != STRUCTURE or dataflow not in DATAFLOWS:
        raise SourceError(
            SOURCE, f"STRUCTURE_ID {structure!r} is not one of the FDI dataflows {sorted(DATAFLOWS)}", payload.ref
        )
    return dataflow


def _check_codes(rows: list[dict], dataflow: str, payload: Payload) -> None:
    """The dimensions and attributes the raw table does not keep, so no suite can check them."""
    for dimension in NOT_LOADED:
        unknown = sorted({row[dimension] for row in rows} - FIXED_CODES[dimension])
        if unknown:
            raise SourceError(SOURCE, f"unknown {dimension} code(s) {unknown[:10]} in {dataflow}", payload.ref)
    multipliers = {row["UNIT_MULT"] for row in rows}
    if multipliers != {UNIT_MULT}:
        raise SourceError(
            SOURCE,
            f"UNIT_MULT {sorted(multipliers)} differs from {UNIT_MULT!r} (millions): unit multiplier changed?",
            payload.ref,
        )
    currencies = {row.get("CURRENCY") or "" for row in rows}
    if not currencies <= CURRENCIES:
        raise SourceError(SOURCE, f"CURRENCY {sorted(currencies - CURRENCIES)} is not US dollars", payload.ref)
    for column, allowed in (("OBS_STATUS", OBS_STATUSES), ("CONF_STATUS", FREE | CONFIDENTIAL)):
        unknown = sorted({row.get(column) or "" for row in rows} - allowed)
        if unknown:
            raise SourceError(SOURCE, f"unknown {column} code(s) {unknown}", payload.ref)


def parse_fdi(payload: Payload) -> pd.DataFrame:
    """One row per dataflow, measure, direction principle, partner, activity and year; value in US dollars million.

    value_status: 'reported' (a value), 'confidential' (CONF_STATUS not free, no value), 'not_available' (no value).
    """
    reject_non_data(payload)
    reader = csv.DictReader(io.StringIO(decode_text(payload)))
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceError(
            SOURCE,
            f"not SDMX-CSV of DSD_FDI: column(s) {missing} missing (renamed or dropped: schema drift)",
            payload.ref,
        )
    rows = list(reader)
    if not rows:
        raise SourceError(SOURCE, "empty dataset: no observations in the response", payload.ref)
    for line, row in enumerate(rows, start=2):
        # csv.DictReader gives a short row's missing fields as None and a long row's extra ones under the key None.
        if None in row or None in row.values():
            raise SourceError(
                SOURCE, f"line {line} does not have the header's {len(header)} fields (truncated?)", payload.ref
            )
    dataflow = _dataflow_of(rows, payload)
    _check_codes(rows, dataflow, payload)
    records = []
    for line, row in enumerate(rows, start=2):
        where = (
            f"line {line} ({row['MEASURE_PRINCIPLE']} {row['COUNTERPART_AREA']} {row['ACTIVITY']} {row['TIME_PERIOD']})"
        )
        value = to_number(row["OBS_VALUE"], payload, where)
        conf_status = row.get("CONF_STATUS") or ""
        if conf_status in CONFIDENTIAL and value is not None:
            raise SourceError(
                SOURCE, f"a confidential cell (CONF_STATUS {conf_status}) carries a value at {where}", payload.ref
            )
        value_status = (
            "reported" if value is not None else "confidential" if conf_status in CONFIDENTIAL else "not_available"
        )
        records.append(
            {
                "dataflow_id": dataflow,
                "ref_area": row["REF_AREA"],
                "measure_code": row["MEASURE"],
                "measure_principle": row["MEASURE_PRINCIPLE"],
                "counterpart_area": row["COUNTERPART_AREA"],
                "level_counterpart": row["LEVEL_COUNTERPART"],
                "activity_code": row["ACTIVITY"],
                "fdi_collection_id": row["FDI_COLLECTION_ID"],
                "time_period": row["TIME_PERIOD"],
                "value_usd_mn": value,
                "obs_status": row.get("OBS_STATUS") or None,
                "conf_status": conf_status or None,
                "value_status": value_status,
            }
        )
    frame = pd.DataFrame.from_records(records).astype({"value_usd_mn": "float64"})
    if not frame["time_period"].str.fullmatch(r"\d{4}").all():
        raise SourceError(
            SOURCE,
            f"TIME_PERIOD values {sorted(set(frame['time_period']))[:5]} are not years (frequency changed?)",
            payload.ref,
        )
    return frame


FDI_BY_PARTNER_INDUSTRY = SourceDataset(
    source=SOURCE,
    dataset=DATASET,
    producer=PRODUCER,
    licence=LICENCE,
    description=(
        "Japan's outward (DO) and inward (DI) direct-investment positions and financial flows by partner and by "
        "economic activity, annual, US dollars million: OECD SDMX dataflows OECD.DAF.INV DSD_FDI@DF_FDI_POS_CTRY, "
        "DF_FDI_FLOW_CTRY, DF_FDI_POS_IND and DF_FDI_FLOW_IND (BMD4, directional principle, immediate counterpart)."
    ),
    fetch_live=fetch_fdi,
    parse=parse_fdi,
    key_columns=KEY_COLUMNS,
    # No OECD figures for Japan were found published to rebuild a snapshot payload from: offline the table is empty.
    live_only_schema={
        "dataflow_id": "VARCHAR",
        "ref_area": "VARCHAR",
        "measure_code": "VARCHAR",
        "measure_principle": "VARCHAR",
        "counterpart_area": "VARCHAR",
        "level_counterpart": "VARCHAR",
        "activity_code": "VARCHAR",
        "fdi_collection_id": "VARCHAR",
        "time_period": "VARCHAR",
        "value_usd_mn": "DOUBLE",
        "obs_status": "VARCHAR",
        "conf_status": "VARCHAR",
        "value_status": "VARCHAR",
    },
)

DATASETS = (FDI_BY_PARTNER_INDUSTRY,)
