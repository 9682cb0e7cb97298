"""Fidelity: run the schema-change corpus (tests/corpus) through the dump oracle and tally the outcomes.

Every case is loaded, generated and applied on a real database and judged by
``tests/corpus/oracle.py`` (pg_dump on PostgreSQL, sqlite_schema + PRAGMAs on SQLite).
Prints a table of outcomes per construct group, then the failure groups (cases whose
error or first dump difference look alike), largest first; then the same for the rollback
of each converged case (``migrate down``, judged against the old schema's fingerprint).

Usage: ``python bench/fidelity.py [--dialect sqlite|postgres ...] [--match TEXT] [--jobs N]
[--allow-contract-drift] [--check | --write]``.

``migrate up`` runs with the contract's drift check, as a user runs it: the schema the
generated contract expects (read from the case's files) must be the one the database stores.
``--allow-contract-drift`` skips the check, to tell a failed DDL from such a disagreement; its
outcomes are not the baseline's, so it cannot be combined with ``--write``.

* ``--write`` (the default when no filter is given and not ``--check``) writes
  docs/fidelity.md and the baseline, tests/corpus/baseline.json (each case's outcome);
  with ``--dialect`` or ``--match`` it records only the chosen cases' outcomes in the
  baseline (new cases, say) and leaves docs/fidelity.md as the last whole run wrote it.
* ``--check`` (``make proof``) writes nothing and exits 1 when a case that met its
  expectation in the baseline no longer does: a fix may improve the numbers, nothing
  may make them worse.  Improvements are listed; re-run with ``--write`` to record them.

PostgreSQL runs on the embedded server of the tests (or ``WESLEY_TEST_PG_URL``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.corpus, tests.pgtools

from tests.corpus.oracle import (  # noqa: E402
    DIALECTS,
    OUTCOMES,
    ROLLBACK_NOT_RUN,
    ROLLBACKS,
    Case,
    Result,
    cases,
    harness,
    rollback_met,
)

BASELINE = ROOT / "tests" / "corpus" / "baseline.json"
REPORT = ROOT / "docs" / "fidelity.md"
SHORT = {
    "converged": "ok",
    "refused-as-designed": "refused",
    "column-moved": "moved",
    "false-diff": "false-diff",
    "diverged": "diverged",
    "false-equal": "false-eq",
    "apply-failed": "apply",
    "generate-failed": "generate",
    "load-failed": "load",
}
ROLLBACK_SHORT = {
    "verified": "ok",
    "refused-irreversible": "irreversible",
    "column-moved": "moved",
    "differs": "differs",
    "failed": "failed",
    ROLLBACK_NOT_RUN: "not run",
}


def met(result: Result) -> bool:
    """Whether a case did what it expects."""
    return result.outcome == result.case.expect


def run(dialect: str, chosen: list[Case], jobs: int, *, allow_drift: bool = False) -> list[Result]:
    with harness(dialect, allow_drift=allow_drift) as runner:
        lacking = {case.id: runner.target.lacks(case) for case in chosen}
        for case in chosen:  # a server of one's own (WESLEY_TEST_PG_URL): older, or without an extension
            if lacking[case.id]:
                print(f"  - {case.id}: skipped, needs {lacking[case.id]}", flush=True)
        chosen = [case for case in chosen if not lacking[case.id]]
        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            results = []
            for result in pool.map(runner.run, chosen):
                mark = "✓" if met(result) else "✗"
                back = "" if result.rollback == ROLLBACK_NOT_RUN else f"; rollback {result.rollback[:100]}"
                print(f"  {mark} {result.case.id}: {result.outcome}{back}", flush=True)
                results.append(result)
            return results
        finally:
            pool.shutdown(cancel_futures=True)  # Ctrl-C: the cases not started yet are dropped


def table(results: list[Result]) -> list[str]:
    """Outcome counts per dialect and group, as Markdown table rows."""
    return _counts(results, OUTCOMES, SHORT, lambda result: result.outcome, roundtrip=True)


def rollback_table(results: list[Result]) -> list[str]:
    """Rollback outcome counts per dialect and group, as Markdown table rows."""
    kinds = (*ROLLBACKS, ROLLBACK_NOT_RUN)
    return _counts(results, kinds, ROLLBACK_SHORT, lambda result: result.rollback_kind, roundtrip=False)


def _counts(
    results: list[Result],
    kinds: tuple[str, ...],
    short: dict[str, str],
    kind_of: Callable[[Result], str],
    *,
    roundtrip: bool,
) -> list[str]:
    """Counts of ``kind_of`` per dialect and group (with the non-empty roundtrips if asked)."""
    extra = " roundtrip ≠ |" if roundtrip else ""
    rows = ["| group | cases | " + " | ".join(short[kind] for kind in kinds) + " |" + extra]
    rows.append("|" + "---|" * (len(kinds) + 2 + roundtrip))
    by_group: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_group[f"{result.case.dialect}/{result.case.group}"].append(result)
        by_group[f"**{result.case.dialect}**"].append(result)
    for group, members in sorted(
        by_group.items(), key=lambda item: (item[0].strip("*").split("/")[0], item[0][0] != "*", item[0])
    ):
        counts = Counter(kind_of(result) for result in members)
        row = f"| {group} | {len(members)} | " + " | ".join(str(counts[kind] or "") for kind in kinds) + " |"
        if roundtrip:
            row += f" {sum(result.roundtrip != 'empty' for result in members) or ''} |"
        rows.append(row)
    return rows


def _totals(results: list[Result], kinds: tuple[str, ...], kind_of: Callable[[Result], str]) -> list[str]:
    """One line per dialect: its cases and how many of each kind."""
    totals = Counter((result.case.dialect, kind_of(result)) for result in results)
    lines = []
    for dialect in DIALECTS:
        members = [result for result in results if result.case.dialect == dialect]
        if members:
            counts = ", ".join(f"{totals[dialect, kind]} {kind}" for kind in kinds if totals[dialect, kind])
            lines.append(f"- **{dialect}**: {len(members)} cases: {counts}.")
    return lines


def _examples(
    groups: list[tuple[str, list[Result]]], heading: str, detail_of: Callable[[Result], str]
) -> list[str]:
    """Each group as a heading, its cases and its first case's detail."""
    lines: list[str] = []
    for key, members in groups:
        example = members[0]
        lines += [
            f"{heading} {len(members)} x {key}",
            "",
            f"Cases: {', '.join(f'`{member.case.id}`' for member in members)}.",
            "",
            f"Example `{example.case.id}` ({example.case.title}):",
            "",
            "```",
            detail_of(example).strip()[:1500],
            "```",
            "",
        ]
    return lines


def rollback_groups(results: list[Result]) -> list[tuple[str, list[Result]]]:
    """Rolled-back cases that missed what the tool promises, grouped by signature, largest first."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if not rollback_met(result):
            groups[f"{result.case.dialect} {result.rollback_signature}"].append(result)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def failure_groups(results: list[Result]) -> list[tuple[str, list[Result]]]:
    """Cases that missed their expectation, grouped by failure signature, largest first."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if not met(result):
            groups[f"{result.case.dialect} {result.signature}"].append(result)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def roundtrip_groups(results: list[Result]) -> list[tuple[str, list[Result]]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if result.roundtrip != "empty":
            groups[f"{result.case.dialect} {result.roundtrip[:120]}"].append(result)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def difference_kinds(results: list[Result]) -> list[tuple[str, list[Result]]]:
    """Each kind of dump difference (a case may show several) with the cases showing it, most cases first."""
    kinds: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        for kind in result.differences:
            kinds[f"{result.case.dialect} {kind}"].append(result)
    return sorted(kinds.items(), key=lambda item: (-len(item[1]), item[0]))


def report(results: list[Result]) -> str:
    lines = [
        "# Fidelity",
        "",
        "Written by `python bench/fidelity.py` (`make proof` checks it with `--check`): every case of",
        "the corpus in `tests/corpus/` (old and new schema, written from the PostgreSQL and SQLite",
        "documentation) is generated and applied on a real database by the `wesley-gen` command line,",
        "and the migrated database is compared with one built directly from the new schema by an",
        "independent oracle: `pg_dump --schema-only` as a set of statements on PostgreSQL,",
        "`sqlite_schema` and the `PRAGMA` tables on SQLite (see `tests/corpus/oracle.py`).",
        "",
        "Outcomes: **ok** converged (and wesley-gen's diff agrees) · **refused** refused as the case",
        "expects · **moved** the dumps differ only in a table's column order, which PostgreSQL cannot",
        "change (a column added or changed through a shadow column goes last), wesley-gen's diff names",
        "it, and the case expects it · **false-diff** the dumps are equal but wesley-gen's diff of the migrated database",
        "against the new schema reports changes · **diverged** the dumps differ and wesley-gen sees it ·",
        "**false-eq** the dumps differ but wesley-gen says no changes · **apply** `migrate up` failed ·",
        "**generate** `generate` refused or crashed · **load** a schema could not be read.",
        "**roundtrip ≠**: `wesley-gen diff new.sql <database built from new.sql>` was not empty.",
        "",
        "## Outcomes",
        "",
    ]
    lines += _totals(results, OUTCOMES, lambda result: result.outcome)
    lines += ["", *table(results), "", "## Failure groups, largest first", ""]
    lines += _examples(failure_groups(results), "###", lambda result: result.detail)
    lines += [
        "## Dump differences by kind",
        "",
        "A diverged or false-equal case may differ in several ways; each way is counted here once per case.",
        "",
    ]
    for key, members in difference_kinds(results):
        lines.append(f"- {len(members)} x `{key}` (e.g. `{members[0].case.id}`)")
    lines += ["", "## A schema file against the database built from it (roundtrip)", ""]
    for key, members in roundtrip_groups(results):
        lines.append(f"- {len(members)} x `{key}` (e.g. `{members[0].case.id}`)")
    lines += [
        "",
        "## Rollback",
        "",
        "Each converged or column-moved case is then rolled back with `wesley-gen migrate down` on the",
        "migrated database, as a user would, and its fingerprint compared with the database before the",
        "migration. **ok** the same schema again · **irreversible** the plan declares changes",
        "irreversible (rollback.sql only comments on them), `down` refused without `--force`, and with",
        "it the schema differs only in what those changes name · **moved** only a table's column order",
        "differs · **differs** the schema is not the old one · **failed** `migrate down` failed, or",
        "did not refuse an irreversible rollback · **not run** the forward run did not converge.",
        "",
    ]
    lines += _totals(results, (*ROLLBACKS, ROLLBACK_NOT_RUN), lambda result: result.rollback_kind)
    lines += ["", *rollback_table(results), "", "### Rollback failure groups, largest first", ""]
    lines += _examples(rollback_groups(results), "####", lambda result: result.rollback_detail)
    return "\n".join(lines).rstrip() + "\n"


def check(results: list[Result]) -> int:
    """Compare with the baseline: 1 when a case that met its expectation there no longer does, or
    when any case's rollback does not do what the tool promises (the baseline records no rollback
    outcome: every rollback must meet it)."""
    baseline: dict[str, str] = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse = [
        result
        for result in results
        if (baseline.get(result.case.id) == result.case.expect and not met(result)) or not rollback_met(result)
    ]
    better = [
        result for result in results if met(result) and baseline.get(result.case.id) != result.case.expect
    ]
    for result in better:
        print(f"improved: {result.case.id}: {baseline.get(result.case.id, 'new')} -> {result.outcome}")
    for result in worse:
        detail = result.detail if not met(result) else f"rollback {result.rollback}\n{result.rollback_detail}"
        print(f"REGRESSED: {result.case.id}: {result.outcome}\n{detail}", file=sys.stderr)
    if better:
        print("record the improvements with: python bench/fidelity.py --write")
    return 1 if worse else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dialect", action="append", choices=DIALECTS)
    parser.add_argument("--match", help="only cases whose id contains this text (several texts: comma-separated)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--allow-contract-drift",
        action="store_true",
        help="migrate up without the contract's drift check: apply-failed then means failed DDL only "
        "(compare with a default run to tell the two apart); never with --write",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the baseline; write nothing")
    mode.add_argument("--write", action="store_true", help="write docs/fidelity.md and the baseline")
    options = parser.parse_args()
    whole = options.dialect is None and options.match is None
    if options.allow_contract_drift and (options.write or (whole and not options.check)):
        parser.error("--allow-contract-drift writes nothing: add --check, or narrow the run")
    texts = [] if options.match is None else options.match.split(",")
    chosen = [case for case in cases() if not texts or any(text in case.id for text in texts)]
    results: list[Result] = []
    for dialect in options.dialect or DIALECTS:
        mine = [case for case in chosen if case.dialect == dialect]
        if mine:
            print(f"== {dialect}: {len(mine)} cases", flush=True)
            results += run(dialect, mine, options.jobs, allow_drift=options.allow_contract_drift)
    print("\n".join(table(results)))
    print("-- rollback")
    print("\n".join(rollback_table(results)))
    for title, groups in (
        ("failure groups", failure_groups(results)),
        ("dump differences", difference_kinds(results)),
        ("rollback failure groups", rollback_groups(results)),
    ):
        print(f"-- {title}, largest first")
        for key, members in groups[:15]:
            print(f"{len(members):4} x {key}  (e.g. {members[0].case.id})")
    if options.check:
        return check(results)
    if whole:
        REPORT.write_text(report(results), encoding="utf-8")
    if options.write or whole:
        # A filtered run updates only its own cases' outcomes; the report stays the whole run's.
        kept = {} if whole else json.loads(BASELINE.read_text(encoding="utf-8"))
        outcomes = kept | {result.case.id: result.outcome for result in results}
        BASELINE.write_text(json.dumps(dict(sorted(outcomes.items())), indent=1) + "\n", encoding="utf-8")
        written = [REPORT, BASELINE] if whole else [BASELINE]
        print(f"wrote {' and '.join(str(path.relative_to(ROOT)) for path in written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
