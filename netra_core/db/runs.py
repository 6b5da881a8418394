"""Threads, messages and runs in the app database: the one door to them for the assistant, the reports and the
pages. Nothing here commits: callers own the transaction. Every read is scoped to the actor's org (and threads to
the actor's own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import Message, Run, Thread
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError


class Actor(Protocol):
    """Who acts: the org (key and slug) and the user's key (the assistant's AuthContext is one)."""

    @property
    def org_pk(self) -> int: ...

    @property
    def org_slug(self) -> str: ...

    @property
    def user_pk(self) -> int | None: ...


@dataclass(frozen=True)
class Owner:
    """An actor by its keys, for work started outside a chat (a report from the page, the CLI or a schedule)."""

    org_pk: int
    org_slug: str
    user_pk: int | None = None


def save_thread(session: Session, auth: Actor, title: str) -> Thread:
    """A new thread of the user's."""
    thread = Thread(org_id=auth.org_pk, user_id=auth.user_pk, title=title[:200] or "New conversation", state={})
    session.add(thread)
    session.flush()
    return thread


def fetch_thread(session: Session, auth: Actor, thread_id: int) -> Thread:
    """One of the user's own threads, or NotFoundError (another org's thread does not exist for them)."""
    thread = session.get(Thread, thread_id)
    if thread is None or thread.org_id != auth.org_pk or thread.user_id != auth.user_pk:
        raise NotFoundError(f"thread {thread_id} does not exist")
    return thread


def fetch_threads(session: Session, auth: Actor) -> list[Thread]:
    """The user's threads, newest first."""
    stmt = select(Thread).where(Thread.org_id == auth.org_pk, Thread.user_id == auth.user_pk)
    return list(session.scalars(stmt.order_by(Thread.updated_at.desc(), Thread.id.desc())))


def save_message(
    session: Session,
    thread: Thread,
    role: str,
    content: str,
    payload: dict[str, Any] | None = None,
    run_id: int | None = None,
) -> Message:
    """Append a message to a thread."""
    message = Message(thread_id=thread.id, role=role, content=content, payload=payload or {}, run_id=run_id)
    session.add(message)
    thread.updated_at = utcnow()
    session.flush()
    return message


def fetch_messages(session: Session, thread_id: int) -> list[Message]:
    """A thread's messages in order."""
    return list(session.scalars(select(Message).where(Message.thread_id == thread_id).order_by(Message.id)))


def save_run(session: Session, auth: Actor, thread: Thread | None, kind: str = "assistant") -> Run:
    """A queued run."""
    run = Run(
        org_id=auth.org_pk,
        user_id=auth.user_pk,
        thread_id=thread.id if thread else None,
        kind=kind,
        status="queued",
        steps=[],
        usage={},
    )
    session.add(run)
    session.flush()
    return run


def fetch_run(session: Session, auth: Actor, run_id: int) -> Run:
    """One of the org's runs, or NotFoundError."""
    run = session.get(Run, run_id)
    if run is None or run.org_id != auth.org_pk:
        raise NotFoundError(f"run {run_id} does not exist")
    return run


def set_run_running(session: Session, run: Run) -> None:
    """Mark a run as started."""
    run.status = "running"
    run.started_at = utcnow()


def add_run_step(session: Session, run: Run, step: dict[str, Any]) -> None:
    """Append one step (reassigned so the JSON column sees the change)."""
    run.steps = [*run.steps, step]


def set_run_finished(
    session: Session, run: Run, *, error: str | None = None, usage: dict[str, Any] | None = None
) -> None:
    """Mark a run succeeded, or failed with the reason."""
    run.status = "failed" if error else "succeeded"
    run.error = error
    if usage is not None:
        run.usage = usage
    run.finished_at = utcnow()


def rename_thread(session: Session, auth: Actor, thread_id: int, title: str) -> Thread:
    """Give one of the user's threads a new title."""
    from netra_core.errors import ValidationError

    clean = title.strip()
    if not clean or len(clean) > 200:
        raise ValidationError("title: must be 1 to 200 characters")
    thread = fetch_thread(session, auth, thread_id)
    thread.title = clean
    return thread


def delete_thread(session: Session, auth: Actor, thread_id: int) -> None:
    """Delete one of the user's threads with its messages and runs."""
    session.delete(fetch_thread(session, auth, thread_id))
