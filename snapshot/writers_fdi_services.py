"""IMF DIP positions (SDMX-ML 2.1) and Bank of Japan BP01 services by category (API JSON), rebuilt from figures files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from orchestration.sources import imf


def rebuild_imf_dip(target_dir: Path) -> None:
    from rebuild import read_figures, sdmx_structure_specific, write_payload  # noqa: PLC0415  (the rebuild script's own helpers)

    rows, provenance = read_figures("imf_dip_positions.csv")
    series: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["country"], row["dv_type"], row["indicator"], row["counterpart"], row["frequency"])
        if row["status"] == "C":
            # As the IMF sends a confidential cell: a status and a comment, no OBS_VALUE.
            obs = {"TIME_PERIOD": row["time_period"], "STATUS": "C", "DERIVATION_TYPE": "O", "COMMENTS": "C"}
        else:
            obs = {"TIME_PERIOD": row["time_period"], "OBS_VALUE": row["obs_value"], "DERIVATION_TYPE": "O"}
        series[key].append(obs)
    body = sdmx_structure_specific(
        imf.DIP_FLOW,
        {
            "LANGUAGE": "EN",
            "PUBLISHER": "IMF",
            "UPDATE_DATE": "2025-12-10T16:25:20.656782100Z",
            "PUBLICATION_DATE": "2025-12-10T16:25:20.614278200Z",
            "SUGGESTED_CITATION": "International Monetary Fund. Direct Investment Positions by Counterpart Economy,  https://data.imf.org/en/datasets/IMF.STA:DIP. Accessed on [current date].",
            "LICENSE": "International Monetary Fund Copyright \u00a9 2024. All Rights Reserved. https://www.imf.org/external/terms.htm",
        },
        [
            ({"COUNTRY": c, "DV_TYPE": d, "INDICATOR": i, "COUNTERPART_COUNTRY": p, "FREQUENCY": f, "SCALE": "6"}, obs)
            for (c, d, i, p, f), obs in series.items()
        ],
    )
    counterparts = sorted({r["counterpart"] for r in rows})
    write_payload(
        target_dir,
        {
            "producer": imf.PRODUCER,
            "source": "imf",
            "dataset": "dip_positions",
            "url": f"{imf.DEFAULT_BASE_URL}/data/DIP/JPN.O.OTWD_D_NETAL_FALL_ALL+INWD_D_NETLA_FALL_ALL.{'+'.join(counterparts)}.A?startPeriod=2020&endPeriod=2024",
            "retrieved_at": "2026-07-13T00:00:00+00:00",
            "licence": imf.LICENCE,
            "media_type": "application/xml",
            "published": "2025-12-10",
            "figures": f"real figures; payload rebuilt by snapshot/rebuild.py from snapshot/figures/imf_dip_positions.csv. {provenance}",
        },
        "dip_positions.xml",
        body,
    )


def rebuild_boj_bp01_services(target_dir: Path) -> None:
    from rebuild import read_figures, write_boj_payload  # noqa: PLC0415

    rows, provenance = read_figures("boj_bp01_services_monthly.csv")
    figures = (
        "real figures (as published, whole 100 million yen); payload rebuilt by snapshot/rebuild.py from "
        f"snapshot/figures/boj_bp01_services_monthly.csv, not fetched. {provenance}"
    )
    write_boj_payload(target_dir, "bp01_services_monthly", [dict(r, last_update="20260908") for r in rows], "201601", "201612", "2026-09-13", figures)
