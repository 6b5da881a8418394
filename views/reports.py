"""Reports: the report notebooks, run one now, schedules, and past runs to view and download."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import streamlit as st

from netra_app.auth import current_user
from netra_app.report_frame import FRAME_HEIGHT, compute_sandboxed_html
from netra_app.resources import app_sessions, app_settings, app_store
from netra_core.db.schedules import delete_schedule, fetch_schedules, save_schedule
from netra_core.errors import NetraError
from netra_core.reports.runner import list_reports
from netra_core.reports.service import fetch_report_references, run_and_record
from netra_core.roles import Role

user = current_user()
settings = app_settings()
sessions = app_sessions(settings)
can_run = Role.parse(user.role).includes(Role.ANALYST)
st.title("Reports")

reports = list_reports()
run_col, sched_col = st.columns(2)
with run_col.form("report_run"):
    st.markdown("**Run a report now**")
    name = st.selectbox("Report", reports, key="report_name")
    days = st.number_input("Period (days)", min_value=1, max_value=90, value=7)
    if st.form_submit_button("Run now", disabled=not can_run):
        with st.spinner("Rendering the notebook…"):
            outcome = run_and_record(
                sessions,
                report=name,
                org_slug=user.org_slug,
                out_dir=settings.data_dir / "reports" / user.org_slug,
                params={"period_days": int(days)},
                user_id=user.id,
            )
        st.session_state["report_outcome"] = (
            (
                "success",
                f"Rendered {outcome.html_path.name if outcome.html_path else name}; it is first under Past reports.",
            )
            if outcome.status == "succeeded"
            else ("error", f"The report failed: {outcome.error}")
        )
with sched_col.form("report_schedule"):
    st.markdown("**Schedule a report** (cron, UTC)")
    sched_name = st.selectbox("Report", reports, key="schedule_name")
    cron = st.text_input("Cron", value="0 7 * * MON", help="minute hour day-of-month month day-of-week")
    if st.form_submit_button("Add schedule", disabled=not can_run):
        try:
            with sessions.begin() as s:
                sched = save_schedule(
                    s,
                    org_slug=user.org_slug,
                    report=sched_name,
                    cron=cron.strip(),
                    now=datetime.now(UTC),
                    params={"period_days": 7},
                    actor=user.username,
                )
                st.success(
                    f"Scheduled; next run {sched.next_run_at:%Y-%m-%d %H:%M} UTC (`netra scheduler` must be running)."
                )
        except NetraError as exc:
            st.error(str(exc))
if not can_run:
    st.caption("Viewers can read reports; analysts and admins run and schedule them.")
if last_run := st.session_state.get("report_outcome"):  # kept across reruns, so a finished run is never silent
    kind, text = last_run
    (st.success if kind == "success" else st.error)(text)

with st.expander("FOCUS export for a FinOps platform"):
    st.caption(
        "Your org's LLM spend as FinOps FOCUS 1.2 rows: one per UTC day, workload, provider and model "
        "(the same file as `netra export focus`)."
    )
    today = datetime.now(UTC).date()
    picked = st.date_input("Days (UTC, both included)", value=(today - timedelta(days=29), today), key="focus_days")
    fmt = st.radio("Format", ["csv", "parquet"], horizontal=True, key="focus_format")
    if isinstance(picked, tuple | list) and len(picked) == 2:
        first_day, last_day = picked[0], picked[1]

        def focus_file() -> bytes:
            """Built when the button is pressed, not on every page load."""
            import io

            from netra_core.exports.focus import fetch_focus_rows

            with app_store(settings).session() as client:
                rows = fetch_focus_rows(client, user.org_slug, user.org_slug, first_day, last_day)
            buffer = io.BytesIO()
            if fmt == "csv":
                rows.to_csv(buffer, index=False)
            else:
                rows.to_parquet(buffer, index=False)
            return buffer.getvalue()

        st.download_button(
            f"Download FOCUS ({fmt})",
            focus_file,
            file_name=f"netra-focus-{user.org_slug}-{first_day}-{last_day}.{fmt}",
            on_click="ignore",
            key="focus_download",
        )
    else:
        st.caption("Pick the last day too.")

with sessions() as s:
    schedules = [
        (sc.id, sc.report, sc.cron, sc.next_run_at, sc.last_status) for sc, _ in fetch_schedules(s, user.org_slug)
    ]
    refs = [
        (r.name, r.description, r.payload.get("html_path", ""), r.created_at)
        for r in fetch_report_references(s, user.org_slug)
    ]
if schedules:
    st.subheader("Schedules")
    for sid, rep, cr, nxt, last in schedules:
        c1, c2 = st.columns([5, 1])
        c1.write(f"`{rep}` on `{cr}` · next {nxt:%Y-%m-%d %H:%M} UTC · last run: {last or 'never'}")
        if can_run and c2.button("Remove", key=f"remove_schedule_{sid}"):
            with sessions.begin() as s:
                delete_schedule(s, sid, user.org_slug)
            st.rerun()

st.subheader("Past reports")
if not refs:
    st.info("No report has been rendered for your org yet.")
for ref_name, description, html_path, _created in refs:
    path = Path(html_path)
    with st.expander(f"{ref_name} · {description}", expanded=False):
        if not path.is_file():
            st.warning("The HTML file is no longer on disk.")
            continue
        # The file is read only when it is downloaded or shown, not for every past report on each page load.
        st.download_button(
            "Download HTML",
            path.read_bytes,
            file_name=path.name,
            mime="text/html",
            key=f"dl_{ref_name}",
            on_click="ignore",
        )
        if st.toggle("Show here", key=f"show_{ref_name}"):
            # Sandboxed one frame down: the report's scripts (charts) run, but not with the app's origin.
            html = path.read_text(encoding="utf-8")
            st.iframe(compute_sandboxed_html(html), height=FRAME_HEIGHT, alt=f"Report {ref_name}")
