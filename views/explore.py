"""Explore: build a semantic query (measures, grouping, grain, filters, window, comparison, top-N, projection)
over the signed-in user's org; the query lives in the URL so a view can be shared."""

from datetime import UTC, date, datetime

import streamlit as st

from netra_app import charts, data
from netra_app.auth import current_user
from netra_app.explore_state import (
    COMPARISONS,
    FILTER_DIMENSIONS,
    MAX_DIMENSIONS,
    MEASURE_LABELS,
    ROW_LIMIT,
    WINDOWS,
    ExploreState,
    make_query,
    parse_params,
    to_params,
)
from netra_app.filters import window_anchor
from netra_app.resources import app_settings
from netra_app.tables import show_table
from netra_core.agents.query_answer import describe_query_result
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, Order
from netra_core.errors import NetraError

user = current_user()
store_url = app_settings().resolved_store_url
st.title("Explore")
try:
    options, last_event = data.org_dimensions(store_url, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
if last_event is None:
    st.info("No traffic loaded for your org yet. Upload logs on the Data page.")
    st.stop()

if "ex_measures" not in st.session_state:  # first visit this session: the URL sets the widgets
    url = {key: st.query_params.get_all(key) for key in st.query_params}
    first, warnings = parse_params(url, options)
    for warning in warnings:
        st.warning(f"Shared link: {warning}")
    st.session_state.update(
        ex_measures=[m.value for m in first.measures],
        ex_by=[d.value for d in first.dimensions],
        ex_grain=first.grain.value if first.grain else "",
        ex_window=first.window,
        ex_compare=first.compare.value,
        ex_top=first.top_n or 0,
        ex_order=first.order.value,
        ex_project=first.project,
        **{f"ex_f_{d.value}": list(first.filters.get(d, ())) for d in FILTER_DIMENSIONS},
    )
    if first.start and first.end:
        st.session_state.update(ex_from=first.start, ex_to=first.end)

left, mid, right = st.columns([3, 2, 2])
measures = left.multiselect(
    "Measures", [m.value for m in Measure], format_func=lambda v: MEASURE_LABELS[Measure(v)], key="ex_measures"
)
by = left.multiselect(
    "Group by",
    [d.value for d in Dimension],
    max_selections=MAX_DIMENSIONS,
    key="ex_by",
    format_func=lambda v: v.replace("_", " "),
)
grain = mid.selectbox(
    "Time grain",
    ["", *(g.value for g in Grain)],
    key="ex_grain",
    format_func=lambda v: v.title() if v else "None (totals)",
)
window = mid.selectbox("Window", list(WINDOWS), format_func=WINDOWS.__getitem__, key="ex_window")
start = end = None
if window == "custom":
    st.session_state.setdefault("ex_from", last_event.date())
    st.session_state.setdefault("ex_to", last_event.date())
    start = mid.date_input("From", key="ex_from")
    end = mid.date_input("To", key="ex_to")
compare = right.selectbox(
    "Compare with", [c.value for c in COMPARISONS], key="ex_compare", format_func=lambda v: COMPARISONS[Comparison(v)]
)
top = right.number_input("Top N (0: all rows)", min_value=0, max_value=1000, step=1, key="ex_top")
order = right.radio(
    "Order",
    [o.value for o in Order],
    horizontal=True,
    key="ex_order",
    format_func=lambda v: "Largest first" if v == "desc" else "Smallest first",
)
project = right.checkbox("Project to month end", key="ex_project")
with st.expander("Filters"):
    filters = {
        d: tuple(
            st.multiselect(
                d.value.replace("_", " ").title(), options.get(key, []), key=f"ex_f_{d.value}", placeholder="All"
            )
        )
        for d, key in FILTER_DIMENSIONS.items()
    }

state = ExploreState(
    measures=tuple(Measure(m) for m in measures),
    dimensions=tuple(Dimension(d) for d in by),
    grain=Grain(grain) if grain else None,
    filters={d: v for d, v in filters.items() if v},
    window=window,
    start=start if isinstance(start, date) else None,
    end=end if isinstance(end, date) else None,
    compare=Comparison(compare),
    top_n=int(top) or None,
    order=Order(order),
    project=project,
)
st.query_params.from_dict(to_params(state))
try:
    query = make_query(state, window_anchor(last_event))
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    result = data.semantic(store_url, user.org_slug, query.model_dump_json(), now, ROW_LIMIT)
except NetraError as exc:
    st.error(str(exc))
    st.stop()

answer = describe_query_result(query, result)
text, cut, _ = answer.rpartition(" SQL:\n```sql")  # the SQL is shown once, in its expander below
st.markdown(text if cut else answer)
cov = result.coverage
caption = (
    f"Coverage: data on {cov.days_with_data} day(s), {cov.covered_days:.1f} of the window's {cov.window_days:.1f} days"
)
if result.comparison_coverage is not None:
    other = result.comparison_coverage
    caption += (
        f"; comparison window: {other.days_with_data} day(s), {other.covered_days:.1f} of {other.window_days:.1f}"
    )
st.caption(caption)
first_measure = query.measures[0]
figure = charts.semantic_chart(result.frame, first_measure.value, MEASURE_LABELS[first_measure], list(by))
if figure is not None:
    st.plotly_chart(figure, key="explore_chart")
show_table(result.frame)
st.download_button("Download CSV", result.frame.to_csv(index=False), file_name="netra-explore.csv", mime="text/csv")
with st.expander("SQL"):
    for statement in result.statements:
        st.code(statement.sql.strip(), language="sql")
        st.json({k: str(v) for k, v in statement.parameters.items()}, expanded=False)
