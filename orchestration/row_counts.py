"""Rewrite dbt_project/seeds/expected_row_counts.csv from the build database (`make row-counts`): rows per mart and
period, for every mart with a `closed_periods_keep_their_rows` test (its period column is read from dbt's manifest).

Review the diff: a closed period's changed count is a data change someone should be able to explain.
"""

from __future__ import annotations

import csv
import json

from orchestration.dbt_project import DBT_PROJECT
from orchestration.settings import DBT_PROJECT_DIR, load_settings
from orchestration.warehouse import checked_identifier, connect

SEED = DBT_PROJECT_DIR / "seeds" / "expected_row_counts.csv"
TEST_NAME = "closed_periods_keep_their_rows"


def counted_marts() -> dict[str, str]:
    """Mart name -> its period column, for every mart the per-period row-count test is attached to."""
    nodes = json.loads(DBT_PROJECT.manifest_path.read_text())["nodes"].values()
    return {
        node["attached_node"].split(".")[-1]: node["test_metadata"]["kwargs"].get("period_column", "period_label")
        for node in nodes
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") == TEST_NAME
    }


def main() -> None:
    con = connect(load_settings().build_db, read_only=True)
    try:
        counts = []
        for mart, period_column in sorted(counted_marts().items()):
            counts += con.execute(
                f"select ?, coalesce(cast({checked_identifier(period_column)} as varchar), '') as period, count(*)"
                f" from marts.{checked_identifier(mart)} group by period order by period",
                [mart],
            ).fetchall()
    finally:
        con.close()
    with SEED.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["model", "period", "row_count"])
        writer.writerows(counts)
    marts = {mart for mart, _, _ in counts}
    print(f"{len(counts)} periods of {len(marts)} marts written to {SEED}")


if __name__ == "__main__":
    main()
