"""The Ministry of Finance's tables refuse a row that would lose or invent a cell."""

from __future__ import annotations

import pytest

from orchestration.errors import SourceError
from orchestration.sources import mof
from tests.payload_fixtures import snapshot_payloads, with_content


def mof_dataset(name: str):
    return next(d for d in mof.DATASETS if d.dataset == name)


def edited(dataset: str, old: str, new: str):
    """The first snapshot payload of `dataset` holding `old`, with it replaced once by `new` (the file is cp932)."""
    payload = next(p for p in snapshot_payloads("mof", dataset) if old.encode("cp932") in p.content)
    return with_content(payload, payload.content.decode("cp932").replace(old, new, 1).encode("cp932"))


@pytest.mark.parametrize(
    ("dataset", "header", "problem"),
    [
        ("bop_summary_annual", ",Primary income,", r"line 6: '180,712' in column 11, which has no English header"),
        (mof.FDI_DATASET, ",Oceania,", r"line 6: '1,358' in column 7, which has no English header"),
    ],
    ids=["trend-table", "direct-investment-table"],
)
def test_a_mof_figure_under_a_blank_english_header_is_refused_not_dropped(dataset, header, problem):
    with pytest.raises(SourceError, match=rf"^mof: {problem} \[payload: .*\.csv\]"):
        mof_dataset(dataset).read(edited(dataset, header, ",,"))


@pytest.mark.parametrize(
    ("dataset", "row", "problem"),
    [
        ("bop_summary_annual", '"-19,877",,,,,,,,', r"line 6: 12 cells where the header names 20 \(truncated\?\)"),
        (mof.FDI_DATASET, ",956,,,", r"line 6: 10 cells where the header names 13 \(truncated\?\)"),
    ],
    ids=["trend-table", "direct-investment-table"],
)
def test_a_mof_row_shorter_than_its_header_is_refused_not_loaded_as_not_published(dataset, row, problem):
    with pytest.raises(SourceError, match=rf"^mof: {problem} \[payload: .*\.csv\]"):
        mof_dataset(dataset).read(edited(dataset, row, row.rstrip(",")))
