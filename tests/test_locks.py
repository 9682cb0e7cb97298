"""The lock cost of each generated statement (issue 14 point 5): the lock it takes and whether it
scans or rewrites its table, from the statement's kind; docs/generate.md lists the same table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import GOLDEN
from wesley_gen.locks import NONE, REWRITE, SCAN, LockCost, TableSize, estimate, lock_cost, lock_costs

DOCS = Path(__file__).resolve().parent.parent / "docs" / "generate.md"


@pytest.mark.parametrize(
    ("sql", "lock", "effect", "table"),
    [
        ('ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL', "ACCESS EXCLUSIVE", SCAN, "users"),
        ('ALTER TABLE "users" ADD COLUMN "email" TEXT', "ACCESS EXCLUSIVE", NONE, "users"),
        (
            'ALTER TABLE "posts" ADD COLUMN "status" TEXT DEFAULT \'DRAFT\' NOT NULL',
            "ACCESS EXCLUSIVE",
            NONE,
            "posts",
        ),
        ('ALTER TABLE "t" ADD COLUMN "id" UUID DEFAULT GEN_RANDOM_UUID()', "ACCESS EXCLUSIVE", REWRITE, "t"),
        ('ALTER TABLE "a" ALTER COLUMN "n" SET DATA TYPE BIGINT USING "n"', "ACCESS EXCLUSIVE", REWRITE, "a"),
        ('ALTER TABLE "users" ADD CONSTRAINT "k" UNIQUE ("email")', "ACCESS EXCLUSIVE", SCAN, "users"),
        (
            'ALTER TABLE "users" ADD CONSTRAINT "k" UNIQUE USING INDEX "k__wesley_key"',
            "ACCESS EXCLUSIVE",
            NONE,
            "users",
        ),
        ('ALTER TABLE "t" ADD CONSTRAINT "c" CHECK ("n" >= 0) NOT VALID', "ACCESS EXCLUSIVE", NONE, "t"),
        ('ALTER TABLE "t" ADD CONSTRAINT "c" CHECK ("n" >= 0)', "ACCESS EXCLUSIVE", SCAN, "t"),
        (
            'ALTER TABLE "t" ADD CONSTRAINT "f" FOREIGN KEY ("u") REFERENCES "u" ("id") NOT VALID',
            "SHARE ROW EXCLUSIVE",
            NONE,
            "t",
        ),
        (
            'ALTER TABLE "t" ADD CONSTRAINT "f" FOREIGN KEY ("u") REFERENCES "u" ("id")',
            "SHARE ROW EXCLUSIVE",
            SCAN,
            "t",
        ),
        ('ALTER TABLE "t" VALIDATE CONSTRAINT "c"', "SHARE UPDATE EXCLUSIVE", SCAN, "t"),
        (
            'CREATE INDEX CONCURRENTLY "i" ON "order items"("x")',
            "SHARE UPDATE EXCLUSIVE",
            SCAN,
            "order items",
        ),
        ('CREATE UNIQUE INDEX CONCURRENTLY "k" ON "users"("email")', "SHARE UPDATE EXCLUSIVE", SCAN, "users"),
        ('CREATE INDEX "i" ON "app"."users"("x")', "SHARE", SCAN, "app.users"),
        ('DROP INDEX CONCURRENTLY IF EXISTS "i"', "SHARE UPDATE EXCLUSIVE", NONE, None),
        (
            'CREATE OR REPLACE FUNCTION "t_c__wesley_sync"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$',
            "none",
            NONE,
            None,
        ),
        (
            'CREATE TRIGGER "s" BEFORE INSERT OR UPDATE ON "t" FOR EACH ROW EXECUTE FUNCTION "f"()',
            "SHARE ROW EXCLUSIVE",
            NONE,
            "t",
        ),
        ('DROP INDEX IF EXISTS "i"', "ACCESS EXCLUSIVE", NONE, None),
        ('LOCK TABLE "users" IN SHARE ROW EXCLUSIVE MODE', "SHARE ROW EXCLUSIVE", NONE, "users"),
        ('UPDATE "users" SET "a" = "b" WHERE "a" IS NULL', "ROW EXCLUSIVE", SCAN, "users"),
        ("ALTER TYPE \"s\" ADD VALUE IF NOT EXISTS 'X'", "none", NONE, None),
        ('ALTER TABLE "customers" RENAME TO "clients"', "ACCESS EXCLUSIVE", NONE, "customers"),
        ('GRANT SELECT ON "docs" TO "r"', "none", NONE, None),
        (
            "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 180000 THEN ALTER TABLE "
            '"visits" ADD CONSTRAINT "f" FOREIGN KEY ("c") REFERENCES "cities" ("id") NOT VALID; ELSE ALTER TABLE '
            '"visits" ADD CONSTRAINT "f" FOREIGN KEY ("c") REFERENCES "cities" ("id"); END IF; END $wesley$',
            "SHARE ROW EXCLUSIVE",
            SCAN,
            "visits",
        ),
        (
            "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 170000 THEN "
            'GRANT MAINTAIN, SELECT ON "docs" TO "r"; ELSE GRANT SELECT ON "docs" TO "r"; END IF; END $wesley$',
            "none",
            NONE,
            None,
        ),
        (
            "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 170000 THEN ALTER DEFAULT "
            'PRIVILEGES GRANT MAINTAIN ON TABLES TO "r"; END IF; END $wesley$',
            "none",
            NONE,
            None,
        ),
    ],
)
def test_postgres_statement_kinds(sql: str, lock: str, effect: str, table: str | None) -> None:
    cost = lock_cost(sql, "postgres")
    assert (cost.lock, cost.effect, cost.table) == (lock, effect, table)


@pytest.mark.parametrize(
    ("sql", "effect", "table"),
    [
        ('INSERT INTO "t__wesley_rebuild" ("id", "n") SELECT "id", "n" FROM "t"', REWRITE, "t"),
        ('CREATE INDEX "i" ON "t"("n")', SCAN, "t"),
        ('ALTER TABLE "t" DROP COLUMN "n"', REWRITE, "t"),
        ('ALTER TABLE "t" ADD COLUMN "n" INTEGER', NONE, "t"),
        ('ALTER TABLE "t__wesley_rebuild" RENAME TO "t"', NONE, "t__wesley_rebuild"),
    ],
)
def test_sqlite_statements_take_the_database_write_lock(sql: str, effect: str, table: str) -> None:
    assert lock_cost(sql, "sqlite") == LockCost(
        "database write lock", effect, table, lock_cost(sql, "sqlite").note
    )
    assert lock_cost("PRAGMA foreign_keys = OFF", "sqlite").lock == "none"


def test_set_not_null_after_a_validated_check_scans_nothing() -> None:
    """PostgreSQL 12+ skips the scan when a valid CHECK (c IS NOT NULL) proves the column."""
    statements = [
        'ALTER TABLE "users" ADD CONSTRAINT "users_age__wesley_not_null" CHECK ("age" IS NOT NULL) NOT VALID',
        'ALTER TABLE "users" VALIDATE CONSTRAINT "users_age__wesley_not_null"',
        'ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL',
        'ALTER TABLE "users" DROP CONSTRAINT "users_age__wesley_not_null"',
        'ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL',
    ]
    costs = lock_costs(statements, "postgres", [1, 2, 3, 3, 4])
    assert [c.effect for c in costs] == [NONE, SCAN, NONE, NONE, SCAN]
    assert "validated CHECK" in costs[2].note
    unvalidated = lock_costs([statements[0], statements[2]], "postgres")
    assert unvalidated[1].effect == SCAN


def test_a_statement_runs_under_the_strongest_lock_its_transaction_took() -> None:
    statements = [
        'ALTER TABLE "users" DROP COLUMN "bio"',
        'UPDATE "users" SET "a" = "b"',
        'UPDATE "users" SET "a" = "b"',
    ]
    costs = lock_costs(statements, "postgres", [1, 1, 2])
    assert costs[1].lock == "ACCESS EXCLUSIVE" and "earlier statement of its transaction" in costs[1].note
    assert costs[2].lock == "ROW EXCLUSIVE"  # a transaction of its own


def test_a_table_the_migration_creates_costs_nothing() -> None:
    costs = lock_costs(['CREATE TABLE "c" ("id" INT)', 'CREATE INDEX "i" ON "c"("id")'], "postgres", [1, 1])
    assert costs[1].effect == NONE


def test_estimates_from_the_tables_size() -> None:
    scan = LockCost("ACCESS EXCLUSIVE", SCAN, "users")
    sizes = {"users": TableSize(1_234_567, 99_614_720), "t": TableSize(1_200_000, None)}
    assert estimate(scan, sizes, "postgres") == "scans ~1.2M rows (~95 MB)"
    assert estimate(LockCost("ACCESS EXCLUSIVE", NONE, "users"), sizes, "postgres") == ""
    assert estimate(LockCost("ACCESS EXCLUSIVE", SCAN, "other"), sizes, "postgres") == ""
    rebuild = LockCost("database write lock", REWRITE, "t")
    assert (
        estimate(rebuild, sizes, "sqlite")
        == "rewrites ~1.2M rows: holds the write lock ~24 s (at ~50,000 rows/s)"
    )


def test_every_golden_statement_has_a_known_kind() -> None:
    """No generated statement falls through to 'a statement kind wesley-gen does not know'."""
    for path in sorted(GOLDEN.glob("*/expected/*/statements.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for statement in document["statements"]:
            assert "does not know" not in lock_cost(statement["sql"], document["dialect"]).note, (
                path,
                statement,
            )


def test_the_lock_table_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for words in (
        "SHARE UPDATE EXCLUSIVE",
        "ACCESS EXCLUSIVE",
        "USING INDEX",
        "VALIDATE CONSTRAINT",
        "50,000 rows/s",
    ):
        assert words in text, words
