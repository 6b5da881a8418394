"""A long run's stages, shown in an `st.status` box as each starts; no box at all when the result was kept."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from netra_core.optimizer.stages import Stage


class StageStatus:
    """The progress callback for `recommend`: the box appears with the first stage and lists each one with the
    seconds it started at, so a user waiting 45 s sees where the run is."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.stages: list[Stage] = []
        self._box: Any = None
        self._started = 0.0

    def __call__(self, stage: Stage) -> None:
        if self._box is None:
            self._box = st.status(f"{self.title}…", expanded=True)
            self._started = time.perf_counter()
        self.stages.append(stage)
        self._box.update(label=f"{self.title}: {stage.label.lower()}…")
        self._box.write(f"{len(self.stages)}. {stage.label} (at {time.perf_counter() - self._started:.0f} s)")

    def finish(self) -> None:
        """Close the box as done (nothing when no stage ran: the result was kept from a recent run)."""
        if self._box is not None:
            elapsed = time.perf_counter() - self._started
            self._box.update(label=f"{self.title}: done in {elapsed:.0f} s", state="complete", expanded=False)

    def fail(self) -> None:
        """Close the box as failed (the page shows why)."""
        if self._box is not None:
            self._box.update(label=f"{self.title}: stopped", state="error", expanded=True)
