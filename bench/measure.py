"""Run one benchmark stage in its own process; the stage reports its rows, seconds and peak memory as JSON.

Each stage runs as `python -m bench.stages <stage> <args>` so its peak memory (its own ru_maxrss, or that of
the processes it waited for, dbt included) is its own, not the benchmark driver's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class StageResult:
    stage: str
    rows: int
    seconds: float
    peak_memory_mib: float
    detail: dict

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def run_stage(stage: str, *args: str, env: dict | None = None) -> StageResult:
    child = subprocess.run(
        [sys.executable, "-m", "bench.stages", stage, *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        raise RuntimeError(f"benchmark stage {stage} failed:\n{child.stderr[-3000:]}")
    report = json.loads(child.stdout.strip().splitlines()[-1])
    result = StageResult(stage, report.pop("rows"), report.pop("seconds"), report.pop("peak_memory_mib"), report)
    # progress as it goes, so a long run that is stopped still says how far it got
    print(f"{stage}: {result.seconds:.1f} s, peak {result.peak_memory_mib:.0f} MiB", file=sys.stderr, flush=True)
    return result


def as_json(results: list[StageResult], extra: dict) -> str:
    return json.dumps(
        {"stages": [dict(asdict(r), rows_per_second=round(r.rows_per_second)) for r in results], **extra}, indent=2
    )


def as_table(results: list[StageResult]) -> str:
    header = f"{'stage':<34}{'rows':>12}{'seconds':>10}{'peak MiB':>10}{'rows/s':>14}"
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.stage:<34}{r.rows:>12,}{r.seconds:>10.2f}{r.peak_memory_mib:>10.0f}{r.rows_per_second:>14,.0f}"
        )
    return "\n".join(lines)
