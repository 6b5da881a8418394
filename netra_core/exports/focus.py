"""FOCUS export: an org's LLM spend as FinOps Open Cost and Usage Specification rows (FOCUS 1.2 columns, with the
1.3 provider columns beside the 1.2 ones; additive `x_` columns for what FOCUS has no column for).

One row per UTC day, workload, provider and model (ChargeCategory Usage, ChargeFrequency Usage-Based). What Netra
knows and what it does not, stated in the columns rather than guessed:
- BilledCost and EffectiveCost are the recorded costs (provider-reported where the client sent one, else priced
  by Netra at the catalog's price of the day: `x_ProviderReportedCost` and `x_NetraPricedCost` split them; requests
  of a model with no price count in `x_UnpricedRequests`).
- Netra holds no contract or commitment data, so ListCost and ContractedCost equal BilledCost and no commitment
  column is filled.
- Token usage is the quantity: ConsumedQuantity in tokens; PricingQuantity in millions of tokens, with a blended
  ListUnitPrice (input and output together; the per-type counts are in the `x_*Tokens` columns, audio tokens in
  `x_AudioInputTokens`, `x_CachedAudioInputTokens` and `x_AudioOutputTokens`, image tokens in `x_ImageInputTokens`,
  `x_CachedImageInputTokens` and `x_ImageOutputTokens`, each a part of the input, cache reads or output). Requests whose
  usage was not reported (failed calls, streams without usage) count in `x_UsageUnknownRequests`, not as zero.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.errors import ValidationError
from netra_core.workloads.store import query_df

FOCUS_VERSION = "1.2"
SERVICE_CATEGORY = "AI and Machine Learning"
SERVICE_SUBCATEGORY = "Generative AI"
PRICING_UNIT = "1000000 Tokens"
CONSUMED_UNIT = "Tokens"
# The columns in order: FOCUS's (alphabetical, as the spec lists them), then Netra's x_ columns.
FOCUS_COLUMNS = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "HostProviderName",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "Tags",
)
X_COLUMNS = (
    "x_Requests",
    "x_FailedRequests",
    "x_UsageUnknownRequests",
    "x_InputTokens",
    "x_OutputTokens",
    "x_CachedInputTokens",
    "x_CacheWriteTokens",
    "x_CacheWrite1hTokens",
    "x_AudioInputTokens",
    "x_CachedAudioInputTokens",
    "x_AudioOutputTokens",
    "x_ImageInputTokens",
    "x_CachedImageInputTokens",
    "x_ImageOutputTokens",
    "x_ReasoningTokens",
    "x_ProviderReportedCost",
    "x_NetraPricedCost",
    "x_UnpricedRequests",
    "x_Model",
    "x_Workload",
)
COLUMNS = FOCUS_COLUMNS + X_COLUMNS
# Provider ids as Netra stores them -> the company that sells and invoices the service.
_PROVIDER_NAMES = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google",
    "gemini": "Google",
    "vertex_ai": "Google",
    "azure": "Microsoft",
    "azure_openai": "Microsoft",
    "aws": "Amazon Web Services",
    "bedrock": "Amazon Web Services",
    "mistral": "Mistral AI",
    "cohere": "Cohere",
    "groq": "Groq",
    "deepseek": "DeepSeek",
    "xai": "xAI",
    "together": "Together AI",
    "fireworks": "Fireworks AI",
    "meta": "Meta",
}
_SQL = """
    SELECT toDate(ts) AS day, workload, provider, model, region,
           sum(cost_usd) AS cost,
           sumIf(cost_usd, cost_source IN ('billed', 'reported')) AS provider_cost,
           sumIf(cost_usd, cost_source = 'netra') AS netra_cost, countIf(cost_source = 'unpriced') AS unpriced,
           count() AS requests, countIf(status != 'ok') AS failed, countIf(usage_known = 0) AS usage_unknown,
           sumIf(prompt_tokens, usage_known = 1) AS input_tokens,
           sumIf(completion_tokens, usage_known = 1) AS output_tokens,
           sumIf(cached_tokens, usage_known = 1) AS cached_tokens,
           sumIf(cache_write_tokens, usage_known = 1) AS cache_write_tokens,
           sumIf(cache_write_1h_tokens, usage_known = 1) AS cache_write_1h_tokens,
           sumIf(audio_prompt_tokens, usage_known = 1) AS audio_input_tokens,
           sumIf(cached_audio_tokens, usage_known = 1) AS cached_audio_input_tokens,
           sumIf(audio_completion_tokens, usage_known = 1) AS audio_output_tokens,
           sumIf(image_prompt_tokens, usage_known = 1) AS image_input_tokens,
           sumIf(cached_image_tokens, usage_known = 1) AS cached_image_input_tokens,
           sumIf(image_completion_tokens, usage_known = 1) AS image_output_tokens,
           sum(ifNull(priced_cost_usd, cost_usd)) AS list_cost,
           sumIf(reasoning_tokens, usage_known = 1) AS reasoning_tokens
    FROM workload_events FINAL
    WHERE org_id = {org:String} AND ts >= {start:DateTime64(3, 'UTC')} AND ts < {end:DateTime64(3, 'UTC')}
    GROUP BY day, workload, provider, model, region
    ORDER BY day, workload, provider, model, region
"""


def provider_name(provider: str) -> str:
    """The company name for a provider id ("openai" -> "OpenAI"); an unknown id as it is."""
    return _PROVIDER_NAMES.get(provider.lower(), provider)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _month_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, 1, tzinfo=UTC)
    end = datetime(day.year + (day.month == 12), day.month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def compute_focus_rows(daily: pd.DataFrame, org_id: str, org_name: str) -> pd.DataFrame:
    """FOCUS rows from the per-day, workload, provider and model totals (`_SQL`'s columns)."""
    rows = []
    for r in daily.itertuples(index=False):
        day = r.day if isinstance(r.day, date) else pd.Timestamp(r.day).date()
        charge_start = datetime.combine(day, time(), UTC)
        billing_start, billing_end = _month_bounds(day)
        company = provider_name(str(r.provider))
        tokens = int(r.input_tokens) + int(r.output_tokens)
        cost = float(r.cost)
        # List cost: the catalog's price of every event (Netra's price kept beside a billed or reported cost).
        list_cost = float(r.list_cost)
        pricing_quantity = tokens / 1_000_000
        unit_price = cost / pricing_quantity if pricing_quantity else None
        list_unit_price = list_cost / pricing_quantity if pricing_quantity else None
        rows.append(
            {
                "BilledCost": cost,
                "BillingAccountId": org_id,
                "BillingAccountName": org_name,
                "BillingCurrency": "USD",
                "BillingPeriodEnd": _iso(billing_end),
                "BillingPeriodStart": _iso(billing_start),
                "ChargeCategory": "Usage",
                "ChargeClass": None,
                "ChargeDescription": f"{r.model} ({company}) for workload {r.workload}: {int(r.requests):,} requests, "
                f"{tokens:,} tokens",
                "ChargeFrequency": "Usage-Based",
                "ChargePeriodEnd": _iso(charge_start + timedelta(days=1)),
                "ChargePeriodStart": _iso(charge_start),
                "CommitmentDiscountCategory": None,
                "CommitmentDiscountId": None,
                "CommitmentDiscountName": None,
                "CommitmentDiscountStatus": None,
                "CommitmentDiscountType": None,
                "ConsumedQuantity": float(tokens),
                "ConsumedUnit": CONSUMED_UNIT,
                "ContractedCost": cost,
                "ContractedUnitPrice": unit_price,
                "EffectiveCost": cost,
                "HostProviderName": company,
                "InvoiceIssuerName": company,
                "ListCost": list_cost,
                "ListUnitPrice": list_unit_price,
                "PricingCategory": "Standard",
                "PricingQuantity": pricing_quantity,
                "PricingUnit": PRICING_UNIT,
                "ProviderName": company,
                "PublisherName": company,
                "RegionId": r.region or None,
                "RegionName": r.region or None,
                "ResourceId": None,
                "ResourceName": None,
                "ResourceType": None,
                "ServiceCategory": SERVICE_CATEGORY,
                "ServiceName": f"{company} API",
                "ServiceProviderName": company,
                "ServiceSubcategory": SERVICE_SUBCATEGORY,
                "SkuId": f"{r.provider}/{r.model}",
                "SkuMeter": "Tokens (input and output)",
                "SkuPriceId": f"{r.provider}/{r.model}/blended",
                "SubAccountId": r.workload or None,
                "SubAccountName": r.workload or None,
                "Tags": json.dumps({"workload": r.workload, "model": r.model}, sort_keys=True),
                "x_Requests": int(r.requests),
                "x_FailedRequests": int(r.failed),
                "x_UsageUnknownRequests": int(r.usage_unknown),
                "x_InputTokens": int(r.input_tokens),
                "x_OutputTokens": int(r.output_tokens),
                "x_CachedInputTokens": int(r.cached_tokens),
                "x_CacheWriteTokens": int(r.cache_write_tokens),
                "x_CacheWrite1hTokens": int(r.cache_write_1h_tokens),
                "x_AudioInputTokens": int(r.audio_input_tokens),
                "x_CachedAudioInputTokens": int(r.cached_audio_input_tokens),
                "x_AudioOutputTokens": int(r.audio_output_tokens),
                "x_ImageInputTokens": int(r.image_input_tokens),
                "x_CachedImageInputTokens": int(r.cached_image_input_tokens),
                "x_ImageOutputTokens": int(r.image_output_tokens),
                "x_ReasoningTokens": int(r.reasoning_tokens),
                "x_ProviderReportedCost": float(r.provider_cost),
                "x_NetraPricedCost": float(r.netra_cost),
                "x_UnpricedRequests": int(r.unpriced),
                "x_Model": r.model,
                "x_Workload": r.workload,
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def fetch_focus_rows(client: Client, org_id: str, org_name: str, start: date, end: date) -> pd.DataFrame:
    """The org's FOCUS rows for the whole UTC days from `start` to `end` (both included)."""
    if end < start:
        raise ValidationError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    params = {
        "org": org_id,
        "start": datetime.combine(start, time(), UTC),
        "end": datetime.combine(end + timedelta(days=1), time(), UTC),
    }
    return compute_focus_rows(query_df(client, _SQL, params), org_id, org_name)


def save_focus_file(frame: pd.DataFrame, path: Path) -> Path:
    """Write the rows as CSV or Parquet by the file's suffix (written beside, then moved: never half a file)."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet"}:
        raise ValidationError(f"{path.name}: the FOCUS export is written as .csv or .parquet")
    partial = path.with_name(path.name + ".partial")
    if suffix == ".csv":
        frame.to_csv(partial, index=False)
    else:
        frame.to_parquet(partial, index=False)
    partial.replace(path)
    return path
