"""Sub-commands of `netra`, one module per area; each lists its click commands in COMMANDS."""
