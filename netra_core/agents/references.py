"""@name references: saved filters, segments, policies and reports of the user's org, cited in messages."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.agents.context import AuthContext
from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolResult
from netra_core.db.models import Reference
from netra_core.errors import NotFoundError, ToolArgumentsError, ValidationError

_MENTION = re.compile(r"(?<![\w.])@([a-z0-9][a-z0-9_-]{0,99})", re.I)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def compute_mentions(text: str) -> list[str]:
    """The @names in a message, lowercased, in order, without repeats."""
    seen: list[str] = []
    for name in (m.group(1).lower() for m in _MENTION.finditer(text)):
        if name not in seen:
            seen.append(name)
    return seen


def compute_text_without_mentions(text: str) -> str:
    """The message with @names removed (so they are not mistaken for workloads or models)."""
    return _MENTION.sub(" ", text)


def fetch_reference(session: Session, auth: AuthContext, name: str) -> Reference:
    """A reference of the user's org by name, or NotFoundError (other orgs' references do not exist here)."""
    ref = session.scalar(select(Reference).where(Reference.org_id == auth.org_pk, Reference.name == name.lower()))
    if ref is None:
        raise NotFoundError(f"@{name} is not a saved reference of org {auth.org_slug}")
    return ref


def fetch_references(session: Session, auth: AuthContext) -> list[Reference]:
    """The org's references by name."""
    return list(session.scalars(select(Reference).where(Reference.org_id == auth.org_pk).order_by(Reference.name)))


def save_reference(session: Session, auth: AuthContext, *, name: str, kind: str, description: str = "",
                   payload: dict[str, Any] | None = None) -> Reference:  # fmt: skip
    """A new reference of the org; ValidationError if the name is taken or malformed."""
    value = name.lower().lstrip("@")
    if not _NAME.match(value):
        raise ValidationError(f"name: {name!r} must be letters, digits, '-' or '_' (up to 100)")
    exists = session.scalar(select(Reference.id).where(Reference.org_id == auth.org_pk, Reference.name == value))
    if exists is not None:
        raise ValidationError(f"name: @{value} already exists in org {auth.org_slug}; pick another name")
    ref = Reference(org_id=auth.org_pk, user_id=auth.user_pk, name=value, kind=kind, description=description,
                    payload=payload or {})  # fmt: skip
    session.add(ref)
    session.flush()
    return ref


class SaveReferenceArgs(ToolArgs):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["filter", "segment", "policy", "report"] = "filter"
    description: str = ""
    filter: dict[str, Any] = Field(default_factory=dict)


def run_save_reference(ctx: ToolContext, args: SaveReferenceArgs) -> ToolResult:
    """Save the current filter (or a result) as @name for the org."""
    if ctx.session_factory is None:
        raise ToolArgumentsError("no app database is configured for this run")
    with ctx.session_factory.begin() as session:
        ref = save_reference(session, ctx.auth, name=args.name, kind=args.kind, description=args.description,
                             payload={"filter": args.filter})  # fmt: skip
        return ToolResult(data={"name": ref.name, "kind": ref.kind, "filter": args.filter})


def make_reference_tools() -> list[Tool]:
    """The supervisor's reference tool."""
    return [Tool("save_reference", "Save the current filter or result as @name.", SaveReferenceArgs,
                 run_save_reference, "supervisor", changes_data=True)]  # fmt: skip
