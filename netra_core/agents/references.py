"""@name references in messages, and the assistant's tool that saves one (the queries are in db/references.py)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field

from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolResult
from netra_core.db.references import save_reference
from netra_core.errors import ToolArgumentsError

_MENTION = re.compile(r"(?<![\w.])@([a-z0-9][a-z0-9_-]{0,99})", re.I)


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
        ref = save_reference(
            session,
            ctx.auth,
            name=args.name,
            kind=args.kind,
            description=args.description,
            payload={"filter": args.filter},
        )
        return ToolResult(data={"name": ref.name, "kind": ref.kind, "filter": args.filter})


def make_reference_tools() -> list[Tool]:
    """The supervisor's reference tool."""
    return [
        Tool(
            "save_reference",
            "Save the current filter or result as @name.",
            SaveReferenceArgs,
            run_save_reference,
            "supervisor",
            changes_data=True,
        )
    ]
