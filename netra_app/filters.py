"""The sidebar filters every dashboard shares; their values live in session_state so they persist across pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import streamlit as st

from netra_core.analytics.filters import EventFilter

RANGES = {"Last 24 hours": 1, "Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90}
_DEFAULT_RANGE = "Last 7 days"


@dataclass(frozen=True)
class FilterState:
    """What the user picked."""

    range_label: str
    workloads: tuple[str, ...]
    models: tuple[str, ...]
    providers: tuple[str, ...]

    def to_filter(self, org_id: str, anchor: datetime) -> EventFilter:
        """The EventFilter ending at `anchor` (now, or the org's last event for historic data)."""
        days = RANGES[self.range_label]
        return EventFilter(
            org_id, start=anchor - timedelta(days=days), end=anchor, workloads=self.workloads, models=self.models,
            providers=self.providers,
        )  # fmt: skip


def _persisted_multiselect(label: str, key: str, options: list[str]) -> tuple[str, ...]:
    # Widget state is dropped when a page stops rendering the widget; a plain key keeps the choice.
    store_key = f"netra_filter_{key}"
    current = [v for v in st.session_state.get(store_key, []) if v in options]
    chosen = st.sidebar.multiselect(label, options, default=current, key=f"w_{store_key}", placeholder="All")
    st.session_state[store_key] = chosen
    return tuple(chosen)


def render_filters(options: dict[str, list[str]]) -> FilterState:
    """Draw the filters in the sidebar and return the current choice."""
    st.sidebar.subheader("Filters")
    labels = list(RANGES)
    saved = st.session_state.get("netra_filter_range", _DEFAULT_RANGE)
    range_label = st.sidebar.selectbox(
        "Time range", labels, index=labels.index(saved) if saved in labels else 1, key="w_netra_filter_range"
    )
    st.session_state["netra_filter_range"] = range_label
    return FilterState(
        range_label=range_label,
        workloads=_persisted_multiselect("Workloads", "workloads", options.get("workloads", [])),
        models=_persisted_multiselect("Models", "models", options.get("models", [])),
        providers=_persisted_multiselect("Providers", "providers", options.get("providers", [])),
    )


def window_anchor(last_event: datetime | None, now: datetime | None = None) -> datetime:
    """Windows end now, or just after the last event when the data is older than a day (imported history)."""
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    if last_event is None:
        return moment
    last = last_event if last_event.tzinfo else last_event.replace(tzinfo=UTC)
    if moment - last > timedelta(days=1):
        return (last + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return moment
