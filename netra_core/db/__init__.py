"""App database: models, migrations and queries."""
