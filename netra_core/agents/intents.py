"""What a question asks the assistant to do: one definition of every intent the planner can choose."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """The planner's reading of a question; a string enum, so plans stay JSON-ready and compare with text."""

    SET_PRICE = "set_price"
    SAVE_REFERENCE = "save_reference"
    OPTIMIZE = "optimize"
    REPORT = "report"
    COMPARE_MODELS = "compare_models"
    COST_ON_TRAFFIC = "cost_on_traffic"
    CATALOG = "catalog"
    UNIT_COST = "unit_cost"
    SPEND_CHANGE = "spend_change"
    LATENCY = "latency"
    ERRORS = "errors"
    CACHING = "caching"
    BATCH = "batch"
    TOKENS = "tokens"
    TREND = "trend"
    TOP_SPENDERS = "top_spenders"
    KPIS = "kpis"
    WHAT_IF = "what_if"
    HELP = "help"
    CANNOT = "cannot"
