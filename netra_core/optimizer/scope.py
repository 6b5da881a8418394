"""TrafficScope: the part of an org's traffic a policy is for (workloads, task types, providers serving it today)."""

from __future__ import annotations

from dataclasses import dataclass

# Scope field -> the workload_events column it filters.
SCOPE_COLUMNS = {"workloads": "workload", "task_types": "task_type", "providers": "provider"}


@dataclass(frozen=True)
class TrafficScope:
    """Which traffic the optimizer reads; empty fields mean no limit on that dimension."""

    workloads: tuple[str, ...] = ()
    task_types: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()

    @property
    def is_everything(self) -> bool:
        """Whether the scope is the whole org's traffic."""
        return not (self.workloads or self.task_types or self.providers)

    def describe(self) -> str:
        """In words: "workloads doc-summarizer; task types summarization" ("all traffic" when unscoped)."""
        parts = [
            f"{name.replace('_', ' ')} {', '.join(values)}" for name in SCOPE_COLUMNS if (values := getattr(self, name))
        ]
        return "; ".join(parts) if parts else "all traffic"
