"""Sub-agents: each turns one planned task into tool calls and a written part of the answer."""
