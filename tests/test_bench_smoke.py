"""The benchmarks still run: `make bench` is not part of `make test`, so a change to an API
the bench scripts call would otherwise be found only by the next person timing it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.pgtools import PG_URL_VARIABLE, Server

ROOT = Path(__file__).resolve().parent.parent


def _bench(script: str, *args: str, output: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args, "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=None if env is None else os.environ | env,
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
    # issue 16's two targets, measured in the same run
    assert "| SQLite DDL files |" in report and "| PostgreSQL DDL files |" in report
    assert "generate / diff" in report and "Alembic / wesley-gen" in report


@pytest.mark.postgres
def test_the_online_benchmark_runs_on_a_small_table(tmp_path: Path, pg_server: Server) -> None:
    report = _bench("online_bench.py", "--rows", "2000", "--control-seconds", "1",
                    output=tmp_path / "benchmarks.md", env={PG_URL_VARIABLE: pg_server.url})  # fmt: skip
    assert "| 2,000 | 250/s each | wesley-gen |" in report and "| 2,000 | 250/s each | plain DDL |" in report
    assert "| 2,000 | unpaced | no migration, one busy core |" in report  # why the traffic is paced
    assert "| rows | traffic | statement | seconds | WAL |" in report  # where the WAL went, per step
    assert "| writer max | in the server |" in report and "wesley-gen's worst run beside it: " in report


def test_each_benchmark_replaces_only_its_own_section(tmp_path: Path) -> None:
    """The online benchmark writes with the backfill benchmark's writer: its markers, not the
    backfill's, must bound what it replaces (it once overwrote the backfill section)."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from bench.backfill_bench import write_section

    page = tmp_path / "benchmarks.md"
    write_section(page, "<!-- backfill -->\nold backfill\n<!-- /backfill -->\n")
    write_section(page, "<!-- online -->\nold online\n<!-- /online -->\n")
    write_section(page, "<!-- online -->\nnew online\n<!-- /online -->\n")
    text = page.read_text(encoding="utf-8")
    assert "old backfill" in text and "new online" in text and "old online" not in text


def _outcome(way: str, rows: int, slowest_ms: float, locked_ms: float = 0.0) -> Any:
    """A run of the online benchmark whose slowest write took ``slowest_ms``; a writer waited
    ``locked_ms`` for a lock during another write (none when 0)."""
    from bench.online_bench import WRITER, Outcome, Sample, Traffic

    traffic = Traffic(
        writes=[0.002, slowest_ms / 1000], write_times=[(10.0, 0.002), (20.0, slowest_ms / 1000)]
    )
    if locked_ms:
        traffic.writes.append(locked_ms / 1000)
        traffic.write_times.append((30.0, locked_ms / 1000))
        traffic.samples.append(
            Sample(30.0 + locked_ms / 2000, ((1, WRITER, "active", "Lock/relation", "", (2,)),))
        )
    return Outcome(way, rows, True, "", 60.0, traffic, 0, 0.0, 1.0, 250.0)


def test_the_online_verdict_judges_the_writer_maximum_beside_what_the_machine_alone_made_it() -> None:
    """A disk whose fsync now and then takes 150 ms stalls the control's commits too: wesley-gen's
    maximum is judged beside it, as the server timed it where its log is read (a write slower in
    the client waited on the bench machine's CPU).  A lock wait is the migration's own, whatever
    the control did."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from bench.online_bench import CONTROL, misses

    noisy = [
        _outcome("wesley-gen", 1000, 14),
        _outcome("wesley-gen", 3000, 140),
        _outcome(CONTROL, 3000, 192),
    ]
    assert misses(noisy) == []
    quiet = [*noisy[:2], _outcome(CONTROL, 3000, 12)]
    assert misses(quiet) == [
        "writer maximum in the server grew from 14 to 140 ms (the control's at 3,000 rows 12 ms)"
    ]
    over = [_outcome("wesley-gen", 1000, 120), _outcome(CONTROL, 1000, 20)]
    assert misses(over) == [
        "1,000 rows: writer maximum in the server 120 ms over 100 ms (the control's 20 ms)"
    ]
    waited_on_the_client = _outcome("wesley-gen", 3000, 140)  # the server took 12 ms of the 140
    waited_on_the_client.traffic.server_writes = [(20.14, 0.012)]
    assert misses([*noisy[:1], waited_on_the_client, quiet[2]]) == []
    locked = [_outcome("wesley-gen", 1000, 14, locked_ms=12), _outcome("wesley-gen", 3000, 140, locked_ms=40),
              _outcome(CONTROL, 3000, 192)]  # fmt: skip
    assert misses(locked) == ["the longest lock wait grew from 12 to 40 ms"]
