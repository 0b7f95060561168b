"""Japan's international economic relations: a Dagster + dbt + DuckDB warehouse."""
