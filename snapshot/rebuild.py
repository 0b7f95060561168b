"""Rebuild the embedded snapshot: published figures (snapshot/figures/*.csv) written out in each source's wire format.

The snapshot is what the default, offline run reads through the same parsers as live mode. Each payload gets an
origin record saying where its figures were published and that the payload was rebuilt from them (not fetched).
Run `python -m snapshot.rebuild` (or `make snapshot`) after editing a figures file; tests check the committed
payloads match.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from orchestration.settings import SNAPSHOT_DIR
from snapshot.writers import boj, comtrade, estat, imf, mof, worldbank

REBUILDERS: list[Callable[[Path], None]] = [
    imf.rebuild_imf_bop,
    boj.rebuild_boj_bp01,
    comtrade.rebuild_comtrade_goods,
    worldbank.rebuild_worldbank_indicators,
    imf.rebuild_imf_dip,
    boj.rebuild_boj_bp01_services,
    estat.rebuild_estat_area_commodity,
    mof.rebuild_mof_bop_summary,
    mof.rebuild_mof_services,
    mof.rebuild_mof_fdi_region_industry,
]


def main(target_dir: Path = SNAPSHOT_DIR) -> None:
    for rebuild in REBUILDERS:
        rebuild(target_dir)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT_DIR)
