"""The benchmarks still run: `make bench` is not part of `make test`, so a change to an API
the bench scripts call would otherwise be found only by the next person timing it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench(script: str, *args: str, output: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args, "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]  # 1: a target missed, not a crash
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return output.read_text(encoding="utf-8")


def test_the_backfill_benchmark_runs_on_a_small_table(tmp_path: Path) -> None:
    report = _bench("backfill_bench.py", "--rows", "2000", "--runs", "1", "--dialect", "sqlite",
                    output=tmp_path / "benchmarks.md")  # fmt: skip
    assert "| sqlite |" in report


def test_the_diff_benchmark_runs_on_a_small_schema(tmp_path: Path) -> None:
    report = _bench("run.py", "--tables", "4", "--runs", "1", output=tmp_path / "benchmarks.md")
    assert "live SQLite pair" in report and "wesley-gen check" in report
