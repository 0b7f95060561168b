"""Rebuild the embedded snapshot: published figures (snapshot/figures/*.csv) written out in each source's wire format.

The snapshot is what the default, offline run reads through the same parsers as live mode. Each payload gets an
origin record saying where its figures were published and that the payload was rebuilt from them (not fetched).
Run `python snapshot/rebuild.py` after editing a figures file; tests check the committed payloads match.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from xml.sax.saxutils import quoteattr

SNAPSHOT_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(SNAPSHOT_DIR.parent))

from writers_comtrade import rebuild_comtrade_goods  # noqa: E402
from writers_estat import rebuild_estat_area_commodity  # noqa: E402
from writers_fdi_services import rebuild_boj_bp01_services, rebuild_imf_dip  # noqa: E402
from writers_mof import rebuild_mof_bop_summary, rebuild_mof_fdi_region_industry, rebuild_mof_services  # noqa: E402
from writers_worldbank import rebuild_worldbank_indicators  # noqa: E402

from orchestration.payloads import ORIGIN_SUFFIX, Origin, sha256_hex  # noqa: E402
from orchestration.sources import boj, imf  # noqa: E402

FIGURES_DIR = SNAPSHOT_DIR / "figures"


def read_figures(name: str) -> tuple[list[dict], str]:
    """Rows of a figures file and its provenance header (the leading '#' lines)."""
    lines = (FIGURES_DIR / name).read_text().splitlines()
    header = " ".join(line.lstrip("# ").strip() for line in lines if line.startswith("#"))
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return rows, header


def write_payload(target_dir: Path, origin_fields: dict, filename: str, content: bytes) -> None:
    folder = target_dir / origin_fields["source"] / origin_fields["dataset"] / origin_fields["retrieved_at"][:10]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / filename).write_bytes(content)
    origin = Origin(**origin_fields, sha256=sha256_hex(content))
    (folder / (filename + ORIGIN_SUFFIX)).write_text(json.dumps(asdict(origin), indent=2, ensure_ascii=False) + "\n")


def sdmx_structure_specific(flow_ref: str, dataset_attrs: dict, series: list[tuple[dict, list[dict]]]) -> bytes:
    """SDMX-ML 2.1 StructureSpecificData, laid out as the IMF's 2.1 endpoint returns it."""
    def attrs(values: dict) -> str:
        return " ".join(f"{k}={quoteattr(str(v))}" for k, v in values.items())

    agency, flow_id, version = flow_ref.split(",")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<message:StructureSpecificData xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"'
        ' xmlns:footer="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message/footer"'
        f' xmlns:ns1="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={agency}:{flow_id}({version}):ObsLevelDim:TIME_PERIOD"'
        ' xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"'
        ' xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xml="http://www.w3.org/XML/1998/namespace">',
        "<message:Header><message:ID>IREF000001</message:ID><message:Test>false</message:Test>"
        f"<message:Prepared>{dataset_attrs['UPDATE_DATE']}</message:Prepared>"
        '<message:Sender id="IMF"/>'
        f'<message:Structure structureID="{agency}_{flow_id}_{version.replace(".", "_")}" namespace="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={agency}:{flow_id}({version}):ObsLevelDim:TIME_PERIOD" dimensionAtObservation="TIME_PERIOD">'
        f'<common:StructureUsage><Ref agencyID="{agency}" id="{flow_id}" version="{version}"/></common:StructureUsage>'
        "</message:Structure></message:Header>",
        f'<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" ss:structureRef="{agency}_{flow_id}_{version.replace(".", "_")}" {attrs(dataset_attrs)}>',
    ]
    for series_attrs, observations in series:
        out.append(f"<Series {attrs(series_attrs)}>")
        out.extend(f"<Obs {attrs(obs)}/>" for obs in observations)
        out.append("</Series>")
    out.append("</message:DataSet></message:StructureSpecificData>")
    return ("\n".join(out) + "\n").encode("utf-8")


def rebuild_imf_bop(target_dir: Path) -> None:
    rows, provenance = read_figures("imf_bop_annual.csv")
    series: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["country"], row["accounting_entry"], row["indicator"], row["unit"], row["frequency"])
        series[key].append({"TIME_PERIOD": row["time_period"], "OBS_VALUE": row["obs_value"], "DERIVATION_TYPE": "O", "PRECISION": "6"})
    body = sdmx_structure_specific(
        "IMF.STA,BOP,21.0.0",
        {
            "PUBLISHER": "IMF",
            "UPDATE_DATE": "2026-07-11T23:14:24.302015100Z",
            "LICENSE": "\u00a9 International Monetary Fund Copyright. All Rights Reserved. https://www.imf.org/external/terms.htm",
        },
        [
            (
                {"COUNTRY": c, "BOP_ACCOUNTING_ENTRY": e, "INDICATOR": i, "UNIT": u, "FREQUENCY": f, "SCALE": "6", "METHODOLOGY": "BPM6"},
                obs,
            )
            for (c, e, i, u, f), obs in series.items()
        ],
    )
    write_payload(
        target_dir,
        {
            "producer": imf.PRODUCER,
            "source": "imf",
            "dataset": "bop_annual",
            "url": f"{imf.DEFAULT_BASE_URL}/data/BOP/JPN.NETCD_T.CAB+G+S+IN1+IN2.USD.A?startPeriod=2010&endPeriod=2024",
            "retrieved_at": "2026-07-12T00:00:00+00:00",
            "licence": imf.LICENCE,
            "media_type": "application/xml",
            "published": "2026-07-11",
            "figures": f"real figures; payload rebuilt by snapshot/rebuild.py from snapshot/figures/imf_bop_annual.csv. {provenance}",
        },
        "bop_annual.xml",
        body,
    )


def boj_envelope(rows: list[dict], parameter: dict, date: str) -> bytes:
    by_series: dict[str, dict] = {}
    for row in rows:
        series = by_series.setdefault(
            row["series_code"],
            {
                "SERIES_CODE": row["series_code"],
                "NAME_OF_TIME_SERIES": f"Balance of Payments (Data Based on the BPM6)/{row['series_name']}",
                "UNIT": boj.EXPECTED_UNIT,
                "FREQUENCY": "MONTHLY",
                "CATEGORY": "Balance of Payments",
                "LAST_UPDATE": int(row["last_update"]),
                "VALUES": {"SURVEY_DATES": [], "VALUES": []},
            },
        )
        series["VALUES"]["SURVEY_DATES"].append(int(row["period"]))
        series["VALUES"]["VALUES"].append(float(row["value"]))
    envelope = {
        "STATUS": 200,
        "MESSAGEID": "M181000I",
        "MESSAGE": "Successfully completed.",
        "DATE": date,
        "PARAMETER": parameter,
        "NEXTPOSITION": None,
        "RESULTSET": list(by_series.values()),
    }
    return json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def write_boj_payload(target_dir: Path, dataset: str, rows: list[dict], start: str, end: str, vintage: str, figures: str) -> None:
    """One getDataCode answer for `rows` (all of them already carrying their LAST_UPDATE), as retrieved on `vintage`."""
    codes = list(dict.fromkeys(r["series_code"] for r in rows))
    parameter = {"FORMAT": "JSON", "LANG": "EN", "DB": "BP01", "CODE": ",".join(codes), "STARTDATE": start, "ENDDATE": end, "STARTPOSITION": None}
    write_payload(
        target_dir,
        {
            "producer": boj.PRODUCER,
            "source": "boj",
            "dataset": dataset,
            "url": f"{boj.DEFAULT_BASE_URL}/getDataCode?format=json&lang=en&db=BP01&code={','.join(codes)}&startDate={start}&endDate={end}",
            "retrieved_at": f"{vintage}T00:00:00+00:00",
            "licence": boj.LICENCE,
            "media_type": "application/json",
            "published": None,
            "figures": figures,
        },
        f"{dataset}.json",
        boj_envelope(rows, parameter, f"{vintage}T09:00:00.000+09:00"),
    )


def rebuild_boj_bp01(target_dir: Path) -> None:
    rows, provenance = read_figures("boj_bp01_monthly.csv")
    # One payload per retrieval: the figures were recorded on three dates (see the figures file header).
    vintages = {
        "2026-08-05": ("199601", "199602", "20260801"),
        "2026-08-10": ("201501", "202605", "20260810"),
        "2026-09-13": ("202607", "202607", "20260908"),
    }
    for vintage, (start, end, last_update) in vintages.items():
        subset = [dict(r, last_update=last_update) for r in rows if start <= r["period"] <= end]
        figures = f"real figures; payload rebuilt by snapshot/rebuild.py from snapshot/figures/boj_bp01_monthly.csv. {provenance}"
        write_boj_payload(target_dir, "bp01_monthly", subset, start, end, vintage, figures)


REBUILDERS: list[Callable[[Path], None]] = [rebuild_imf_bop, rebuild_boj_bp01, rebuild_comtrade_goods, rebuild_worldbank_indicators, rebuild_imf_dip, rebuild_boj_bp01_services, rebuild_estat_area_commodity,
              rebuild_mof_bop_summary, rebuild_mof_services, rebuild_mof_fdi_region_industry]


def main(target_dir: Path = SNAPSHOT_DIR) -> None:
    for rebuild in REBUILDERS:
        rebuild(target_dir)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT_DIR)
