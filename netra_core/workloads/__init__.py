"""Workload store: client, lock, migrations, events, ingest and analytics."""
