"""Supply catalog: models, prices in effect over time, latency and quality profiles."""
