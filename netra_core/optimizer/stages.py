"""The stages of one optimizer run, in order, so a caller can show how far a long run has got."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Stage(StrEnum):
    """One stage of `recommend`; each is reported as it starts."""

    TRAFFIC = "traffic"
    CANDIDATES = "candidates"
    SOLVING = "solving"
    REPLAYING = "replaying"
    SAVINGS = "savings"

    @property
    def label(self) -> str:
        """What the stage does, in words a user reads while waiting."""
        return _LABELS[self]


_LABELS = {
    Stage.TRAFFIC: "Reading your traffic",
    Stage.CANDIDATES: "Pricing the candidate models",
    Stage.SOLVING: "Solving for the cheapest policy",
    Stage.REPLAYING: "Replaying your traffic under the policy",
    Stage.SAVINGS: "Computing the savings and their intervals",
}

Progress = Callable[[Stage], None]
