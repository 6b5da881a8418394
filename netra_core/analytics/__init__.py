"""The analytics query library: every function takes a store client and an EventFilter, returns a DataFrame."""

from netra_core.analytics.filters import EventFilter, choose_grain

__all__ = ["EventFilter", "choose_grain"]
