"""The sidebar filters every dashboard shares; their values live in session_state so they persist across pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from netra_core.analytics.filters import EventFilter

RANGES = {"Last 24 hours": 1, "Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90}
CUSTOM = "Custom dates"
_DEFAULT_RANGE = "Last 7 days"
# How the filters read in a URL (?range=7d&from=2026-11-01&to=2026-11-07&workload=a&workload=b), so a view is shared.
_RANGE_CODES = {
    "Last 24 hours": "24h",
    "Last 7 days": "7d",
    "Last 30 days": "30d",
    "Last 90 days": "90d",
    CUSTOM: "custom",
}
_URL_LISTS = {"workloads": "workload", "models": "model", "providers": "provider"}


@dataclass(frozen=True)
class FilterState:
    """What the user picked: a range ending at the window's anchor, or whole custom days (UTC, both included)."""

    range_label: str
    workloads: tuple[str, ...]
    models: tuple[str, ...]
    providers: tuple[str, ...]
    first_day: date | None = None
    last_day: date | None = None

    def to_filter(self, org_id: str, anchor: datetime) -> EventFilter:
        """The EventFilter ending at `anchor` (now, or the org's last event for historic data), or the custom days."""
        if self.range_label == CUSTOM and self.first_day and self.last_day:
            start = datetime.combine(self.first_day, time(), UTC)
            end = datetime.combine(self.last_day + timedelta(days=1), time(), UTC)
        else:
            start, end = anchor - timedelta(days=RANGES.get(self.range_label, 7)), anchor
        return EventFilter(
            org_id, start=start, end=end, workloads=self.workloads, models=self.models, providers=self.providers
        )

    @property
    def previous_label(self) -> str:
        """How the period before is named: "previous 7 days", or "previous 10 days" for 10 custom days."""
        if self.range_label == CUSTOM and self.first_day and self.last_day:
            n = (self.last_day - self.first_day).days + 1
            return f"previous {n} day{'s' if n != 1 else ''}"
        return self.range_label.lower().replace("last ", "previous ")

    def to_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters."""
        out: dict[str, str | list[str]] = {"range": _RANGE_CODES.get(self.range_label, "7d")}
        if self.range_label == CUSTOM and self.first_day and self.last_day:
            out |= {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        for attr, name in _URL_LISTS.items():
            if getattr(self, attr):
                out[name] = list(getattr(self, attr))
        return out


def parse_filter_params(
    params: dict[str, list[str]], options: dict[str, list[str]]
) -> tuple[dict[str, object], list[str]]:
    """Session values from a shared link's query parameters, and a warning for each part that could not be used
    (an unknown range, a bad date, a workload this org does not have)."""
    values: dict[str, object] = {}
    warnings: list[str] = []
    codes = {v: k for k, v in _RANGE_CODES.items()}
    if params.get("range"):
        code = params["range"][0]
        if code in codes:
            values["netra_filter_range"] = codes[code]
        else:
            warnings.append(f"range {code!r} is not one of {', '.join(codes)}")
    if values.get("netra_filter_range") == CUSTOM:
        try:
            first, last = date.fromisoformat(params["from"][0]), date.fromisoformat(params["to"][0])
            if first > last:
                raise ValueError
            values["netra_filter_days"] = (first, last)
        except (KeyError, IndexError, ValueError):
            warnings.append("custom dates need from and to as YYYY-MM-DD, from not after to")
            values["netra_filter_range"] = _DEFAULT_RANGE
    for attr, name in _URL_LISTS.items():
        asked = params.get(name, [])
        known = [v for v in asked if v in options.get(attr, [])]
        if len(known) < len(asked):
            warnings.append(
                f"{name} {', '.join(repr(v) for v in asked if v not in known)} is not in your org's traffic"
            )
        if asked:
            values[f"netra_filter_{attr}"] = known
    return values, warnings


def _persisted_multiselect(label: str, key: str, options: list[str]) -> tuple[str, ...]:
    # Widget state is dropped when a page stops rendering the widget; a plain key keeps the choice.
    store_key = f"netra_filter_{key}"
    current = [v for v in st.session_state.get(store_key, []) if v in options]
    chosen = st.sidebar.multiselect(label, options, default=current, key=f"w_{store_key}", placeholder="All")
    st.session_state[store_key] = chosen
    return tuple(chosen)


def _custom_days(anchor_day: date) -> tuple[date | None, date | None]:
    saved = st.session_state.get("netra_filter_days") or (anchor_day - timedelta(days=6), anchor_day)
    picked = st.sidebar.date_input("From and to (UTC, whole days)", value=saved, key="w_netra_filter_days")
    if isinstance(picked, tuple | list) and len(picked) == 2:
        st.session_state["netra_filter_days"] = (picked[0], picked[1])
        return picked[0], picked[1]
    st.sidebar.caption("Pick the last day too.")
    return saved[0], saved[1]


def render_filters(options: dict[str, list[str]], anchor_day: date | None = None) -> FilterState:
    """Draw the filters in the sidebar and return the current choice; a shared link's filters apply on the first
    page shown in a session, and the current filters are written back to the URL."""
    if not st.session_state.get("netra_filter_url_read"):
        st.session_state["netra_filter_url_read"] = True
        values, warnings = parse_filter_params({k: st.query_params.get_all(k) for k in st.query_params}, options)
        st.session_state.update(values)
        for warning in warnings:
            st.warning(f"Shared link: {warning}")
    st.sidebar.subheader("Filters")
    labels = [*RANGES, CUSTOM]
    saved = st.session_state.get("netra_filter_range", _DEFAULT_RANGE)
    range_label = st.sidebar.selectbox(
        "Time range", labels, index=labels.index(saved) if saved in labels else 1, key="w_netra_filter_range"
    )
    st.session_state["netra_filter_range"] = range_label
    first_day = last_day = None
    if range_label == CUSTOM:
        first_day, last_day = _custom_days(anchor_day or datetime.now(UTC).date())
    state = FilterState(
        range_label=range_label,
        workloads=_persisted_multiselect("Workloads", "workloads", options.get("workloads", [])),
        models=_persisted_multiselect("Models", "models", options.get("models", [])),
        providers=_persisted_multiselect("Providers", "providers", options.get("providers", [])),
        first_day=first_day,
        last_day=last_day,
    )
    for name in ("range", "from", "to", *_URL_LISTS.values()):
        if name in st.query_params:
            del st.query_params[name]
    st.query_params.update(state.to_params())
    return state


def window_anchor(last_event: datetime | None, now: datetime | None = None) -> datetime:
    """Windows end now, or just after the last event when the data is older than a day (imported history)."""
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    if last_event is None:
        return moment
    last = last_event if last_event.tzinfo else last_event.replace(tzinfo=UTC)
    if moment - last > timedelta(days=1):
        return (last + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return moment
