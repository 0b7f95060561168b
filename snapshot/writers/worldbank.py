"""World Bank Indicators API v2 responses rebuilt from snapshot/figures/worldbank_indicators.csv, one per series."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.sources import worldbank
from snapshot.wire import read_figures, write_payload


def rebuild_worldbank_indicators(target_dir: Path) -> None:
    rows, provenance = read_figures("worldbank_indicators.csv")
    for country, indicator in worldbank.SERIES:
        subset = sorted(
            (r for r in rows if r["country_iso3"] == country and r["indicator_id"] == indicator),
            key=lambda r: r["date"],
            reverse=True,
        )
        dates = f"{subset[-1]['date']}:{subset[0]['date']}"
        paging = {
            "page": 1,
            "pages": 1,
            "per_page": worldbank.PER_PAGE,
            "total": len(subset),
            "sourceid": "2",
            "lastupdated": "2026-07-01",
        }
        data = [
            {
                "indicator": {"id": r["indicator_id"], "value": r["indicator_name"]},
                "country": {"id": r["country_iso2"], "value": r["country_name"]},
                "countryiso3code": r["country_iso3"],
                "date": r["date"],
                "value": float(r["value"]),
                "unit": "",
                "obs_status": "",
                "decimal": int(r["decimal"]),
            }
            for r in subset
        ]
        write_payload(
            target_dir,
            {
                "producer": worldbank.PRODUCER,
                "source": "worldbank",
                "dataset": "indicators",
                "url": f"{worldbank.DEFAULT_BASE_URL}/country/{country}/indicator/{indicator}?format=json&date={dates}&per_page={worldbank.PER_PAGE}&page=1",
                "retrieved_at": "2026-07-01T00:00:00+00:00",
                "licence": worldbank.LICENCE,
                "media_type": "application/json",
                "published": None,
                "figures": (
                    "real figures, as rounded by the page that lists them; payload rebuilt by snapshot/rebuild.py from "
                    f"snapshot/figures/worldbank_indicators.csv; retrieval and lastupdated dates approximate. {provenance}"
                ),
            },
            f"{country}_{indicator}.json",
            json.dumps([paging, data], ensure_ascii=False).encode("utf-8"),
        )
