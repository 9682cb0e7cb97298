"""squawk, the PostgreSQL migration linter, on every SQL file wesley-gen generates for PostgreSQL.

The golden cases' expand.sql, swap.sql and rollback.sql, and those of a sample of the
property test's random migrations (a fixed seed), are linted; a finding fails the test
unless the allow-list below names its rule, its file and its statement, with the reason
it is meant.  The allow-list is the documented set of hazards wesley-gen takes on
purpose: what the user asked for (a drop gated by --allow-destructive, a rename, a type
of their choosing) and what a rollback must do to undo a migration in one transaction.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.corpus.oracle import cases as corpus_cases
from tests.test_migrate_properties import Case, cases
from wesley_gen.errors import WesleyGenError
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.sql import render_sql

GOLDEN = Path(__file__).parent.parent / "golden"
SQUAWK = Path(sys.executable).parent / "squawk"
PG_VERSION = "18"  # the embedded server's (PostgreSQL 18); SET NOT NULL uses a validated check from 12 on


@dataclass(frozen=True)
class Allowed:
    """Findings of ``rule`` in files matching ``files`` on statements matching ``statement``."""

    rule: str
    files: str  # a glob on the file's name: expand.sql, swap.sql, rollback.sql
    statement: str  # a regular expression searched in the statement
    reason: str


_ANY = r"."
ALLOWED = (
    # Timeouts belong to whoever runs the statements, not to the statements: migrate up and
    # rehearse set them on their session (--ddl-lock-timeout, --statement-timeout) and retry.
    Allowed(
        "require-lock-timeout",
        "*.sql",
        _ANY,
        "lock_timeout is set by the session that runs the files (the runner: --ddl-lock-timeout)",
    ),
    Allowed(
        "require-statement-timeout",
        "*.sql",
        _ANY,
        "statement_timeout is set by the session that runs the files (the runner: --statement-timeout)",
    ),
    # What the user asked for.
    Allowed(
        "ban-drop-column",
        "swap.sql",
        r"DROP COLUMN",
        "a column the new schema drops (--allow-destructive), "
        "or the old column a converted shadow column replaces",
    ),
    Allowed(
        "ban-drop-table", "swap.sql", r"^DROP TABLE", "a table the new schema drops (--allow-destructive)"
    ),
    Allowed(
        "ban-drop-constraint",
        "swap.sql",
        r"DROP CONSTRAINT",
        "a constraint the new schema drops, "
        "or the check wesley-gen added to prove NOT NULL, once SET NOT NULL holds",
    ),
    Allowed(
        "ban-drop-type",
        "swap.sql",
        r"^DROP TYPE",
        "an enum type the new schema drops, or the old one "
        "retired once its columns use the type made anew (PostgreSQL cannot drop an enum value), or a "
        "composite type no column or type uses, made anew with its attributes in their new order",
    ),
    Allowed(
        "ban-drop-view",
        "*.sql",
        r"^DROP (MATERIALIZED )?VIEW IF EXISTS",
        "a view that reads a column of an enum made anew (losing a value, or a rollback taking back "
        "one added), or reads a view a rollback makes again, dropped before and made again after "
        "in the same transaction (a materialized one filled again by its CREATE), its comments, "
        "grants and indexes given back with it",
    ),
    Allowed(
        "ban-drop-schema", "swap.sql", r"^DROP SCHEMA", "a schema the new schema drops (--allow-destructive)"
    ),
    Allowed(
        "ban-drop-domain", "swap.sql", r"^DROP DOMAIN", "a domain the new schema drops (--allow-destructive)"
    ),
    Allowed(
        "ban-drop-column",
        "swap.sql",
        r"^ALTER TYPE .* DROP ATTRIBUTE",
        "an attribute the new schema drops from a composite type",
    ),
    Allowed(
        "ban-alter-domain-with-add-constraint",
        "swap.sql",
        r"NOT VALID;$",
        "a check a domain gains: added NOT VALID (no scan), validated in a stage of its own "
        "(SHARE UPDATE EXCLUSIVE from PostgreSQL 18, SHARE before: reads go on)",
    ),
    Allowed(
        "constraint-missing-not-valid",
        "swap.sql",
        r" EXCLUDE ",
        "an EXCLUDE constraint has neither NOT VALID nor ADD CONSTRAINT ... USING INDEX: "
        "its index is built and every row checked as it is added",
    ),
    *(
        Allowed(
            rule,
            "swap.sql",
            r" WITHOUT OVERLAPS\);$",
            "a key WITHOUT OVERLAPS (PostgreSQL 18) has a GiST index, which cannot be built UNIQUE "
            "CONCURRENTLY to be attached USING INDEX: its index is built and every row checked as it is added",
        )
        for rule in (
            "constraint-missing-not-valid",
            "adding-serial-primary-key-field",
            "disallowed-unique-constraint",
        )
    ),
    Allowed(
        "ban-drop-sequence",
        "swap.sql",
        r"^DROP SEQUENCE",
        "a sequence the new schema drops, or a serial's own sequence gone with its default",
    ),
    Allowed(
        "ban-alter-identity",
        "swap.sql",
        r"(ADD|SET) GENERATED|DROP IDENTITY",
        "an identity the new schema adds, drops or changes: a catalog change under a brief lock, "
        "no scan (the column is NOT NULL first)",
    ),
    Allowed("ban-drop-not-null", "swap.sql", r"DROP NOT NULL", "the new schema lets the column be NULL"),
    Allowed(
        "ban-drop-generated-expression",
        "swap.sql",
        r"DROP EXPRESSION",
        "the new schema makes a generated column plain (values kept; rollback.sql names it irreversible)",
    ),
    Allowed(
        "adding-field-with-default",
        "expand.sql",
        r"GENERATED ALWAYS AS \(.*\) STORED;$",
        "a stored generated column the new schema adds: PostgreSQL computes it only by rewriting the table, "
        "there is no lock-free form (explain warns of the rewrite)",
    ),
    Allowed("ban-drop-default", "swap.sql", r"DROP DEFAULT", "the new schema drops or retypes the default"),
    Allowed(
        "renaming-column",
        "swap.sql",
        r"RENAME COLUMN",
        "a rename the user stated (hint, uid, renamed_from), or a shadow column taking its column's name",
    ),
    Allowed("renaming-table", "swap.sql", r"RENAME TO", "a rename the user stated"),
    Allowed(
        "renaming-object",
        "swap.sql",
        r"RENAME (CONSTRAINT|TO)",
        "a constraint, index or type "
        "named after a renamed table, or an enum retired while its successor takes its name",
    ),
    Allowed(
        "changing-column-type",
        "*.sql",
        r"SET DATA TYPE",
        "a type change the user chose: widenings "
        "PostgreSQL makes without a rewrite (expand), narrowings and key columns converted in place",
    ),
    Allowed("prefer-text-field", "*.sql", r"VARCHAR|CHAR\(", "the user's type"),
    Allowed("prefer-bigint-over-int", "*.sql", r"(?i)\bINT\b|INTEGER|SERIAL", "the user's type"),
    Allowed("prefer-bigint-over-smallint", "*.sql", r"(?i)SMALLINT|SMALLSERIAL", "the user's type"),
    Allowed("prefer-identity", "*.sql", r"(?i)SERIAL", "the user's type"),
    Allowed("prefer-timestamp-tz", "*.sql", r"TIMESTAMP", "the user's type"),
    Allowed("ban-char-field", "*.sql", r"CHAR", "the user's type"),
    Allowed(
        "prefer-robust-stmts",
        "*.sql",
        r"^CREATE (UNIQUE )?INDEX CONCURRENTLY",
        "IF NOT EXISTS would keep "
        "an invalid index a failed build left: the statement before drops it instead",
    ),
    # Made with their table, or with their domain.
    Allowed(
        "ban-alter-domain-with-add-constraint",
        "expand.sql",
        r"^ALTER DOMAIN",
        "a check of a domain expand creates: no column uses the domain yet, nothing to scan",
    ),
    Allowed(
        "constraint-missing-not-valid",
        "expand.sql",
        r"FOREIGN KEY",
        "a key of a table expand creates, added after it (a cycle): the table is empty, nothing to validate",
    ),
    Allowed(
        "adding-foreign-key-constraint",
        "expand.sql",
        r"FOREIGN KEY",
        "a key of a table expand creates, added after it (a cycle): the table is empty, nothing to validate",
    ),
    # A rollback undoes the migration in one transaction: what it drops is what the migration
    # added, what it adds back is what the migration dropped.
    Allowed("ban-drop-column", "rollback.sql", r"DROP COLUMN IF EXISTS", "a column the migration added"),
    Allowed("ban-drop-table", "rollback.sql", r"DROP TABLE IF EXISTS", "a table the migration added"),
    Allowed("ban-drop-constraint", "rollback.sql", r"DROP CONSTRAINT", "a constraint the migration added"),
    Allowed(
        "ban-drop-type",
        "rollback.sql",
        r"DROP TYPE",
        "an enum type the migration added or retired, or an unused composite it made anew",
    ),
    Allowed("ban-drop-schema", "rollback.sql", r"DROP SCHEMA IF EXISTS", "a schema the migration added"),
    Allowed("ban-drop-domain", "rollback.sql", r"DROP DOMAIN IF EXISTS", "a domain the migration added"),
    Allowed("ban-drop-column", "rollback.sql", r"DROP ATTRIBUTE", "an attribute the migration added"),
    Allowed(
        "ban-alter-domain-with-add-constraint",
        "rollback.sql",
        r"^ALTER DOMAIN",
        "a domain check the migration dropped or changed, added back in the rollback's one transaction",
    ),
    Allowed(
        "ban-drop-sequence", "rollback.sql", r"DROP SEQUENCE IF EXISTS", "a sequence the migration added"
    ),
    Allowed(
        "ban-alter-identity",
        "rollback.sql",
        r"(ADD|SET) GENERATED|DROP IDENTITY",
        "an identity the migration added, dropped or changed, put back",
    ),
    Allowed("ban-drop-not-null", "rollback.sql", r"DROP NOT NULL", "NOT NULL the migration set"),
    Allowed("ban-drop-default", "rollback.sql", r"DROP DEFAULT", "a default the migration set"),
    Allowed(
        "ban-drop-function",
        "*.sql",
        r"^DROP FUNCTION IF EXISTS .*__wesley_sync",
        "wesley-gen's own trigger function, which kept a backfilled column filled until the swap",
    ),
    Allowed(
        "ban-drop-function",
        "swap.sql",
        r"^DROP FUNCTION IF EXISTS",
        "a function the new schema drops (a range type's SUBTYPE_DIFF among them)",
    ),
    Allowed(
        "ban-drop-function", "rollback.sql", r"^DROP FUNCTION IF EXISTS", "a function the migration added"
    ),
    Allowed(
        "ban-drop-type",
        "expand.sql",
        r"^DROP TYPE",
        "a range type no column or type uses, made anew with its changed definition: no value of it is stored",
    ),
    Allowed(
        "changing-column-type",
        "*.sql",
        r"^ALTER TYPE .* ALTER ATTRIBUTE .* TYPE",
        "an attribute of a composite type no column uses changes type: no stored value is rewritten",
    ),
    Allowed("renaming-column", "rollback.sql", r"RENAME COLUMN", "a rename undone"),
    Allowed(
        "renaming-column",
        "*.sql",
        r"^ALTER TYPE .* RENAME ATTRIBUTE",
        "a composite type's attribute the user marked renamed-from, or that rename undone",
    ),
    Allowed("renaming-table", "rollback.sql", r"RENAME TO", "a rename undone"),
    Allowed("renaming-object", "rollback.sql", r"RENAME (CONSTRAINT|TO)", "a rename undone"),
    Allowed("adding-not-nullable-field", "rollback.sql", r"SET NOT NULL", "NOT NULL the migration dropped"),
    Allowed("adding-serial-primary-key-field", "rollback.sql", r"PRIMARY KEY", "a key the migration dropped"),
    Allowed("disallowed-unique-constraint", "rollback.sql", r"UNIQUE", "a key the migration dropped"),
    Allowed(
        "constraint-missing-not-valid",
        "rollback.sql",
        _ANY,
        "a constraint the migration dropped, added back and validated in the rollback's one transaction",
    ),
    Allowed(
        "adding-foreign-key-constraint",
        "rollback.sql",
        r"FOREIGN KEY",
        "a key the migration dropped, added back in the rollback's one transaction",
    ),
    Allowed(
        "require-concurrent-index-creation",
        "rollback.sql",
        r"^CREATE",
        "an index of a table the rollback makes anew (an enum type's columns converted back)",
    ),
)


@dataclass(frozen=True)
class Finding:
    rule: str
    file: Path
    statement: str

    def __str__(self) -> str:
        return f"{self.file}: {self.rule}: {self.statement}"


def lint(files: Sequence[Path]) -> list[Finding]:
    """squawk's findings on ``files``, each with the statement it is about."""
    assert SQUAWK.exists(), f"{SQUAWK} is missing: squawk-cli is a dev dependency (pip install -e .[dev])"
    run = subprocess.run(
        [str(SQUAWK), "--reporter", "json", "--pg-version", PG_VERSION, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = []
    for item in json.loads(run.stdout or "[]"):
        path = Path(item["file"])
        lines = path.read_text(encoding="utf-8").splitlines()
        found.append(Finding(item["rule_name"], path, lines[item["line"]].strip()))
    return found


def unexpected(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not any(_allows(a, f) for a in ALLOWED)]


def _allows(allowed: Allowed, finding: Finding) -> bool:
    return (
        allowed.rule == finding.rule
        and fnmatch.fnmatch(finding.file.name, allowed.files)
        and re.search(allowed.statement, finding.statement) is not None
    )


def _golden_files() -> list[Path]:
    return sorted(
        path
        for name in ("expand.sql", "swap.sql", "rollback.sql")
        for path in GOLDEN.glob(f"*/expected/postgres/{name}")
    )


def test_every_postgres_golden_lints_clean_but_for_the_allow_list() -> None:
    files = _golden_files()
    assert len(files) >= 30
    findings = lint(files)
    assert findings, "squawk found nothing at all: is it linting?"
    assert not unexpected(findings), "\n".join(map(str, unexpected(findings)))


def test_the_allow_list_catches_what_it_should_not_allow(tmp_path: Path) -> None:
    """The hazards issue 14 measured are findings the allow-list does not let through."""
    swap = tmp_path / "swap.sql"
    swap.write_text(
        "BEGIN;\n"
        'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;\n'
        'ALTER TABLE "orders" ADD CONSTRAINT "orders_number_key" UNIQUE ("number");\n'
        'ALTER TABLE "g" ADD CONSTRAINT "g_fkey" FOREIGN KEY ("o") REFERENCES "o" ("id") NOT VALID;\n'
        'ALTER TABLE "g" VALIDATE CONSTRAINT "g_fkey";\n'
        "COMMIT;\n"
        'CREATE INDEX "i" ON "orders"("placed_at");\n',
        encoding="utf-8",
    )
    rules = {f.rule for f in unexpected(lint([swap]))}
    assert {
        "adding-not-nullable-field",
        "disallowed-unique-constraint",
        "constraint-missing-not-valid",
        "require-concurrent-index-creation",
    } <= rules


@settings(
    max_examples=10,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=cases("postgres"))
def test_random_migrations_lint_clean_but_for_the_allow_list(case: Case) -> None:
    """A sample of the property test's migrations (a fixed seed: the same each run)."""
    migration = plan_migration(
        case.old, case.new, case.hints, dialect="postgres", migration_id="0001_sample",
        options=Options(allow_destructive=True, allow_empty=True),
    )  # fmt: skip
    sql = render_sql(migration)
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, text in (
            ("expand.sql", sql.expand),
            ("swap.sql", sql.swap),
            ("rollback.sql", sql.rollback),
        ):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            files.append(path)
        bad = unexpected(lint(files))
        assert not bad, "\n".join(f"{f.file.name}: {f.rule}: {f.statement}" for f in bad)


# The corpus groups of what PostgreSQL models besides tables and columns: keys (EXCLUDE among
# them), user types (domains, composites), schemas, types.
_CORPUS_GROUPS = (
    "keys",
    "user_types",
    "schemas",
    "types",
    "sequences",
    "checks",
    "foreign_keys",
    "indexes",
    "generated",
)


def test_the_corpus_cases_of_constraints_types_and_schemas_lint_clean_but_for_the_allow_list(
    tmp_path: Path,
) -> None:
    """Every change type reaches the goldens' lint only if a golden has it: the corpus cases
    of these groups (those wesley-gen generates for) are linted as well."""
    files = []
    for case in corpus_cases("postgres"):
        if case.group not in _CORPUS_GROUPS or case.expect != "converged" or case.args:
            continue
        options = Options(allow_destructive=True, allow_empty=True)
        try:  # what wesley-gen refuses or does not read yet is the corpus's business
            old, new = (load_text(text, case.name, suffix=".sql").schema for text in (case.old, case.new))
            migration = plan_migration(
                old, new, Hints(), dialect="postgres", migration_id="0001_case", options=options
            )
        except WesleyGenError:
            continue
        sql = render_sql(migration)
        folder = tmp_path / f"{case.group}-{case.name}"
        folder.mkdir()
        for name, text in (
            ("expand.sql", sql.expand),
            ("swap.sql", sql.swap),
            ("rollback.sql", sql.rollback),
        ):
            (folder / name).write_text(text, encoding="utf-8")
            files.append(folder / name)
    assert len(files) >= 150
    bad = unexpected(lint(files))
    assert not bad, "\n".join(map(str, bad))
