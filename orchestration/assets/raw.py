"""Raw assets: one per source dataset. Fetch (live) or replay (snapshot), archive, parse, load, validate.

The Great Expectations suite of the table runs inside the same step as a blocking asset check: when it fails,
the loads of this run are quarantined (staging ignores them) and no downstream dbt model runs; the next run
skips them and falls back to the last good vintage.
"""

import dagster as dg

from orchestration import raw, validation
from orchestration.partitions import SINGLE_RUN, YEARS, years_of
from orchestration.payloads import checked_sha256
from orchestration.resources import PayloadResource, WarehouseResource
from orchestration.settings import Settings
from orchestration.sources import all_datasets
from orchestration.sources.base import SourceDataset
from orchestration.warehouse import connect, scalar, writer_lock

DATASETS: tuple[SourceDataset, ...] = all_datasets()
GX_CHECK = "great_expectations_suite"


def raw_asset_key(dataset: SourceDataset) -> dg.AssetKey:
    return dg.AssetKey(["raw", dataset.raw_table])


def build_raw_asset(dataset: SourceDataset) -> dg.AssetsDefinition:
    key = raw_asset_key(dataset)

    @dg.asset(
        key=key,
        group_name="raw",
        kinds={"python", "duckdb"},
        description=dataset.description,
        partitions_def=YEARS,
        backfill_policy=SINGLE_RUN,
        metadata={"source": dataset.source, "producer": dataset.producer, "licence": dataset.licence},
        check_specs=[
            dg.AssetCheckSpec(
                GX_CHECK,
                asset=key,
                blocking=True,
                description=f"Great Expectations suite expectations/suites/{dataset.raw_table}.json on this run's loads.",
            )
        ],
    )
    def _raw_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource, payload_source: PayloadResource):
        settings = warehouse.paths
        # Archived first: a payload that fails to parse is still kept for inspection.
        payloads = payload_source.payloads(dataset, settings.payload_archive_dir, years_of(context))
        if payloads is None:
            yield from _nothing_to_load(dataset, key, settings, payload_source.mode)
            return
        frames = [(payload, dataset.read(payload)) for payload in payloads if dataset.holds_data(payload)]

        table = f"raw.{dataset.raw_table}"
        with writer_lock(settings.build_db, settings.writer_lock_timeout_s):
            con = connect(settings.build_db)
            try:
                results = [
                    raw.load_payload_rows(con, dataset.raw_table, dataset.source, payload, frame, context.run_id)
                    for payload, frame in frames
                ]
                shas = [r.payload_sha256 for r in results]
                # A vintage quarantined or dropped before stays out, and one that passed is not judged again.
                skipped = raw.judged_out(con, dataset.raw_table, shas)
                unjudged = raw.unjudged(con, dataset.raw_table, shas)
            finally:
                con.close()
            # An answer that there is no data (a Comtrade page with count 0, e-Stat's STATUS 1) holds nothing to check:
            # judged alone, it would fail every row-count expectation.
            rows_of = {r.payload_sha256: r.rows for r in results}
            no_data = [sha for sha in unjudged if not rows_of[sha]]
            to_validate = [sha for sha in unjudged if rows_of[sha]]
            if to_validate:
                this_run = ", ".join(f"'{checked_sha256(sha)}'" for sha in to_validate)
                outcome = validation.validate_query(
                    dataset.raw_table,
                    settings.build_db,
                    f"select * from {table} where payload_sha256 in ({this_run})",
                    settings.data_dir / "gx_docs",
                    memory_limit=settings.validation_memory_limit,
                )
            else:
                outcome = validation.ValidationOutcome(dataset.raw_table, success=True, evaluated=0, failures=[])
            con = connect(settings.build_db)
            try:
                if to_validate:
                    raw.record_validation(con, dataset.raw_table, to_validate, outcome.success, outcome.summary())
                if no_data:
                    raw.record_validation(
                        con, dataset.raw_table, no_data, True, "no rows: the source answered that there is no data"
                    )
                total_rows = scalar(con, f"select count(*) from {table}")
            finally:
                con.close()

        yield dg.MaterializeResult(
            metadata={
                "mode": payload_source.mode,
                "payloads": dg.MetadataValue.json(
                    [
                        {
                            "url": p.origin.url,
                            "retrieved_at": p.origin.retrieved_at,
                            "sha256": p.origin.sha256,
                            "archived": str(p.path),
                        }
                        for p in payloads
                    ]
                ),
                "rows_in_this_run": sum(r.rows for r in results),
                "newly_loaded_payloads": sum(r.newly_loaded for r in results),
                "skipped_quarantined_payloads": len(skipped),
                "table_rows": total_rows,
            }
        )
        yield dg.AssetCheckResult(
            check_name=GX_CHECK,
            asset_key=key,
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=outcome.summary()
            if to_validate
            else f"Nothing new to validate: {len(skipped)} quarantined or dropped payload(s) of this run skipped, the others already passed.",
            metadata={"evaluated": outcome.evaluated, "failures": dg.MetadataValue.json(outcome.failures)},
        )

    return _raw_asset


def _nothing_to_load(dataset: SourceDataset, key: dg.AssetKey, settings: Settings, mode: str):
    """No real figures of this live-only dataset are in the snapshot: its raw table exists, empty, nothing is validated."""
    assert dataset.live_only_schema is not None
    with writer_lock(settings.build_db, settings.writer_lock_timeout_s):
        con = connect(settings.build_db)
        try:
            raw.ensure_empty_table(con, dataset.raw_table, dataset.live_only_schema)
            total_rows = scalar(con, f"select count(*) from raw.{dataset.raw_table}")
        finally:
            con.close()
    yield dg.MaterializeResult(
        metadata={
            "mode": f"{mode} (live-only dataset: no snapshot payloads)",
            "rows_in_this_run": 0,
            "table_rows": total_rows,
        }
    )
    yield dg.AssetCheckResult(
        check_name=GX_CHECK,
        asset_key=key,
        passed=True,
        severity=dg.AssetCheckSeverity.ERROR,
        description="Nothing loaded in this run: the embedded snapshot holds no figures of this live-only dataset.",
        metadata={"evaluated": 0},
    )


RAW_ASSETS = [build_raw_asset(dataset) for dataset in DATASETS]
