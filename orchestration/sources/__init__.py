"""One module per public source: how to call it, and how to read what it returns.

Each module exposes `DATASETS`, a tuple of `SourceDataset`; every dataset becomes one raw asset and raw table.
"""

from __future__ import annotations

import importlib
import pkgutil

from orchestration.sources.base import SourceDataset


def all_datasets() -> tuple[SourceDataset, ...]:
    datasets: list[SourceDataset] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        datasets.extend(getattr(module, "DATASETS", ()))
    return tuple(datasets)
