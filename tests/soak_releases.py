"""The soak test's script: twelve monthly releases of every source, in each source's wire format, and what they revise.

A release is a table of routes for the loopback server (a piece of the request's path and query -> its reply), built
from the recorded payloads (the snapshot, tests/fixtures) by editing their figures. Release 0 is the snapshot itself.

- Balance of payments: the Bank of Japan (BP01, and its services breakdown) and the Ministry of Finance (monthly
  summary table) publish the same figures: every release adds a month and revises the goods balance of the month
  before (so its current account, and MOF's goods-and-services, move with it).
- Customs (e-Stat): a new month's year-to-date file each release, located through the catalogue; the 9-digit table
  answers one more month each release (the months not yet out answer "no data").
- Annual sources (IMF, World Bank, Comtrade, OECD, MOF's annual and direct-investment tables) mostly send the same
  bytes again (a no-op), and each of IMF, World Bank and Comtrade revises a figure once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from werkzeug import Response

from orchestration.sources import boj, comtrade, mof, oecd
from orchestration.sources.estat import api as estat_api
from orchestration.sources.estat import files as estat_files
from snapshot.writers.mof import BOP_ITEMS, table_bytes
from tests.http_handlers import Reply, dripping
from tests.payload_fixtures import ESTAT_FIXTURES, OECD_FIXTURE, as_position_text, catalogue_page, snapshot_payloads

RELEASES = 12
STORM_RELEASE = 3  # Comtrade refuses with 429 and Retry-After: 3600 three times before answering
WORLDBANK_REVISION_RELEASE = 4  # the US GDP deflator of the latest year is revised
BACKFILL_RELEASE = 5  # BOJ fills in a figure of a closed month the warehouse lacked: its row count grows (a warning)
COMTRADE_REVISION_RELEASE = 6  # the United States' 2023 imports from Japan are revised
BROKEN_RELEASE = 7  # BOJ's current account is off by ¥100 bn: passes Great Expectations, fails a dbt identity test
IMF_REVISION_RELEASE = 9  # the IMF revises Japan's 2024 current account and goods balance (in US dollars)
DRIP_RELEASE = 10  # MOF's monthly table arrives one byte every half second: the HTTP deadline cuts it
STORM: list[Reply] = [Response(status=429, headers={"Retry-After": "3600"})] * 3
DRIP_BYTE_S = 0.5
FIRST_MONTH = (2026, 8)  # the snapshot's BOJ months end in 2026-07
BACKFILLED = ("BPBP6JYNFB", "2026-05")  # the financial account of 2026-05 (the snapshot has five series that month)
BACKFILLED_VALUE = 12345.0
BOJ_SERIES = {"CAB": "BPBP6JYNCB", "G": "BPBP6JYNTB", "S": "BPBP6JYNSN", "IN1": "BPBP6JYNPIN", "IN2": "BPBP6JYNSIN"}
MOF_ITEM_NAMES = {code: name for name, code in BOP_ITEMS.items()}
HS9_YEAR, HS9_AREA = 2025, "50105"  # the recorded 9-digit page: exports to China, January 2025
ESTAT_APP_ID = "soak-app-id"


def month(n: int) -> str:
    """The n-th month of the soak (0 = 2026-08) as 'yyyy-mm'."""
    total = FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + n
    return f"{total // 12}-{total % 12 + 1:02d}"


# --- balance of payments: one set of figures, two publishers ----------------------------------------------------------


def bop_figures(release: int) -> dict[tuple[str, str], float]:
    """(MOF item code, yyyy-mm) -> 100 million yen in release `release`: the months out so far, the one before the
    newest revised (its goods balance up ¥2.5 bn)."""
    figures = {}
    for n in range(release):
        parts = {
            "G": -4000.0 + 10 * n + (25 if n < release - 1 else 0),
            "S": -5000.0 - n,
            "IN1": 42000.0 + n,
            "IN2": -3900.0,
        }
        figures.update({(code, month(n)): value for code, value in parts.items()})
        figures[("GS", month(n))] = parts["G"] + parts["S"]
        figures[("CAB", month(n))] = sum(parts.values())
    return figures


def boj_figures(release: int) -> dict[tuple[str, str], float]:
    """(series code, yyyy-mm) -> value in BOJ's release: the BOP figures, broken in the broken release, and from the
    backfill release on the closed month it fills in."""
    figures = {
        (BOJ_SERIES[code], period): value
        for (code, period), value in bop_figures(release).items()
        if code in BOJ_SERIES
    }
    if release == BROKEN_RELEASE:
        figures.update({key: value + 1000 for key, value in figures.items() if key[0] == BOJ_SERIES["CAB"]})
    if release >= BACKFILL_RELEASE:
        figures[BACKFILLED] = BACKFILLED_VALUE
    return figures


def boj_services_figures(release: int) -> dict[tuple[str, str], float]:
    """The services breakdown of the same months: transport, travel and other services add up to BP01's services."""
    figures = {}
    for (code, period), total in bop_figures(release).items():
        if code != "S":
            continue
        n = int(period[:4]) * 12 + int(period[5:]) - FIRST_MONTH[0] * 12 - FIRST_MONTH[1]
        transport, travel = -500.0 - n, 1000.0 + n
        figures.update(
            {
                ("BPBP6JYNSN", period): total,
                ("BPBP6JYNSN1", period): transport,
                ("BPBP6JYNSN2", period): travel,
                ("BPBP6JYNSN9", period): total - transport - travel,
                ("BPBP6JYNSN906", period): 800.0,
                ("BPBP6JYNSN907", period): -900.0,
            }
        )
    return figures


def boj_envelope(recorded: bytes, figures: dict[tuple[str, str], float], release: int) -> bytes:
    """The recorded getDataCode answer with the release's months added to its series."""
    envelope = json.loads(recorded)
    released = release_date(release).replace("-", "")
    for entry in envelope["RESULTSET"]:
        code = entry["SERIES_CODE"]
        values = dict(zip(entry["VALUES"]["SURVEY_DATES"], entry["VALUES"]["VALUES"], strict=True))
        values.update({int(period.replace("-", "")): value for (c, period), value in figures.items() if c == code})
        dates = sorted(values)
        entry.update(LAST_UPDATE=int(released), VALUES={"SURVEY_DATES": dates, "VALUES": [values[d] for d in dates]})
    envelope["DATE"] = f"{release_date(release)}T09:00:00.000+09:00"
    return json.dumps(envelope).encode()


def release_date(release: int) -> str:
    """BOJ and MOF publish a month's balance of payments around the 8th of the second month after it."""
    return f"{month(release + 1)}-08"


def mof_monthly_table(release: int) -> bytes:
    newest = month(release - 1)
    rows = [
        {
            "period": period,
            "status": "preliminary" if period == newest else "revised",
            "item": MOF_ITEM_NAMES[code],
            "value_jpy_100m": str(int(value)),
        }
        for (code, period), value in bop_figures(release).items()
    ]
    return table_bytes("bop_summary_monthly", "month", rows, BOP_ITEMS, "value_jpy_100m", "item")


# --- revisions of single figures in recorded payloads ---------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """One figure a release revises, keyed as marts.revisions names it, with its value before and after."""

    series_key: str
    period_label: str
    old: float
    new: float


def revise_sdmx(content: bytes, series: dict[str, str], period: str, delta: float) -> tuple[bytes, Revision]:
    text = content.decode()
    attributes = "".join(rf'(?=[^>]*\b{name}="{value}")' for name, value in series.items())
    block = re.search(rf"<Series{attributes}[^>]*>.*?</Series>", text, re.DOTALL)
    obs = re.search(rf'<Obs TIME_PERIOD="{period}" OBS_VALUE="([^"]+)"', block.group(0))
    old = float(obs.group(1))
    start = block.start() + obs.start(1)
    revised = text[:start] + repr(old + delta) + text[block.start() + obs.end(1) :]
    key = f"{series['INDICATOR']}.{series['BOP_ACCOUNTING_ENTRY']}"
    return revised.encode(), Revision(key, period, old, old + delta)


def imf_bop(release: int) -> tuple[bytes, list[Revision]]:
    content = snapshot_payloads("imf", "bop_annual")[-1].content
    if release < IMF_REVISION_RELEASE:
        return content, []
    revisions = []
    # The current account and the goods balance move together: the identity CAB = G + S + IN1 + IN2 still holds.
    for indicator in ("CAB", "G"):
        content, revision = revise_sdmx(
            content, {"INDICATOR": indicator, "BOP_ACCOUNTING_ENTRY": "NETCD_T", "UNIT": "USD"}, "2024", 3e6
        )
        revisions.append(revision)
    return content, revisions


def imf_imts() -> bytes:
    """No IMTS answer was recorded: the recorded BOP answer's message around Japan's 2023 goods trade with the United
    States, as the US reported it to Comtrade (its imports from Japan are Japan's exports, and back)."""
    recorded = snapshot_payloads("imf", "bop_annual")[-1].content.decode()
    usa = {r["flowCode"]: r["primaryValue"] for r in json.loads(comtrade_usa(0)[0])["data"]}
    series = "".join(
        f'<Series COUNTRY="JPN" INDICATOR="{indicator}" COUNTERPART_COUNTRY="USA" FREQUENCY="A" SCALE="6">'
        f'<Obs TIME_PERIOD="2023" OBS_VALUE="{value}"/></Series>\n'
        for indicator, value in (("XG_FOB_USD", usa["M"]), ("MG_CIF_USD", usa["X"]))
    )
    return (
        recorded[: recorded.index("<Series")] + series + recorded[recorded.rindex("</Series>") + len("</Series>\n") :]
    ).encode()


def worldbank_deflator(release: int) -> tuple[bytes, list[Revision]]:
    payload = next(p for p in snapshot_payloads("worldbank", "indicators") if "NY.GDP.DEFL.ZS" in p.origin.url)
    if release < WORLDBANK_REVISION_RELEASE:
        return payload.content, []
    paging, rows = json.loads(payload.content)
    latest = max((row for row in rows if row["value"] is not None), key=lambda row: row["date"])
    old = latest["value"]
    latest["value"] = round(old + 0.4, 2)
    return json.dumps([paging, rows], ensure_ascii=False).encode(), [
        Revision("NY.GDP.DEFL.ZS.USA", latest["date"], old, latest["value"])
    ]


def comtrade_usa(release: int) -> tuple[bytes, list[Revision]]:
    payload = next(p for p in snapshot_payloads("comtrade", "goods") if "usa_jpn_2023_total" in str(p.path))
    if release < COMTRADE_REVISION_RELEASE:
        return payload.content, []
    page = json.loads(payload.content)
    imports = next(record for record in page["data"] if record["flowCode"] == "M")
    old = imports["primaryValue"]
    imports["primaryValue"] = imports["cifvalue"] = old + 1_000_000
    return json.dumps(page, ensure_ascii=False).encode(), [
        Revision("USA.JPN.TOTAL.import", "2023", old, old + 1_000_000)
    ]


# --- e-Stat ----------------------------------------------------------------------------------------------------------


def estat_month_file(flow: str, year: int, month_number: int) -> bytes:
    """The year-to-date file of a month: the recorded March 2026 file (one cumulative block) relabelled."""
    recorded = next(
        p for p in snapshot_payloads("estat", "trade_area_commodity") if p.path.name == f"{flow}_202603.csv"
    )
    text = recorded.content.decode("cp932")
    block = f"{year}年1～{month_number}月" if month_number > 1 else f"{year}年1月"
    text = text.replace("2026年3月分", f"{year}年{month_number}月分").replace("2026年1～3月", block)
    return text.encode("cp932")


def estat_files_routes(release: int) -> dict[str, Response]:
    """The catalogue lists, per flow, last December's file and the newest month's; both are served."""
    total = 2026 * 12 + 3 + release - 1  # release 1 brings April 2026
    year, month_number = total // 12, total % 12 + 1
    routes, resources = {}, []
    for flow, word in (("export", "輸出"), ("import", "輸入")):
        for file_year, file_month in ((year - 1, 12), (year, month_number)):
            stat_inf_id = f"{1 if flow == 'export' else 2}{file_year}{file_month:02d}"
            resources.append(
                (f"{word} {estat_files.CATALOGUE_SEARCH_WORD}", f"{file_year}{file_month:02d}", stat_inf_id)
            )
            recorded = [
                p
                for p in snapshot_payloads("estat", "trade_area_commodity")
                if p.path.name == f"{flow}_{file_year}{file_month:02d}.csv"
            ]
            content = recorded[0].content if recorded else estat_month_file(flow, file_year, file_month)
            routes[f"statInfId={stat_inf_id}&"] = Response(
                content, headers={"Content-Type": "text/csv; charset=Shift_JIS"}
            )
    routes["/getDataCatalog"] = Response(
        json.dumps(catalogue_page(resources), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
    )
    return routes


def hs9_page(flow_table: str, month_number: int) -> bytes:
    """The recorded two pages of January 2025's exports to China as one page, moved to another month and table."""
    first, second = ((ESTAT_FIXTURES / f"export_2025_01_page{n}.csv").read_text(encoding="utf-8") for n in (1, 2))
    head, rows = first.split('"VALUE"\n')
    header, *records = list(csv.reader(io.StringIO(rows)))
    records += list(csv.reader(io.StringIO(second.split('"VALUE"\n')[1])))[1:]
    base = 150 + 30 * (month_number - 1)
    for record in records:
        if record[2] in {"150", "160", "170"}:
            record[2] = str(base + int(record[2]) - 150)
            record[3] = record[3].replace("1月_", f"{month_number}月_")
    head = re.sub(r'"TO_NUMBER","\d+"\n"NEXT_KEY","\d+"', f'"TO_NUMBER","{len(records)}"', head)
    head = re.sub(r'"TOTAL_NUMBER","\d+"', f'"TOTAL_NUMBER","{len(records)}"', head).replace("0003425293", flow_table)
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *records])
    return (head + '"VALUE"\n' + out.getvalue()).encode()


def hs9_routes(release: int) -> dict[str, Response]:
    """One call per flow and month of 2025; month m is out from release m on."""
    routes = {}
    for flow in estat_api.FLOWS:
        table = estat_api.table_for(flow, HS9_YEAR).stats_data_id
        for month_number in range(1, 13):
            base = 150 + 30 * (month_number - 1)
            key = f"statsDataId={table}&cdTime={HS9_YEAR}000000&cdCat02=100%2C110%2C{base}%2C"
            body = (
                hs9_page(table, month_number)
                if month_number <= release
                else (ESTAT_FIXTURES / "no_data_status_1.csv").read_bytes()
            )
            routes[key] = Response(body, headers={"Content-Type": "text/plain; charset=UTF-8"})
    return routes


# --- one release ---------------------------------------------------------------------------------------------------


@dataclass
class Release:
    number: int
    routes: dict[str, Reply | list[Reply]] = field(default_factory=dict)
    revisions: dict[str, list[Revision]] = field(default_factory=dict)  # raw table -> the figures it revises


def json_reply(content: bytes) -> Response:
    return Response(content, headers={"Content-Type": "application/json"})


def csv_reply(content: bytes) -> Response:
    return Response(content, headers={"Content-Type": "text/csv; charset=Shift_JIS"})


def mof_annual_routes() -> dict[str, Response]:
    """The annual tables as last recorded, for every release: the same bytes, a no-op."""
    routes = {}
    for dataset in ("bop_summary_annual", "services_annual"):
        for payload in snapshot_payloads("mof", dataset):
            routes[f"/{payload.path.name}"] = csv_reply(payload.content)  # the newest vintage of each file wins
    return routes


def mof_fdi_routes() -> dict[str, Response]:
    """Each direction's recorded flows table for its own year; for every other year the plan may ask, the same table
    relabelled ('CY2014' -> 'CY2019') and cut to its first industry, as a table stating little (a year's tables in
    full would pass the row count Great Expectations allows one load). The positions tables are the same, retitled."""
    routes = {}
    for payload in snapshot_payloads("mof", mof.FDI_DATASET):
        direction, recorded_year = payload.path.stem.split("_")
        rows = list(csv.reader(io.StringIO(payload.content.decode("cp932"))))
        header = next(n for n, row in enumerate(rows) if len(row) > 2 and row[2] == "World")
        first_industry = io.StringIO()
        csv.writer(first_industry, lineterminator="\r\n").writerows(rows[: header + 2])
        for year in range(mof.FDI_FIRST_YEAR, 2031):
            flows = (
                payload.content.decode("cp932")
                if str(year) == recorded_year
                else first_industry.getvalue().replace(f"CY{recorded_year}", f"CY{year}")
            )
            routes[f"/{direction}_{year}.csv"] = csv_reply(flows.encode("cp932"))
            routes[f"/{direction}_position_{year}.csv"] = csv_reply(as_position_text(flows).encode("cp932"))
    return routes


def oecd_routes() -> dict[str, Response]:
    """Each dataflow's answer, from the recorded-layout answer of positions by partner (tests/fixtures/oecd): flows by
    partner relabel its measure; by activity, its rows of each direction name the seed's activities, against the world."""
    with OECD_FIXTURE.open(newline="", encoding="utf-8") as recorded:
        reader = csv.reader(recorded)
        header, *rows = list(reader)
    at = {
        name: header.index(name)
        for name in ("STRUCTURE_ID", "MEASURE", "MEASURE_PRINCIPLE", "COUNTERPART_AREA", "ACTIVITY")
    }
    routes = {}
    for dataflow, (measure, breakdown) in oecd.DATAFLOWS.items():
        answer, seen = [], {}
        for row in rows:
            row = list(row)
            row[at["STRUCTURE_ID"]] = row[at["STRUCTURE_ID"]].replace("DF_FDI_POS_CTRY", dataflow)
            row[at["MEASURE"]] = measure
            if breakdown == "activity":
                number = seen[row[at["MEASURE_PRINCIPLE"]]] = seen.get(row[at["MEASURE_PRINCIPLE"]], -1) + 1
                if number >= len(oecd.codes("ACTIVITY")):
                    continue
                row[at["COUNTERPART_AREA"]], row[at["ACTIVITY"]] = oecd.WORLD, oecd.codes("ACTIVITY")[number]
            answer.append(row)
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([header, *answer])
        routes[dataflow] = Response(out.getvalue().encode(), headers={"Content-Type": "text/csv"})
    return routes


def release(number: int) -> Release:
    bop_json = snapshot_payloads("boj", "bp01_monthly")[-1].content
    services_json = snapshot_payloads("boj", "bp01_services_monthly")[-1].content
    imf_content, imf_revisions = imf_bop(number)
    deflator, worldbank_revisions = worldbank_deflator(number)
    exchange_rate = next(
        p for p in snapshot_payloads("worldbank", "indicators") if "PA.NUS.FCRF" in p.origin.url
    ).content
    usa_page, comtrade_revisions = comtrade_usa(number)
    no_trade = json.dumps({"elapsedTime": "0.1 secs", "count": 0, "data": [], "error": ""}).encode()
    mof_monthly: Reply = csv_reply(mof_monthly_table(number))
    if number == DRIP_RELEASE:
        mof_monthly = dripping(mof_monthly, DRIP_BYTE_S)
    jpn_page = [*(STORM if number == STORM_RELEASE else []), json_reply(no_trade)]
    routes = {
        boj.bp01_services_series()[1]: json_reply(boj_envelope(services_json, boj_services_figures(number), number)),
        "BPBP6JYNCB": json_reply(boj_envelope(bop_json, boj_figures(number), number)),
        "/data/BOP/": Response(imf_content, headers={"Content-Type": "application/xml"}),
        "IMTS": Response(imf_imts(), headers={"Content-Type": "application/xml"}),
        "DIP": Response(
            snapshot_payloads("imf", "dip_positions")[-1].content, headers={"Content-Type": "application/xml"}
        ),
        "/indicator/NY.GDP.DEFL.ZS": json_reply(deflator),
        "/indicator/PA.NUS.FCRF": json_reply(exchange_rate),
        f"reporterCode=842&partnerCode={comtrade.JAPAN}": json_reply(usa_page),
        f"reporterCode={comtrade.JAPAN}&partnerCode=842": jpn_page,
        "/6s-1-4.csv": mof_monthly,
        **mof_annual_routes(),
        **mof_fdi_routes(),
        **oecd_routes(),
        **estat_files_routes(number),
        **hs9_routes(number),
    }
    return Release(
        number,
        routes,
        {
            "imf__bop_annual": imf_revisions,
            "worldbank__indicators": worldbank_revisions,
            "comtrade__goods": comtrade_revisions,
        },
    )
