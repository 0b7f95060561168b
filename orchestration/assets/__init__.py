"""Dagster assets, one module per layer: raw (per source dataset), dbt models, publish, dashboards."""
