"""One block of generated traffic, drawn with numpy only (the generator's core; see generator.py).

Per event: arrival time within its minute, task and model mix, user and session, prompt and output
sizes from the calibrated trace distributions, repeated prompts, provider prompt caching, latency
from the model profile (TTFT plus output tokens / tokens-per-second, lognormal noise, a heavy tail,
slower during bursts), errors, a quality score from the catalog prior, and the cost priced by the
PriceBook. Columns stay codes and numbers here; generator.py turns them into frames and tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import ModelProfile
from netra_core.catalog.pricing import PriceBook, make_builtin_price_book
from netra_core.errors import ValidationError
from netra_core.generator.generation_plan import MINUTE_MS, TRACES, GenerationPlan
from netra_core.generator.traffic_profiles import compute_token_sample

ERROR_TYPES = ("", "rate_limit", "timeout", "server_error", "context_length")
OK, RATE_LIMIT, TIMEOUT, SERVER_ERROR, CONTEXT_LENGTH = range(5)
PREFILL_TOKENS_PER_MS = 5.0  # prompt processing (~5k tokens/s) adds to the time to first token
TTFT_SIGMA, DECODE_SIGMA = 0.25, 0.15  # lognormal noise of the two latency parts
TAIL_SHARE, TAIL_ALPHA = 0.02, 1.8  # share of requests queued behind others, and the Pareto tail
BURST_SLOWDOWN = 0.1  # latency grows by 10 % per unit of burst multiplier
MIN_CACHEABLE_PROMPT = 1024  # providers cache prompts from 1,024 tokens, in steps of 128


@dataclass(eq=False)
class EventBlock:
    """One block of generated events as columns of codes and numbers (cheap to make, cheap to convert)."""

    plan: GenerationPlan
    index: np.ndarray  # global event number, in time order
    ts_ms: np.ndarray
    workload: np.ndarray
    task: np.ndarray
    model: np.ndarray
    user: np.ndarray
    session: np.ndarray
    prompt_tokens: np.ndarray
    completion_tokens: np.ndarray
    cached_tokens: np.ndarray
    latency_ms: np.ndarray
    ttft_ms: np.ndarray  # NaN when the request failed
    cost_usd: np.ndarray
    error: np.ndarray  # index into ERROR_TYPES
    quality: np.ndarray  # NaN when not scored
    prompt_key: np.ndarray  # uint64; equal keys mean the same prompt
    agent_step: np.ndarray  # 0 when not an agent request
    http_status: np.ndarray  # 0 when none

    def __len__(self) -> int:
        return len(self.index)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a cheap, well-spread 64-bit hash of integers (wraps on overflow by design)."""
    x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = x ^ (x >> np.uint64(31))
    return mixed


def _pick(u: np.ndarray, cum_rows: np.ndarray) -> np.ndarray:
    """Categorical draw: the first column whose cumulative share exceeds u, row by row."""
    picked: np.ndarray = (u[:, None] >= cum_rows).sum(axis=1)
    return picked


def _compute_latency(
    plan: GenerationPlan, rng: np.random.Generator, model: np.ndarray, prompt: np.ndarray, completion: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = len(model)
    ttft = (plan.model_array("ttft_ms")[model] + prompt / PREFILL_TOKENS_PER_MS) * rng.lognormal(0, TTFT_SIGMA, n)
    decode = completion / plan.model_array("output_tokens_per_s")[model] * 1000 * rng.lognormal(0, DECODE_SIGMA, n)
    queued = rng.random(n) < TAIL_SHARE
    ttft = np.where(queued, ttft * (1 + rng.pareto(TAIL_ALPHA, n)), ttft)
    return ttft, ttft + decode


def compute_mean_latency(model: ModelProfile, prompt_tokens: float, completion_tokens: float) -> float:
    """Mean latency (ms) of a request on `model` under the generator's latency model, without bursts or queueing."""
    ttft = (model.ttft_ms + prompt_tokens / PREFILL_TOKENS_PER_MS) * float(np.exp(TTFT_SIGMA**2 / 2))
    return ttft + completion_tokens / model.output_tokens_per_s * 1000 * float(np.exp(DECODE_SIGMA**2 / 2))


def compute_event_block(plan: GenerationPlan, block: int, price_book: PriceBook | None = None) -> EventBlock:
    """Generate block `block` of the plan (deterministic for the plan's seed)."""
    spec, rng = plan.spec, np.random.default_rng([plan.seed, 1, block])
    lo, hi, first = plan.blocks[block]
    n_w = len(spec.workloads)
    cells = plan.counts[lo:hi].ravel()
    minute = np.repeat(np.repeat(np.arange(lo, hi), n_w), cells)
    workload = np.repeat(np.tile(np.arange(n_w), hi - lo), cells)
    n = len(minute)
    ts_ms = plan.start_ms + minute * MINUTE_MS + rng.integers(0, MINUTE_MS, n)
    order = np.argsort(ts_ms, kind="stable")
    ts_ms, minute, workload = ts_ms[order], minute[order], workload[order]
    index = first + np.arange(n, dtype=np.int64)
    burst = plan.burst[minute, workload]

    task = _pick(rng.random(n), plan.task_cum[workload])
    model = _pick(rng.random(n), plan.model_cum[workload])
    user = np.floor(plan.workload_array("users")[workload] * rng.random(n) ** 2.5).astype(np.int64)
    session = ts_ms // (plan.workload_array("session_minutes")[workload] * MINUTE_MS)

    # Token sizes from the calibrated trace distributions, scaled per workload.
    prompt = np.empty(n, np.int64)
    completion = np.empty(n, np.int64)
    for kind, target in (("prompt", prompt), ("output", completion)):
        traces = np.array([getattr(w.tokens, f"{kind}_trace") for w in spec.workloads])[workload]
        scales = np.array([getattr(w.tokens, f"{kind}_scale") for w in spec.workloads])[workload]
        for trace in TRACES:
            rows = traces == trace
            target[rows] = compute_token_sample(trace, kind, rng.random(int(rows.sum())), scales[rows])

    # Repeated prompts keep their task and size; their key is shared, every other prompt is unique.
    is_repeat = rng.random(n) < plan.workload_array("duplicate_share")[workload]
    pool_index = plan.pool_offset[workload] + np.floor(plan.pool_size[workload] * rng.random(n) ** 2).astype(np.int64)
    pool_index = np.where(is_repeat, pool_index, 0)
    if len(plan.pool_task):
        task = np.where(is_repeat, plan.pool_task[pool_index], task)
        prompt = np.where(is_repeat, plan.pool_prompt[pool_index], prompt)
    # The top bit separates pool keys from per-event keys; _mix64 is a bijection, so keys never collide.
    salt = _mix64(np.array([plan.seed], dtype=np.uint64))[0]
    tagged = np.where(is_repeat, pool_index.astype(np.uint64) | np.uint64(1 << 63), index.astype(np.uint64))
    prompt_key = _mix64(tagged ^ salt)

    # Documents longer than the model's window (only models below 1M tokens overflow).
    window = plan.model_array("context_window")[model]
    overflow = (
        (rng.random(n) < plan.workload_array("context_overflow_rate")[workload]) & ~is_repeat & (window < 1_000_000)
    )
    prompt = np.where(overflow, window.astype(np.int64) + rng.integers(1, 20_000, n), prompt)

    # Provider prompt caching of the shared system prompt.
    has_cache = ~np.isnan(plan.model_array("cached_input_per_mtok"))[model]
    prefix = plan.workload_array("cached_prefix_tokens")[workload]
    hit = (
        has_cache
        & (prompt >= MIN_CACHEABLE_PROMPT)
        & (rng.random(n) < plan.workload_array("prompt_cache_hit_rate")[workload])
    )
    cached = np.where(hit, np.minimum(prefix, prompt) // 128 * 128, 0)

    ttft, latency = _compute_latency(plan, rng, model, prompt, completion)
    slowdown = 1 + BURST_SLOWDOWN * (burst - 1)
    ttft, latency = ttft * slowdown, latency * slowdown

    # Errors: rate limits grow with bursts; oversize prompts fail; slow requests time out.
    u = rng.random(n)
    p_rate = np.minimum(0.3, spec.rate_limit_rate * burst)
    error = np.select(
        [u < p_rate, u < p_rate + spec.server_error_rate, u < p_rate + spec.server_error_rate + spec.timeout_rate],
        [RATE_LIMIT, SERVER_ERROR, TIMEOUT],
        OK,
    )
    timeout_ms = plan.workload_array("timeout_ms")[workload]
    error = np.where(latency > timeout_ms, TIMEOUT, error)
    error = np.where(prompt > window, CONTEXT_LENGTH, error)
    failed = error != OK
    # Failed requests return fast (rate limit, oversize prompt), part-way (server error) or at the timeout.
    fail_rows = np.flatnonzero(failed)
    fail_error = error[fail_rows]
    latency[fail_rows] = np.select(
        [fail_error == TIMEOUT, fail_error == RATE_LIMIT, fail_error == CONTEXT_LENGTH],
        [
            timeout_ms[fail_rows],
            rng.lognormal(np.log(80), 0.4, len(fail_rows)),
            rng.lognormal(np.log(150), 0.4, len(fail_rows)),
        ],
        latency[fail_rows] * rng.random(len(fail_rows)),
    )
    ttft[fail_rows] = np.nan
    completion[fail_rows] = 0
    cached[fail_rows] = 0
    http_status = np.zeros(n, np.int64)
    http_status[fail_rows] = np.select(
        [fail_error == RATE_LIMIT, fail_error == CONTEXT_LENGTH, fail_error == SERVER_ERROR],
        [429, 400, np.where(rng.random(len(fail_rows)) < 0.5, 500, 503)],
        0,
    )

    # Quality on a share of successful requests: Beta around the catalog prior of (model, task).
    scored = np.flatnonzero(~failed & (rng.random(n) < spec.quality_share))
    prior = plan.quality_prior()[model[scored], task[scored]]
    k = spec.quality_concentration
    quality = np.full(n, np.nan)
    quality[scored] = rng.beta(prior * k, (1 - prior) * k)

    agent_rows = np.flatnonzero(np.array([t == "agent" for t in plan.task_names])[task])
    agent_step = np.zeros(n, np.int64)
    agent_step[agent_rows] = rng.geometric(0.3, len(agent_rows))

    block_out = EventBlock(
        plan=plan,
        index=index,
        ts_ms=ts_ms,
        workload=workload,
        task=task,
        model=model,
        user=user,
        session=session,
        prompt_tokens=prompt,
        completion_tokens=completion,
        cached_tokens=cached,
        latency_ms=latency,
        ttft_ms=ttft,
        cost_usd=np.zeros(n),
        error=error,
        quality=quality,
        prompt_key=prompt_key,
        agent_step=agent_step,
        http_status=http_status,
    )
    costs = _compute_block_costs(price_book or make_builtin_price_book(), block_out)
    unpriced = np.flatnonzero(np.isnan(costs) & ~failed)
    if len(unpriced):
        missing = plan.models[int(model[unpriced[0]])]
        raise ValidationError(f"price book: no price for {missing.provider}/{missing.model} at the generated time")
    # Failed requests are not billed.
    block_out.cost_usd = np.where(failed, 0.0, costs)
    return block_out


def _pricing_frame(block: EventBlock) -> pd.DataFrame:
    plan = block.plan
    providers, provider_code = np.unique([m.provider for m in plan.models], return_inverse=True)
    # Categoricals keep the PriceBook's per-model comparisons cheap.
    return pd.DataFrame(
        {
            "provider": pd.Categorical.from_codes(provider_code[block.model], categories=list(providers)),
            "model": pd.Categorical.from_codes(block.model, categories=[m.model for m in plan.models]),
            "ts": pd.to_datetime(block.ts_ms, unit="ms", utc=True),
            "prompt_tokens": block.prompt_tokens,
            "completion_tokens": block.completion_tokens,
            "cached_tokens": block.cached_tokens,
            "is_batch": np.zeros(len(block), np.uint8),
        }
    )


def _compute_block_costs(book: PriceBook, block: EventBlock) -> np.ndarray:
    """USD per event, priced by the PriceBook.

    Cost is linear in the token counts, so while no price changes inside the block the book prices
    one unit row per (model, token kind) and the block is a dot product; otherwise every event goes
    through `compute_costs`. Either way the prices are the book's, in effect at each event's time.
    """
    lo, hi = (
        pd.Timestamp(int(block.ts_ms.min()), unit="ms", tz="UTC"),
        pd.Timestamp(int(block.ts_ms.max()), unit="ms", tz="UTC"),
    )
    # Only the plan's models' price changes matter (a synced catalog has thousands of other dates).
    edges = book.compute_price_changes([(m.provider, m.model) for m in block.plan.models])
    if ((edges > lo.value) & (edges <= hi.value)).any():
        each: np.ndarray = book.compute_costs(_pricing_frame(block)).to_numpy("float64")
        return each
    plan, n_models = block.plan, len(block.plan.models)
    unit = 1_000_000
    kinds = np.tile(np.arange(3), n_models)  # 0: input, 1: cached input, 2: output
    units = pd.DataFrame(
        {
            "provider": np.repeat([m.provider for m in plan.models], 3),
            "model": np.repeat([m.model for m in plan.models], 3),
            "ts": lo,
            "prompt_tokens": np.where(kinds < 2, unit, 0),
            "cached_tokens": np.where(kinds == 1, unit, 0),
            "completion_tokens": np.where(kinds == 2, unit, 0),
            "is_batch": 0,
        }
    )
    per_mtok = book.compute_costs(units).to_numpy("float64").reshape(n_models, 3) * (1e6 / unit)
    m = block.model
    prompt, cached = block.prompt_tokens.astype("float64"), block.cached_tokens.astype("float64")
    cost: np.ndarray = (
        (prompt - cached) * per_mtok[m, 0] + cached * per_mtok[m, 1] + block.completion_tokens * per_mtok[m, 2]
    ) / 1e6
    return cost


def iter_event_blocks(plan: GenerationPlan, price_book: PriceBook | None = None) -> Iterator[EventBlock]:
    """Every block of the plan, in time order."""
    book = price_book or make_builtin_price_book()
    for block in range(len(plan.blocks)):
        yield compute_event_block(plan, block, book)
