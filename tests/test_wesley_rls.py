"""Wesley's ``@wes_rls`` derived into row-level security and policies (issue 15, point 2):
each form round-trips (SDL → generate from empty → apply on PostgreSQL → the live database
diffs clean against the SDL); the forms wesley-gen cannot derive are refused at their line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.pgtools import run_ddl
from tests.test_wesley import FIXTURES, fixture
from wesley_gen.api.migrate import build_schema
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.load.graphql import load_sdl
from wesley_gen.model import stored_by

# What a Supabase-style database provides and Wesley's policies call: the role its policies
# default to and auth.uid(), the signed-in user. Wesley's generator creates neither.
PLATFORM = """\
DO $$ BEGIN CREATE ROLE authenticated; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
"""


TYPE = "type Doc @wes_table {directive} {{\n  id: ID! @wes_pk\n  body: String\n}}\n"


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        (
            '@wes_rls(preset: "tenant")',
            r"@wes_rls\(preset: tenant\) needs functions wesley-gen does not generate yet",
        ),
        ('@wes_rls(preset: "admin-only")', r"preset: admin-only\) needs functions"),
        ('@wes_rls(preset: "hierarchical")', r"preset: hierarchical\) needs functions"),
        (
            '@wes_rls(preset: "time-window")',
            r"preset: time-window\) needs options \(start_column, end_column\)",
        ),
        ('@wes_rls(preset: "owner")', r"preset: owner\) needs a column named created_by or owner_id"),
        ('@wes_rls(preset: "soft-delete")', r"needs a column named deleted_at"),
        ('@wes_rls(preset: "nobody")', r"unknown @wes_rls preset 'nobody'"),
        ('@wes_rls(using: "true")', r"argument 'using' is not read by Wesley's generator"),
        ('@wes_rls(preset: "owner", options: {owner_column: "body"})', r"argument 'options' is not read"),
        ('@wes_rls(select: "body = ")', r"cannot parse 'body = '"),
    ],
)
def test_a_form_wesley_gen_cannot_derive_is_refused_at_its_line(directive: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_sdl(TYPE.format(directive=directive), "doc.graphql")
    assert str(caught.value).startswith("doc.graphql:1: ")


def test_wes_rls_is_on_a_type_once() -> None:
    """Wesley declares it on OBJECT and reads one per type: on a field, or twice, is an error."""
    on_field = 'type Doc @wes_table {\n  id: ID! @wes_pk\n  body: String @wes_rls(select: "true")\n}\n'
    with pytest.raises(InputError, match=r"doc.graphql:3: @wes_rls cannot be used on a field"):
        load_sdl(on_field, "doc.graphql")
    twice = TYPE.format(directive='@wes_rls(select: "true") @rls(delete: "false")')
    with pytest.raises(InputError, match=r"doc.graphql:1: @rls repeats @wes_rls"):
        load_sdl(twice, "doc.graphql")


@pytest.mark.parametrize("name", ["rls_explicit", "rls_presets"])
def test_each_form_round_trips_on_postgres(name: str, pg_url: str, tmp_path: Path) -> None:
    """Generated from an empty schema and applied: the live database diffs clean against the SDL."""
    from wesley_gen.cli import main

    schema = stored_by(fixture(name), "postgres")
    empty = tmp_path / "empty.graphql"
    empty.write_text("")
    folder = tmp_path / "m"
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "generate",
                str(empty),
                str(FIXTURES / f"{name}.graphql"),
                "-o",
                str(folder),
                "--allow-access-widening",
            ]
        )
    assert caught.value.code == 0
    swap = (folder / "swap.sql").read_text()
    assert swap.count("FORCE ROW LEVEL SECURITY") == len(schema.tables)
    run_ddl(pg_url, PLATFORM)
    build_schema(pg_url, schema, "postgres")  # the statements generate wrote, from empty
    # the platform's auth schema and function are not the SDL's: leave them out
    live = replace(load_schema(pg_url).schema, schemas=(), others=())
    assert diff_schemas(schema, live, Hints()).changes == ()
    assert diff_schemas(live, schema, Hints()).changes == ()
