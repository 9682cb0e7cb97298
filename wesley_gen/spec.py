"""MigrationSpec: a generated migration folder as one declarative document, and a registry.

``wesley-gen spec DIR`` turns the folder ``NNNN_slug`` into a ``wesley-gen/migration-spec@1``
document (published as ``docs/schema/migration-spec.schema.json``)::

    {"format": "wesley-gen/migration-spec@1",
     "meta": {"key", "name", "version", "description", "dialect", "owners", "tags", "stability"},
     "plan": {"up": [step, …], "down": [step, …]},
     "dependencies": [key, …]}

**meta**: ``name`` is the slug of the migration id and ``version`` its number
(``0002_add_email`` → ``add_email``, 2); ``owners`` and ``tags`` are those of
``[tool.wesley-gen]``; ``stability`` is ``experimental`` unless the caller says otherwise
(``spec --stability``); ``description`` summarises the plan and names every change that
cannot be undone.

**Keys** are ``context.namespace.NNNN_slug``: the seed's ``context.namespace.YYYY_MM_slug``
with the date replaced by the migration id, because a generated folder carries no date
(its files are the same bytes on every machine and every day) while its id is unique in
its migrations folder and already sorts in order.  ``context`` and ``namespace`` default
to ``app`` and ``db`` (``spec --context/--namespace``), so ``0002_add_email`` is
``app.db.0002_add_email``.  The key pattern also accepts the seed's form
(``core.db.2025_01_add_users``), so hand-written specs register beside generated ones.

**Dependencies**: a migration depends on the one before it in its migrations folder
(the next lower number); a folder not named ``NNNN_slug`` (a golden case, say) has none.

**Steps** run in order on one connection.  ``plan.up``:

1. a ``validation`` step for every pre-stage assertion of ``contract.json`` (no row
   breaks a narrowing change);
2. ``schema`` steps of ``expand.sql``, from ``statements.json``: its transaction as one
   step (``transactional`` true, ``sql`` the statements between ``BEGIN`` and ``COMMIT``),
   and every statement the file runs outside a transaction (PostgreSQL ``CREATE INDEX CONCURRENTLY``,
   ``ALTER TYPE … ADD VALUE``, SQLite's ``PRAGMA foreign_keys``) as a step of its own with
   ``transactional`` false;
3. a ``data`` step running ``backfill.py`` (when it has columns to fill), retried
   because every batch is idempotent and a rerun resumes where the last one stopped;
4. ``schema`` steps of ``swap.sql``, the swap-stage assertions (the backfill is complete,
   no duplicates for a new unique constraint) as ``preChecks`` of its transaction: they
   guard exactly that step;
5. a ``validation`` step for every post-stage assertion (the database is the new schema
   and its data satisfies it).

``plan.down`` holds the ``schema`` steps of ``rollback.sql`` (an empty list when nothing
can be undone).  Every check ``expression`` and ``assertion`` is contract.json's SQL as
written: it returns the number of violating rows, and the check passes when that is 0.
A row-count assertion names its parameter (``%(rows_before)s``: the table's row count
measured at the pre-check), as contract.json does.  No step has a ``timeoutMs`` of its
own (a backfill takes as long as its table needs); the schema allows one.

:class:`MigrationRegistry` holds specs by key, lists them by name and version, and orders
them for execution with every prerequisite first; it rejects a duplicate key, a
dependency on an unregistered key and a dependency cycle (the keys named in cycle order).
The document is built by pure functions over the folder's texts (:func:`build_spec`);
only :func:`read_folder`, :func:`spec_of_folder` and :func:`registry_of` touch the disk.
"""

from __future__ import annotations

import builtins
import heapq
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wesley_gen.documents import loads
from wesley_gen.documents.contract import CONTRACT_FILE, STAGES, Assertion, parse_contract
from wesley_gen.documents.diff import DiffChange, class_counts
from wesley_gen.documents.plan import PLAN_FILE, Plan, parse_plan
from wesley_gen.errors import InputError, Location, UsageError
from wesley_gen.folders import MIGRATION_ID, migration_folders
from wesley_gen.statements import FILE_OF_STEP, MANIFEST, Statement, parse_manifest, transactions

FORMAT = "wesley-gen/migration-spec@1"
STABILITIES = ("experimental", "beta", "stable", "deprecated")
DEFAULT_CONTEXT = "app"
DEFAULT_NAMESPACE = "db"
DEFAULT_STABILITY = "experimental"
DATA_RETRIES = 3  # backfill.py is idempotent and resumable: a retry continues where it stopped
BACKFILL = "backfill.py"
BACKFILL_COMMAND = "python backfill.py --db URL"
FILES = (PLAN_FILE, CONTRACT_FILE, MANIFEST)

SEGMENT_PATTERN = r"[A-Za-z][A-Za-z0-9_-]*"
KEY_PATTERN = rf"^{SEGMENT_PATTERN}\.{SEGMENT_PATTERN}\.[0-9]{{4,}}_[A-Za-z0-9_]+$"
_KEY = re.compile(KEY_PATTERN)
_SEGMENT = re.compile(rf"^{SEGMENT_PATTERN}$")

Spec = Mapping[str, Any]

# What the statements of each step do, as a transaction's description says.
_STEP_LABEL = {
    "expand": "adds what the new schema needs before the backfill; no existing value changes",
    "swap": "switches to the new schema",
    "undo-swap": "undoes the applied migration (after swap.sql), newest change first",
    "undo-expand": "undo expand.sql (this part alone undoes a migration whose swap.sql has not run)",
}


class RegistryError(InputError):
    """A set of migration specs that cannot be registered or ordered (exit 2)."""


@dataclass(frozen=True, slots=True)
class SpecSettings:
    """What a spec takes from outside its folder: key parts and ownership metadata."""

    context: str = DEFAULT_CONTEXT
    namespace: str = DEFAULT_NAMESPACE
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    stability: str = DEFAULT_STABILITY

    def __post_init__(self) -> None:
        for label, value in (("context", self.context), ("namespace", self.namespace)):
            if not _SEGMENT.match(value):
                raise UsageError(
                    f"invalid key {label} {value!r}",
                    hint="a letter, then letters, digits, '_' or '-' (no dots)",
                )
        if self.stability not in STABILITIES:
            raise UsageError(
                f"unknown stability {self.stability!r}", hint=f"use one of {', '.join(STABILITIES)}"
            )


def split_id(migration_id: str, *, location: Location | None = None) -> tuple[int, str]:
    """``0002_add_email`` → ``(2, "add_email")``."""
    match = MIGRATION_ID.match(migration_id)
    if match is None:
        raise InputError(
            f"migration id {migration_id!r} is not NNNN_slug",
            location=location,
            hint="name the migration like 0002_add_email (generate --name, or the folder's name)",
        )
    return int(match.group("sequence")), match.group("slug")


def migration_key(migration_id: str, settings: SpecSettings | None = None) -> str:
    """The registry key of a migration: ``context.namespace.NNNN_slug``."""
    settings = settings or SpecSettings()
    split_id(migration_id)
    return f"{settings.context}.{settings.namespace}.{migration_id}"


# --- building the document (pure) --------------------------------------------------------


def build_spec(
    files: Mapping[str, str],
    settings: SpecSettings | None = None,
    *,
    dependencies: Sequence[str] = (),
    source: str | None = None,
) -> dict[str, Any]:
    """The MigrationSpec of a migration folder, from the texts of its files.

    ``files`` maps file names (``plan.json``, ``contract.json``, ``statements.json``, and
    ``backfill.py`` when it has work) to their text; ``source`` is the folder, used only
    to place error messages.
    """
    settings = settings or SpecSettings()

    def where(name: str, line: int | None = None) -> Location:
        return Location(name if source is None else str(Path(source) / name), line)

    for name in FILES:
        if name not in files:
            raise InputError(f"the migration folder has no {name}", location=where(name))
    plan = parse_plan(loads(files[PLAN_FILE], str(where(PLAN_FILE))), str(where(PLAN_FILE)))
    contract = parse_contract(
        loads(files[CONTRACT_FILE], str(where(CONTRACT_FILE))), str(where(CONTRACT_FILE))
    )
    migration_id, dialect = plan.migration_id, plan.dialect
    stages = {stage: contract.stage(stage).assertions for stage in STAGES}
    version, name = split_id(migration_id, location=where(PLAN_FILE))
    statements = parse_manifest(loads(files[MANIFEST], str(where(MANIFEST))), str(where(MANIFEST)))
    lost = tuple(
        f"{_change_label(c)}: irreversible: {c.reason}" for c in reversed(plan.changes) if not c.reversible
    )

    def scripts(file: str) -> list[dict[str, Any]]:
        return _schema_steps(file, statements, lost)

    up: list[dict[str, Any]] = [_validation(a) for a in stages["pre"]]
    up += scripts("expand.sql")
    tasks = [
        a.removeprefix(f"{BACKFILL}: ")
        for a in plan.step("backfill").actions
        if a.startswith(f"{BACKFILL}: ")
    ]
    if tasks or plan.backfill:
        if BACKFILL not in files:
            raise InputError(f"the migration folder has no {BACKFILL}", location=where(BACKFILL))
        up.append(
            {
                "kind": "data",
                "description": f"{BACKFILL}, idempotent and resumable, one short transaction per batch"
                + (": " + "; ".join(tasks) if tasks else ""),
                "script": BACKFILL,
                "command": BACKFILL_COMMAND,
                "retries": DATA_RETRIES,
            }
        )
    swap = scripts("swap.sql")
    swap_checks = [_check(a) for a in stages["swap"]]
    guarded = next((s for s in swap if s["transactional"]), swap[0] if swap else None)
    if guarded is not None and swap_checks:
        guarded["preChecks"] = swap_checks
    else:
        up += [_validation(a) for a in stages["swap"]]
    hint = plan.step("swap").hint
    for step in swap:
        if step["transactional"] and hint:
            step["description"] += f"; rollback: {hint}"
    up += swap
    up += [_validation(a) for a in stages["post"]]

    return {
        "format": FORMAT,
        "meta": {
            "key": f"{settings.context}.{settings.namespace}.{migration_id}",
            "name": name,
            "version": version,
            "description": _describe(migration_id, dialect, plan),
            "dialect": dialect,
            "owners": list(dict.fromkeys(settings.owners)),
            "tags": list(dict.fromkeys(settings.tags)),
            "stability": settings.stability,
        },
        "plan": {"up": up, "down": scripts("rollback.sql")},
        "dependencies": sorted(set(dependencies)),
    }


def _describe(migration_id: str, dialect: str, plan: Plan) -> str:
    counts = ", ".join(f"{n} {name}" for name, n in class_counts(plan.changes).items())
    text = (
        f"Migration {migration_id} ({dialect}), generated by wesley-gen: {counts}; "
        f"{plan.backfill} column(s) to backfill; "
    )
    lost = [_change_label(c) for c in plan.changes if not c.reversible]
    if not lost:
        return text + "reversible"
    return text + "NOT reversible" + (f": {', '.join(lost)} cannot be undone" if lost else "")


def _change_label(change: DiffChange) -> str:
    label = f"{change.id} {change.op} {change.table}"
    if change.column:
        return f"{label}.{change.column}"
    return f"{label} {change.name}" if change.name else label


def _check(assertion: Assertion) -> dict[str, Any]:
    return {"description": _assertion_text(assertion), "expression": assertion.sql}


def _validation(assertion: Assertion) -> dict[str, Any]:
    return {
        "kind": "validation",
        "description": _assertion_text(assertion),
        "assertion": assertion.sql,
        "retries": 0,
    }


def _assertion_text(assertion: Assertion) -> str:
    text = f"contract.json {assertion.id}: {assertion.description}"
    for param, table in sorted(assertion.params.items()):
        text += f"; %({param})s is the row count of {table} at the pre-check"
    return text


def _outside_reason(statement: str) -> str:
    upper = statement.upper()
    if "CONCURRENTLY" in upper:
        return "outside a transaction (PostgreSQL cannot build an index CONCURRENTLY inside one)"
    if upper.startswith("PRAGMA FOREIGN_KEYS"):
        return "outside a transaction (SQLite switches foreign-key enforcement only outside one)"
    if upper.startswith("ALTER TYPE") and " ADD VALUE" in upper:
        return "outside a transaction (a new enum value cannot be used in the transaction adding it)"
    return "outside a transaction"


def _schema_steps(file: str, statements: Sequence[Statement], lost: Sequence[str]) -> list[dict[str, Any]]:
    """The statements of ``file``: each transaction a step, each statement outside one a step.

    ``lost``: the irreversible changes, named by the transaction that undoes the swap."""
    steps: list[dict[str, Any]] = []
    for group in transactions(s for s in statements if FILE_OF_STEP[s.step] == file):
        step = group[0].step
        if group[0].transaction:
            description = f"{file}, in one transaction: {_STEP_LABEL[step]}"
            if step == "undo-swap" and lost:
                description += "; not undone: " + "; ".join(lost)
        else:
            description = f"{file}: {_outside_reason(group[0].sql)}"
        steps.append(
            {
                "kind": "schema",
                "description": description,
                "sql": "\n".join(f"{s.sql};" for s in group),
                "transactional": group[0].transaction,
                "retries": 0,
            }
        )
    return steps


# --- reading folders -----------------------------------------------------------------------


def read_folder(folder: str | Path) -> dict[str, str]:
    """The texts :func:`build_spec` needs from a migration folder."""
    path = Path(folder)
    if not (path / "plan.json").is_file():
        raise InputError(
            "not a migration folder: it has no plan.json",
            location=Location(str(path)),
            hint="pass a folder written by `wesley-gen generate` or `wesley-gen new`",
        )
    files: dict[str, str] = {}
    for name in (*FILES, BACKFILL):
        try:
            files[name] = (path / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            if name != BACKFILL:
                raise InputError(
                    f"the migration folder has no {name}", location=Location(str(path / name))
                ) from None
        except OSError as error:
            raise InputError(
                f"cannot read it: {error.strerror}", location=Location(str(path / name))
            ) from None
    return files


def _migration_id(folder: Path) -> str:
    source = str(folder / PLAN_FILE)
    return parse_plan(loads(read_folder(folder)[PLAN_FILE], source), source).migration_id


def spec_of_folder(
    folder: str | Path, settings: SpecSettings | None = None, *, dependencies: Sequence[str] | None = None
) -> dict[str, Any]:
    """The MigrationSpec of one migration folder.

    Without explicit ``dependencies``, a folder named ``NNNN_slug`` depends on the
    migration before it among its siblings; any other folder depends on nothing.
    """
    settings = settings or SpecSettings()
    path = Path(folder)
    files = read_folder(path)
    if dependencies is None:
        dependencies = []
        if MIGRATION_ID.match(path.resolve().name):
            siblings = [f.path for f in migration_folders(path.resolve().parent)]
            index = next(i for i, p in enumerate(siblings) if p.name == path.resolve().name)
            if index > 0:
                dependencies = [migration_key(_migration_id(siblings[index - 1]), settings)]
    return build_spec(files, settings, dependencies=dependencies, source=str(path))


def registry_of(folder: str | Path, settings: SpecSettings | None = None) -> MigrationRegistry:
    """A registry of every ``NNNN_slug`` migration folder of ``folder``, each by its spec."""
    settings = settings or SpecSettings()
    root = Path(folder)
    if not root.is_dir():
        raise UsageError("no such migrations folder", location=Location(str(root)))
    registry = MigrationRegistry()
    previous: list[str] = []
    for path in (f.path for f in migration_folders(root)):
        spec = build_spec(read_folder(path), settings, dependencies=previous, source=str(path))
        registry.register(spec)
        previous = [spec["meta"]["key"]]
    return registry


# --- the registry ----------------------------------------------------------------------------


class MigrationRegistry:
    """Migration specs by key: listed by name and version, ordered prerequisites first."""

    def __init__(self) -> None:
        self._specs: dict[str, Spec] = {}

    def register(self, spec: Spec) -> None:
        """Add ``spec``; a key registered before is an error."""
        key = _key_of(spec)
        if key in self._specs:
            raise RegistryError(f"duplicate migration key {key}: it is registered twice")
        self._specs[key] = spec

    def get(self, key: str) -> Spec | None:
        """The spec registered under ``key``, or None."""
        return self._specs.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def __len__(self) -> int:
        return len(self._specs)

    def list(self) -> list[Spec]:
        """Every spec, sorted by name, then version (then key)."""
        return sorted(
            self._specs.values(),
            key=lambda s: (str(s["meta"]["name"]), int(s["meta"]["version"]), _key_of(s)),
        )

    def dependencies(self, key: str) -> tuple[str, ...]:
        """The keys ``key`` depends on, sorted, without repeats."""
        spec = self._specs.get(key)
        if spec is None:
            raise RegistryError(f"no migration registered with key {key}")
        return tuple(sorted(set(spec.get("dependencies") or ())))

    def order(self) -> builtins.list[Spec]:
        """Every spec in an execution order: each after all it depends on, ties by key.

        Raises :class:`RegistryError` for a dependency on an unregistered key (naming
        both keys) and for a dependency cycle (naming its keys in cycle order).
        """
        needs = {key: self.dependencies(key) for key in sorted(self._specs)}
        for key, wanted in needs.items():
            for dependency in wanted:
                if dependency not in self._specs:
                    raise RegistryError(
                        f"migration {key} depends on {dependency}, which is not registered",
                        hint="register that migration too, or remove the dependency",
                    )
        waiting = {key: len(wanted) for key, wanted in needs.items()}
        dependants: dict[str, list[str]] = {key: [] for key in needs}
        for key, wanted in needs.items():
            for dependency in wanted:
                dependants[dependency].append(key)
        ready = [key for key, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        ordered: builtins.list[Spec] = []
        while ready:
            key = heapq.heappop(ready)
            ordered.append(self._specs[key])
            for dependant in dependants[key]:
                waiting[dependant] -= 1
                if waiting[dependant] == 0:
                    heapq.heappush(ready, dependant)
        if len(ordered) < len(needs):
            cycle = _cycle({k: needs[k] for k, count in waiting.items() if count > 0})
            raise RegistryError(
                "dependency cycle: " + " -> ".join([*cycle, cycle[0]]),
                hint="each migration depends on the next; remove one of these dependencies",
            )
        return ordered


def _key_of(spec: Spec) -> str:
    meta = spec.get("meta") if isinstance(spec, Mapping) else None
    if not isinstance(meta, Mapping):
        raise RegistryError("not a MigrationSpec: it has no meta")
    key = meta.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise RegistryError(f"not a MigrationSpec: meta.key {key!r} is not context.namespace.NNNN_slug")
    if not isinstance(meta.get("name"), str) or not isinstance(meta.get("version"), int):
        raise RegistryError(f"not a MigrationSpec: {key} needs meta.name (text) and meta.version (a number)")
    dependencies = spec.get("dependencies", [])
    if not isinstance(dependencies, list) or not all(isinstance(d, str) for d in dependencies):
        raise RegistryError(f"not a MigrationSpec: the dependencies of {key} must be a list of keys")
    return key


def _cycle(blocked: Mapping[str, Sequence[str]]) -> list[str]:
    """One dependency cycle among ``blocked`` (each waits on another of them), from its smallest key.

    Walks from the smallest key along the smallest blocked dependency until a key
    repeats; every blocked key has one, so the walk always closes a cycle.
    """
    path: list[str] = []
    seen: dict[str, int] = {}
    key = min(blocked)
    while key not in seen:
        seen[key] = len(path)
        path.append(key)
        key = min(d for d in blocked[key] if d in blocked)
    cycle = path[seen[key] :]
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]
