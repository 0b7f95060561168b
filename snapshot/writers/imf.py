"""IMF SDMX-ML 2.1 payloads (BOP annual, DIP positions) rebuilt from the figures files."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from orchestration.sources import imf
from snapshot.wire import read_figures, sdmx_structure_specific, write_payload


def rebuild_imf_bop(target_dir: Path) -> None:
    rows, provenance = read_figures("imf_bop_annual.csv")
    series: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["country"], row["accounting_entry"], row["indicator"], row["unit"], row["frequency"])
        series[key].append(
            {"TIME_PERIOD": row["time_period"], "OBS_VALUE": row["obs_value"], "DERIVATION_TYPE": "O", "PRECISION": "6"}
        )
    body = sdmx_structure_specific(
        "IMF.STA,BOP,21.0.0",
        {
            "PUBLISHER": "IMF",
            "UPDATE_DATE": "2026-07-11T23:14:24.302015100Z",
            "LICENSE": "\u00a9 International Monetary Fund Copyright. All Rights Reserved. https://www.imf.org/external/terms.htm",
        },
        [
            (
                {
                    "COUNTRY": c,
                    "BOP_ACCOUNTING_ENTRY": e,
                    "INDICATOR": i,
                    "UNIT": u,
                    "FREQUENCY": f,
                    "SCALE": "6",
                    "METHODOLOGY": "BPM6",
                },
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


def rebuild_imf_dip(target_dir: Path) -> None:
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
