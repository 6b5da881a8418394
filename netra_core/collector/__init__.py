"""`netra collect`: a live OTLP/HTTP receiver that spools accepted spans and writes them in micro-batches."""
