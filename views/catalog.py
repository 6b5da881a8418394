"""Catalog: models with prices, context, latency and quality; admins change prices and add custom models."""

from typing import Any

import pandas as pd
import streamlit as st

from netra_app import data
from netra_app.auth import current_user
from netra_app.resources import app_sessions, app_settings
from netra_app.tables import show_table
from netra_core.db.catalog import fetch_catalog, fetch_price_history, save_custom_model, save_price_override
from netra_core.db.orgs import fetch_org
from netra_core.db.price_fields import TIER_SYNTAX, ExtraPrices, format_tiers, parse_tiers
from netra_core.errors import NetraError
from netra_core.roles import Role
from netra_core.services.reprice import reprice_org

user = current_user()
sessions = app_sessions(app_settings())
st.title("Catalog")

with sessions() as s:
    org_id = fetch_org(s, user.org_slug).id
left, right = st.columns([3, 1])
search = left.text_input("Search models", placeholder="e.g. gpt-4o, haiku, llama")
with sessions() as s:
    everything = fetch_catalog(s, org_id)
if everything.empty:
    st.info("The catalog is empty: run `netra catalog sync` (or ask an admin to).")
    st.stop()
providers = sorted(everything["provider"].unique())
provider = right.selectbox("Provider", ["All", *providers])
with sessions() as s:
    frame = fetch_catalog(s, org_id, search=search.strip(), provider="" if provider == "All" else provider)
st.caption(
    f"{len(frame):,} of {len(everything):,} models · prices in USD per million tokens, in effect now "
    "(your org's own price where it has one)"
)
shown = frame.drop(columns=["quality"]).rename(
    columns={
        "input_per_mtok": "input",
        "output_per_mtok": "output",
        "cached_input_per_mtok": "cached input",
        "cache_write_per_mtok": "cache write",
        "cache_write_1h_per_mtok": "cache write 1h",
        "audio_input_per_mtok": "audio in",
        "audio_cached_input_per_mtok": "audio cached",
        "audio_output_per_mtok": "audio out",
        "image_input_per_mtok": "image in",
        "image_cached_per_mtok": "image cached",
        "image_output_per_mtok": "image out",
        "has_long_context_tiers": "long-context tiers",
        "output_tokens_per_s": "tokens/s",
        "context_window": "context",
        "is_org_price": "your org's price",
    }
)
PRICE_COLUMNS = [
    "input",
    "output",
    "cached input",
    "cache write",
    "cache write 1h",
    "audio in",
    "audio cached",
    "audio out",
    "image in",
    "image cached",
    "image out",
]
show_table(shown, height=360, kinds=dict.fromkeys(PRICE_COLUMNS, "price"))

if not frame.empty:
    keys = [f"{p}/{m}" for p, m in zip(frame["provider"], frame["model"], strict=True)]
    picked = st.selectbox("Details of", keys, key="catalog_pick")
    pick_provider, pick_model = picked.split("/", 1)
    row = frame[(frame["provider"] == pick_provider) & (frame["model"] == pick_model)].iloc[0]
    q_col, h_col = st.columns(2)
    quality = row["quality"] or {}
    q_col.markdown("**Quality prior by task**")
    if quality:
        show_table(
            pd.DataFrame(
                [
                    {"task": t, "mean": v.get("mean"), "confidence": v.get("confidence"), "source": v.get("source")}
                    for t, v in quality.items()
                ]
            ),
            container=q_col,
        )
    else:
        q_col.caption("No quality prior: observed scores and eval results will be used.")
    with sessions() as s:
        history = fetch_price_history(s, pick_provider, pick_model, org_id)
        h_col.markdown("**Price history**")
        show_table(
            pd.DataFrame(
                [
                    {
                        "from": p.effective_from,
                        "to": p.effective_to,
                        "input": p.input_per_mtok,
                        "output": p.output_per_mtok,
                        "cached": p.cached_input_per_mtok,
                        "cache write": p.cache_write_per_mtok,
                        "cache write 1h": p.cache_write_1h_per_mtok,
                        "audio in": p.audio_input_per_mtok,
                        "audio cached": p.audio_cached_input_per_mtok,
                        "audio out": p.audio_output_per_mtok,
                        "image in": p.image_input_per_mtok,
                        "image cached": p.image_cached_per_mtok,
                        "image out": p.image_output_per_mtok,
                        "tier": p.service_tier or "standard",
                        "long-context tiers": ", ".join(
                            f"> {t['start']:,} tokens: {t.get('input_per_mtok')}/{t.get('output_per_mtok')}"
                            for t in p.tiers or ()
                        ),
                        "for": "your org" if p.org_id else "every org",
                        "source": p.source,
                    }
                    for p in history
                ]
            ),
            container=h_col,
            kinds=dict.fromkeys(["cached", *(c for c in PRICE_COLUMNS if c != "cached input")], "price"),
        )


def _tiers_now(prices: list[Any]) -> Any:
    """The long-context tiers of the price in effect now (the org's own before the catalog's)."""
    open_rows = [p for p in prices if p.effective_to is None and (p.service_tier or "standard") == "standard"]
    open_rows.sort(key=lambda p: (p.org_id is None, p.effective_from), reverse=False)
    return open_rows[0].tiers if open_rows else ()


def _price(entry: pd.Series | None, column: str) -> float:
    """A price of the model shown, 0 where it has none."""
    value = None if entry is None else entry.get(column)
    return 0.0 if value is None or pd.isna(value) else float(value)


if user.role == Role.ADMIN:
    st.divider()
    price_tab, custom_tab = st.tabs(["Change your org's price", "Add a custom model"])
    with price_tab, st.form("catalog_price"):
        target = st.text_input("Model (provider/model)", value=picked if not frame.empty else "")
        c1, c2, c3, c4 = st.columns(4)
        # Start from the picked model's price in effect now, not from zero.
        shown_row = row if not frame.empty else None
        suffix = picked if not frame.empty else ""
        new_in = c1.number_input(
            "Input",
            min_value=0.0,
            value=_price(shown_row, "input_per_mtok"),
            step=0.01,
            format="%.4f",
            key=f"price_in_{suffix}",
        )
        new_out = c2.number_input(
            "Output",
            min_value=0.0,
            value=_price(shown_row, "output_per_mtok"),
            step=0.01,
            format="%.4f",
            key=f"price_out_{suffix}",
        )
        new_cached = c3.number_input(
            "Cached input (0 = none)",
            min_value=0.0,
            value=_price(shown_row, "cached_input_per_mtok"),
            step=0.01,
            format="%.4f",
            key=f"price_cached_{suffix}",
        )
        start = c4.date_input("Effective from")
        # Without prices of their own a cache write pays the input price and audio and images the text prices.
        extra_inputs = {
            "cache_write_per_mtok": "Cache write, 5 min (0 = input price)",
            "cache_write_1h_per_mtok": "Cache write, 1 h (0 = 5-min price)",
            "audio_input_per_mtok": "Audio input (0 = input price)",
            "audio_cached_input_per_mtok": "Cached audio (0 = cached price)",
            "audio_output_per_mtok": "Audio output (0 = output price)",
            "image_input_per_mtok": "Image input (0 = input price)",
            "image_cached_per_mtok": "Cached image (0 = cached price)",
            "image_output_per_mtok": "Image output (0 = output price)",
        }
        extra_values = {
            column: column_box.number_input(
                label,
                min_value=0.0,
                value=_price(shown_row, column),
                step=0.01,
                format="%.4f",
                key=f"price_{column}_{suffix}",
            )
            for column_box, (column, label) in zip(
                [*st.columns(4), *st.columns(4)][: len(extra_inputs)], extra_inputs.items(), strict=True
            )
        }
        # The tiers in effect now carry over unless edited: a new price without them would drop them silently.
        tiers_now = _tiers_now(history) if not frame.empty else ()
        tiers_text = st.text_input(
            f"Long-context tiers ({TIER_SYNTAX}, comma-separated)",
            value=format_tiers(tiers_now),
            placeholder="e.g. 200000:6:22.5:0.6",
            help="Past START prompt tokens, all of a request's tokens pay INPUT/OUTPUT (and CACHED for cache reads) "
            "per million. Empty: one price at every prompt length.",
            key=f"price_tiers_{suffix}",
        )
        extra_prices: dict[str, Any] = {k: v or None for k, v in extra_values.items()}  # 0: the fallback price
        if st.form_submit_button("Save price"):
            try:
                prov, model = target.split("/", 1)
                extra_prices["tiers"] = parse_tiers(tiers_text, keep=tiers_now)
                with sessions.begin() as s:
                    save_price_override(
                        s,
                        provider=prov,
                        model=model,
                        input_per_mtok=new_in,
                        output_per_mtok=new_out,
                        cached_input_per_mtok=new_cached or None,
                        effective_from=pd.Timestamp(start, tz="UTC").to_pydatetime(),
                        org_id=org_id,
                        actor=user.username,
                        extra=ExtraPrices(**extra_prices),
                    )
                data.candidate_profiles.clear()  # the optimizer must see the new price at once
                st.session_state["reprice_from"] = start
                st.success(
                    f"New price for {target} from {start}, for your org only (other orgs keep theirs). "
                    "Events ingested from now on are priced with it from that day; stored events keep their cost "
                    "until you reprice them below."
                )
            except ValueError:
                st.error("Model: write it as provider/model, e.g. openai/gpt-4o")
            except NetraError as exc:
                st.error(str(exc))
    with custom_tab, st.form("catalog_custom"):
        c1, c2, c3 = st.columns(3)
        prov = c1.text_input("Provider", value="self-hosted")
        model = c2.text_input("Model")
        ctx = c3.number_input("Context window", min_value=1, value=8192, step=1024)
        c4, c5, c6, c7 = st.columns(4)
        cin = c4.number_input("Input price", min_value=0.0, step=0.01, format="%.4f", key="custom_in")
        cout = c5.number_input("Output price", min_value=0.0, step=0.01, format="%.4f", key="custom_out")
        ttft = c6.number_input("TTFT (ms)", min_value=0.0, value=300.0)
        tps = c7.number_input("Output tokens/s", min_value=0.0, value=100.0)
        if st.form_submit_button("Add model"):
            try:
                with sessions.begin() as s:
                    save_custom_model(
                        s,
                        org_id=org_id,
                        provider=prov.strip(),
                        model=model.strip(),
                        context_window=int(ctx),
                        input_per_mtok=cin,
                        output_per_mtok=cout,
                        ttft_ms=ttft or None,
                        output_tokens_per_s=tps or None,
                        actor=user.username,
                    )
                data.candidate_profiles.clear()
                st.success(f"Added {prov}/{model} to your org's catalog.")
            except NetraError as exc:
                st.error(str(exc))

if user.role == Role.ADMIN:
    st.markdown("**Reprice stored events**")
    st.caption(
        "After a price change: Netra-priced costs of your org's stored events are recomputed with today's price book "
        "(billed and reported costs stay; Netra's price beside them is refreshed), and the roll-ups are rebuilt."
    )
    r1, r2, r3 = st.columns([2, 1, 1])
    reprice_from = r1.date_input("From", value=st.session_state.get("reprice_from"), key="reprice_from_input")
    start_at = pd.Timestamp(reprice_from, tz="UTC").to_pydatetime() if reprice_from else None
    for column, label, is_dry in ((r2, "Preview", True), (r3, "Reprice", False)):
        if column.button(label, key=f"reprice_{label.lower()}"):
            try:
                with st.spinner("Repricing..." if not is_dry else "Working out what would change..."):
                    report = reprice_org(app_settings(), user.org_slug, start_at, dry_run=is_dry)
                verb = "would change" if is_dry else "changed"
                st.success(
                    f"{report.events_changed:,} of {report.events_read:,} events {verb}: recorded spend "
                    f"${report.cost_before_usd:,.2f} -> ${report.cost_after_usd:,.2f} ({report.delta_usd:+,.2f})."
                )
                if not report.by_model_day.empty:
                    show_table(report.by_model_day)
            except NetraError as exc:
                st.error(str(exc))
