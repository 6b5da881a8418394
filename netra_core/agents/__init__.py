"""The assistant: supervisor, sub-agents, typed tools behind one dispatcher, persisted runs, LLM providers."""
