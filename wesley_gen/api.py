"""Library entry points: one function per command, with no printing and no exit codes.

The CLI calls these and only formats their results; programs that embed
wesley-gen call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import UsageError
from wesley_gen.hints import Hints
from wesley_gen.load import DIALECTS, load_pair

if TYPE_CHECKING:
    from wesley_gen.run.contract import StageResult

# Ranks for --fail-on: a change fails the run when its class ranks at least as high.
CLASS_RANK = {"additive": 0, "rename": 1, "narrowing": 2, "destructive": 3}


@dataclass(frozen=True, slots=True)
class DiffReport:
    document: dict[str, Any]  # the ``wesley-gen/diff@1`` document
    warnings: tuple[str, ...]

    def fails(self, fail_on: str | None) -> bool:
        """True when the diff has errors or a change of class ``fail_on`` or worse."""
        if self.document["errors"]:
            return True
        if fail_on is None:
            return False
        threshold = CLASS_RANK[fail_on]
        return any(CLASS_RANK[c["class"]] >= threshold for c in self.document["changes"])


def resolve_dialect(dialect: str | None, *sources: str) -> str:
    """The dialect asked for, else SQLite for a SQLite database input, else the project's, else PostgreSQL."""
    if dialect is not None:
        if dialect not in DIALECTS:
            raise UsageError(f"unknown dialect {dialect!r}", hint=f"use one of {', '.join(DIALECTS)}")
        return dialect
    if any(s.startswith("sqlite:") for s in sources):
        return "sqlite"
    from wesley_gen.config import find_config

    return find_config().dialect or "postgres"


def diff_sources(old: str, new: str, *, hints: Hints, dialect: str | None = None) -> DiffReport:
    """Load two schema versions and classify every change between them."""
    from wesley_gen.diff import diff_schemas, diff_to_dict

    resolved = resolve_dialect(dialect, old, new)
    old_loaded, new_loaded = load_pair(old, new, dialect=resolved)
    result = diff_schemas(old_loaded.schema, new_loaded.schema, hints, dialect=resolved)
    document = diff_to_dict(old_loaded.schema, new_loaded.schema, result, dialect=resolved)
    return DiffReport(document, old_loaded.warnings + new_loaded.warnings)


@dataclass(frozen=True, slots=True)
class GenerateReport:
    folder: str
    plan: dict[str, Any]  # the wesley-gen/plan@1 document written
    warnings: tuple[str, ...]


def generate_migration(
    old: str,
    new: str,
    output: str,
    *,
    hints: Hints,
    dialect: str | None = None,
    name: str | None = None,
    allow_destructive: bool = False,
    allow_empty: bool = False,
    overwrite: bool = False,
) -> GenerateReport:
    """Load, plan and render one migration, then write its folder atomically."""
    import json
    from pathlib import Path

    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.migration import PLAN, render_migration
    from wesley_gen.write import write_folder

    resolved = resolve_dialect(dialect, old, new)
    old_loaded, new_loaded = load_pair(old, new, dialect=resolved)
    folder = Path(output)
    migration = plan_migration(
        old_loaded.schema,
        new_loaded.schema,
        hints,
        dialect=resolved,
        migration_id=name or folder.name,
        options=Options(allow_destructive=allow_destructive, allow_empty=allow_empty),
    )
    files = render_migration(migration)
    write_folder(folder, files, overwrite=overwrite)
    return GenerateReport(
        str(folder),
        json.loads(files[PLAN]),
        old_loaded.warnings + new_loaded.warnings + migration.warnings,
    )


@dataclass(frozen=True, slots=True)
class VerifyReport:
    result: StageResult
    counts_written: str | None  # where the row counts went (--counts at the pre stage)

    @property
    def passed(self) -> bool:
        return self.result.passed


def verify_migration(
    directory: str, url: str, *, stage: str = "pre", counts_file: str | None = None
) -> VerifyReport:
    """Check one stage of a migration folder's ``contract.json`` against a live database.

    ``counts_file``: at the pre stage, where to write the row counts; at the post stage,
    the counts to compare with (row counts preserved); the swap stage leaves it alone, so
    a script may pass the same flags at every stage.
    """
    from wesley_gen.run.contract import STAGES, evaluate, load_contract, read_counts, write_counts

    if stage not in STAGES:
        raise UsageError(f"unknown stage {stage!r}", hint=f"use one of {', '.join(STAGES)}")
    contract = load_contract(directory)
    migration_id = str(contract["migration"]["id"])
    counts = read_counts(counts_file, migration=migration_id) if counts_file and stage == "post" else None
    result = evaluate(contract, stage, url, counts=counts)
    if counts_file is not None and stage == "pre":
        write_counts(counts_file, result)
        return VerifyReport(result, counts_file)
    return VerifyReport(result, None)


def explain_plan(path: str, *, format: str = "markdown") -> str:
    """Read ``plan.json`` (or the one inside a migration folder) and render it for a reviewer.

    ``format`` is ``"markdown"`` (a pull request description) or ``"text"`` (a terminal).
    """
    import json
    from pathlib import Path

    from wesley_gen.errors import InputError, Location
    from wesley_gen.render.markdown import FORMATS, plan_problem, render_explain

    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}", hint=f"use one of {', '.join(FORMATS)}")
    file = Path(path)
    if file.is_dir():
        file = file / "plan.json"
    where = Location(str(file))
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", location=where) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read ({error})", location=where) from None
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", location=Location(str(file), error.lineno)) from None
    problem = plan_problem(plan)
    if problem is not None:
        raise InputError(f"not a wesley-gen plan: {problem}", location=where)
    return render_explain(plan, format=format)


def migration_spec(
    directory: str,
    *,
    context: str | None = None,
    namespace: str | None = None,
    stability: str | None = None,
) -> dict[str, Any]:
    """The MigrationSpec document of one migration folder (see :mod:`wesley_gen.spec`).

    ``owners`` and ``tags`` come from ``[tool.wesley-gen]``; the key is
    ``context.namespace.NNNN_slug`` (default ``app.db``); the migration depends on the
    one before it in its migrations folder.
    """
    from wesley_gen.config import find_config
    from wesley_gen.spec import (
        DEFAULT_CONTEXT,
        DEFAULT_NAMESPACE,
        DEFAULT_STABILITY,
        SpecSettings,
        spec_of_folder,
    )

    config = find_config()
    settings = SpecSettings(
        context=context or DEFAULT_CONTEXT,
        namespace=namespace or DEFAULT_NAMESPACE,
        owners=config.owners,
        tags=config.tags,
        stability=stability or DEFAULT_STABILITY,
    )
    return spec_of_folder(directory, settings)
