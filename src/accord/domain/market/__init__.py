"""Market-rate arithmetic: Medicare fee schedule payments, percentiles, benchmarks."""
