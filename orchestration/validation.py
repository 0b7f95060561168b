"""Great Expectations: each raw table has a suite in `expectations/suites/<raw table>.json`, run on every load.

Suites are plain GX suite JSON files a person can read and edit. Each validation also refreshes the Data Docs
site (static HTML, built offline) under `<data dir>/gx_docs/`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orchestration.settings import EXPECTATIONS_DIR

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")

import great_expectations as gx  # noqa: E402  (after the environment above: no analytics, no progress bars)
from great_expectations.core.expectation_suite import ExpectationSuite  # noqa: E402
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration  # noqa: E402

SUITES_DIR = EXPECTATIONS_DIR / "suites"


@dataclass(frozen=True)
class ValidationOutcome:
    suite: str
    success: bool
    evaluated: int
    failures: list[dict]

    def summary(self) -> str:
        if self.success:
            return f"{self.suite}: all {self.evaluated} expectations passed"
        failed = "; ".join(f"{f['expectation']}({f.get('column') or ''}): {f['detail']}" for f in self.failures)
        return f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed: {failed}"


def suite_path(name: str) -> Path:
    return SUITES_DIR / f"{name}.json"


def load_suite(name: str) -> ExpectationSuite:
    spec = json.loads(suite_path(name).read_text())
    suite = ExpectationSuite(name=spec["name"], meta=spec.get("meta", {}))
    for expectation in spec["expectations"]:
        suite.add_expectation_configuration(
            ExpectationConfiguration(type=expectation["type"], kwargs=expectation["kwargs"], meta=expectation.get("meta", {}))
        )
    return suite


def validate_dataframe(suite_name: str, frame: pd.DataFrame, docs_dir: Path | None = None) -> ValidationOutcome:
    context = gx.get_context(mode="ephemeral")
    suite = context.suites.add(load_suite(suite_name))
    batch_definition = (
        context.data_sources.add_pandas("raw_load").add_dataframe_asset(suite_name).add_batch_definition_whole_dataframe("load")
    )
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=suite_name, data=batch_definition, suite=suite))
    actions = []
    if docs_dir is not None:
        context.add_data_docs_site(
            site_name="local",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["local"]))
    checkpoint = context.checkpoints.add(gx.Checkpoint(name=suite_name, validation_definitions=[definition], actions=actions))
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    (run_result,) = result.run_results.values()
    failures = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column") or r.expectation_config.kwargs.get("column_list"),
            "detail": _detail(r.result),
        }
        for r in run_result.results
        if not r.success
    ]
    return ValidationOutcome(suite_name, bool(run_result.success), len(run_result.results), failures)


def _detail(result: dict) -> str:
    if "unexpected_count" in result:
        return f"{result['unexpected_count']} unexpected, e.g. {result.get('partial_unexpected_list', [])[:3]}"
    if "observed_value" in result:
        return f"observed {result['observed_value']}"
    return json.dumps(result, default=str)[:200]
