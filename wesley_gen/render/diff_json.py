"""A diff → its ``wesley-gen/diff@1`` document: each change with its class and its
before/after values as JSON, the errors and the suggestions.

``plan.json`` lists the same changes, built here by :func:`diff_change` from the
plan's own classification, so a change is described one way wherever it appears.
Pure: the document is a value (:class:`~wesley_gen.documents.diff.DiffDocument`),
written by its ``to_dict``.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from wesley_gen.changes import (
    AddColumn,
    AddEnumValue,
    AddForeignKey,
    AddGrant,
    AddIdentity,
    AddParent,
    AddPolicy,
    AddSchema,
    AddTable,
    AlterColumnCollation,
    AlterColumnType,
    AlterIdentity,
    AlterIndexStorage,
    AlterPolicy,
    AlterRowSecurity,
    AlterSequence,
    AlterTableStorage,
    Change,
    CreateObject,
    DropColumn,
    DropDefault,
    DropEnumValue,
    DropExpression,
    DropForeignKey,
    DropGrant,
    DropIdentity,
    DropNotNull,
    DropObject,
    DropParent,
    DropPolicy,
    DropSchema,
    DropTable,
    RedefineTable,
    RenameColumn,
    RenameNotNull,
    RenameTable,
    ReplaceObject,
    SetDefault,
    SetExpression,
    SetNotNull,
)
from wesley_gen.classify import Classification, classify
from wesley_gen.diff import DiffResult
from wesley_gen.documents.diff import DiffChange, DiffDocument
from wesley_gen.model import CONSTRAINT_OPTIONS, Schema, Table, checksum, foreign_key_dict, to_dict


def diff_document(old: Schema, new: Schema, result: DiffResult, *, dialect: str) -> DiffDocument:
    """The ``wesley-gen/diff@1`` document (``docs/schema/diff.schema.json``) of a diff."""
    return DiffDocument(
        dialect,
        checksum(old),
        checksum(new),
        tuple(
            diff_change(f"c{number}", change, classify(change, dialect=dialect))
            for number, change in enumerate(result.changes, start=1)
        ),
        result.errors,
        result.suggestions,
    )


def diff_change(change_id: str, change: Change, verdict: Classification) -> DiffChange:
    """One change as the diff and the plan documents list it."""
    return DiffChange(
        change_id,
        change.op,
        change.table,
        change.column,
        change.name,
        verdict.change_class,
        verdict.reversible,
        verdict.backfill,
        verdict.reason,
        _change_detail(change),
    )


def _change_detail(change: Change) -> dict[str, Any]:
    """The before/after values of one change, as JSON values."""
    match change:
        case AddTable() | DropTable():
            return {"definition": _table_json(change.definition)}
        case AddColumn() | DropColumn():
            return {"definition": _table_json(Table(change.table, (change.definition,)))["columns"][0]}
        case RenameTable():
            return {"from": change.table, "to": change.new_name}
        case RenameColumn():
            return {"from": change.column, "to": change.new_name}
        case RedefineTable():
            return {"from": list(change.old), "to": list(change.new)}
        case AlterTableStorage():
            return {
                "from": {"unlogged": change.old_unlogged, "storage": list(change.old_storage)},
                "to": {"unlogged": change.new_unlogged, "storage": list(change.new_storage)},
            }
        case AddParent() | DropParent():
            return {"parent": change.parent, "bound": change.bound}
        case AlterIndexStorage():
            return {"from": list(change.old_storage), "to": list(change.new_storage)}
        case AlterColumnCollation():
            return {"from": change.old_collation, "to": change.new_collation}
        case RenameNotNull():
            return {"from": change.old_name, "to": change.new_name}
        case AlterColumnType():
            return {"from": str(change.old_type), "to": str(change.new_type), "cast": change.cast}
        case SetNotNull():
            return {"from": "NULL", "to": "NOT NULL"}
        case DropNotNull():
            return {"from": "NOT NULL", "to": "NULL"}
        case SetDefault():
            return {"from": change.old_default, "to": change.new_default}
        case DropDefault():
            return {"from": change.old_default, "to": None}
        case SetExpression():
            return {"from": change.old_expression, "to": change.new_expression}
        case DropExpression():
            return {"from": change.old_expression, "to": None}
        case AddIdentity() | DropIdentity():
            return {"identity": _json(change.identity)}
        case AlterIdentity() | AlterSequence():
            return {"from": _json(change.old), "to": _json(change.new)}
        case AddForeignKey() | DropForeignKey():
            return {"definition": foreign_key_dict(change.definition), "with_table": change.with_table}
        case AddEnumValue() | DropEnumValue():
            return {"value": change.value, "after": change.after}
        case AddSchema() | DropSchema():
            return {"schema": change.schema}
        case AlterPolicy():
            return {"from": _json(change.old), "to": _json(change.new)}
        case AlterRowSecurity():
            return {
                "from": {"enabled": change.old[0], "forced": change.old[1]},
                "to": {"enabled": change.new[0], "forced": change.new[1]},
                "with_table": change.with_table,
            }
        case AddPolicy() | DropPolicy() | AddGrant() | DropGrant():
            return {"definition": _json(change.definition), "with_table": change.with_table}
        case CreateObject():
            return {"kind": change.kind, "definition": change.definition.definition}
        case DropObject():
            return {
                "kind": change.kind,
                "definition": change.definition.definition,
                "recreated": change.recreated,
            }
        case ReplaceObject():
            return {"kind": change.kind, "from": change.before.definition, "to": change.definition.definition}
        case _:
            return {"definition": _json(change.definition)}


def _table_json(table: Table) -> Any:
    """A table in the snapshot's canonical form (the model owns that form)."""
    return to_dict(Schema((table,)))["tables"][0]


_UNSET = object()


def _json(value: Any) -> Any:
    """A constraint, index or enum as plain JSON values."""
    if is_dataclass(value):  # a constraint's options only where set, as the snapshot states them
        return {
            f.name: _json(getattr(value, f.name))
            for f in fields(value)
            if CONSTRAINT_OPTIONS.get(f.name, _UNSET) != getattr(value, f.name)
        }
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value
