"""Data: upload traffic logs in any supported format, load evaluation results, generate demo traffic, see what is loaded."""

import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from netra_app.auth import current_user
from netra_app.resources import app_sessions, app_settings, app_store
from netra_app.tables import show_table
from netra_core.analytics.dimensions import fetch_loaded_sources
from netra_core.db.prices import fetch_org_price_book
from netra_core.db.reconciliations import fetch_reconciliations
from netra_core.errors import IngestRejectedError, NetraError
from netra_core.roles import Role
from netra_core.workloads.ingest.report import FileStats, IngestIssue, IngestProgress

FORMATS = ["auto", "csv", "jsonl", "parquet", "otlp", "litellm"]

user = current_user()
store = app_store(app_settings())
st.title("Data")


def show_issues(issues: Sequence[IngestIssue], total: int) -> None:
    show_table(
        pd.DataFrame(
            [
                {
                    "where": f"{i.file} "
                    + (f"line {i.line}" if i.line is not None else f"row {i.row}" if i.row is not None else ""),
                    "field": i.field,
                    "value": i.value,
                    "problem": i.message,
                }
                for i in issues
            ]
        )
    )
    if total > len(issues):
        st.caption(f"… and {total - len(issues):,} more problems.")


def saved_uploads(files: Sequence[UploadedFile], folder: Path) -> list[Path]:
    """Keep the uploaded files' own names so every error message names the file the user chose."""
    paths = []
    for f in files:
        path = folder / Path(f.name).name
        path.write_bytes(f.getbuffer())
        paths.append(path)
    return paths


def show_file_stats(files: Sequence[FileStats]) -> None:
    """Per-file counts by the file's own name, and each rejects file as a download (the upload folder is temporary)."""
    rows = [{k: v for k, v in vars(f).items() if k != "rejects_path"} | {"path": Path(f.path).name} for f in files]
    show_table(pd.DataFrame(rows))
    for f in files:
        if f.rejects_path and Path(f.rejects_path).is_file():
            name = Path(f.rejects_path).name
            st.download_button(
                f"Rejected rows of {Path(f.path).name} ({f.rows_rejected:,})",
                Path(f.rejects_path).read_bytes(),
                file_name=name,
                mime="text/csv",
                key=f"rejects-{name}",
                on_click="ignore",  # the upload's result stays on the page
            )


upload, evals, generate, live, bill_tab, loaded = st.tabs(
    ["Upload traffic", "Evaluation results", "Demo traffic", "Live traffic", "Reconcile a bill", "What is loaded"]
)

with upload:
    st.caption(
        "CSV, JSONL or Parquet in Netra's schema (common column names are understood), OpenTelemetry GenAI spans "
        "(OTLP/JSON from the Collector's file exporter) or LiteLLM spend logs. A file with a bad row is rejected "
        "whole unless you keep the valid rows."
    )
    with st.form("data_upload", clear_on_submit=False):
        files = st.file_uploader(
            "Files", accept_multiple_files=True, type=["csv", "jsonl", "json", "ndjson", "parquet"]
        )
        fmt = st.selectbox("Format", FORMATS)
        skip_invalid = st.checkbox("Keep the valid rows and write the rejected ones to a rejects file")
        go = st.form_submit_button("Ingest", disabled=user.role == Role.VIEWER)
    if go and not files:
        st.warning("Choose at least one file.")
    elif go:
        bar = st.progress(0.0, text="Reading…")

        def on_progress(p: IngestProgress) -> None:
            share = p.bytes_done / p.bytes_total if p.bytes_total else 0.0
            bar.progress(min(share, 1.0), text=f"{p.phase.title()} {p.file}: {p.rows_done:,} rows")

        from netra_core.workloads.ingest.pipeline import ingest_files

        with app_sessions(app_settings())() as s:
            book = fetch_org_price_book(s, user.org_slug)  # the catalog's prices by day and the org's own
        with tempfile.TemporaryDirectory(prefix="netra-upload-") as tmp:
            try:
                report = ingest_files(
                    store,
                    saved_uploads(files, Path(tmp)),
                    user.org_slug,
                    fmt=fmt,
                    skip_invalid=skip_invalid,
                    progress=on_progress,
                    price_book=book,
                )
            except IngestRejectedError as exc:
                bar.empty()
                first = f" First: {exc.report.errors[0]}" if exc.report.errors else ""
                st.error(f"Nothing was written: {exc.report.error_count:,} problem(s) in the input.{first}")
                show_issues(exc.report.errors, exc.report.error_count)
            except NetraError as exc:
                bar.empty()
                st.error(str(exc))
            else:
                bar.progress(1.0, text="Done")
                st.success(report.summary())
                if report.errors:
                    st.warning(f"{report.rows_rejected:,} row(s) were rejected (see below); the rest were written.")
                    show_issues(report.errors, report.error_count)
                show_file_stats(report.files)
                st.cache_data.clear()

with evals:
    st.caption(
        "Per-(prompt, model) outcomes in long format: prompt_id, prompt, model, score (0-1), and optionally "
        "cost_usd, prompt_tokens, completion_tokens, latency_ms, task_type, workload."
    )
    with st.form("data_evals"):
        eval_files = st.file_uploader(
            "Files", accept_multiple_files=True, type=["csv", "jsonl", "json", "parquet"], key="eval_files"
        )
        dataset = st.text_input("Dataset name", placeholder="e.g. support-golden-set")
        go_evals = st.form_submit_button("Load results", disabled=user.role == Role.VIEWER)
    if go_evals:
        from netra_core.workloads.ingest.evals import ingest_eval_files

        with tempfile.TemporaryDirectory(prefix="netra-evals-") as tmp:
            try:
                result = ingest_eval_files(
                    store, saved_uploads(eval_files or [], Path(tmp)), user.org_slug, dataset.strip()
                )
                st.success(f"Loaded eval results into dataset {dataset.strip()!r}: {result.rows_written} rows.")
                st.cache_data.clear()
            except IngestRejectedError as exc:
                st.error("Nothing was written.")
                show_issues(exc.report.errors, exc.report.error_count)
            except NetraError as exc:
                st.error(str(exc))

with bill_tab:
    st.caption(
        "A provider's bill against what Netra recorded, per UTC day and model: the share of the bill Netra saw, "
        "each difference and its likely cause. Layouts: a date,provider,model,cost CSV (headers such as Date, Model, "
        "Cost (USD) are read too, and without a provider column the model's name says it: claude-*, gpt-*, o1/o3/o4, "
        "gemini-*); OpenAI's organization costs (API JSON pages, or the usage dashboard's cost CSV); Anthropic's "
        "cost report (Admin API JSON pages or their CSV, amounts in cents)."
    )
    with st.form("data_bill"):
        bill_file = st.file_uploader("Bill", type=["csv", "json"], key="bill_file")
        go_bill = st.form_submit_button("Reconcile", disabled=user.role == Role.VIEWER)
    if go_bill and bill_file is not None:
        from netra_app.charts import bill_vs_recorded
        from netra_core.services.reconcile import reconcile_bill

        with tempfile.TemporaryDirectory(prefix="netra-bill-") as tmp:
            try:
                [bill_path] = saved_uploads([bill_file], Path(tmp))
                bill, saved = reconcile_bill(app_settings(), user.org_slug, bill_path, actor=user.username)
                st.success(bill.summary() + ("; kept for the Overview and the weekly report." if saved else "."))
                st.cache_data.clear()  # the Overview's line on the latest bill
                st.plotly_chart(bill_vs_recorded(bill.rows), key="chart_bill")
                show_table(bill.rows)
            except NetraError as exc:
                st.error(str(exc))
    with app_sessions(app_settings())() as session:
        past = fetch_reconciliations(session, user.org_slug)
    if past:
        st.markdown("**Bills reconciled before**")
        history = [
            {
                "reconciled": r.created_at,
                "file": r.file_name,
                "providers": ", ".join(r.providers),
                "from": r.first_day,
                "to": r.last_day,
                "billed_usd": r.invoice_usd,
                "recorded_usd": r.netra_usd,
                "coverage_pct": 100 * r.coverage,
                "by": r.created_by,
            }
            for r in past
        ]
        show_table(pd.DataFrame(history))

with generate:
    st.caption(
        "Realistic multi-workload traffic (seasonality, bursts, errors, duplicate prompts, a batchable job) "
        "with token sizes calibrated on a real production trace. Generated events are tagged and can be replaced."
    )
    with st.form("data_generate"):
        c1, c2, c3 = st.columns(3)
        n_events = c1.number_input("Events", min_value=1_000, max_value=20_000_000, value=200_000, step=50_000)
        days = c2.number_input("Days", min_value=1, max_value=365, value=30)
        seed = c3.number_input("Seed", min_value=0, value=1)
        replace = st.checkbox("Replace the demo traffic generated before")
        go_gen = st.form_submit_button("Generate", disabled=user.role == Role.VIEWER)
    if go_gen:
        from netra_core.generator.generated_events import save_generated
        from netra_core.generator.traffic_profiles import default_spec

        bar = st.progress(0.0, text="Generating…")
        from netra_core.catalog.pricing import compute_book_over_builtin

        with app_sessions(app_settings())() as s:
            book = compute_book_over_builtin(fetch_org_price_book(s, user.org_slug))

        def on_generated(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{done:,} of {total:,} events")

        try:
            gen = save_generated(
                store,
                user.org_slug,
                default_spec(),
                int(n_events),
                int(days),
                int(seed),
                replace=replace,
                price_book=book,
                progress=on_generated,
            )
            bar.progress(1.0, text="Done")
            st.success(
                f"Wrote {gen.events_written:,} events ({gen.events_per_s:,.0f} events/s), ${gen.spend_usd:,.2f} of spend."
            )
            st.cache_data.clear()
        except NetraError as exc:
            bar.empty()
            st.error(str(exc))

with live:
    from netra_app.live import collector_state, otel_collector_snippet, sdk_snippet
    from netra_core.collector.recent import fetch_recent_spans

    endpoint, _, state_line = collector_state(app_settings().data_dir)
    st.caption(
        "Send OpenTelemetry traces (OTLP/HTTP, protobuf or JSON, gzip) to `netra collect`; every GenAI span "
        "becomes an event of the org its ingest key belongs to. An admin creates keys on the Admin page."
    )
    st.markdown(f"**Endpoint** `{endpoint}`")
    st.caption(state_line)
    st.markdown("**From an application** (any OpenTelemetry SDK with the OTLP/HTTP exporter)")
    st.code(sdk_snippet(endpoint), language="bash")
    st.markdown("**From an OpenTelemetry Collector**")
    st.code(otel_collector_snippet(endpoint), language="yaml")
    st.markdown("**Last spans received**")
    with store.session() as client:
        recent = fetch_recent_spans(client, user.org_slug)
    if recent.empty:
        st.caption("No spans received for your org yet.")
    else:
        show_table(recent)

with loaded:
    with store.session() as client:
        sources, datasets = fetch_loaded_sources(client, user.org_slug)
    if not sources:
        st.info("Nothing is loaded for your org yet.")
    else:
        show_table(pd.DataFrame(sources, columns=["source", "events", "first", "last", "spend (USD)"]))
    if datasets:
        st.markdown("**Evaluation datasets**")
        show_table(pd.DataFrame(datasets, columns=["dataset", "prompts", "models", "rows"]))
