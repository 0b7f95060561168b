"""Bank of Japan getDataCode answers (BP01 monthly balances and services by category) rebuilt from the figures files."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.sources import boj
from snapshot.wire import read_figures, write_payload


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


def write_boj_payload(
    target_dir: Path, dataset: str, rows: list[dict], start: str, end: str, vintage: str, figures: str
) -> None:
    """One getDataCode answer for `rows` (all of them already carrying their LAST_UPDATE), as retrieved on `vintage`."""
    codes = list(dict.fromkeys(r["series_code"] for r in rows))
    parameter = {
        "FORMAT": "JSON",
        "LANG": "EN",
        "DB": "BP01",
        "CODE": ",".join(codes),
        "STARTDATE": start,
        "ENDDATE": end,
        "STARTPOSITION": None,
    }
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


def rebuild_boj_bp01_services(target_dir: Path) -> None:
    rows, provenance = read_figures("boj_bp01_services_monthly.csv")
    figures = (
        "real figures (as published, whole 100 million yen); payload rebuilt by snapshot/rebuild.py from "
        f"snapshot/figures/boj_bp01_services_monthly.csv, not fetched. {provenance}"
    )
    write_boj_payload(
        target_dir,
        "bp01_services_monthly",
        [dict(r, last_update="20260908") for r in rows],
        "201601",
        "201612",
        "2026-09-13",
        figures,
    )
