"""Sub-commands of `netra`, one module per area; each lists its click commands in COMMANDS, and cli.py lists
the modules (tests/test_cli.py checks that none is left out)."""
