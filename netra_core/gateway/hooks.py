"""The gateway's hooks: the budget guard it calls around each request (the budgets module implements it).

`admit` runs on the event loop before the first upstream call, so it must be synchronous and cheap
(in memory); `settle` gets the actual cost once the call is over (0 when it failed or was refused
upstream). A guard raises `BudgetRefused`; the gateway answers 429 with its message and Retry-After.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class SpendScope:
    """Who spends: the org, the request's workload and user, and the prefix of the API key used."""

    org: str
    workload: str
    user: str
    api_key: str


class BudgetRefused(Exception):
    """A hard budget limit refuses the request; `retry_after_s` is when the window has room again."""

    def __init__(self, message: str, retry_after_s: int = 60) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_s = retry_after_s


class BudgetGuard(Protocol):
    """What the gateway needs from budgets (a reservation is whatever the guard's `admit` returns)."""

    def admit(self, scope: SpendScope, estimate_usd: float) -> Any:
        """Reserve `estimate_usd` for one request; raises BudgetRefused when a hard limit would be passed."""
        ...

    def settle(self, reservation: Any, cost_usd: float) -> None:
        """Replace the reservation by the request's actual cost."""
        ...


class NoBudgetGuard:
    """The default: every request is admitted."""

    def admit(self, scope: SpendScope, estimate_usd: float) -> object:
        """Admit everything."""
        return None

    def settle(self, reservation: object, cost_usd: float) -> None:
        """Nothing to settle."""
        return None
