"""Rewrite dbt_project/seeds/expected_row_counts.csv from the build database (`make row-counts`).

Review the diff: a changed count is a data change someone should be able to explain.
"""

from __future__ import annotations

import csv

from orchestration.settings import DBT_PROJECT_DIR, load_settings
from orchestration.warehouse import checked_identifier, connect

SEED = DBT_PROJECT_DIR / "seeds" / "expected_row_counts.csv"


def main() -> None:
    con = connect(load_settings().build_db, read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
        ).fetchall()]
        counts = [(t, con.execute(f"select count(*) from marts.{checked_identifier(t)}").fetchone()[0]) for t in tables]
    finally:
        con.close()
    with SEED.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["model", "row_count"])
        writer.writerows(counts)
    for table, count in counts:
        print(f"{table}: {count}")


if __name__ == "__main__":
    main()
