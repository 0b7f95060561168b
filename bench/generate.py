"""Benchmark fixture: GENERATED (not real) rows of Japan's HS6 trade, written as the raw table `raw.comtrade__goods`.

The rows have exactly the columns the Comtrade connector loads (orchestration/sources/comtrade.py) plus the raw
layer's provenance columns, so the real dbt models run on them unchanged. They are written straight to Parquet in
the raw table's layout (not as Comtrade JSON pages: at 10M rows the JSON step would only measure json.loads).
Values are skewed the way trade is: value ~ 1/rank^1.2 over partners and 1/rank^1.1 over products, so a few
partners and products carry most of it. A fixed seed makes every run identical. Never mixed into the snapshot.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.sources.comtrade import JAPAN, partners

FIRST_YEAR = 1995
YEARS = 30  # 1995-2024; the incremental stage adds 2025
BENCH_SOURCE_URL = "generated://bench/comtrade__goods"


# Japan's largest partners first, so the skew falls where it does in reality; the rest follow by code.
LARGEST_FIRST = ("CHN", "USA", "KOR", "S19", "AUS", "THA", "VNM", "HKG", "DEU", "SGP", "MYS", "IDN", "SAU", "ARE")


def partner_codes() -> list[tuple[int, str]]:
    known = [(code, iso) for code, iso in partners().items() if code not in (0, JAPAN)]
    rank = {iso: position for position, iso in enumerate(LARGEST_FIRST)}
    return sorted(known, key=lambda p: (rank.get(p[1], len(rank)), p[0]))


def write_rows(target: Path, rows: int, seed: int, years: range, retrieved_on: str = "2026-01-01") -> int:
    """Write about `rows` rows spread evenly over `years` to Parquet files, one per year (one 'payload' each)."""
    target.mkdir(parents=True, exist_ok=True)
    partners = partner_codes()
    per_year = max(rows // len(range(FIRST_YEAR, FIRST_YEAR + YEARS)), 2 * len(partners))
    products = max(per_year // (2 * len(partners)), 1)
    con = duckdb.connect()
    con.execute("create table partners (partner_rank integer, partner_code integer, partner_iso varchar)")
    con.executemany(
        "insert into partners values (?, ?, ?)", [(rank + 1, code, iso) for rank, (code, iso) in enumerate(partners)]
    )
    written = 0
    for year in years:
        sha = f"{seed:08x}{year:08x}".ljust(64, "0")
        con.execute(
            f"""
            copy (
                with grid as (
                    select i, i % 2 as flow_index, (i // 2) % {len(partners)} + 1 as partner_rank, i // (2 * {len(partners)}) + 1 as product_rank
                    from range({products * 2 * len(partners)}) as t(i)
                ),
                valued as (
                    select grid.*, partners.partner_code, partners.partner_iso,
                           lpad(((product_rank % 97) + 1)::varchar, 2, '0') || lpad((product_rank // 97)::varchar, 4, '0') as hs6_code,
                           -- a deterministic uniform in [0.5, 1.5) per row and year, from a hash of the seed
                           0.5 + (hash(i, {year}, {seed}) % 1000000) / 1e6 as noise
                    from grid join partners using (partner_rank)
                )
                select
                    'C' as type_code, 'A' as freq_code, '{year}' as period,
                    {JAPAN}::bigint as reporter_code, 'JPN' as reporter_iso,
                    case flow_index when 0 then 'X' else 'M' end as flow_code,
                    partner_code::bigint as partner_code, partner_iso, 0::bigint as partner2_code,
                    'H6' as classification_code, hs6_code as cmd_code, null::varchar as cmd_desc,
                    6::bigint as aggr_level, 'C00' as customs_code, 0::bigint as mot_code, -1::bigint as qty_unit_code,
                    null::double as qty, null::double as net_wgt,
                    case flow_index when 0 then round(value, 0) end as fob_value,
                    case flow_index when 1 then round(value, 0) end as cif_value,
                    round(value, 0) as primary_value, true as is_reported, false as is_aggregate,
                    'comtrade' as source, '{BENCH_SOURCE_URL}' as source_url,
                    timestamptz '{retrieved_on} 00:00:00+00' as retrieved_at, date '{retrieved_on}' as vintage,
                    '{sha}' as payload_sha256, null::varchar as payload_path, 'bench-{seed}' as load_id
                from (
                    select *, 4e9 / pow(partner_rank, 1.2) / pow(product_rank, 1.1) * noise as value from valued
                )
            ) to '{target / f"{year}.parquet"}' (format parquet)
            """
        )
        written += products * 2 * len(partners)
    con.close()
    return written
