"""A planned migration → the bytes of every file of its folder, ``plan.json`` last.

This is the one place that knows the folder's layout and which step uses which
file; each file's content comes from its own renderer.  Pure: nothing is written
here (see :mod:`wesley_gen.write`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from wesley_gen.documents import sha256
from wesley_gen.documents.contract import CONTRACT_FILE, Contract
from wesley_gen.documents.diff import Suggested
from wesley_gen.documents.plan import PLAN_FILE, Artifact, Plan, Step, step_statements
from wesley_gen.model import canonical_json, dumps
from wesley_gen.plan import Migration
from wesley_gen.render.diff_json import diff_change
from wesley_gen.statements import MANIFEST, Statement, manifest_document

PLAN, SCHEMA, CONTRACT = PLAN_FILE, "schema.json", CONTRACT_FILE
EXPAND, SWAP, ROLLBACK = "expand.sql", "swap.sql", "rollback.sql"
BACKFILL, CATALOG = "backfill.py", "catalog.py"
FILES = (PLAN, BACKFILL, CATALOG, EXPAND, SWAP, ROLLBACK, MANIFEST, CONTRACT, SCHEMA)


def render_migration(migration: Migration) -> dict[str, bytes]:
    """Every file of the migration folder, by name."""
    return render_folder(migration)[0]


def render_folder(migration: Migration) -> tuple[dict[str, bytes], Plan]:
    """Every file of the migration folder, by name, and the plan its plan.json holds
    (what ``generate`` and ``new`` report without reading the file back)."""
    from wesley_gen.render.contract import render_contract
    from wesley_gen.render.python import render_backfill, render_catalog
    from wesley_gen.render.sql import render_sql

    sql = render_sql(migration)
    contract = render_contract(migration)
    files = {
        BACKFILL: render_backfill(migration).encode(),
        CATALOG: render_catalog(migration).encode(),
        EXPAND: sql.expand.encode(),
        SWAP: sql.swap.encode(),
        ROLLBACK: sql.rollback.encode(),
        # What the runtime executes; the three .sql files are the same statements for people.
        MANIFEST: dumps(manifest_document(migration.id, migration.dialect, sql.statements)).encode(),
        CONTRACT: dumps(contract.to_dict()).encode(),
        SCHEMA: canonical_json(migration.new, contract.post.schema).encode(),
    }
    steps = _steps(migration, contract, sql.expand_actions, sql.swap_actions, files, sql.statements)
    plan = _plan(migration, contract, steps)
    files[PLAN] = dumps(plan.to_dict()).encode()
    return {name: files[name] for name in sorted(files)}, plan


def _plan(migration: Migration, contract: Contract, steps: tuple[Step, ...]) -> Plan:
    """The ``wesley-gen/plan@1`` document of a migration (``docs/schema/plan.schema.json``); the
    schemas' checksums are the contract's, made once (a 1000-table schema takes a while)."""
    return Plan(
        migration.dialect,
        migration.id,
        contract.from_checksum,
        contract.to_checksum,
        tuple(diff_change(c.id, c.change, c.verdict) for c in migration.changes),
        migration.warnings,
        steps,
        len(migration.backfills),
        tuple(Suggested.of(s) for s in migration.suggestions),
    )


def _descriptions(contract: Contract, stage: str) -> tuple[str, ...]:
    return tuple(a.description for a in contract.stage(stage).assertions)


def _steps(
    migration: Migration,
    contract: Contract,
    expand_actions: tuple[str, ...],
    swap_actions: tuple[str, ...],
    files: Mapping[str, bytes],
    statements: tuple[Statement, ...],
) -> tuple[Step, ...]:
    """What each of the four steps runs, the files it uses, the statements with their lock
    cost (backfill: expand.sql's, swap: swap.sql's), and what undoing it means."""

    costed = step_statements(statements, migration.dialect)
    # Each file hashed once: contract.json, megabytes for a large schema, is used by three steps.
    digest = functools.cache(lambda path: sha256(files[path]))

    def step(
        name: str, actions: tuple[str, ...], artifacts: tuple[str, ...], reversible: bool, hint: str
    ) -> Step:
        paths = tuple(Artifact(p, digest(p)) for p in artifacts)
        return Step(name, actions, paths, reversible, hint, costed.get(name, ()))

    backfills = tuple(f"{t.change_id} backfill {t.table}.{t.column}: {t.reason}" for t in migration.backfills)
    backfill_actions = tuple(f"expand.sql: {a}" for a in expand_actions) + tuple(
        f"backfill.py: {a}" for a in backfills
    )
    backfill_files = (EXPAND, MANIFEST, BACKFILL, CATALOG) if backfill_actions else (EXPAND, MANIFEST)
    swap_checks = tuple(f"contract.json (swap): {d}" for d in _descriptions(contract, "swap"))
    swap_files = (CONTRACT, SWAP, MANIFEST) if swap_checks else (SWAP, MANIFEST)
    irreversible = [c for c in migration.changes if not c.verdict.reversible]
    if irreversible:
        swap_hint = "irreversible: " + "; ".join(
            f"{c.id} {c.change.op} {_where(c.change)} ({c.verdict.reason})" for c in irreversible
        )
    elif swap_actions:
        swap_hint = "rollback.sql undoes every change of the swap and the expand, newest first"
    else:
        swap_hint = "nothing to undo: the swap changes nothing"
    return (
        step(
            "pre-check",
            tuple(f"contract.json (pre): {d}" for d in _descriptions(contract, "pre")),
            (CONTRACT,),
            True,
            "nothing has changed yet",
        ),
        step(
            "backfill",
            backfill_actions,
            backfill_files,
            True,
            "rollback.sql drops what expand.sql added; the backfill writes only new and shadow columns, "
            "so no existing value is touched"
            if backfill_actions
            else "nothing to undo: the step does nothing",
        ),
        step(
            "swap",
            swap_checks + tuple(f"swap.sql: {a}" for a in swap_actions),
            swap_files,
            not irreversible,
            swap_hint,
        ),
        step(
            "post-check",
            tuple(f"contract.json (post): {d}" for d in _descriptions(contract, "post")),
            (CONTRACT, SCHEMA),
            True,
            "checks only; to undo the migration run rollback.sql",
        ),
    )


def _where(change: Any) -> str:
    parts = [p for p in (change.table, change.column) if p]
    return ".".join(parts) or str(change.name)
