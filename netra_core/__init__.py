"""Netra core: everything that is not UI — settings, stores, analytics, optimizer, agents, CLI."""

__version__ = "0.1.0"
