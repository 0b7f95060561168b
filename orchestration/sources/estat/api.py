"""e-Stat API v3.0 `getSimpleStatsData`: Japan's trade by 9-digit statistical code x country x month (品別国別表).

The tables read are Japan Customs' 品別国別表 (commodity by country), one statistical table (statsDataId) per flow
and block of five calendar years. Their axes: cat01 the 9-digit statistical code (HS6 plus three national digits;
the export and import schedules differ), cat02 a cross of month and measure, area the partner country ("50" + the
customs 3-digit country code), time the calendar year (`<year>000000`). cat02 codes, as e-Stat's metadata lists them:

    100 単位1, 110 単位2             the value is the name of the quantity unit (e.g. 'ＫＧ'), not a number
    150 + 30 (m - 1)   m月_数量1     first quantity of month m
    160 + 30 (m - 1)   m月_数量2     second quantity of month m
    170 + 30 (m - 1)   m月_金額      value of month m, thousand yen
    (120, 130, 140 are the year's totals: not requested, so a payload holding them is rejected)

`getSimpleStatsData` answers CSV (UTF-8). With `sectionHeaderFlg=1` a header comes first, one quoted record a line:

    "RESULT"                            then "STATUS","0"  "ERROR_MSG","..."  "DATE","..."
    "RESULT_INF"                        then "TOTAL_NUMBER" "FROM_NUMBER" "TO_NUMBER" and, if more rows remain, "NEXT_KEY"
    "TABLE_INF","<statsDataId>"         then "STAT_NAME","00350300","普通貿易統計", "TITLE", ... (metadata)
    "VALUE"                             then the table: a code and a label column per axis, then unit and value
    "cat01_code","<label>","cat02_code","<label>","area_code","<label>","time_code","<label>","unit","value"

An answer with STATUS 1 (no data) or an error (STATUS 100 and above, still HTTP 200) has the RESULT section only.
Pages of at most `limit` rows are chained through NEXT_KEY -> startPosition. The appId comes from the client resource
(ESTAT_APP_ID), is sent as a secret of the HTTP client and redacted from every kept URL.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import requests

from orchestration.errors import SourceError
from orchestration.payloads import Payload, make_payload
from orchestration.sources.base import SourceDataset, decode_text, reject_non_data, require_unique
from orchestration.sources.estat import client
from orchestration.sources.estat.client import EstatClient

DATASET = "trade_hs9_country"
ENDPOINT = "getSimpleStatsData"
ENVELOPE = "getSimpleStatsData"  # the CSV has no envelope name; used in messages only
PAGE_LIMIT = 100_000  # the most rows e-Stat returns in one answer
FLOWS = ("export", "import")


# --- the tables: data, not code ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatsTable:
    """One 品別国別表 statistical table: one flow, a block of calendar years."""

    stats_data_id: str
    flow: str
    first_year: int
    last_year: int | None  # None: the open block, which e-Stat extends as years are published

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


# statsDataId of the national (all customs offices) 品別国別表, as used by public code reading these tables
# (exports and imports named alike in three independent code bases; the axes verified there against 0004049306).
# The two-year tables of the 'HS'/'OR' mapping in miyamankyushu/Japan_TradeData are the 税関別 (by customs office)
# tables instead: they add a customs-office axis (cat03), so each partner's month would be split by office.
TABLES = (
    StatsTable("0003228116", "export", 2001, 2005),
    StatsTable("0003228117", "export", 2006, 2010),
    StatsTable("0003228118", "export", 2011, 2015),
    StatsTable("0003313965", "export", 2016, 2020),
    StatsTable("0003425293", "export", 2021, 2025),
    StatsTable("0004049306", "export", 2026, None),
    StatsTable("0003228183", "import", 2001, 2005),
    StatsTable("0003228184", "import", 2006, 2010),
    StatsTable("0003228185", "import", 2011, 2015),
    StatsTable("0003313966", "import", 2016, 2020),
    StatsTable("0003425294", "import", 2021, 2025),
    StatsTable("0004049326", "import", 2026, None),
)
TABLES_BY_ID = {table.stats_data_id: table for table in TABLES}
FIRST_YEAR = min(table.first_year for table in TABLES)

# cat02: the quantity-unit members, and the month x measure members (offsets from 150 + 30 (month - 1)).
UNIT_CODES = {"100": ("quantity_unit_1", "単位1"), "110": ("quantity_unit_2", "単位2")}
MEASURES = ((0, "quantity_1", "数量1"), (10, "quantity_2", "数量2"), (20, "value_jpy_1000", "金額"))
MONTH_CODES = {
    str(150 + 30 * (month - 1) + offset): (month, column, label)
    for month in range(1, 13)
    for offset, column, label in MEASURES
}
MONTH_LABEL = re.compile(r"^0?(\d{1,2})月_(\S+)$")

# e-Stat's special characters (replaceSpChars=0 keeps them as served): '-' is "no corresponding figure" and becomes
# null. Any other mark ('***' or 'X'/'x' for a secret figure, '…' for an unknown one) is not expected in trade
# statistics: loading it as null would silently understate totals, so it stops the load for a person to decide.
NIL_MARKS = {"", "-", "－"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

SCHEMA = {
    "flow": "VARCHAR",
    "stats_data_id": "VARCHAR",
    "stat_code_9": "VARCHAR",
    "hs6_code": "VARCHAR",
    "commodity_label": "VARCHAR",
    "area_code": "VARCHAR",
    "customs_country_code": "VARCHAR",
    "area_label": "VARCHAR",
    "period": "VARCHAR",
    "value_jpy_1000": "DOUBLE",
    "value_unit": "VARCHAR",
    "quantity_1": "DOUBLE",
    "quantity_unit_1": "VARCHAR",
    "quantity_2": "DOUBLE",
    "quantity_unit_2": "VARCHAR",
}
KEY_COLUMNS = ("flow", "stat_code_9", "area_code", "period")


# --- the request plan ------------------------------------------------------------------------------------------------

PLAN_ENV = "JTDW_ESTAT_HS9_PLAN"  # 'default' or 'full'
YEARS_ENV = "JTDW_ESTAT_HS9_YEARS"  # '2025', '2023,2024' or '2019-2025'
AREAS_ENV = "JTDW_ESTAT_HS9_AREAS"  # '50105,50304' (e-Stat area codes) or 'all'
# The default: Japan's four largest partners (China, United States, Korea, Taiwan), every 9-digit code, both flows,
# the latest complete year. That is 24 calls of a few pages each; the full plan (every area, every year since 2001)
# is tens of millions of rows and belongs to a deliberate backfill.
DEFAULT_AREAS = ("50105", "50304", "50103", "50106")
AREA_CODE = re.compile(r"^50\d{3}$")


def latest_complete_year(today: date | None = None) -> int:
    """The last calendar year whose twelve months are all out. Public code reading these tables reports that e-Stat
    serves a month not yet published as 0, not as 'no data', so December's figures (published at the end of January,
    final a month later) are waited for until April rather than loaded as zeros."""
    today = today or date.today()
    return today.year - 1 if today.month >= 4 else today.year - 2


def table_for(flow: str, year: int) -> StatsTable:
    for table in TABLES:
        if table.flow == flow and table.covers(year):
            return table
    raise SourceError(
        client.SOURCE, f"no e-Stat 品別国別表 table for {flow}s in {year} (the plan knows {FIRST_YEAR} onwards)"
    )


@dataclass(frozen=True)
class Request:
    """One call (and its pages): one table, year and month, for some areas (none listed: every area)."""

    table: StatsTable
    year: int
    month: int
    areas: tuple[str, ...]

    def params(self) -> dict[str, str]:
        base = 150 + 30 * (self.month - 1)
        params = {
            "lang": "J",
            "statsDataId": self.table.stats_data_id,
            "cdTime": f"{self.year}000000",
            # The month's two quantities and value, with the unit members that name the quantities' units.
            "cdCat02": ",".join([*UNIT_CODES, str(base), str(base + 10), str(base + 20)]),
            "metaGetFlg": "N",
            "cntGetFlg": "N",
            "explanationGetFlg": "N",
            "annotationGetFlg": "N",
            "sectionHeaderFlg": "1",
            "replaceSpChars": "0",
        }
        if self.areas:
            params["cdArea"] = ",".join(self.areas)
        return params


def _years_setting(value: str) -> tuple[int, ...] | None:
    value = value.strip()
    if not value:
        return None
    years: list[int] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        bounds = part.split("-")
        if not all(b.strip().isdigit() and len(b.strip()) == 4 for b in bounds) or len(bounds) > 2:
            raise SourceError(
                client.SOURCE,
                f"hs9_years ({YEARS_ENV})={value!r}: expected years like '2025', '2023,2024' or '2019-2025'",
            )
        first, last = int(bounds[0]), int(bounds[-1])
        years.extend(range(first, last + 1))
    return tuple(sorted(set(years)))


def _areas_setting(value: str) -> tuple[str, ...] | None:
    value = value.strip()
    if not value:
        return None
    if value.lower() == "all":
        return ()
    return tuple(a.strip() for a in value.split(",") if a.strip())


def planned_years_and_areas(estat: EstatClient, today: date | None = None) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The years and areas to request: the default plan or, with the client's hs9_plan 'full', every year and area;
    its hs9_years and hs9_areas override either."""
    plan = estat.hs9_plan.strip().lower()
    if plan not in {"default", "full"}:
        raise SourceError(client.SOURCE, f"hs9_plan ({PLAN_ENV})={plan!r}: expected 'default' or 'full'")
    latest = latest_complete_year(today)
    years = (latest,) if plan == "default" else tuple(range(FIRST_YEAR, latest + 1))
    areas = DEFAULT_AREAS if plan == "default" else ()
    set_years, set_areas = _years_setting(estat.hs9_years), _areas_setting(estat.hs9_areas)
    return (set_years if set_years is not None else years), (set_areas if set_areas is not None else areas)


def request_plan(
    years: Iterable[int], areas: Iterable[str], flows: Iterable[str] = FLOWS, months: Iterable[int] = range(1, 13)
) -> list[Request]:
    areas = tuple(areas)
    bad = [a for a in areas if not AREA_CODE.match(a)]
    if bad:
        raise SourceError(
            client.SOURCE, f"area codes {bad} are not e-Stat trade area codes ('50' + the customs 3-digit country code)"
        )
    return [Request(table_for(flow, year), year, month, areas) for flow in flows for year in years for month in months]


# --- fetch -----------------------------------------------------------------------------------------------------------


def _media_type(response: requests.Response) -> str:
    """Kept as CSV with the charset the server declared (e-Stat labels the body text/plain), for `decode`."""
    declared = re.search(r"charset=\"?([\w.-]+)", response.headers.get("Content-Type", ""), re.I)
    return f"text/csv; charset={declared.group(1)}" if declared else "text/csv"


def fetch_hs9_country(
    estat: EstatClient,
    years: range | None = None,
    plan: list[Request] | None = None,
    limit: int = PAGE_LIMIT,
) -> Iterator[Payload]:
    """Every page of every planned call, yielded before it is read (so it is archived even when it is an error).
    Without a plan: the client's planned years that fall in the run's `years`, for its planned areas."""
    app_id = estat.required_app_id()
    http = estat.http_client()
    if plan is None:
        planned_years, areas = planned_years_and_areas(estat)
        plan = request_plan([y for y in planned_years if years is None or y in years], areas)
    for request in plan:
        start = 1
        while True:
            params = {"appId": app_id, **request.params(), "limit": str(limit), "startPosition": str(start)}
            response = http.get(estat.url(ENDPOINT), params=params)
            payload = make_payload(
                producer=client.PRODUCER,
                source=client.SOURCE,
                dataset=DATASET,
                url=http.redact(response.url),
                content=response.content,
                media_type=_media_type(response),
                licence=client.LICENCE,
            )
            yield payload
            next_key = read_page(payload).next_key
            if next_key is None:
                break
            if next_key <= start:
                raise SourceError(
                    client.SOURCE, f"NEXT_KEY {next_key} does not move past startPosition {start}", payload.ref
                )
            start = next_key


# --- read one answer -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    status: int
    result_inf: dict[str, str]
    table_inf: dict[str, list[str]]
    columns: list[str]
    rows: list[list[str]]

    @property
    def next_key(self) -> int | None:
        value = self.result_inf.get("NEXT_KEY")
        return int(value) if value else None


VALUE_LINE = re.compile(r'^"VALUE"\r?$', re.M)
SECTION_NAME = re.compile(r"^[A-Z][A-Z_]*$")


def _sections(head: str, payload: Payload) -> dict[str, dict[str, list[str]]]:
    """The header records by section: a one-field record opens a section ("RESULT", "RESULT_INF"), "TABLE_INF" opens
    one and carries the table id; every other record is a key followed by its values."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = ""
    try:
        for record in csv.reader(io.StringIO(head), strict=True):
            if not any(field.strip() for field in record):
                continue
            key, values = record[0].strip(), record[1:]
            if len(record) == 1 and SECTION_NAME.match(key):
                current = key
                sections.setdefault(current, {})
            elif key == "TABLE_INF":
                current = key
                sections.setdefault(current, {})["id"] = values
            else:
                sections.setdefault(current, {})[key] = values
    except csv.Error as exc:
        raise SourceError(client.SOURCE, f"header section is not CSV (truncated?): {exc}", payload.ref) from None
    return sections


def _first(values: list[str] | None) -> str:
    return values[0].strip() if values else ""


def _count(result_inf: dict[str, str], name: str, payload: Payload) -> int:
    value = result_inf.get(name, "")
    if not value.isdigit():
        raise SourceError(
            client.SOURCE, f"RESULT_INF.{name} is {value!r}, not a row number (schema drift?)", payload.ref
        )
    return int(value)


def read_page(payload: Payload) -> Page:
    """The answer's status, paging and table, with the checks that make a page complete or an error."""
    reject_non_data(payload)
    text = decode_text(payload)
    marker = VALUE_LINE.search(text)
    head, table = (text[: marker.start()], text[marker.end() :]) if marker else (text, None)
    sections = _sections(head, payload)
    result = {key: _first(values) for key, values in sections.get("RESULT", {}).items()}
    client.result_of({ENVELOPE: {"RESULT": result}}, ENVELOPE, payload)  # raises on STATUS 100 and above
    status = int(result["STATUS"])
    result_inf = {key: _first(values) for key, values in sections.get("RESULT_INF", {}).items()}
    table_inf = sections.get("TABLE_INF", {})
    if status == client.STATUS_NO_DATA:
        if table and table.strip():
            raise SourceError(client.SOURCE, "STATUS 1 (no data) but a VALUE table follows", payload.ref)
        return Page(status, result_inf, table_inf, [], [])
    if table is None:
        raise SourceError(
            client.SOURCE, f"STATUS {status} but no VALUE section after the header (truncated?)", payload.ref
        )
    # e-Stat quotes every field: a table that does not end with a quote was cut after a comma, where a parser would
    # read an empty last value as "no figure".
    if table.strip() and not table.rstrip("\r\n").endswith('"'):
        raise SourceError(client.SOURCE, "VALUE table does not end with a closing quote (truncated?)", payload.ref)
    try:
        records = [r for r in csv.reader(io.StringIO(table.lstrip("\r\n")), strict=True) if any(f.strip() for f in r)]
    except csv.Error as exc:
        raise SourceError(client.SOURCE, f"VALUE table is not CSV (truncated?): {exc}", payload.ref) from None
    if not records:
        raise SourceError(client.SOURCE, "VALUE section without a column header (truncated?)", payload.ref)
    columns, rows = [c.strip() for c in records[0]], records[1:]
    for number, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            raise SourceError(
                client.SOURCE,
                f"VALUE row {number} has {len(row)} fields, the header {len(columns)} (truncated?)",
                payload.ref,
            )
    _check_paging(result_inf, len(rows), payload)
    return Page(status, result_inf, table_inf, columns, rows)


def _check_paging(result_inf: dict[str, str], held: int, payload: Payload) -> None:
    total, first, last = (_count(result_inf, name, payload) for name in ("TOTAL_NUMBER", "FROM_NUMBER", "TO_NUMBER"))
    if held != last - first + 1:
        raise SourceError(
            client.SOURCE,
            f"page says rows {first}-{last} ({last - first + 1}) of {total} but holds {held} rows (truncated?)",
            payload.ref,
        )
    requested = parse_qs(urlsplit(payload.origin.url).query).get("startPosition")
    if requested and requested[0].isdigit() and int(requested[0]) != first:
        raise SourceError(client.SOURCE, f"asked for rows from {requested[0]}, the page starts at {first}", payload.ref)
    next_key = result_inf.get("NEXT_KEY")
    if last < total and next_key != str(last + 1):
        raise SourceError(
            client.SOURCE,
            f"rows {first}-{last} of {total} but NEXT_KEY is {next_key!r}: the rest would be lost",
            payload.ref,
        )
    if last >= total and next_key:
        raise SourceError(client.SOURCE, f"last page ({last} of {total}) still names NEXT_KEY {next_key}", payload.ref)


# --- parse -----------------------------------------------------------------------------------------------------------

AXES = ("cat01", "cat02", "area", "time")
OPTIONAL_AXES = ("tab",)


def _positions(columns: list[str], payload: Payload) -> dict[str, int]:
    """Where each axis's code and label, the unit and the value sit in the VALUE table."""
    axes = [c[: -len("_code")] for c in columns if c.endswith("_code")]
    labels = {
        a: columns[i + 1] if i + 1 < len(columns) else "" for i, a in ((columns.index(f"{a}_code"), a) for a in axes)
    }
    unexpected = [f"{a} ({labels[a]})" for a in axes if a not in AXES + OPTIONAL_AXES]
    if unexpected:
        raise SourceError(
            client.SOURCE,
            f"unexpected axes {unexpected}: this dataset reads the national 品別国別表 (a 税関別 table adds a customs-office axis)",
            payload.ref,
        )
    missing = [c for c in [f"{a}_code" for a in AXES] + ["unit", "value"] if c not in columns]
    if missing:
        raise SourceError(client.SOURCE, f"VALUE table lacks columns {missing} (layout changed?)", payload.ref)
    positions = {name: columns.index(name) for name in ("unit", "value")}
    for axis in axes:
        code = columns.index(f"{axis}_code")
        if code + 1 >= len(columns) or columns[code + 1] in {"unit", "value"} or columns[code + 1].endswith("_code"):
            raise SourceError(
                client.SOURCE, f"axis {axis} has no label column after {axis}_code (layout changed?)", payload.ref
            )
        positions[axis], positions[f"{axis}_label"] = code, code + 1
    return positions


def _table_of(page: Page, payload: Payload) -> StatsTable:
    """The table a page comes from (TABLE_INF, else the statsDataId asked for), which gives its flow."""
    from_header = _first(page.table_inf.get("id"))
    asked = _first(parse_qs(urlsplit(payload.origin.url).query).get("statsDataId"))
    if from_header and asked and from_header != asked:
        raise SourceError(client.SOURCE, f"asked for table {asked}, the answer is table {from_header}", payload.ref)
    table_id = from_header or asked
    if table_id not in TABLES_BY_ID:
        raise SourceError(
            client.SOURCE,
            f"table {table_id or '(none named)'} is not a 品別国別表 table this module knows",
            payload.ref,
        )
    stat_name = page.table_inf.get("STAT_NAME")
    if stat_name and _first(stat_name) != client.STATS_CODE:
        raise SourceError(
            client.SOURCE,
            f"table {table_id} belongs to statistics {_first(stat_name)}, not {client.STATS_CODE}",
            payload.ref,
        )
    return TABLES_BY_ID[table_id]


def _number(text: str, payload: Payload, where: str) -> float | None:
    text = text.strip()
    if text in NIL_MARKS:
        return None
    if not NUMBER.match(text):
        raise SourceError(
            client.SOURCE,
            f"non-numeric value {text!r} at {where}: only '-' (no figure) is expected among e-Stat's special characters",
            payload.ref,
        )
    return float(text)  # a negative one is the suite's to refuse


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(dtype="float64" if dtype == "DOUBLE" else object) for name, dtype in SCHEMA.items()}
    )


def parse_hs9_country(payload: Payload) -> pd.DataFrame:
    """One row per flow, 9-digit statistical code, area and month: value (thousand yen) and both quantities with
    their units, as served. STATUS 1 (no data for the request: no trade with the areas asked in that month) is a
    legitimate answer and gives an empty frame; the plan only asks for years a table holds, so it cannot mean a
    year outside the table."""
    page = read_page(payload)
    if page.status == client.STATUS_NO_DATA:
        return empty_frame()
    table = _table_of(page, payload)
    at = _positions(page.columns, payload)
    observations: list[dict] = []
    units: dict[str, dict[str, str]] = {}
    for number, row in enumerate(page.rows, start=1):
        code, cat02, area, time_code = (row[at[a]].strip() for a in AXES)
        where = f"row {number} ({code} x area {area} x cat02 {cat02})"
        if not code.isdigit() or len(code) > 9:
            raise SourceError(
                client.SOURCE, f"statistical code {code!r} at row {number} is not a 9-digit code", payload.ref
            )
        if len(code) < 9:
            continue  # the table's chapter and heading totals: sums of the 9-digit rows, left out so none counts twice
        if not AREA_CODE.match(area):
            raise SourceError(
                client.SOURCE, f"area code {area!r} at {where} is not an e-Stat trade area code", payload.ref
            )
        year = _year_of(time_code, table, payload, where)
        cat02_label = row[at["cat02_label"]].strip()
        observation: dict[str, object] = {
            "tab": row[at["tab"]].strip() if "tab" in at else "",
            "code": code,
            "cat02": cat02,
            "area": area,
            "time": time_code,
        }
        if cat02 in UNIT_CODES:
            column, label = UNIT_CODES[cat02]
            _require_label(cat02, cat02_label, label, payload)
            # The unit belongs to the code (the schedule defines it), not to the area: a page that holds a code's
            # months for one area and its unit row for another still names the unit. NFKC: 'ＫＧ' -> 'KG'.
            unit_name = unicodedata.normalize("NFKC", row[at["value"]]).strip()
            if unit_name not in NIL_MARKS:
                known = units.setdefault(code, {}).setdefault(column, unit_name)
                if known != unit_name:
                    raise SourceError(
                        client.SOURCE, f"code {code} has {label} {known!r} and {unit_name!r} in one page", payload.ref
                    )
        elif cat02 in MONTH_CODES:
            month, column, label = MONTH_CODES[cat02]
            _require_month_label(cat02, cat02_label, month, label, payload)
            # The value's unit (千円) is loaded as value_unit and checked by the suite, which names a changed one.
            unit = row[at["unit"]].strip()
            observation.update(
                month=month,
                column=column,
                number=_number(row[at["value"]], payload, where),
                unit=unit,
                commodity_label=row[at["cat01_label"]].strip(),
                area_label=row[at["area_label"]].strip(),
                period=f"{year}-{month:02d}",
            )
        else:
            raise SourceError(
                client.SOURCE,
                f"cat02 code {cat02!r} ({cat02_label}) at row {number} is neither a month's measure nor a unit",
                payload.ref,
            )
        observations.append(observation)
    if not observations:
        return empty_frame()
    require_unique(pd.DataFrame(observations), ("tab", "code", "cat02", "area", "time"), payload)
    if len({o["tab"] for o in observations}) > 1:
        raise SourceError(
            client.SOURCE, f"one page holds several tab items {sorted({o['tab'] for o in observations})}", payload.ref
        )
    return _month_rows(observations, units, table, payload)


def _year_of(time_code: str, table: StatsTable, payload: Payload, where: str) -> int:
    if not re.fullmatch(r"\d{4}000000", time_code):
        raise SourceError(
            client.SOURCE, f"time code {time_code!r} at {where} is not a calendar year ('<year>000000')", payload.ref
        )
    year = int(time_code[:4])
    if not table.covers(year):
        raise SourceError(
            client.SOURCE,
            f"table {table.stats_data_id} holds {table.first_year}-{table.last_year or ''}, not {year}",
            payload.ref,
        )
    return year


def _require_label(code: str, served: str, expected: str, payload: Payload) -> None:
    if served != expected:
        raise SourceError(
            client.SOURCE,
            f"cat02 code {code} is labelled {served!r}, expected {expected!r} (code list changed?)",
            payload.ref,
        )


def _require_month_label(code: str, served: str, month: int, measure: str, payload: Payload) -> None:
    """'1月_金額' for code 170: the label says which month and measure the code carries, so a renumbering is caught."""
    match = MONTH_LABEL.match(served)
    if not match or int(match.group(1)) != month or match.group(2) != measure:
        _require_label(code, served, f"{month}月_{measure}", payload)


def _month_rows(observations: list[dict], units: dict, table: StatsTable, payload: Payload) -> pd.DataFrame:
    rows: dict[tuple[str, str, str], dict] = {}
    for obs in observations:
        if "column" not in obs:
            continue
        key = (obs["code"], obs["area"], obs["period"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "flow": table.flow,
                "stats_data_id": table.stats_data_id,
                "stat_code_9": obs["code"],
                "hs6_code": obs["code"][:6],
                "commodity_label": obs["commodity_label"],
                "area_code": obs["area"],
                "customs_country_code": obs["area"][-3:],
                "area_label": obs["area_label"],
                "period": obs["period"],
                "value_jpy_1000": None,
                "value_unit": None,
                "quantity_1": None,
                "quantity_unit_1": None,
                "quantity_2": None,
                "quantity_unit_2": None,
                **units.get(obs["code"], {}),
            }
        row[obs["column"]] = obs["number"]
        if obs["column"] == "value_jpy_1000":
            row["value_unit"] = obs["unit"]
    # A month whose value and quantities are all '-' holds no figure: nothing to load.
    kept = [r for r in rows.values() if any(r[c] is not None for c in ("value_jpy_1000", "quantity_1", "quantity_2"))]
    if not kept:
        return empty_frame()
    frame = pd.DataFrame(kept, columns=list(SCHEMA), dtype=object)
    for name, dtype in SCHEMA.items():
        if dtype == "DOUBLE":
            frame[name] = frame[name].astype("float64")
    return frame


HS9_COUNTRY = SourceDataset(
    source=client.SOURCE,
    dataset=DATASET,
    producer=client.PRODUCER,
    licence=client.LICENCE,
    description=(
        "Japan Customs (MOF), Trade Statistics of Japan, 品別国別表: exports and imports by 9-digit statistical code x "
        "partner country x month, thousand yen and quantities; e-Stat API v3.0 getSimpleStatsData (CSV)."
    ),
    fetch_live=fetch_hs9_country,
    parse=parse_hs9_country,
    key_columns=KEY_COLUMNS,
    live_only_schema=SCHEMA,
)
