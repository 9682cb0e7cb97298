"""PostgreSQL: statements run under lock_timeout, and a group whose lock wait ran out is
tried again (issue 14, point 3).

A second connection holds a lock on a table the migration alters; the run times out on
it, says so, and tries again.  The holder lets go when the run says it timed out (an
event, not a pause), so the retry succeeds; held throughout, the run gives up after its
retries and restores the database.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import psycopg
import pytest

from tests.database import execute, fetch
from tests.pgtools import Server, embedded_server, fresh_database
from tests.test_migrate_run import wesley
from wesley_gen.api.migrate import timeouts_of
from wesley_gen.config import find_config
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema, load_text
from wesley_gen.model import checksum
from wesley_gen.run.contract import read_only_connection
from wesley_gen.run.history import History
from wesley_gen.run.migrate import MigrationFailed, Runner, Target, UpOptions, discover
from wesley_gen.run.scripts import (
    DEFAULT_CATALOG_STATEMENT_TIMEOUT,
    Retrying,
    StatementFailed,
    Timeouts,
    relation_bytes,
    run_statements,
    scan_timeout,
    statement_kind,
)
from wesley_gen.runtime.vacuum import BULK_WRITEBACK, VACUUM_RING
from wesley_gen.statements import Statement, of_steps, read_manifest

OLD = "CREATE TABLE a (id integer PRIMARY KEY, note text DEFAULT 'x');\nCREATE TABLE b (id integer PRIMARY KEY, n integer);\n"
NEW = "CREATE TABLE a (id integer PRIMARY KEY, note text);\nCREATE TABLE b (id integer PRIMARY KEY, n integer NOT NULL);\n"
INDEXED = NEW + "CREATE INDEX b_n ON b (n);\n"
# Short waits and pauses: the holder, not the clock, decides when the lock is free.
FAST = {"lock": 0.05, "weak": 0.05, "backoff": 0.01}
RETRY = re.compile(
    r"^(?P<file>\w+\.sql) group \d+: lock timeout on b \((?P<kind>[A-Z …]+)\) after 0\.05s, "
    r"retry (?P<n>\d+)/(?P<of>\d+) in \d+\.\ds$"
)
WAIT = 60  # seconds: a bound on a state that never comes, so a broken run fails instead of hanging


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A project folder with one generated migration OLD → ``new``, made once per module."""
    made: dict[tuple[str, ...], Path] = {}

    def folder(new: str, *extra: str) -> Path:
        if (new, *extra) not in made:
            root = tmp_path_factory.mktemp("locks")
            (root / "old.sql").write_text(OLD, encoding="utf-8")
            (root / "new.sql").write_text(new, encoding="utf-8")
            result = wesley(
                "generate", "old.sql", "new.sql", "-o", "migrations/0001_x", "--dialect", "postgres", *extra,
                cwd=root,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
            made[new, *extra] = root
        return made[new, *extra]

    return folder


@pytest.fixture
def url(pg_server: Server) -> Iterator[str]:
    with fresh_database(pg_server) as found:
        execute(found, OLD, "INSERT INTO b VALUES (1, 1), (2, 2)")
        yield found


class Holder:
    """A second connection holding ``mode`` on table b (or what ``sql`` locks) until :meth:`release`."""

    def __init__(self, url: str, mode: str, sql: str | None = None) -> None:
        self.held, self.free, self.released = threading.Event(), threading.Event(), threading.Event()
        taking = sql or f"LOCK TABLE b IN {mode} MODE"
        self.thread = threading.Thread(target=self._hold, args=(url, taking), daemon=True)
        self.thread.start()
        assert self.held.wait(WAIT), "the holder never took its lock"

    def _hold(self, url: str, taking: str) -> None:
        with psycopg.connect(url) as conn:
            conn.execute(taking.encode())
            self.held.set()
            self.free.wait(WAIT)
            conn.commit()
        self.released.set()

    def release(self) -> None:
        self.free.set()
        assert self.released.wait(WAIT), "the holder never let go"


def runner(root: Path, url: str, said: list[str], on_retry: Callable[[], None], **timeouts: float) -> Runner:
    def say(line: str) -> None:
        said.append(line)
        if RETRY.match(line):
            on_retry()

    migrations = discover(root / "migrations")
    return Runner(migrations, Target(DatabaseUrl.parse(url), "test"), say, timeouts=Timeouts(**timeouts))


def schema(text: str) -> str:
    return checksum(load_text(text, "x.sql", suffix=".sql").schema)


def test_a_build_that_waits_too_long_for_its_lock_is_tried_again_once_the_lock_is_free(
    folders: Callable[..., Path], url: str
) -> None:
    """ROW EXCLUSIVE (a writer's lock) stops CREATE INDEX CONCURRENTLY at its first wait:
    it times out, leaving an invalid index; the retry drops that and builds again."""
    holder = Holder(url, "ROW EXCLUSIVE")
    said: list[str] = []
    runner(folders(INDEXED), url, said, holder.release, retries=5, **FAST).up(UpOptions())
    retries = [m for line in said if (m := RETRY.match(line))]
    assert (
        retries and retries[0]["file"] == "expand.sql" and retries[0]["n"] == "1" and retries[0]["of"] == "5"
    )
    assert retries[0]["kind"] == "CREATE INDEX CONCURRENTLY"
    assert checksum(load_schema(url).schema) == schema(INDEXED)
    run = History(DatabaseUrl.parse(url)).runs()[-1]
    assert run.outcome == "applied" and run.retries is not None
    assert run.retries.splitlines() == [m.group(0) for m in retries]


def test_a_run_gives_up_after_its_retries_and_restores_the_database(
    folders: Callable[..., Path], url: str
) -> None:
    """ACCESS SHARE (a reader's lock) held throughout: the swap's transaction on table a
    commits, the stage on b times out three times (one try, two retries), and the run
    gives up with one line and undoes what it did to a."""
    holder = Holder(url, "ACCESS SHARE")
    said: list[str] = []
    try:
        with pytest.raises(MigrationFailed) as failed:
            runner(folders(NEW), url, said, lambda: None, retries=2, **FAST).up(UpOptions())
    finally:
        holder.release()
    message = failed.value.reason
    assert "\n" not in message
    assert re.search(
        r"swap failed: lock timeout on b \(ALTER TABLE … ADD CONSTRAINT … CHECK\) after 0\.05s, "
        r"gave up after 2 retries \(in: ALTER TABLE",
        message,
    )
    assert "the database was restored" in message
    retried = [m for line in said if (m := RETRY.match(line))]
    check = "ALTER TABLE … ADD CONSTRAINT … CHECK"
    assert [(m["n"], m["kind"]) for m in retried] == [("1", check), ("2", check)]
    assert checksum(load_schema(url).schema) == schema(OLD)
    run = History(DatabaseUrl.parse(url)).runs()[-1]
    assert run.outcome == "failed" and run.retries is not None and len(run.retries.splitlines()) == 2


def test_the_progress_of_a_group_tried_again_counts_its_statements_once(url: str) -> None:
    """The group's first statement ran before the second timed out: the retry takes it
    back, so the progress ends at the number of statements and never goes past it."""
    holder = Holder(url, "SHARE")
    shown = [0]
    group = [Statement(sql, "expand", (), 1) for sql in ("UPDATE a SET note = 'y'", "UPDATE b SET n = n + 1")]
    retrying = Retrying(
        Timeouts(retries=3, **FAST), lambda _line: holder.release(), sleep=lambda _pause: None
    )
    ran = run_statements(
        DatabaseUrl.parse(url), group, retrying=retrying, advance=lambda n: shown.append(shown[-1] + n)
    )
    assert ran.retries and shown == [0, 1, 0, 1, 2]


# 0 in a session with wesley-gen's background settings (scripts.BACKGROUND).
NOT_BACKGROUND = (
    "current_setting('max_parallel_workers_per_gather')::int"
    " + current_setting('max_parallel_maintenance_workers')::int"
    " + (current_setting('backend_flush_after') <> '256kB')::int"
)


def test_the_migrations_statements_and_checks_run_as_background_work(url: str) -> None:
    """A statement migrate runs and a contract check both see no parallel workers allowed
    (query and index build: a scan of the migration takes one CPU of the server) and the
    data pages they dirty handed to the kernel every 256 kB (no burst of writes later)."""
    settings = NOT_BACKGROUND
    update = Statement(f"UPDATE b SET n = 100 + {settings}", "swap", (), 1)
    run_statements(DatabaseUrl.parse(url), [update], retrying=Retrying(Timeouts(), lambda _line: None))
    assert fetch(url, "SELECT DISTINCT n FROM b") == [(100,)]
    with read_only_connection(DatabaseUrl.parse(url)) as database:
        assert database.scalar(f"SELECT {settings}", None) == 0
        assert database.scalar(f"SELECT {settings}", None) == 0  # after the first check's rollback too


def test_without_a_statement_timeout_asked_for_each_kind_of_statement_gets_its_own() -> None:
    """A catalog change under a lock that blocks writes is cut off after seconds (it was
    meant to take milliseconds); one whose lock lets writes go on gets a scan's floor; a scan
    gets time in proportion to its table and the tables its foreign keys reference; a
    statement timeout asked for (0: none) is every statement's."""
    sizes: list[list[str]] = []

    def size(tables: Sequence[str]) -> int:
        sizes.append(list(tables))
        return 50_000_000

    catalog = [Statement('ALTER TABLE "b" ADD COLUMN "m" integer', "swap", (), 1)]
    scan = [Statement('ALTER TABLE "b" VALIDATE CONSTRAINT "c"', "swap", (), 2)]
    # A domain's new constraint checks every column of that type: no table lock, but no 10 s.
    unlocked = [Statement('ALTER DOMAIN "d" ADD CONSTRAINT "p" CHECK (VALUE > 0)', "swap", (), 3)]
    assert Timeouts().run_limit(catalog, size) == DEFAULT_CATALOG_STATEMENT_TIMEOUT and not sizes
    assert Timeouts().run_limit(unlocked, size) == scan_timeout(0) and not sizes
    assert Timeouts().run_limit(scan, size) == scan_timeout(50_000_000) and sizes == [["b"]]
    assert DEFAULT_CATALOG_STATEMENT_TIMEOUT < scan_timeout(0) < scan_timeout(50_000_000)
    assert Timeouts().weak < DEFAULT_CATALOG_STATEMENT_TIMEOUT  # a lock wait runs out first
    assert Timeouts(statement=0).run_limit(scan, size) == 0
    assert Timeouts(statement=3).run_limit(catalog, size) == 3


def test_each_group_runs_under_the_statement_timeout_of_its_kind(url: str) -> None:
    """The session's statement_timeout as each group runs: the catalog change's, then the
    scan's, which counts table b and the table a its foreign key references (the insert
    records its timeout in milliseconds as the new row's key)."""
    execute(url, "ALTER TABLE b ADD FOREIGN KEY (n) REFERENCES a (id) NOT VALID")
    with psycopg.connect(url, autocommit=True) as conn:
        size = relation_bytes(conn, ["b"])
        assert size == relation_bytes(conn, ["public.b"]) > relation_bytes(conn, ["a"]) > 0
        assert relation_bytes(conn, ["nothing"]) == 0
    setting = "current_setting('statement_timeout')"
    made = Statement(f"CREATE TABLE seen AS SELECT {setting} AS s", "swap", (), 1)
    key = f"(EXTRACT(EPOCH FROM {setting}::interval) * 1000)::int"
    scanned = Statement(f"INSERT INTO b SELECT {key}, NULL", "swap", (), 2)
    run_statements(DatabaseUrl.parse(url), [made, scanned], retrying=Retrying(Timeouts(), print))
    assert fetch(url, "SELECT s FROM seen") == [(f"{DEFAULT_CATALOG_STATEMENT_TIMEOUT:g}s",)]
    assert fetch(url, "SELECT max(id) FROM b") == [(round(scan_timeout(size) * 1000),)]


def test_the_backfill_runs_as_background_work(folders: Callable[..., Path], url: str) -> None:
    """migrate up passes backfill.py the background settings too (PGOPTIONS): its count of the
    rows needing work scans the table, its batches write every row (each row records the
    settings its batch ran under)."""
    new = OLD.replace("n integer)", "n integer, m integer NOT NULL)")
    root = folders(new, "--backfill", f"b.m=100 + {NOT_BACKGROUND}")
    runner(root, url, [], lambda: None).up(UpOptions())
    assert fetch(url, "SELECT DISTINCT m FROM b") == [(100,)]


def test_without_a_statement_timeout_asked_for_the_backfill_gets_a_scans(
    folders: Callable[..., Path], url: str
) -> None:
    """backfill.py's count scans the table it fills: it runs under a scan's statement timeout
    (table b is a few kB: 600 s), not a catalog change's."""
    new = OLD.replace("n integer)", "n integer, m integer NOT NULL)")
    root = folders(
        new, "--backfill", "b.m=EXTRACT(EPOCH FROM current_setting('statement_timeout')::interval)::int"
    )
    runner(root, url, [], lambda: None).up(UpOptions())
    assert fetch(url, "SELECT DISTINCT m FROM b") == [(round(scan_timeout(0)),)]


def test_each_backfill_batch_runs_under_the_statement_timeout(folders: Callable[..., Path], url: str) -> None:
    """backfill.py gets the statement timeout through PGOPTIONS: a batch that takes longer
    (its expression sleeps ten times the limit) is cut off, and the run fails and restores."""
    new = OLD.replace("n integer)", "n integer, m integer NOT NULL)")
    root = folders(new, "--backfill", "b.m=(SELECT 1 FROM pg_sleep(0.5))")
    with pytest.raises(MigrationFailed, match=r"backfill failed: .*statement timeout"):
        runner(root, url, [], lambda: None, statement=0.05).up(UpOptions())
    assert checksum(load_schema(url).schema) == schema(OLD)


def test_a_backfill_batch_that_waits_too_long_for_a_row_is_tried_again(
    folders: Callable[..., Path], url: str
) -> None:
    """A batch waiting past ``lock_timeout`` (PGOPTIONS, as ``migrate up`` sets it) for a row
    the application holds rolls back, giving its own rows up, says so and is tried again;
    the holder lets go when the line comes (an event, not a pause), and the batch fills."""
    new = OLD.replace("n integer)", "n integer, m integer NOT NULL)")
    folder = folders(new, "--backfill", "b.m=n + 1") / "migrations" / "0001_x"
    run_statements(DatabaseUrl.parse(url), of_steps(read_manifest(folder), "expand"))
    holder = Holder(url, "", sql="SELECT * FROM b WHERE id = 2 FOR UPDATE")
    environment = {**os.environ, "PGOPTIONS": "-c lock_timeout=50ms"}
    command = [sys.executable, str(folder / "backfill.py"), "--db", url]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment) as process:
        assert process.stderr is not None
        said = []
        for line in process.stderr:
            said.append(line.rstrip())
            if "retry 1/" in line:
                holder.release()
    assert process.returncode == 0, said
    assert any(
        re.fullmatch(r"b\.m: batch rolled back \(lock timeout\), retry 1/20 in 0\.05 s", s) for s in said
    )
    assert fetch(url, "SELECT count(*) FROM b WHERE m IS NULL") == [(0,)]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        # A batch's row locks go at its commit, not after a WAL flush that queues with the
        # application's commits.
        ("synchronous_commit", "off"),
        # The pages it dirties go to the disk as it writes them, not in the kernel's bursts.
        ("backend_flush_after", "256kB"),
    ],
)
def test_backfill_session_settings(
    folders: Callable[..., Path], url: str, setting: str, expected: str
) -> None:
    """backfill.py's session settings, as its batches run under them (each row records it)."""
    new = OLD.replace("n integer)", "n integer, m integer NOT NULL)")
    value = f"b.m=(CASE WHEN current_setting('{setting}') = '{expected}' THEN 1 ELSE 0 END)"
    folder = folders(new, "--backfill", value) / "migrations" / "0001_x"
    run_statements(DatabaseUrl.parse(url), of_steps(read_manifest(folder), "expand"))
    command = [sys.executable, str(folder / "backfill.py"), "--db", url]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=WAIT)
    assert done.returncode == 0, done.stderr
    assert fetch(url, "SELECT m, count(*) FROM b GROUP BY m") == [(1, 2)]


def test_a_batch_that_keeps_timing_out_is_tried_20_times_with_pauses_of_at_most_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The 50 ms lock timeout makes a batch meet a busy row more often than the old 2 s did:
    it is tried again up to 20 times, the doubling pause held to 1 s, and then it fails."""
    from wesley_gen.runtime import backfill

    class Busy(psycopg.errors.LockNotAvailable):
        sqlstate = "55P03"

    class Fake:
        """A database whose every batch times out on a row lock."""

        @contextlib.contextmanager
        def transaction(self) -> Iterator[None]:
            yield

        def errors(self) -> tuple[type[Exception], ...]:
            return (psycopg.Error,)

        def retryable(self, error: Exception) -> str | None:
            return backfill.PostgresDatabase.retryable(self, error)  # type: ignore[arg-type]

    pauses: list[float] = []
    monkeypatch.setattr(backfill.time, "sleep", pauses.append)

    def batch() -> int:
        raise Busy("canceling statement due to lock timeout")

    with pytest.raises(Busy):
        backfill.in_batch(Fake(), "b.m", batch)  # type: ignore[arg-type]
    assert len(pauses) == 20 and pauses[:3] == [0.05, 0.1, 0.2] and max(pauses) == 1.0


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        (
            'ALTER TABLE "users" ADD CONSTRAINT "c" CHECK ("email" IS NOT NULL) NOT VALID',
            "ALTER TABLE … ADD CONSTRAINT … CHECK",
        ),
        (
            'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL',
            "ALTER TABLE … ALTER COLUMN … SET NOT NULL",
        ),
        (
            'ALTER TABLE "users" ADD CONSTRAINT "k" UNIQUE USING INDEX "i"',
            "ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX",
        ),
        ('ALTER TABLE "users" RENAME COLUMN "a" TO "b"', "ALTER TABLE … RENAME COLUMN"),
        ('ALTER TABLE ONLY "users" DROP COLUMN "x"', "ALTER TABLE ONLY … DROP COLUMN"),
        (
            'ALTER TABLE "t" ALTER COLUMN "k" TYPE bigint COLLATE "C" USING "k"::bigint',
            "ALTER TABLE … ALTER COLUMN … TYPE",
        ),
        ("ALTER TYPE \"mood\" ADD VALUE 'calm'", "ALTER TYPE … ADD VALUE"),
        ('CREATE UNIQUE INDEX CONCURRENTLY "x" ON "users"("email")', "CREATE UNIQUE INDEX CONCURRENTLY"),
        ('LOCK TABLE "users" IN SHARE ROW EXCLUSIVE MODE', "LOCK TABLE … IN SHARE ROW EXCLUSIVE MODE"),
        ("UPDATE users SET email = name WHERE email IS NULL", "UPDATE"),
    ],
)
def test_a_retry_names_the_kind_of_statement_that_waited(sql: str, kind: str) -> None:
    """The retry line says what waited (the table, and ALTER TABLE … ADD CONSTRAINT rather
    than just "a statement"), so that whoever holds the lock knows what it blocks."""
    assert statement_kind(sql) == kind


def test_the_timeouts_come_from_the_flags_then_the_project_then_the_defaults(tmp_path: Path) -> None:
    assert timeouts_of(find_config(tmp_path)) == Timeouts()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.wesley-gen]\nddl-lock-timeout = 0.5\nlock-retries = 3\nstatement-timeout = 600\n",
        encoding="utf-8",
    )
    config = find_config(tmp_path)
    assert timeouts_of(config) == Timeouts(lock=0.5, retries=3, statement=600)
    assert timeouts_of(config, lock_retries=0, ddl_lock_timeout=1) == Timeouts(
        lock=1, retries=0, statement=600
    )
    (tmp_path / "pyproject.toml").write_text('[tool.wesley-gen]\nlock-retries = "3"\n', encoding="utf-8")
    with pytest.raises(InputError, match="lock-retries must be a whole number of 0 or more"):
        find_config(tmp_path)


def test_the_default_lock_timeout_is_short_with_many_retries() -> None:
    """Writers queued behind a DDL's lock request wait at most its lock_timeout: 50 ms by
    default (the online benchmark's writers are held to 100 ms in all), with 20 retries; the
    statements whose lock lets writes go on wait longer than deadlock_timeout (1 s)."""
    default = Timeouts()
    assert 0 < default.lock <= 0.1 and default.retries >= 20 and default.statement is None
    assert default.weak > 1 and default.backoff <= 0.1
    pauses = [default.pause(n, random.Random(n)) for n in range(1, default.retries + 1)]
    assert pauses[0] <= 0.1 and max(pauses) <= 5 and 10 < sum(pauses) < 120


@pytest.mark.parametrize(
    ("sqls", "waits"),
    [
        (['ALTER TABLE "b" ADD CONSTRAINT "c" CHECK ("n" IS NOT NULL) NOT VALID'], 0.05),
        (['DROP TRIGGER IF EXISTS "s" ON "b"', 'ALTER TABLE "b" DROP COLUMN "n"'], 0.05),
        (['ALTER TABLE "b" ADD CONSTRAINT "f" FOREIGN KEY ("n") REFERENCES "a" ("id") NOT VALID'], 0.05),
        (['CREATE INDEX CONCURRENTLY "i" ON "b"("n")'], 2.0),
        (['ALTER TABLE "b" VALIDATE CONSTRAINT "c"'], 2.0),
        (['VACUUM (ANALYZE, TRUNCATE false) "b"'], 2.0),
        # One statement of the transaction blocks writes: the whole transaction waits briefly.
        (['ALTER TABLE "b" VALIDATE CONSTRAINT "c"', 'ALTER TABLE "b" ALTER COLUMN "n" SET NOT NULL'], 0.05),
    ],
)
def test_only_a_group_whose_lock_blocks_writes_gets_the_short_wait(sqls: list[str], waits: float) -> None:
    group = [Statement(sql, "swap", (), 1) for sql in sqls]
    assert Timeouts().lock_wait(group) == waits
    assert Timeouts(lock=0).lock_wait(group) == 0  # no limit stays no limit
    assert Timeouts(lock=3).lock_wait(group) == 3  # a longer DDL wait asked for covers both


def test_the_last_try_of_a_blocking_group_waits_past_deadlock_timeout() -> None:
    """Its retries used up, a group waits as long as a weak lock (2 s), past deadlock_timeout,
    so that an autovacuum holding the table is cancelled instead of failing the migration;
    with no retries asked for, the one try stays short."""
    group = [Statement('ALTER TABLE "b" ALTER COLUMN "n" SET NOT NULL', "swap", (), 1)]
    assert Timeouts().lock_wait(group, last=True) == 2.0 > Timeouts().lock_wait(group) == 0.05
    assert Timeouts(retries=0).lock_wait(group, last=True) == 0.05


def test_a_statement_that_lets_writes_go_on_waits_longer_than_the_ddl_lock_timeout(url: str) -> None:
    """SHARE UPDATE EXCLUSIVE (what an autovacuum holds) held for 0.3 s: VACUUM, whose lock
    blocks no writer, waits it out with no retry; ALTER TABLE, which would queue writers
    behind its request, gives up after the 50 ms DDL lock timeout."""
    timeouts = Timeouts(lock=0.05, weak=10, retries=0, backoff=0.01)
    database = DatabaseUrl.parse(url)
    holder = Holder(url, "SHARE UPDATE EXCLUSIVE")
    threading.Timer(0.3, holder.release).start()
    vacuum = [Statement('VACUUM (ANALYZE, TRUNCATE false) "b"', "swap", (), 1, transaction=False)]
    ran = run_statements(database, vacuum, retrying=Retrying(timeouts, lambda _line: None))
    assert ran.statements == 1 and not ran.retries
    holder = Holder(url, "SHARE UPDATE EXCLUSIVE")
    try:
        alter = [Statement('ALTER TABLE "b" ADD COLUMN "m" integer', "swap", (), 1)]
        with pytest.raises(
            StatementFailed, match=r"lock timeout on b \(ALTER TABLE … ADD COLUMN\) after 0\.05s"
        ):
            run_statements(database, alter, retrying=Retrying(timeouts, lambda _line: None))
    finally:
        holder.release()


def test_the_backfilled_table_is_vacuumed_before_the_swap_check(
    folders: Callable[..., Path], url: str
) -> None:
    """swap.sql begins with VACUUM (ANALYZE) of each backfilled table, outside a transaction;
    migrate up runs it after the backfill and before the swap check's scans."""
    root = folders(OLD.replace("n integer)", "n bigint)"))
    folder = root / "migrations" / "0001_x"
    swap = of_steps(read_manifest(folder), "swap")
    vacuum = 'VACUUM (ANALYZE, TRUNCATE false) "b"'
    assert [s.sql for s in swap[:4]] == ["SET vacuum_cost_delay = 5", VACUUM_RING, BULK_WRITEBACK, vacuum]
    assert not any(s.transaction or s.changes for s in swap[:4]) and swap[4].transaction
    assert (folder / "swap.sql").read_text(encoding="utf-8").splitlines()[5] == f"{vacuum};"
    run = runner(root, url, [], lambda: None)
    report = run.up(UpOptions())
    steps = [s.step for s in report.steps]
    assert steps.index("backfill") < steps.index("vacuum") < steps.index("swap check") < steps.index("swap")
    assert fetch(
        url,
        "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'b'",
    ) == [(True, True)]
    assert checksum(load_schema(url).schema) == schema(OLD.replace("n integer)", "n bigint)"))


# b gains a column the backfill fills, and an index on a column it keeps (one on the new
# column would go with it when a restore drops that).
BACKFILLED_INDEX = (
    NEW.replace("n integer NOT NULL)", "n integer NOT NULL, m integer NOT NULL)")
    + "CREATE INDEX b_n ON b (n);\n"
)


def test_an_index_on_a_backfilled_table_is_built_after_the_backfill_and_undone_with_expand(
    folders: Callable[..., Path], url: str
) -> None:
    """Built in expand, the index would take an entry for every row version the backfill
    writes (WAL the application's commits queue behind): it is built at the head of the
    swap, after the VACUUM and before the swap's transaction; a swap that fails after it
    drops it again; a run that succeeds converges."""
    root = folders(BACKFILLED_INDEX, "--backfill", "b.m=b.n")
    statements = read_manifest(root / "migrations" / "0001_x")
    build = next(s for s in statements if s.sql.startswith("CREATE INDEX CONCURRENTLY"))
    swap = of_steps(statements, "swap")
    assert build.step == "swap" and not any("INDEX" in s.sql for s in of_steps(statements, "expand"))
    first_transaction = next(at for at, s in enumerate(swap) if s.transaction)
    assert [s.sql.split(" ")[0] for s in swap[:first_transaction]] == [
        "SET",
        "SELECT",
        "SET",
        "VACUUM",
        "DROP",
        "CREATE",
    ]
    # The swap's transaction (DROP DEFAULT on a) cannot take its lock: the index built
    # before it is dropped by the restore.
    holder = Holder(url, "ACCESS SHARE", "LOCK TABLE a IN ACCESS SHARE MODE")
    try:
        with pytest.raises(MigrationFailed) as failed:
            runner(root, url, [], lambda: None, retries=0, **FAST).up(UpOptions())
    finally:
        holder.release()
    assert "the database was restored" in failed.value.reason
    assert checksum(load_schema(url).schema) == schema(OLD)
    runner(root, url, [], lambda: None, **FAST).up(UpOptions())
    assert checksum(load_schema(url).schema) == schema(BACKFILLED_INDEX)
    assert fetch(url, "SELECT count(*) FROM b WHERE m = n") == [(2,)]


def test_a_transaction_is_sent_in_one_round_trip(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """BEGIN, the statements and COMMIT go in one pipeline: a strong lock is held for the
    server's time only, never across a round trip of a busy client; a statement alone
    (CONCURRENTLY, which no pipeline's implicit transaction may hold) goes by itself."""
    sent: list[tuple[bytes, bool]] = []
    execute = psycopg.Connection.execute

    def spy(self: psycopg.Connection[object], query: bytes, *args: object, **kwargs: object) -> object:
        if isinstance(query, bytes):
            sent.append((query, self.pgconn.pipeline_status != psycopg.pq.PipelineStatus.OFF))
        return execute(self, query, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(psycopg.Connection, "execute", spy)
    group = [
        Statement(sql, "swap", (), 1) for sql in ("ALTER TABLE b ADD COLUMN m integer", "UPDATE b SET m = n")
    ]
    alone = Statement("CREATE INDEX CONCURRENTLY b_m ON b (m)", "swap", (), 2, transaction=False)
    ran = run_statements(DatabaseUrl.parse(url), [*group, alone], retrying=Retrying(Timeouts(**FAST), print))
    assert ran.rows == 2
    assert [(sql.decode().split(" ")[0], piped) for sql, piped in sent if not sql.startswith(b"SELECT")] == [
        ("BEGIN", True), ("ALTER", True), ("UPDATE", True), ("COMMIT", True), ("CREATE", False),
    ]  # fmt: skip


def test_a_group_is_not_queued_behind_an_autovacuum_of_its_table() -> None:
    """An autovacuum's lock conflicts with every lock that blocks writes, and PostgreSQL
    cancels it only for a request that waited deadlock_timeout (1 s): each short try queued
    behind it would hold the application's writes for the whole lock_timeout, and fail.  The
    run does not try while one holds the table (saying so), and its last try, which waits
    past deadlock_timeout, has PostgreSQL cancel it.  A server of its own: autovacuum's
    settings are the server's."""
    with embedded_server() as server, fresh_database(server) as url:
        with psycopg.connect(server.url, autocommit=True) as admin:
            admin.execute("ALTER SYSTEM SET autovacuum_naptime = 1")
            admin.execute("SELECT pg_reload_conf()")
        # An autovacuum that crawls (a cost limit of 1, then a 100 ms sleep), so it holds b.
        execute(
            url,
            "CREATE TABLE b (id integer PRIMARY KEY, n integer) WITH (autovacuum_vacuum_threshold = 0, "
            "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_limit = 1, autovacuum_vacuum_cost_delay = 100)",
            "INSERT INTO b SELECT g, g FROM generate_series(1, 20000) g",
            "DELETE FROM b WHERE id % 2 = 0",
        )
        autovacuum = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query LIKE '%public.b%'"
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(WAIT * 10):  # until the launcher has started it (it wakes every second)
                if conn.execute(autovacuum).fetchone() == (1,):
                    break
                conn.execute("SELECT pg_sleep(0.1)")
            else:
                pytest.fail("no autovacuum of b started")
        said: list[str] = []
        group = [Statement('ALTER TABLE "b" ALTER COLUMN "n" SET NOT NULL', "swap", (), 1)]
        timeouts = Timeouts(lock=0.05, weak=WAIT, retries=3, backoff=0.01)
        ran = run_statements(
            DatabaseUrl.parse(url), group, name="swap.sql", retrying=Retrying(timeouts, said.append)
        )
        assert ran.statements == 1
        assert [re.sub(r"pid \d+", "pid N", line) for line in said] == [
            f"swap.sql group 1: autovacuum is working on b (pid N), retry {n}/3 in {pause}"
            for n, pause in zip((1, 2, 3), re.findall(r"in (\d+\.\ds)$", "\n".join(said), re.M), strict=True)
        ]
        assert fetch(
            url, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'b'::regclass AND attname = 'n'"
        ) == [(True,)]
